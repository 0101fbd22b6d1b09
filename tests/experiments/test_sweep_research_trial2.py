"""Faults a researcher's trial of `sweep` and `analyze` from a fresh clone found: a discovery
outcome checked only after the sweep, damaged sweep folders analysed (or failing with an
internal error), Sobol's "interval includes zero" on intervals wholly below zero, Morris's
mu* labelled in the outcome's unit though it is a change over the full range of the input
and printed as raw đồng, a running sweep told to be resumed, a limit's environment variable
not named, and Dask's scratch files left in $TMPDIR."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import staffsim.experiments.sensitivity as sensitivity
import staffsim.experiments.sweep as sweep_mod
from staffsim.experiments.sweep import plan_sweep
from staffsim.results import sweep_folder as sf
from staffsim.results.folder import release_claims
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")

TINY = """
[simulation]
seed = 5
[sweep]
design = "{design}"
samples = {samples}
lever_samples = 0
replications = 1
months = 3
[sweep.levers."optimizer.budget_vnd"]
range = [0, 8e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.08]
"""


def scenario(folder: Path, design: str = "latin", samples: int = 4, extra: str = "") -> Path:
    return write_scenario(folder, TINY.format(design=design, samples=samples) + extra,
                          communes=DEMO)


def synthetic(tmp_path: Path, path: Path, outcomes) -> Path:
    """A complete, sealed sweep folder of ``path``'s design whose outcomes are known functions
    of the point's values (``outcomes(values) -> {column: value}``); nothing is simulated."""
    plan = plan_sweep(load_scenario(path))
    folder = tmp_path / "sweep"
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    for p in range(plan.design.n_points):
        values = plan.design.point(p)
        for r in range(plan.replications):
            sf.write_run(folder, {"run": p * plan.replications + r, "point": p,
                                  "replication": r, **{f"in:{k}": v for k, v in values.items()},
                                  **outcomes(values)})
    sf.finish(folder, plan.n_runs, {}, "test")
    return folder


def unmet(values: dict) -> dict:
    return {"mountain_unmet_fte": 10 + values["optimizer.budget_vnd"] / 1e9,
            "unmet_fte_months|mountain": 100 - values["optimizer.budget_vnd"] / 1e8}


# --- 1. a discovery outcome that is none is refused before the sweep ---------------------


@pytest.mark.parametrize("command", ["validate", "sweep"])
@pytest.mark.parametrize("lang, words", [("en", "is not an outcome; allowed: "
                                                "mountain_unmet_fte, or METRIC|AREA"),
                                         ("vi", "không phải một kết quả")])
def test_a_discovery_outcome_that_is_none_is_refused_up_front(tmp_path, capsys, command,
                                                               lang, words):
    """validate said the scenario was valid and sweep ran and sealed the folder, which
    analyze then always refused; both now refuse it, naming the field and the outcomes a
    run records (README's glossary: mountain_unmet_fte, and METRIC|AREA by area)."""
    path = scenario(tmp_path)
    out = tmp_path / "s"
    args = [command, str(path), "--lang", lang, "--set", "sweep.discovery.outcome=foo"]
    if command == "sweep":
        args += ["--out", str(out), "--workers", "1"]
    code, _, err = run_cli(capsys, *args)
    assert_one_line_error(code, err, "sweep.discovery.outcome", "'foo'", words,
                          "lowland, mountain, high_mountain, province")
    assert "command line" in err or "dòng lệnh" in err  # --set gave it
    assert not out.exists()


