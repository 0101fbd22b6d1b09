"""Faults a researcher's trial of `staffsim sweep` from a clean clone found: an integer
parameter sampled as decimals, a point's error that broke the process pool, rounded CSVs,
validate without the size warnings, --resume of a folder that does not exist, analyze's
placeholder command, --set errors blamed on the file, work saved in large chunks, and '1
replications'."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import pickle
import re
import shlex
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import staffsim.experiments.sweep as sweep_mod
import staffsim.model.model as model_mod
from staffsim.experiments.executors import make_executor
from staffsim.experiments.sweep import design_csv, plan_sweep, run_sweep
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.errors import InputErrors, ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")

TINY = """
[simulation]
seed = 5
[sweep]
design = "latin"
samples = 4
replications = 1
months = 3
[sweep.levers."optimizer.constraints.budget.vnd"]
range = [15e9, 60e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.05]
"""

MOVES = """
[sweep.levers."optimizer.constraints.max_moves.moves"]
range = [10, 100]
"""


def scenario(folder: Path, body: str = TINY) -> Path:
    return write_scenario(folder, body, communes=DEMO)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- 1. an integer parameter swept over a range ----------------------------------------------


@pytest.mark.parametrize("command", ["validate", "sweep"])
def test_an_integer_parameter_without_integer_true_is_refused_up_front(tmp_path, capsys,
                                                                       command):
    """max_moves.moves is a whole number: a Latin sample of [10, 100] gives 66.69..., which
    every run refused (and the pool broke). validate said ok; both now refuse it in one line
    naming the factor and what to add."""
    path = scenario(tmp_path, TINY + MOVES)
    args = [command, str(path), "--lang", "en", "--set", "sweep.design=latin"]
    if command == "sweep":
        args += ["--out", str(tmp_path / "s"), "--workers", "1"]
    code, _, err = run_cli(capsys, *args)
    assert_one_line_error(code, err, str(path),
                          "sweep.levers.optimizer.constraints.max_moves.moves",
                          "whole numbers", "integer = true")
    assert not (tmp_path / "s").exists()


def test_with_integer_true_the_points_are_whole_numbers(tmp_path):
    path = scenario(tmp_path, TINY + MOVES + "integer = true\n")
    plan = plan_sweep(load_scenario(path))
    moves = [plan.design.point(i)["optimizer.constraints.max_moves.moves"]
             for i in range(plan.design.n_points)]
    assert all(type(m) is int and 10 <= m <= 100 for m in moves)


def test_a_real_valued_parameter_is_not_asked_for_integer(tmp_path):
    plan = plan_sweep(load_scenario(scenario(tmp_path)))
    assert plan.design.n_points == 4


def test_scenario_errors_survive_the_trip_from_a_worker_process():
    """A worker's exception is pickled back to the command: ScenarioError could not be
    rebuilt from its pickle (its __init__ takes three parts), which broke the process pool."""
    e = pickle.loads(pickle.dumps(ScenarioError("f.toml", "a.b", "bad value")))
    assert (type(e), e.file, e.where, e.message) == (ScenarioError, "f.toml", "a.b", "bad value")
    assert str(e) == "f.toml: a.b: bad value"
    many = pickle.loads(pickle.dumps(InputErrors([ScenarioError("t.csv", "row 2", "x"),
                                                  ScenarioError("t.csv", "row 3", "y")])))
    assert [p.where for p in many.problems] == ["row 2", "row 3"]


def broken_plan(path: Path):
    """A plan whose design point 2 has an attrition of -0.5, which the scenario refuses (as
    a point no single factor's extremes reveal would be)."""
    plan = plan_sweep(load_scenario(path))
    x = plan.design.x.copy()
    x[2, 1] = -0.5
    return dataclasses.replace(plan, design=dataclasses.replace(plan.design, x=x))


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
def test_an_error_at_a_point_comes_back_from_the_pool_as_itself(tmp_path):
    plan = broken_plan(scenario(tmp_path))
    with pytest.raises(ScenarioError) as e, make_executor("local", 2) as ex:
        list(run_sweep(plan, range(plan.n_runs), ex, 2))
    assert e.value.file == "sweep point 2"
    assert e.value.where == "dynamics.attrition_annual"


@pytest.mark.parametrize("workers", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_an_error_at_a_point_is_one_line_and_leaves_nothing_to_resume(tmp_path, capsys,
                                                                      monkeypatch, workers):
    """Exit 2, one line naming the point and the key; the new folder is gone (its --resume
    would only fail at the same point) and no line offers --resume."""
    path = scenario(tmp_path)
    plan = broken_plan(path)
    monkeypatch.setattr(sweep_mod, "plan_sweep", lambda sc: plan)
    out = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out", str(out),
                           "--workers", workers)
    err = "\n".join(ln for ln in err.splitlines() if not ln.startswith("staffsim: warning")
                    and " design, " not in ln)  # the warnings and the header before it
    assert_one_line_error(code, err, "sweep point 2", "dynamics.attrition_annual")
    assert "--resume" not in err and "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- 2. full precision in the CSVs ----------------------------------------------------------


def test_points_and_design_csv_hold_every_digit(tmp_path):
    """A budget of 41,291,020,669.63 was written 41291000000; a share of 0.000032 must not
    become 3.2e-05. Each cell reads back as the very float of the run (and design.csv's as
    the design's), so the tables join by value."""
    plan = plan_sweep(load_scenario(scenario(tmp_path)))
    folder = tmp_path / "f"
    sf.create(folder, sweep_mod.sweep_spec(plan), design_csv(plan), plan.scenario)
    values = [(41291020669.63, 0.000032, 1 / 3), (15e9, 0.05, 2.0)]
    for run, (budget, attrition, y) in enumerate(values):
        sf.write_run(folder, {"run": run, "point": run, "replication": 0,
                              "in:optimizer.constraints.budget.vnd": budget,
                              "in:dynamics.attrition_annual": attrition,
                              "mountain_unmet_fte": y})
    sf.finish(folder, 2, {}, "test")
    table = rows((folder / "points.csv").read_text(encoding="utf-8"))
    assert table[0] == ["point", "runs", "optimizer.constraints.budget.vnd",
                        "dynamics.attrition_annual", "mean:mountain_unmet_fte"]
    assert table[1] == ["0", "1", "41291020669.63", "0.000032", repr(1 / 3)]
    assert table[2] == ["1", "1", "15000000000", "0.05", "2"]
    design = rows((folder / "design.csv").read_text(encoding="utf-8"))
    for i, row in enumerate(design[1:]):
        point = plan.design.point(i)
        assert [float(c) for c in row[1:]] == [point[k] for k in design[0][1:]]
        assert not any("e" in c.lower() for c in row)


def test_exact_numbers_by_hand():
    assert [sf.exact(v) for v in (41291020669.63, 3.2e-05, 1e-12, 2.0, 7, None, float("nan"),
                                  True, "A", np.float64(0.1))] == [
        "41291020669.63", "0.000032", "0.000000000001", "2", "7", "", "", True, "A", "0.1"]


# --- 3. validate warns of the design's size ---------------------------------------------------


@pytest.mark.parametrize(("sets", "warning"), [
    ([], "RBD-FAST needs at least 64"),
    (["--set", "sweep.design=sobol", "--set", "sweep.samples=8"], "at least 512"),
])
def test_validate_prints_the_size_warnings(tmp_path, capsys, sets, warning):
    path = scenario(tmp_path)
    code, out, err = run_cli(capsys, "validate", str(path), "--lang", "en", *sets)
    assert code == 0, err
    assert f"{path}: ok" in out
    assert any(ln.startswith("staffsim: warning: sweep.samples:") and warning in ln
               for ln in err.splitlines()), err


def test_validate_of_a_large_enough_design_warns_of_nothing(tmp_path, capsys):
    path = scenario(tmp_path, TINY.replace("samples = 4", "samples = 4\nlever_samples = 2")
                    .replace('[sweep.uncertainties."dynamics.attrition_annual"]\n'
                             'range = [0.01, 0.05]\n', ""))
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0 and "warning" not in err, err


# --- 4. --resume of a folder that does not exist -------------------------------------------


def test_resume_of_a_missing_folder_is_refused(tmp_path, capsys):
    """A typo in --out used to start the whole sweep anew ('0 done, 4 to run')."""
    path = scenario(tmp_path)
    out = tmp_path / "newfolder"
    code, _, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out", str(out),
                           "--resume", "--workers", "1")
    assert_one_line_error(code, err, str(out), "--resume", "no such folder",
                          "drop --resume")
    assert not out.exists()
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--lang", "vi")
    assert_one_line_error(code, err, "không có thư mục này", "bỏ --resume")


