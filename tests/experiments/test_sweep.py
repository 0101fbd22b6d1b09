"""Sweeps: designs, seeding across executors, resuming after a crash, and the analysis."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import staffsim.experiments.sweep as sweep_mod
from staffsim.experiments.design import make_design
from staffsim.experiments.executors import make_executor
from staffsim.experiments.sensitivity import analyse_sweep
from staffsim.experiments.sweep import plan_sweep, run_sweep
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.params import SweepParams

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")

SWEEP = """
[simulation]
seed = 11
[sweep]
design = "latin"
samples = 3
replications = 2
months = 4
[sweep.levers."optimizer.budget_vnd"]
range = [0, 8e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.08]
"""


def demo_sweep(folder: Path, body: str = SWEEP) -> Path:
    return write_scenario(folder, body, communes=DEMO)


def same_records(a: list[dict], b: list[dict]) -> bool:
    """Equal run by run and column by column (NaN equals NaN: an empty zone's share)."""
    key = lambda r: r["run"]  # noqa: E731
    return json.dumps(sorted(a, key=key), sort_keys=True) == json.dumps(sorted(b, key=key),
                                                                        sort_keys=True)


def sweep_params(**kw) -> SweepParams:
    return SweepParams.model_validate(kw)


# --- designs -------------------------------------------------------------------------------


def test_factorial_design_is_the_full_grid_crossed_with_categories():
    sw = sweep_params(design="factorial", samples=3,
                      levers={"optimizer.budget_vnd": {"range": [0, 10]},
                              "optimizer.max_moves": {"range": [0, 100], "integer": True}},
                      uncertainties={"province.provinces": {"values": ["38", "40"]}})
    d = make_design(sw, 1)
    assert d.n_points == 3 * 3 * 2
    points = [d.point(i) for i in range(d.n_points)]
    assert {p["optimizer.budget_vnd"] for p in points} == {0.0, 5.0, 10.0}
    assert {p["optimizer.max_moves"] for p in points} == {0, 50, 100}
    assert all(isinstance(p["optimizer.max_moves"], int) for p in points)
    # every numeric row meets every category once
    combos = {(p["optimizer.budget_vnd"], p["optimizer.max_moves"], p["province.provinces"])
              for p in points}
    assert len(combos) == d.n_points


@pytest.mark.parametrize(("design", "samples", "points"),
                         [("latin", 7, 7), ("sobol", 8, 8 * (2 + 2)), ("morris", 4, 4 * 3)])
def test_salib_designs_have_the_documented_size_and_stay_in_range(design, samples, points):
    sw = sweep_params(design=design, samples=samples,
                      levers={"optimizer.budget_vnd": {"range": [1e9, 5e9]}},
                      uncertainties={"dynamics.attrition_annual": {"range": [0.01, 0.05]}})
    d = make_design(sw, 5)
    assert d.n_points == points
    x = d.x
    assert x[:, 0].min() >= 1e9 and x[:, 0].max() <= 5e9
    assert x[:, 1].min() >= 0.01 and x[:, 1].max() <= 0.05
    assert np.array_equal(make_design(sw, 5).x, x)  # same seed, same design
    assert not np.array_equal(make_design(sw, 6).x, x)


@pytest.mark.parametrize(("body", "fragments"), [
    ('[sweep.levers."optimizer.budgt_vnd"]\nrange = [0, 1]\n',
     ["sweep.levers.optimizer.budgt_vnd", "not a scenario parameter"]),
    ('[sweep.uncertainties."dynamics.attrition_annual"]\nrange = [0.1, 3]\n',
     ["sweep.uncertainties.dynamics.attrition_annual", "value 3", "at most 1"]),
    ('[sweep.levers."optimizer.budget_vnd"]\nrange = [5, 1]\n',
     ["sweep.levers.optimizer.budget_vnd:", "low < high"]),
    ('[sweep.levers."optimizer.budget_vnd"]\nrange = [0, 1]\nvalues = [1]\n',
     ["exactly one of range"]),
    ('[sweep]\ndesign = "sobol"\nsamples = 6\n[sweep.levers."optimizer.budget_vnd"]\n'
     'range = [0, 1]\n', ["sweep.samples", "power of 2"]),
    ('[sweep]\ndesign = "halton"\n', ["sweep.design", "factorial", "sobol"]),
    ("", ["sweep", "no factors"]),
    ('[sweep]\npolicies = ["greedy_transfers", "optimised_transfers"]\n'
     '[sweep.levers."optimizer.budget_vnd"]\nrange = [0, 1]\n', ["sweep.policies", "keep one"]),
])
def test_bad_sweep_sections_are_one_line_errors(tmp_path, capsys, body, fragments):
    path = write_scenario(tmp_path, body)
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(tmp_path / "s"))
    assert_one_line_error(code, err, str(path), *fragments)
    assert not (tmp_path / "s").exists()