def test_analyze_with_an_outcome_is_not_blocked_by_the_folder_s_bad_discovery_outcome(
        tmp_path, capsys, monkeypatch):
    """A folder an older staffsim sealed with discovery.outcome = 'foo': analyze without
    --outcome still refuses it (nothing says what to judge); with --outcome it judges that
    outcome against --threshold, and says so. The shares are counted here from the runs."""
    monkeypatch.setattr(sensitivity, "check_discovery", lambda *a: None)  # an older staffsim
    path = scenario(tmp_path, samples=6, extra='[sweep.discovery]\noutcome = "foo"\n'
                    "threshold = 3\n")
    folder = synthetic(tmp_path, path, unmet)
    monkeypatch.undo()
    code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert_one_line_error(code, err, "sweep.discovery.outcome", "'foo' is not an outcome")
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en", "--outcome",
                             "unmet_fte_months|mountain", "--threshold", "60")
    assert code == 0, err
    assert "on the first --outcome: the sweep's sweep.discovery.outcome 'foo' is not an " \
           "outcome of its runs" in out
    d = json.loads((folder / "analysis" / "analysis.json").read_text())["discovery"]
    assert d["outcome"] == "unmet_fte_months|mountain" and d["threshold"] == 60
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    for row in d["settings"]:
        budget = float(row["setting"]["optimizer.budget_vnd"])
        ys = [y for b, y in zip(t["in:optimizer.budget_vnd"], t["unmet_fte_months|mountain"],
                                strict=True) if abs(b - budget) < 1e-3 * max(1, budget)]
        assert row["success_share"] == sum(y < 60 for y in ys) / len(ys)


# --- 2. a damaged sweep folder -----------------------------------------------------------


@pytest.fixture
def sealed(tmp_path):
    return synthetic(tmp_path, scenario(tmp_path), unmet)