# --- 5. analyze names the real command to finish a sweep -----------------------------------


def test_analyze_of_an_unfinished_sweep_gives_the_command_that_finishes_it(tmp_path, capsys,
                                                                           monkeypatch):
    """'finish it with staffsim sweep FILE --out FOLDER --resume' had placeholders; the
    command now comes from sweep.json (scenario file and overrides) and, run as it is,
    finishes the sweep."""
    path = scenario(tmp_path)
    folder = tmp_path / "part"
    calls = []
    real = model_mod.StaffModel.run

    def stops_at_the_second_run(self, *a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, *a, **k)

    monkeypatch.setattr(model_mod.StaffModel, "run", stops_at_the_second_run)
    sets = ["--set", 'sweep.uncertainties."dynamics.attrition_annual".range=[0.02, 0.04]',
            "--set", "sweep.months=2", "--seed", "9"]
    code, _, _ = run_cli(capsys, "sweep", str(path), "--out", str(folder), "--workers", "1",
                         *sets)
    assert code == 130
    monkeypatch.setattr(model_mod.StaffModel, "run", real)
    code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert_one_line_error(code, err, "not complete; finish it with staffsim sweep")
    command = err.strip().split("finish it with ", 1)[1]
    assert "FILE" not in command and "FOLDER" not in command
    args = shlex.split(command)
    assert args[:6] == ["staffsim", "sweep", str(path.resolve()), "--out", str(folder),
                        "--resume"]
    code, _, err = run_cli(capsys, *args[1:], "--workers", "1")
    assert code == 0, err
    assert sf.is_complete(folder)
    # in Vietnamese, the same command
    monkeypatch.setattr(sf, "is_complete", lambda f: False)
    code, _, err = run_cli(capsys, "analyze", str(folder), "--lang", "vi")
    assert_one_line_error(code, err, "chưa hoàn tất", command)