# --- seeds and executors -------------------------------------------------------------------


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
def test_results_do_not_depend_on_executor_or_worker_count(tmp_path):
    """Inline, two local processes and a two-worker Dask LocalCluster on loopback agree run by
    run, to the last digit."""
    plan = plan_sweep(load_scenario(demo_sweep(tmp_path)))
    runs = range(plan.n_runs)
    inline = list(run_sweep(plan, runs, None))
    with make_executor("local", 2) as ex:
        local = list(run_sweep(plan, runs, ex, 2))
    with make_executor("dask", 2) as ex:
        dask = list(run_sweep(plan, runs, ex, 2))
    assert len(inline) == plan.n_runs == 6
    assert same_records(inline, local) and same_records(inline, dask)
    # one run alone equals the same run inside the full sweep
    assert same_records(list(run_sweep(plan, [5], None)), [r for r in inline if r["run"] == 5])


def test_replications_share_seeds_across_points(tmp_path):
    """Common random numbers: with a lever that changes nothing (no transfer policy, so the
    budget is unused), every point's replication r gives the same outcomes."""
    body = SWEEP.replace('months = 4', 'months = 4\npolicies = []').replace(
        '[sweep.uncertainties."dynamics.attrition_annual"]\nrange = [0.01, 0.08]\n', "")
    plan = plan_sweep(load_scenario(demo_sweep(tmp_path, body)))
    recs = list(run_sweep(plan, range(plan.n_runs), None))
    by_rep: dict[int, set] = {}
    for r in recs:
        # (the on-time share: it depends on each month's random arrivals; the backlog, used
        # before, is nil in every month here and differed only by round-off)
        by_rep.setdefault(r["replication"], set()).add(r["on_time_share|province"])
    assert all(len(v) == 1 for v in by_rep.values())
    assert len({next(iter(v)) for v in by_rep.values()}) == 2  # replications differ


def test_zero_budget_moves_nobody(tmp_path):
    """Every move to a mountain commune draws an allowance: with no budget there is none."""
    body = SWEEP.replace("range = [0, 8e9]", "values = [0.0]")
    plan = plan_sweep(load_scenario(demo_sweep(tmp_path, body)))
    for r in run_sweep(plan, range(plan.n_runs), None):
        assert r["moves|province"] == 0 and r["cost_vnd|province"] == 0


def test_a_sweep_over_provinces_runs_each_province_alone(tmp_path):
    communes = ("commune_id,name,kind,zone,population,area_km2,lat,lon,province_code\n"
                "A1,A ward,phuong,lowland,60000,20,19.8,105.78,01\n"
                "A2,A hill,xa,high_mountain,5000,300,20.4,104.7,01\n"
                "B1,B ward,phuong,lowland,30000,15,21.0,105.8,02\n"
                "B2,B hill,xa,mountain,9000,150,21.5,105.3,02\n"
                "B3,B peak,xa,high_mountain,4000,250,21.9,104.9,02\n")
    body = SWEEP.replace('[sweep.uncertainties."dynamics.attrition_annual"]\n'
                         'range = [0.01, 0.08]\n',
                         '[sweep.uncertainties."province.provinces"]\nvalues = ["01", "02"]\n')
    plan = plan_sweep(load_scenario(write_scenario(tmp_path, body, communes=communes)))
    assert plan.design.n_points == 3 * 2
    from staffsim.experiments.sweep import point_scenario

    sizes = {code: len(point_scenario(plan.scenario, {"province.provinces": code}, 4,
                                      "t").communes) for code in ("01", "02")}
    assert sizes == {"01": 2, "02": 3}
    recs = list(run_sweep(plan, range(plan.n_runs), None))
    assert {r["in:province.provinces"] for r in recs} == {"01", "02"}