def test_a_truncated_results_table_is_named_and_verify_suggested(sealed, capsys):
    data = (sealed / sf.TABLE).read_bytes()
    (sealed / sf.TABLE).write_bytes(data[: len(data) // 2])
    for lang, words in (("en", "damaged or unreadable (changed since the sweep was sealed)"),
                        ("vi", "bị hỏng hoặc không đọc được")):
        code, _, err = run_cli(capsys, "analyze", str(sealed), "--lang", lang)
        assert_one_line_error(code, err, str(sealed / "results.parquet"), words,
                              f"staffsim verify {sealed}")
        assert "internal error" not in err and "Arrow" not in err
    # without its checksum list (an older staffsim's folder): the table is read, and named
    (sealed / "checksums.sha256").unlink()
    code, _, err = run_cli(capsys, "analyze", str(sealed), "--lang", "en")
    assert_one_line_error(code, err, str(sealed / "results.parquet"), "not a Parquet table",
                          "staffsim verify")


def test_a_broken_sweep_json_is_named(sealed, capsys):
    (sealed / "sweep.json").write_text('{"broken', encoding="utf-8")
    code, _, err = run_cli(capsys, "analyze", str(sealed), "--lang", "en")
    assert_one_line_error(code, err, str(sealed / "sweep.json"), "damaged or unreadable",
                          "staffsim verify")
    (sealed / "checksums.sha256").unlink()
    code, _, err = run_cli(capsys, "analyze", str(sealed), "--lang", "vi")
    assert_one_line_error(code, err, str(sealed / "sweep.json"), "bị hỏng",
                          "staffsim verify")
    assert "JSONDecodeError" not in err


def test_a_results_table_changed_but_readable_is_refused(sealed, capsys):
    """Values edited in results.parquet (a valid table): the analysis would be of other
    numbers than the sweep's; the checksum tells it."""
    t = pq.read_table(sealed / sf.TABLE)
    i = t.column_names.index("mountain_unmet_fte")
    t = t.set_column(i, "mountain_unmet_fte", pa.array([0.0] * t.num_rows))
    pq.write_table(t, sealed / sf.TABLE)
    code, _, err = run_cli(capsys, "analyze", str(sealed), "--lang", "en")
    assert_one_line_error(code, err, "results.parquet", "changed since the sweep was sealed")


def test_a_sweep_without_its_runs_is_analysed_with_a_warning(sealed, capsys):
    """runs/ deleted (verify lists each run as missing): the analysis reads only sweep.json
    and results.parquet, both intact, and says the 4 runs (4 points x 1 replication) are
    gone."""
    shutil.rmtree(sealed / "runs")
    code, out, err = run_cli(capsys, "analyze", str(sealed), "--lang", "en")
    assert code == 0, err
    assert "warning: 4 files listed in the sweep's checksums are missing (the first: " \
           "runs/run-000000.json)" in out
    assert f"staffsim verify {sealed} checks the whole folder" in out
    code, out, _ = run_cli(capsys, "analyze", str(sealed), "--force", "--lang", "vi")
    assert "cảnh báo: thiếu 4 tệp" in out


# --- 3. and 4. the indices' flags and Morris's units -------------------------------------


def test_an_interval_wholly_below_zero_does_not_include_zero():
    """SALib's S1_conf is the half-width of the 95% interval (Z x the bootstrap's standard
    deviation): -0.03725 ± 0.02870 is [-0.066, -0.009], which excludes zero; it is out of
    bounds only (a share of variance is never negative)."""
    flags = sensitivity.index_flags({"S1": [-0.03725, -0.01, 0.05, 0.0],
                                     "S1_conf": [0.02870, 0.03, 0.03, 0.0]})
    assert flags["S1"] == [["out_of_bounds"], ["spans_zero", "out_of_bounds"], [],
                           ["spans_zero"]]
    from staffsim.results.words import words

    _ = words("en")
    said = sensitivity._flag_words(_, "out_of_bounds", -0.03725, 0.0287)
    assert said.startswith("out of bounds: below 0") and "artefact" in said
    assert sensitivity._flag_words(_, "out_of_bounds", 1.2, 0.1).startswith(
        "out of bounds: above 1")


MORRIS_FULL_RANGE = 30.0  # FTE: the change of the outcome from the budget's least to greatest


def linear(values: dict) -> dict:
    """Linear in each input: over the budget's full range (0 to 8 bn) unmet need changes by
    30 FTE, cost by 1.5 bn đồng and the on-time share by 2 points; over attrition's (0.01 to
    0.08) unmet need by 100 x 0.07 = 7 FTE."""
    b = values["optimizer.budget_vnd"] / 8e9
    a = values["dynamics.attrition_annual"]
    return {"mountain_unmet_fte": MORRIS_FULL_RANGE * b + 100 * a,
            "cost_vnd|province": 1.5e9 * b, "on_time_share|province": 0.9 - 0.02 * b}


def test_morris_mu_star_is_the_change_over_the_full_range_said_in_its_unit(tmp_path, capsys):
    """For a linear outcome every elementary effect is its change over the full range of the
    input (SALib divides a step's change by the step as a share of the range): mu* is 30 FTE
    for the budget, 7 for attrition; the head says so, cost is in VND bn, the share in
    percentage points, and no raw key is shown."""
    folder = synthetic(tmp_path, scenario(tmp_path, "morris", 4), linear)
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en", "--outcome",
                             "mountain_unmet_fte", "--outcome", "cost_vnd|province",
                             "--outcome", "on_time_share|province")
    assert code == 0, err
    mu = json.loads((folder / "analysis" / "analysis.json").read_text())[
        "sensitivity"]["mountain_unmet_fte"]["numeric"]["mu_star"]
    assert mu == pytest.approx([MORRIS_FULL_RANGE, 7.0])
    assert "Morris μ* (FTE per full range of the input, ± 95%)" in out
    assert "Morris σ (FTE per full range of the input)" in out
    assert "30.000 ± 0.000" in out
    assert "VND 1.5 bn" in out and "1,500,000,000" not in out
    assert "2.00 pp" in out
    assert "mu_star" not in out and "mu*" not in out and "sigma" not in out
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--force", "--outcome",
                           "cost_vnd|province", "--lang", "vi")
    assert "1,5 tỷ đồng" in out and "trên toàn khoảng của đầu vào" in out


def test_money_and_share_effects_by_hand():
    """The trial's cost row: 1,513,248,750 ± 620,000,090 đồng is 1.5 ± 0.6 bn."""
    from staffsim.results.words import words

    v = sensitivity._index_value
    assert v(words("en"), "mu_star", "cost_vnd|province", 1_513_248_750.0, 620_000_090.038) \
        == "VND 1.5 bn ± VND 0.6 bn"
    assert v(words("vi"), "mu_star", "cost_vnd|province", 1_513_248_750.0, 620_000_090.038) \
        == "1,5 tỷ đồng ± 0,6 tỷ đồng"
    assert v(words("en"), "mu_star", "on_time_share|province", 0.0012, 0.0005) \
        == "0.12 pp ± 0.05 pp"
    assert v(words("en"), "S1", "cost_vnd|province", 0.25, 0.125) == "0.250 ± 0.125"


# --- 5. a sweep running now --------------------------------------------------------------


