"""Every plan a run carries out is recorded with what the solver said of it.

A researcher's trial: with ``optimizer.time_limit_s = 1`` on a loaded machine, ``compare``
printed the same column for "no action" and "optimised transfers once" (the solver stopped
before any plan, so nobody moved) and ``sweep`` wrote runs with 0 moves, both silently. Here
the solver is replaced by one that answers "stopped by the time limit" (with the real plan,
or with none) or "infeasible" for chosen states; the expected counts come from which states
those are (a month, a budget below a value), never from the code's own counting.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import staffsim.experiments.sweep as sweep_mod
import staffsim.experiments.transfer_policies as policies
from staffsim.model.policies.solver_plans import (
    INFEASIBLE,
    NONE,
    OPTIMAL,
    UNPROVEN,
    SolverPlan,
    plan_counts,
    runs_summary,
    solve_kind,
)
from staffsim.optimize.solve import SolveResult, optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = SCENARIOS / "demo.toml"
DEMO_COMMUNES = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")
COLUMNS = ["solver_plans", "solver_plans_not_optimal", "solver_plans_no_plan",
           "solver_plans_infeasible", "solver_time_limit_s"]

SWEEP = """
[simulation]
seed = 5
[optimizer]
time_limit_s = 7
[sweep]
design = "latin"
samples = 4
replications = 2
months = 2
[sweep.levers."optimizer.constraints.budget.vnd"]
range = [15e9, 60e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.05]
"""
CUT = 37.5e9  # the fake solver stops before any plan at a point whose budget is below this


def fake_solver(monkeypatch, answer, when=lambda state: True) -> list:
    """Replace the solver the policies call: for a state where ``when`` holds, ``answer``
    ('unproven': the real plan, status TimeLimit; 'none': stopped before any plan;
    'infeasible'); the real solver elsewhere. Returns the states it was asked about."""
    asked = []

    def solve(state, *args, **kw):
        inputs, res, moves, tp = optimize_plan(state, *args, **kw)
        asked.append(state)
        if not when(state):
            return inputs, res, moves, tp
        if answer == "unproven":
            return inputs, dataclasses.replace(res, status="TimeLimit", gap_rel=0.01), moves, tp
        status = "TimeLimit" if answer == "none" else "Infeasible"
        return inputs, SolveResult(status, np.zeros_like(res.x), {}, None, found=False), [], tp

    monkeypatch.setattr(policies, "optimize_plan", solve)
    monkeypatch.setattr(policies, "_PLAN_CACHE", {})
    return asked


def replications(folder: Path) -> list[dict]:
    with open(folder / "replications.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def compare(capsys, out: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    return run_cli(capsys, "compare", str(DEMO), "--lang", lang, "--replications", "2",
                   "--workers", "1", "--out", str(out), *args)


# --- the kinds and counts, by hand ---------------------------------------------------------


def test_a_solve_is_optimal_only_with_a_plan_proven_optimal():
    assert solve_kind("Optimal", True) == OPTIMAL
    assert solve_kind("TimeLimit", True) == UNPROVEN
    assert solve_kind("TimeLimit", False) == NONE
    assert solve_kind("Infeasible", False) == INFEASIBLE


def test_counts_of_a_run_and_of_many():
    run = plan_counts([SolverPlan(OPTIMAL, 5.0), SolverPlan(UNPROVEN, 5.0),
                       SolverPlan(NONE, 5.0), SolverPlan(INFEASIBLE, 5.0)])
    assert run == dict(zip(COLUMNS, [4, 2, 1, 1, 5.0], strict=True))
    assert plan_counts([]) == dict(zip(COLUMNS, [0, 0, 0, 0, None], strict=True))
    s = runs_summary([run, plan_counts([SolverPlan(OPTIMAL, 60.0)]), plan_counts([]), {}])
    assert (s["runs"], s["runs_planned"], s["runs_not_optimal"], s["runs_no_plan"],
            s["runs_infeasible"], s["plans"]) == (4, 2, 1, 1, 1, 5)
    assert s["time_limits_s"] == [5.0, 60.0] and s["time_limits_s_not_optimal"] == [5.0]


# --- compare ---------------------------------------------------------------------------------


def test_compare_says_when_the_optimised_arm_found_no_plan(tmp_path, capsys, monkeypatch):
    """The trial's case: every solve stops before a plan. The optimised arm's 2 runs each
    carried out 1 plan (month 0), not optimal and without a plan; 'no action' none. The
    arm's rows are marked, the last line says so, the report too; verify passes."""
    fake_solver(monkeypatch, "none")
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "none,optimised", "--months", "2",
                            "--set", "optimizer.time_limit_s=3")
    assert code == 0
    rows = replications(out)
    assert [(r["arm"], [r[c] for c in COLUMNS]) for r in rows] == [
        ("none", ["0", "0", "0", "0", ""]), ("none", ["0", "0", "0", "0", ""]),
        ("optimised", ["1", "1", "1", "0", "3"]), ("optimised", ["1", "1", "1", "0", "3"])]
    assert all(float(r["moves|province"]) == 0 for r in rows)
    last = text.strip().splitlines()[-1]
    assert last == ("† warning: in 2 of 2 runs carrying out the optimiser's plans, the solver "
                    "stopped at optimizer.time_limit_s = 3 s before proving the plan optimal "
                    "(in 2 of them "
                    "before finding any plan: those runs moved or seconded nobody); their "
                    "results depend on the machine's speed and load: raise "
                    "optimizer.time_limit_s")
    arm_rows = [ln for ln in text.splitlines() if ln.startswith("  ")]
    assert all(("†" in ln) == ("optimised" in ln) for ln in arm_rows), arm_rows
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    s = data["arms"]["optimised"]["solver_plans"]
    assert (s["runs_planned"], s["runs_not_optimal"], s["runs_no_plan"]) == (2, 2, 2)
    assert data["arms"]["none"]["solver_plans"]["runs_planned"] == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| optimised transfers once † |" in report
    assert "- † warning: in 2 of 2 runs carrying out the optimiser's plans" in report
    assert "optimizer.time_limit_s = 3 s; 0 of them proven optimal" in report
    code, text, _ = run_cli(capsys, "verify", str(out), "--lang", "en")
    assert code == 0, text