# --- 6. --set errors are the command line's ---------------------------------------------------


def test_a_bad_set_value_for_a_factor_is_blamed_on_the_command_line(tmp_path, capsys):
    path = scenario(tmp_path)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", "--set",
                           'sweep.uncertainties."dynamics.attrition_annual".range=[-0.1, 0.05]')
    assert_one_line_error(code, err, "staffsim: error: command line: sweep.uncertainties."
                          "dynamics.attrition_annual: value -0.1 is not allowed")
    assert str(path) not in err


def test_the_file_s_own_bad_factor_is_still_the_file_s(tmp_path, capsys):
    """With an unrelated --set, a factor the file declares badly is the file's fault."""
    path = scenario(tmp_path, TINY.replace("range = [0.01, 0.05]", "range = [-0.1, 0.05]"))
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", "--set",
                           "sweep.replications=2")
    assert_one_line_error(code, err, f"{path}: sweep.uncertainties.dynamics.attrition_annual: "
                          "value -0.1 is not allowed")


def test_a_sweep_made_too_large_by_set_is_the_command_line_s(tmp_path, capsys):
    path = scenario(tmp_path)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", "--set",
                           "sweep.design=factorial", "--set", "sweep.samples=400")
    assert_one_line_error(code, err, "command line: sweep: the number of points of the "
                          "full factorial design (160,000) exceeds")


# --- 7. every finished run is kept ------------------------------------------------------------


def test_an_interrupted_sweep_keeps_each_run_finished_before_it(tmp_path, capsys, monkeypatch):
    """Runs were saved in chunks (two runs of a point here, 68 in the researcher's sweep):
    stopped in its second run, a sweep kept none. It keeps the one it finished."""
    path = scenario(tmp_path, TINY.replace("replications = 1", "replications = 3")
                    .replace("samples = 4", "samples = 2"))
    calls = []
    real = model_mod.StaffModel.run

    def stops_at_the_second_run(self, *a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, *a, **k)

    monkeypatch.setattr(model_mod.StaffModel, "run", stops_at_the_second_run)
    folder = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out", str(folder),
                           "--workers", "1")
    assert code == 130
    assert sf.done_runs(folder, 6) == {0}
    assert "1 of 6 runs are finished and kept" in err