def test_a_running_sweep_is_said_to_be_running(tmp_path, capsys):
    """The folder's lock is held (here by another open file of this process, as a running
    sweep holds it): a second sweep without --resume and analyze both say the sweep is
    running, by whom and since when, not 'already exists; add --resume' or 'finish it with
    --resume'; the command is cut in the language."""
    from filelock import FileLock

    path = scenario(tmp_path)
    folder = tmp_path / "s"
    plan = plan_sweep(load_scenario(path))
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    release_claims()  # (as the command that made it does when it ends)
    lock_path = tmp_path / ".s.lock"
    lock = FileLock(str(lock_path), timeout=0)
    lock.acquire()
    try:
        lock_path.write_text(json.dumps({"pid": 4242, "command": "staffsim sweep " + "x" * 200,
                                         "started_utc": "2026-12-02T18:04:33+00:00"}))
        code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(folder), "--lang",
                               "en", "--workers", "1")
        assert_one_line_error(code, err, "is being written by another staffsim command (pid "
                              "4242, since 2026-12-02T18:04:33+00:00")
        assert "already exists" not in err
        code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
        assert_one_line_error(code, err, "the sweep is running now (pid 4242",
                              "analyze it once it has finished")
        assert "--resume" not in err
        code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "vi")
        assert_one_line_error(code, err, "lần quét đang chạy (pid 4242", "(còn ")
        assert "more characters" not in err
    finally:
        lock.release()
    assert lock_path.read_text().startswith('{"pid": 4242')  # the probe changed nothing
    # released (the sweep was killed): the folder is one to finish, as before
    code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert_one_line_error(code, err, "not complete; finish it with staffsim sweep")


# --- 6. a limit's environment variable ---------------------------------------------------


@pytest.mark.parametrize("env", ["STAFFSIM_MAX_SWEEP_POINTS", "STAFFSIM_MAX_SWEEP_RUNS",
                                 "STAFFSIM_MAX_SIMULATED_MONTHS"])
@pytest.mark.parametrize("value", ["abc", "-1"])
@pytest.mark.parametrize("command", ["validate", "sweep"])
def test_a_bad_sweep_limit_names_its_environment_variable(tmp_path, capsys, monkeypatch, env,
                                                          value, command):
    """With a --set given, STAFFSIM_MAX_SWEEP_POINTS=abc was blamed on 'command line'."""
    path = scenario(tmp_path)
    monkeypatch.setenv(env, value)
    args = [command, str(path), "--set", "sweep.replications=1"]
    if command == "sweep":
        args += ["--out", str(tmp_path / "s"), "--workers", "1"]
    code, _, err = run_cli(capsys, *args, "--lang", "en")
    assert_one_line_error(code, err, f"environment variable {env}: '{value}' is not a "
                          "positive whole number")
    code, _, err = run_cli(capsys, *args, "--lang", "vi")
    assert_one_line_error(code, err, f"biến môi trường {env}")
    assert "dòng lệnh" not in err


# --- 7. Dask's scratch space -------------------------------------------------------------


@pytest.mark.slow  # starts a LocalCluster of worker processes
def test_a_dask_sweep_leaves_nothing_in_tmpdir(tmp_path):
    """distributed made $TMPDIR/dask-scratch-space/{global.lock,purge.lock} and left them;
    the cluster's scratch is now a folder of staffsim's, removed with it. A file of the
    user's already in $TMPDIR/dask-scratch-space stays."""
    tmp = tmp_path / "tmp"
    (tmp / "dask-scratch-space").mkdir(parents=True)
    (tmp / "dask-scratch-space" / "mine.txt").write_text("mine")
    path = scenario(tmp_path, samples=2)
    env = {**os.environ, "TMPDIR": str(tmp)}
    r = subprocess.run([sys.executable, "-m", "staffsim.cli", "sweep", str(path), "--out",
                        str(tmp_path / "s"), "--executor", "dask", "--workers", "2",
                        "--lang", "en"], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    left = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*"))
    assert left == ["dask-scratch-space", "dask-scratch-space/mine.txt"]
    assert np.isfinite(pq.read_table(tmp_path / "s" / sf.TABLE)
                       .column("mountain_unmet_fte").to_numpy()).all()