def test_a_secondment_arm_carries_out_the_optimisers_plans_too(tmp_path, capsys,
                                                                monkeypatch):
    """The "optimised secondments" arm sends officials where the optimiser's plan says (as
    secondments, not transfers): its runs are among those carrying out the optimiser's plans
    and the words say neither 'transfers' nor 'moved' alone (a secondment is not a transfer,
    điều động, in Vietnamese law)."""
    fake_solver(monkeypatch, "none")
    for lang, words in (("en", ("2 of 2 runs carrying out the optimiser's plans",
                                "those runs moved or seconded nobody")),
                        ("vi", ("2 trong 2 lần chạy thực hiện phương án của bộ tối ưu",
                                "không điều động hay biệt phái người nào"))):
        out = tmp_path / lang
        code, text, _ = compare(capsys, out, "--policies", "none,secondment", "--months", "2",
                                "--set", "optimizer.time_limit_s=3", lang=lang)
        assert code == 0
        last = text.strip().splitlines()[-1]
        assert all(w in last for w in words), last
        assert "optimised transfers" not in last and "điều động tối ưu" not in last
        data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
        assert data["arms"]["secondment"]["solver_plans"]["runs_planned"] == 2


def test_a_plan_stopped_by_the_time_limit_is_carried_out_and_said(tmp_path, capsys,
                                                                   monkeypatch):
    """TimeLimit with a plan: the plan is carried out (the same moves as the proven one) and
    counted not optimal, not missing; the line has no 'before finding any plan'."""
    proven = tmp_path / "proven"
    monkeypatch.setattr(policies, "_PLAN_CACHE", {})
    assert compare(capsys, proven, "--policies", "optimised", "--months", "2")[0] == 0
    fake_solver(monkeypatch, "unproven")
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "optimised", "--months", "2")
    assert code == 0
    rows, want = replications(out), replications(proven)
    assert [r["moves|province"] for r in rows] == [r["moves|province"] for r in want]
    assert float(rows[0]["moves|province"]) > 0
    assert [[r[c] for c in COLUMNS[:4]] for r in rows] == [["1", "1", "0", "0"]] * 2
    assert text.strip().splitlines()[-1].startswith(
        "† warning: in 2 of 2 runs carrying out the optimiser's plans, the solver stopped at "
        "optimizer.time_limit_s = 60 s before proving the plan optimal; their results")


def test_enough_time_records_every_plan_proven_optimal(tmp_path, capsys, monkeypatch):
    """The real solver with the scenario's 60 s: every plan optimal, nothing marked, no line
    (rolling every month over 3 months: 3 plans a run)."""
    monkeypatch.setattr(policies, "_PLAN_CACHE", {})
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "none,rolling", "--months", "3",
                            "--set", "policies.rolling_every_months=1")
    assert code == 0
    rows = replications(out)
    assert [[r[c] for c in COLUMNS] for r in rows if r["arm"] == "rolling"] == [
        ["3", "0", "0", "0", "60"]] * 2
    # (no solver's warning; two replications warn only that their intervals are rough)
    assert "†" not in text and "the solver" not in text
    warned = [line for line in text.splitlines() if "warning" in line]
    assert len(warned) == 1 and warned[0].startswith("warning: the 90% bands are too rough")
    assert "†" not in (out / "report.md").read_text(encoding="utf-8")