# --- folders, resume, faults ---------------------------------------------------------------


def sweep_stopped_at_chunk(capsys, monkeypatch, path, out, chunk: int) -> tuple[int, str]:
    """``staffsim sweep path --out out --workers 1`` stopped by Ctrl-C (as 'timeout -s INT'
    does) when its ``chunk``-th chunk of runs starts; (exit code, stderr)."""
    real, calls = sweep_mod.run_chunk, []

    def dies(*args):
        calls.append(1)
        if len(calls) == chunk:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(sweep_mod, "run_chunk", dies)
    try:
        code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--workers", "1")
    finally:
        monkeypatch.setattr(sweep_mod, "run_chunk", real)
    return code, err


def test_interrupted_sweep_resumes_to_the_same_table(tmp_path, capsys, monkeypatch):
    path = demo_sweep(tmp_path)
    whole, part = tmp_path / "whole", tmp_path / "part"
    assert run_cli(capsys, "sweep", str(path), "--out", str(whole), "--workers", "1")[0] == 0

    code, err = sweep_stopped_at_chunk(capsys, monkeypatch, path, part, 2)
    assert code == 130 and "Traceback" not in err
    assert not sf.is_complete(part) and not (part / sf.TABLE).exists()
    done = sf.done_runs(part, 6)
    assert 0 < len(done) < 6
    # an incomplete sweep is never analysed as if it were whole
    code, _, err = run_cli(capsys, "analyze", str(part))
    assert_one_line_error(code, err, "not complete", "--resume")
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(part))
    assert_one_line_error(code, err, "already exists", "--resume", "--force")
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(part), "--resume",
                           "--workers", "1")
    assert code == 0, err
    assert f"{len(done)} done, {6 - len(done)} to run" in err
    assert same_records(pq.read_table(part / sf.TABLE).to_pylist(),
                        pq.read_table(whole / sf.TABLE).to_pylist())
    code, out, _ = run_cli(capsys, "sweep", str(path), "--out", str(part), "--resume")
    assert code == 0 and "nothing to run" in out


def test_resume_refuses_a_changed_sweep(tmp_path, capsys):
    path = demo_sweep(tmp_path)
    out = tmp_path / "s"
    assert run_cli(capsys, "sweep", str(path), "--out", str(out), "--workers", "1")[0] == 0
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--set", "sweep.replications=3")
    assert_one_line_error(code, err, "differs", "replications")