def test_a_point_is_planned_once_and_its_runs_come_back_one_by_one(tmp_path, monkeypatch):
    """With an executor: one plan task per design point (never a solve per worker), then one
    task per run, each handed that plan."""
    plan = plan_sweep(load_scenario(scenario(tmp_path, TINY.replace(
        "replications = 1", "replications = 3").replace("samples = 4", "samples = 2"))))
    planned, ran = [], []
    real_plan, real_chunk = sweep_mod.point_plan, sweep_mod.run_chunk

    def point_plan(p, point):
        planned.append(point)
        return real_plan(p, point)

    def run_chunk(p, point, reps, fixed=None):
        ran.append((point, list(reps), fixed))
        return real_chunk(p, point, reps, fixed)

    monkeypatch.setattr(sweep_mod, "point_plan", point_plan)
    monkeypatch.setattr(sweep_mod, "run_chunk", run_chunk)
    with ThreadPoolExecutor(2) as ex:
        records = list(run_sweep(plan, range(plan.n_runs), ex, 2))
    assert sorted(planned) == [0, 1]
    assert sorted((p, r[0]) for p, r, _ in ran) == [(p, r) for p in (0, 1) for r in (0, 1, 2)]
    assert all(len(r) == 1 and f is not None for _, r, f in ran)
    assert sorted(r["run"] for r in records) == list(range(6))
    inline = list(run_sweep(plan, range(plan.n_runs), None))
    key = lambda r: r["run"]  # noqa: E731
    assert json.dumps(sorted(records, key=key)) == json.dumps(sorted(inline, key=key))


# --- 8. one replication, one run --------------------------------------------------------------


def test_counts_of_one_are_singular(tmp_path, capsys):
    path = scenario(tmp_path, TINY.replace("samples = 4", "samples = 1")
                    .replace("months = 3", "months = 1"))
    code, out, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0 and ", sweep of 1 run)" in out, out
    assert "sweep.samples: 1 point cannot tell" in err, err
    folder = tmp_path / "s"
    code, out, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out", str(folder),
                             "--workers", "1")
    assert code == 0, err
    assert "1 point × 1 replication = 1 run of 1 month (0 done, 1 to run)" in err
    assert "(1 run; 1 simulated in" in out
    code, out, _ = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out", str(folder),
                           "--resume")
    assert code == 0 and "complete (1 run); nothing to run" in out
    code, out, _ = run_cli(capsys, "sweep", str(path), "--out", str(folder), "--resume",
                           "--lang", "vi")
    assert "đã hoàn tất (1 lần chạy)" in out


def test_the_design_size_limit_reads_as_a_sentence(tmp_path, capsys):
    """'the sobol design's points (524,288) exceeds': the subject is the number."""
    body = TINY.replace('design = "latin"', 'design = "sobol"').replace(
        "samples = 4", "samples = 65536")
    path = scenario(tmp_path, body)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, "sweep: the number of points of the Sobol design "
                          "(262,144) exceeds the sweep design points limit")
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "vi")
    assert_one_line_error(code, err, "số điểm của thiết kế Sobol (262.144) vượt quá giới hạn")


def test_the_run_limit_names_one_replication(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_MAX_SWEEP_RUNS", "3")
    path = scenario(tmp_path)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, "4 points × 1 replication (4) exceeds")
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "vi")
    assert_one_line_error(code, err, "4 điểm × 1 lần lặp (4) vượt quá")


@pytest.mark.parametrize("lang, said", [
    ("en", "the number of points of the full factorial design (100,000,000,000,000,000,000) "
           "exceeds the sweep design points limit"),
    ("vi", "số điểm của thiết kế giai thừa đầy đủ (100.000.000.000.000.000.000) vượt quá giới "
           "hạn số điểm thiết kế của lần quét: 100.000 điểm"),
])
def test_a_huge_factorial_is_counted_in_full_by_its_name(tmp_path, capsys, lang, said):
    """A researcher's trial: 'số điểm của thiết kế factorial (1e+20)': the design by its
    setting's value, the count in scientific notation. Here 10,000 samples of 5 numeric
    factors (a lever and 4 uncertainties, one joint sample): 10,000 ** 5 = 10^20 points."""
    body = TINY.replace('design = "latin"', 'design = "factorial"').replace(
        "samples = 4", "samples = 10000")
    body += "".join(f'[sweep.uncertainties."{k}"]\nrange = [0.01, 0.5]\n'
                    for k in ("dynamics.overload_elasticity", "dynamics.fill_probability",
                              "workload.online_share"))
    path = scenario(tmp_path, body)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", lang, "--set",
                           "sweep.lever_samples=0")
    assert_one_line_error(code, err, said)
    assert not re.search(r"\de[+-]?\d", err)


def test_the_limit_messages_design_names_are_the_designs_names():
    from staffsim.experiments.design import DESIGN_NAMES
    from staffsim.results.error_words import _DESIGNS

    assert set(_DESIGNS) == set(DESIGN_NAMES.values())