def test_one_month_of_a_rolling_arm_without_a_plan(tmp_path, capsys, monkeypatch):
    """Rolling every month over 3 months plans 3 times a run; the solver stops before a plan
    for the states of month 2 only: each run 3 plans, 1 not optimal, 1 without a plan."""
    asked = fake_solver(monkeypatch, "none", when=lambda state: state.month == 2)
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "rolling", "--months", "3",
                            "--set", "policies.rolling_every_months=1")
    assert code == 0
    assert 2 in {s.month for s in asked}
    assert [[r[c] for c in COLUMNS[:4]] for r in replications(out)] == [["3", "1", "1", "0"]] * 2
    assert "(in 2 of them before finding any plan" in text.strip().splitlines()[-1]


def test_an_infeasible_plan_is_said_in_both_languages(tmp_path, capsys, monkeypatch):
    fake_solver(monkeypatch, "infeasible")
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "optimised", "--months", "2")
    assert code == 0
    assert [[r[c] for c in COLUMNS[:4]] for r in replications(out)] == [["1", "0", "0", "1"]] * 2
    assert text.strip().splitlines()[-1] == (
        "† warning: 2 of 2 runs carrying out the optimiser's plans found no plan that meets "
        "the rules (the solver proved the problem infeasible): those runs moved or seconded "
        "nobody; "
        "staffsim plan says which rule stops it")
    code, text, _ = compare(capsys, tmp_path / "vi", "--policies", "optimised", "--months", "2",
                            lang="vi")
    assert code == 0
    assert text.strip().splitlines()[-1].startswith(
        "† cảnh báo: 2 trong 2 lần chạy thực hiện phương án của bộ tối ưu không tìm được "
        "phương án nào")


def test_compare_line_in_vietnamese(tmp_path, capsys, monkeypatch):
    fake_solver(monkeypatch, "none")
    out = tmp_path / "c"
    code, text, _ = compare(capsys, out, "--policies", "none,optimised", "--months", "2",
                            "--set", "optimizer.time_limit_s=0.5", lang="vi")
    assert code == 0
    assert text.strip().splitlines()[-1] == (
        "† cảnh báo: ở 2 trong 2 lần chạy thực hiện phương án của bộ tối ưu, bộ giải dừng khi "
        "hết optimizer.time_limit_s = 0,5 giây trước khi chứng minh được phương án là tối ưu (ở "
        "2 lần trong số đó, trước khi tìm được phương án nào: các lần chạy này không điều động "
        "hay biệt phái người nào); kết quả của các lần chạy này phụ thuộc vào tốc độ và mức "
        "tải của máy: hãy tăng optimizer.time_limit_s")
    assert "điều động tối ưu một lần †" in (out / "report.md").read_text(encoding="utf-8")


# --- sweep and analyze ---------------------------------------------------------------------


def sweep_folder(tmp_path: Path, capsys, monkeypatch, lang: str = "en"
                 ) -> tuple[Path, str, list[dict]]:
    """A sweep of 4 points x 2 replications whose solver stops before any plan at the
    points with a budget below ``CUT``."""
    fake_solver(monkeypatch, "none",
                when=lambda state: state.params.optimizer.constraints.budget.vnd < CUT)
    path = write_scenario(tmp_path, SWEEP, communes=DEMO_COMMUNES)
    out = tmp_path / "s"
    code, text, err = run_cli(capsys, "sweep", str(path), "--lang", lang, "--workers", "1",
                              "--out", str(out))
    assert code == 0, err
    records = pq.read_table(out / "results.parquet").to_pylist()
    return out, text, records