def test_a_half_written_run_file_is_recomputed(tmp_path):
    plan = plan_sweep(load_scenario(demo_sweep(tmp_path)))
    folder = tmp_path / "s"
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    rec = next(iter(run_sweep(plan, [0], None)))
    sf.write_run(folder, rec)
    (folder / "runs" / sf.run_file(1)).write_text('{"run": 1, "point"', encoding="utf-8")
    (folder / "runs" / ".run-000002.json.tmp").write_text("{", encoding="utf-8")
    assert sf.done_runs(folder, plan.n_runs) == {0}
    # staffsim's leftover goes; a run file it never wrote (its writes are atomic: a broken
    # one is someone else's) is not counted and stays (--resume refuses the folder)
    assert sorted(p.name for p in (folder / "runs").iterdir()) == [sf.run_file(0),
                                                                  sf.run_file(1)]


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
def test_killed_process_leaves_a_resumable_folder(tmp_path):
    """A real SIGKILL in the middle of a sweep: no table, no manifest, only whole run files;
    --resume completes it to the table an uninterrupted sweep gives."""
    body = SWEEP.replace("samples = 3", "samples = 6").replace("months = 4", "months = 12")
    path = demo_sweep(tmp_path, body)
    folder = tmp_path / "killed"
    cmd = [sys.executable, "-m", "staffsim.cli", "sweep", str(path), "--out", str(folder),
           "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        runs = folder / "runs"
        if runs.is_dir() and len(list(runs.glob("run-*.json"))) >= 3:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert not sf.is_complete(folder) and not (folder / sf.TABLE).exists()
    done = sf.done_runs(folder, 12)
    assert 3 <= len(done) < 12
    subprocess.run([*cmd, "--resume"], check=True, capture_output=True)
    whole = tmp_path / "whole"
    subprocess.run([*cmd[:6], str(whole), "--workers", "2"], check=True, capture_output=True)
    assert same_records(pq.read_table(folder / sf.TABLE).to_pylist(),
                        pq.read_table(whole / sf.TABLE).to_pylist())


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    path = demo_sweep(tmp_path)
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(tmp_path / "s"),
                           "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                           "--connect-timeout", "0.2")
    assert_one_line_error(code, err, "--scheduler", "dask scheduler")


# --- analysis ------------------------------------------------------------------------------


def synthetic_sweep(tmp_path: Path, body: str, f, communes: str = DEMO) -> Path:
    """A complete sweep folder whose outcome is a known function ``f(values, replication)``."""
    plan = plan_sweep(load_scenario(write_scenario(tmp_path, body, communes=communes)))
    folder = tmp_path / "synthetic"
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    for p in range(plan.design.n_points):
        values = plan.design.point(p)
        for r in range(plan.replications):
            sf.write_run(folder, {"run": p * plan.replications + r, "point": p,
                                  "replication": r, **{f"in:{k}": v for k, v in values.items()},
                                  "mountain_unmet_fte": f(values, r), "flat": 1.0})
    sf.finish(folder, plan.n_runs, {}, "test")
    return folder


@pytest.mark.slow  # a Saltelli design of a few hundred points (1.3 s): CI's second step
def test_sobol_indices_match_a_linear_model(tmp_path):
    """y = 3a + b with a ~ U(0, 1), b ~ U(0, 2): S1 = ST = var share, 9/13 and 4/13."""
    body = """
[sweep]
design = "sobol"
samples = 512
replications = 1
[sweep.levers."optimizer.donor_floor"]
range = [0, 1]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0, 0.2]
"""
    folder = synthetic_sweep(
        tmp_path, body, lambda v, r: 3 * v["optimizer.donor_floor"]
        + 10 * v["dynamics.attrition_annual"])
    res = analyse_sweep(folder, ["mountain_unmet_fte", "flat"])
    num = res["sensitivity"]["mountain_unmet_fte"]["numeric"]
    for key in ("S1", "ST"):
        assert num[key][0] == pytest.approx(9 / 13, abs=0.05)
        assert num[key][1] == pytest.approx(4 / 13, abs=0.05)
    assert "does not vary" in res["sensitivity"]["flat"]["note"]


@pytest.mark.figures
def test_categorical_eta_squared_and_discovery_by_hand(tmp_path, capsys):
    """y = budget (0, 1 or 2) + 10 x [province B]; replications add 0 / 0.5. With threshold
    1.2: budget 0 succeeds in A only (both replications: 1/2 of scenarios), budget 1 in A for
    replication 0 only (1/4), budget 2 never."""
    body = """
[sweep]
design = "factorial"
samples = 3
replications = 2
[sweep.levers."optimizer.budget_vnd"]
range = [0, 2]
[sweep.uncertainties."province.provinces"]
values = ["A", "B"]
[sweep.discovery]
threshold = 1.2
robust_share = 0.5
min_scenarios = 2
"""
    lines = DEMO.splitlines()
    at = lines[0].split(",").index("province_code")

    def recode(i: int, line: str) -> str:
        cells = line.split(",")
        cells[at] = "A" if i % 2 else "B"
        return ",".join(cells)
    communes = "\n".join([lines[0]] + [recode(i, ln) for i, ln in enumerate(lines[1:])]) + "\n"
    folder = synthetic_sweep(
        tmp_path, body, lambda v, r: v["optimizer.budget_vnd"]
        + 10 * (v["province.provinces"] == "B") + 0.5 * r, communes=communes)
    res = analyse_sweep(folder)
    e = res["sensitivity"]["mountain_unmet_fte"]
    eta = dict(zip([" + ".join(g["factors"]) for g in res["groups"]], e["variance"]["groups"],
                   strict=True))
    # runs {0,1,2} + {0,10} + {0,0.5}, crossed and balanced: variance 2/3 from budget, 25
    # from province, 1/16 from replications (main effects of the runs, each a share of
    # their whole variance; before, eta² was of the point means)
    total = 2 / 3 + 25 + 1 / 16
    assert eta["province.provinces"] == pytest.approx(25 / total)
    assert eta["optimizer.budget_vnd"] == pytest.approx(2 / 3 / total)
    assert e["variance"]["noise"] == pytest.approx(1 / 16 / total)
    assert "numeric" not in e  # a full factorial: main effects, never RBD-FAST
    shares = {r["setting"]["optimizer.budget_vnd"]: r["success_share"]
              for r in res["discovery"]["settings"]}
    assert shares == {"0": 0.5, "1": 0.25, "2": 0.0}
    assert [r["robust"] for r in res["discovery"]["settings"]] == [True, False, False]
    code, out, err = run_cli(capsys, "analyze", str(folder))
    assert code == 0, err
    assert "ROBUST" in out and "eta²" in out
    for f in ("analysis.json", "sensitivity.csv", "discovery.csv", "figures/sensitivity.png",
              "figures/discovery.png"):
        assert (folder / "analysis" / f).stat().st_size > 0
    code, _, err = run_cli(capsys, "analyze", str(folder))
    assert_one_line_error(code, err, "already exists", "--force")
    assert run_cli(capsys, "analyze", str(folder), "--force")[0] == 0
    code, _, err = run_cli(capsys, "analyze", str(folder), "--outcome", "nope")
    assert_one_line_error(code, err, "--outcome", "mountain_unmet_fte")


@pytest.mark.slow  # two worker processes: CI's second step
def test_sweep_cli_end_to_end(tmp_path, capsys):
    path = demo_sweep(tmp_path)
    out = tmp_path / "s"
    code, stdout, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--workers", "2")
    assert code == 0, err
    table = pq.read_table(out / sf.TABLE).to_pylist()
    assert [r["run"] for r in table] == list(range(6))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["runs"] == 6
    points = (out / "points.csv").read_text().splitlines()
    assert len(points) == 1 + 3
    # numbers for people and spreadsheets: never 4.129e+10 or 1.7e-12
    assert not re.search(r"\d[eE][+-]?\d", "\n".join(points[1:]))
    for r in table:
        assert 0 <= r["in:optimizer.budget_vnd"] <= 8e9
        assert math.isclose(r["mountain_unmet_fte"] * 4, r["unmet_fte_months|mountain"]
                            + r["unmet_fte_months|high_mountain"])
        # the allowance paid never exceeds the budget of the point (4 months of 36 paid)
        assert r["cost_vnd|province"] <= r["in:optimizer.budget_vnd"] + 1e-6


def test_scheduler_needs_dask_executor(tmp_path, capsys):
    path = demo_sweep(tmp_path)
    code, _, err = run_cli(capsys, "sweep", str(path), "--scheduler", "tcp://127.0.0.1:1")
    assert_one_line_error(code, err, "--scheduler", "--executor dask")


def test_design_errors_name_the_source():
    sw = sweep_params()
    with pytest.raises(ScenarioError, match="no factors"):
        make_design(sw, 1, "x.toml")


def test_crossed_design_meets_every_scenario_with_every_lever_setting(tmp_path):
    """lever_samples x samples points; discovery judges each lever setting on all scenarios:
    y = lever + uncertainty, threshold 1, so a setting's success share is the share of
    uncertainty draws below 1 - lever (checked by hand from the drawn values)."""
    body = """
[sweep]
design = "latin"
lever_samples = 4
samples = 5
replications = 2
[sweep.levers."optimizer.donor_floor"]
range = [0, 1]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0, 0.5]
[sweep.discovery]
threshold = 1.0
"""
    folder = synthetic_sweep(tmp_path, body, lambda v, r: v["optimizer.donor_floor"]
                             + 2 * v["dynamics.attrition_annual"])
    plan = plan_sweep(load_scenario(write_scenario(tmp_path, body, communes=DEMO,
                                                   name="again.toml")))
    d = plan.design
    assert d.n_points == 20
    levers = sorted({d.point(i)["optimizer.donor_floor"] for i in range(20)})
    draws = sorted({d.point(i)["dynamics.attrition_annual"] for i in range(20)})
    assert len(levers) == 4 and len(draws) == 5
    pairs = {(d.point(i)["optimizer.donor_floor"], d.point(i)["dynamics.attrition_annual"])
             for i in range(20)}
    assert len(pairs) == 20  # the full cross
    res = analyse_sweep(folder)
    # each setting in full: it reads back as the design's value
    rows = {float(r["setting"]["optimizer.donor_floor"]): r
            for r in res["discovery"]["settings"]}
    assert len(rows) == 4
    for lever in levers:
        r = rows[lever]
        assert r["runs"] == 5 * 2
        assert r["success_share"] == pytest.approx(np.mean([lever + 2 * u < 1 for u in draws]))


def test_crossing_needs_a_latin_or_factorial_design(tmp_path, capsys):
    body = SWEEP.replace('design = "latin"', 'design = "morris"\nlever_samples = 3')
    path = demo_sweep(tmp_path, body)
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(tmp_path / "s"))
    assert_one_line_error(code, err, "sweep.lever_samples", "latin or factorial")


LATIN = """
[sweep]
design = "latin"
samples = {samples}
lever_samples = {lever_samples}
replications = 1
[sweep.levers."optimizer.budget_vnd"]
range = [0, 10e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0, 0.1]
[sweep.discovery]
threshold = 5e9
"""


def test_a_setting_that_met_one_scenario_is_not_called_robust(tmp_path, capsys):
    """A plain Latin design: each budget meets one scenario, so none is judged, even those
    that succeeded in 100% of their (one) scenario; the console says so."""
    folder = synthetic_sweep(tmp_path, LATIN.format(samples=20, lever_samples=0),
                             lambda v, r: v["optimizer.budget_vnd"])
    d = analyse_sweep(folder)["discovery"]
    assert len(d["settings"]) == 20 and d["too_few"] == 20 and d["min_scenarios"] == 10
    assert all(r["scenarios"] == 1 and not r["robust"] for r in d["settings"])
    assert any(r["success_share"] == 1.0 for r in d["settings"])
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0 and "ROBUST" not in out
    assert "20 of 20 lever settings met fewer than 10 scenarios" in out
    assert "too few scenarios" in out
    # budgets in their unit, never as 5e+09
    assert "e+0" not in out and "VND" in out


def test_crossed_settings_meet_every_scenario_and_are_judged(tmp_path):
    """lever_samples = 3 crossed with 10 scenarios: each budget meets 10, so it is judged; a
    budget below the threshold succeeds in every scenario (y is the budget itself)."""
    folder = synthetic_sweep(tmp_path, LATIN.format(samples=10, lever_samples=3),
                             lambda v, r: v["optimizer.budget_vnd"])
    d = analyse_sweep(folder)["discovery"]
    assert len(d["settings"]) == 3 and d["too_few"] == 0
    assert all(r["scenarios"] == 10 for r in d["settings"])
    for r in d["settings"]:
        assert r["robust"] == (float(r["setting"]["optimizer.budget_vnd"]) < 5e9)