def test_sweep_records_each_runs_plan_and_says_so(tmp_path, capsys, monkeypatch):
    out, text, records = sweep_folder(tmp_path, capsys, monkeypatch)
    low = [r for r in records if r["in:optimizer.constraints.budget.vnd"] < CUT]
    assert 0 < len(low) < len(records) == 8
    for r in records:
        stopped = r["in:optimizer.constraints.budget.vnd"] < CUT
        assert [r[c] for c in COLUMNS] == [1, int(stopped), int(stopped), 0, 7.0], r
        if stopped:
            assert r["moves|province"] == 0
    assert text.strip().splitlines()[-1] == (
        f"warning: in {len(low)} of 8 runs carrying out the optimiser's plans, the solver "
        f"stopped at optimizer.time_limit_s = 7 s before proving the plan optimal (in "
        f"{len(low)} of them before finding any plan: those runs moved or seconded nobody); their "
        "results depend on the machine's speed and load: raise optimizer.time_limit_s")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["solver_plans"]
    assert (manifest["runs_planned"], manifest["runs_not_optimal"],
            manifest["runs_no_plan"]) == (8, len(low), len(low))
    assert manifest["warnings"] == [text.strip().splitlines()[-1]]
    for f in (out / "runs").iterdir():  # the per-run files hold the columns too
        rec = json.loads(f.read_text(encoding="utf-8"))
        assert rec["solver_plans_no_plan"] == int(rec["in:optimizer.constraints.budget.vnd"]
                                                  < CUT)
    # the points' means and analyze's outcomes are the runs' outcomes, not these counts
    assert not any("solver" in c for c in (out / "points.csv").read_text().splitlines()[0]
                   .split(","))
    code, said, _ = run_cli(capsys, "verify", str(out), "--lang", "en")
    assert code == 0, said
    code, said, _ = run_cli(capsys, "analyze", str(out), "--lang", "en")
    assert code == 0
    assert text.strip().splitlines()[-1] in said.splitlines()
    analysis = json.loads((out / "analysis" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["solver_plans"]["runs_no_plan"] == len(low)
    assert not any(k.startswith("solver") for k in analysis["sensitivity"])


def test_sweep_line_in_vietnamese(tmp_path, capsys, monkeypatch):
    _out, text, records = sweep_folder(tmp_path, capsys, monkeypatch, lang="vi")
    low = sum(r["in:optimizer.constraints.budget.vnd"] < CUT for r in records)
    assert text.strip().splitlines()[-1].startswith(
        f"cảnh báo: ở {low} trong 8 lần chạy thực hiện phương án của bộ tối ưu, bộ giải dừng "
        "khi hết optimizer.time_limit_s = 7 giây")


def test_a_sweep_with_enough_time_records_every_plan_optimal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(policies, "_PLAN_CACHE", {})
    path = write_scenario(tmp_path, SWEEP.replace("time_limit_s = 7", "time_limit_s = 60")
                          .replace("replications = 2", "replications = 1"),
                          communes=DEMO_COMMUNES)
    out = tmp_path / "s"
    code, text, _ = run_cli(capsys, "sweep", str(path), "--lang", "en", "--workers", "1",
                            "--out", str(out))
    assert code == 0
    records = pq.read_table(out / "results.parquet").to_pylist()
    assert [[r[c] for c in COLUMNS] for r in records] == [[1, 0, 0, 0, 60.0]] * len(records)
    assert "warning: in" not in text
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))[
        "solver_plans"]["warnings"] == []


def test_a_point_plan_carries_its_solvers_word_to_every_run(tmp_path, monkeypatch):
    """sweep.plan = "once": the point's plan is made once and handed to its runs; each run
    that carries it out counts it."""
    fake_solver(monkeypatch, "unproven")
    plan = sweep_mod.plan_sweep(load_scenario(write_scenario(tmp_path, SWEEP,
                                                             communes=DEMO_COMMUNES)))
    fixed = sweep_mod.point_plan(plan, 0)
    assert fixed.plans == (SolverPlan(UNPROVEN, 7.0),) and fixed.moves
    records = sweep_mod.run_chunk(plan, 0, [0, 1], fixed)
    assert [[r[c] for c in COLUMNS] for r in records] == [[1, 1, 0, 0, 7.0]] * 2


# --- a point's error in the language ------------------------------------------------------


@pytest.mark.parametrize(("lang", "source"), [("vi", "điểm thiết kế 2"),
                                              ("en", "sweep point 2")])
def test_a_points_error_names_the_point_in_the_language(tmp_path, capsys, monkeypatch, lang,
                                                        source):
    path = write_scenario(tmp_path, SWEEP, communes=DEMO_COMMUNES)
    plan = sweep_mod.plan_sweep(load_scenario(path))
    x = plan.design.x.copy()
    x[2, 1] = -0.5  # an attrition the scenario refuses, at point 2 only
    broken = dataclasses.replace(plan, design=dataclasses.replace(plan.design, x=x))
    monkeypatch.setattr(sweep_mod, "plan_sweep", lambda sc: broken)
    code, _, err = run_cli(capsys, "sweep", str(path), "--lang", lang, "--workers", "1",
                           "--out", str(tmp_path / "s"))
    err = "\n".join(ln for ln in err.splitlines() if ln.startswith(("staffsim: error",
                                                                    "staffsim: lỗi")))
    assert_one_line_error(code, err, source, "dynamics.attrition_annual")
    assert (lang == "en") == ("sweep point" in err)