def test_index_flags_by_hand():
    from staffsim.experiments.sensitivity import index_flags

    # S1 = 0.5 ± 0.1 is fine; -0.14 ± 0.3 spans zero and is below 0; 0.957 ± 0.1 reaches
    # past 1; mu* = 2 ± 3 spans zero (no upper bound)
    flags = index_flags({"S1": [0.5, -0.14, 0.957], "S1_conf": [0.1, 0.3, 0.1],
                         "mu_star": [2.0, 4.0, None], "mu_star_conf": [3.0, 1.0, None]})
    assert flags["S1"] == [[], ["spans_zero", "out_of_bounds"], ["out_of_bounds"]]
    assert flags["mu_star"] == [["spans_zero"], [], ["undefined"]]
    # a first-order share above the total share it is part of (a researcher's trial: S1 0.497
    # beside ST 0.199, unflagged) is flagged; S1 = ST is not
    flags = index_flags({"S1": [0.497, 0.2, 0.1], "S1_conf": [0.05, 0.05, 0.05],
                         "ST": [0.199, 0.2, 0.3], "ST_conf": [0.05, 0.05, 0.05]})
    assert flags["S1"] == [["above_total"], [], []]
    assert flags["ST"] == [[], [], []]


def test_morris_effects_say_the_outcome_unit():
    """mu* and sigma are effects in the outcome's unit over the full range of the input (the
    trial: 'Morris mu*' with no unit, then '(FTE)' alone); the Sobol indices are shares,
    without one."""
    from staffsim.experiments.sensitivity import _index_head
    from staffsim.model.outcomes import metric
    from staffsim.results.words import words

    assert metric("mountain_unmet_fte").unit == "FTE"
    _ = words("en")
    assert _index_head(_, "mu_star", "mountain_unmet_fte") == \
        "Morris μ* (FTE per full range of the input)"
    assert _index_head(_, "sigma", "mountain_unmet_fte") == \
        "Morris σ (FTE per full range of the input)"
    assert _index_head(_, "ST", "mountain_unmet_fte") == "total index ST"
    assert _index_head(_, "mu_star", "not_a_metric") == "Morris μ* (per full range of the input)"
    assert _index_head(words("vi"), "mu_star", "mountain_unmet_fte").endswith(
        "(người quy đổi trên toàn khoảng của đầu vào)")


def test_rbd_fast_indices_come_with_bootstrap_intervals_and_flags(tmp_path, capsys):
    """A Latin sample of 80 points (enough to tell its factors apart, below SALib's 100):
    RBD-FAST's S1 has SALib's bootstrap interval; the console marks each index whose
    interval includes zero or leaves [0, 1] (attrition, which has no effect), and says the
    S1 add up to more than 1 when they do. (It was a 12-point sample, whose indices are no
    longer reported: test_sensitivity_design.)"""
    folder = synthetic_sweep(tmp_path, LATIN.format(samples=80, lever_samples=0),
                             lambda v, r: v["optimizer.budget_vnd"] / 1e9)
    res = analyse_sweep(folder)
    e = res["sensitivity"]["mountain_unmet_fte"]
    s1, conf = e["numeric"]["S1"], e["numeric"]["S1_conf"]
    assert all(c is not None and c > 0 for c in conf)
    assert s1[0] > 0.8
    for v, c, f in zip(s1, conf, e["flags"]["S1"], strict=True):
        assert ("spans_zero" in f) == (v - c <= 0 <= v + c)  # (conf: the half-width)
        assert ("out_of_bounds" in f) == (v < 0 or v > 1 or v + c > 1)
    assert ("s1_sum" in e) == (sum(s1) > 1)
    assert res["design_warnings"]  # 80 points: below SALib's guidance for RBD-FAST
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    flagged = sum(bool(f) for f in e["flags"]["S1"])
    assert out.count("⚠") >= flagged > 0
    assert "warning: sweep.samples: 80 points for RBD-FAST" in out


@pytest.mark.parametrize(("body", "warned"), [
    ('design = "sobol"\nsamples = 64', True), ('design = "sobol"\nsamples = 512', False),
    ('design = "morris"\nsamples = 4', True), ('design = "morris"\nsamples = 10', False),
    ('design = "latin"\nsamples = 20', True),
    ('design = "latin"\nsamples = 10\nlever_samples = 10', False),
])
def test_the_design_size_is_checked_against_salib_guidance(body, warned):
    from staffsim.experiments.design import size_warnings
    from staffsim.scenarios.params import SweepParams

    levers = {"optimizer.budget_vnd": {"range": [0, 1e9]}}
    unc = {"dynamics.attrition_annual": {"range": [0, 0.1]}}
    fields = dict(line.split(" = ") for line in body.split("\n"))
    sw = SweepParams.model_validate({k: (v.strip('"') if v.startswith('"') else int(v))
                                     for k, v in fields.items()} | {"levers": levers,
                                                                     "uncertainties": unc})
    assert bool(size_warnings(sw)) == warned
