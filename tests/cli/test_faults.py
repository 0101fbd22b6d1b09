"""Faults: solver limits, processes killed mid-write, replaced folders, verification later."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pulp
import pytest

from staffsim.optimize.branch import BranchAndBound
from staffsim.results.verify import CHECKSUMS, write_checksums

from ..conftest import SCENARIOS, write_scenario
from ..helpers import run_cli
from ..optim_helpers import assert_feasible

DEMO = SCENARIOS / "demo.toml"


def copy_demo(tmp_path: Path) -> Path:
    """The demo scenario with its own copy of the data (so tests may change it)."""
    (tmp_path / "data").mkdir()
    shutil.copy(SCENARIOS / "data" / "demo_communes.csv", tmp_path / "data")
    shutil.copy(DEMO, tmp_path / "demo.toml")
    return tmp_path / "demo.toml"


def test_time_limit_before_any_plan_shows_the_greedy_plan_as_best_known(tmp_path, capsys):
    """The solver stops before it has any plan: the greedy baseline, which breaks no rule, is
    the best plan known — shown as such, never an empty plan called the optimum."""
    out = tmp_path / "p"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "thanh_hoa.toml"),
                                "--time-limit", "1e-9", "--out", str(out), "--no-marginals")
    assert code == 0, err
    summary = json.loads((out / "plan_summary.json").read_text())
    assert summary["proven_optimal"] is False
    assert summary["optimum"] == summary["greedy"] and summary["optimum"]["moves"] > 0
    assert "best known" in stdout and "optimum" not in stdout.splitlines()[2]
    assert "NOT proven optimal" in stdout and "greedy baseline" in stdout
    code, _, err = run_cli(capsys, "verify", str(out))  # every rule re-checked on plan.csv
    assert code == 0, err


def test_time_limit_before_any_plan_says_so_and_what_to_relax(tmp_path, capsys, monkeypatch):
    """No plan from the solver and none from greedy either (stubbed to find none)."""
    from staffsim.optimize import planner

    monkeypatch.setattr(planner, "greedy_plan", lambda inputs: [])
    out = tmp_path / "p"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "thanh_hoa.toml"),
                                "--time-limit", "1e-9", "--out", str(out), "--no-marginals")
    assert code == 1 and "no plan for 1 province" in err, err  # no plan is not success
    summary = json.loads((out / "plan_summary.json").read_text())
    prov = next(iter(summary["by_province"].values()))
    assert prov["plan_found"] is False and summary["proven_optimal"] is False
    assert summary["optimum"]["moves"] == 0
    assert "not shown infeasible" in stdout and "raise the time limit" in stdout
    assert "infeasible" not in prov["explanation"][0].split("not shown")[0]


def test_time_limited_incumbent_is_kept_and_marked_not_proven(tmp_path, capsys, monkeypatch):
    """HiGHS stops on its time limit holding a plan: the plan is used, passes every rule, and
    is labelled not proven optimal with its gap (the solver's answer is relabelled here, as a
    real time-out in the middle of a branch-and-bound tree cannot be timed reliably)."""
    real = pulp.LpProblem.solve

    class StoppedEarly:
        def __init__(self, st) -> None:
            self._st, self.status, self.gap_rel = st, type(st.status)["TimeLimit"], 0.032

        def __getattr__(self, name):
            return getattr(self._st, name)

    def stopped_early(self, solver=None, **kw):
        return StoppedEarly(real(self, solver, **kw))

    monkeypatch.setattr(pulp.LpProblem, "solve", stopped_early)
    real_bb = BranchAndBound.solve  # the fast path (optimize.branch): relabelled the same way

    def bb_stopped_early(self):
        return dataclasses.replace(real_bb(self), status="TimeLimit", gap_rel=0.032)

    monkeypatch.setattr(BranchAndBound, "solve", bb_stopped_early)
    out = tmp_path / "p"
    code, stdout, err = run_cli(capsys, "plan", str(DEMO), "--out", str(out), "--no-marginals")
    assert code == 0, err
    summary = json.loads((out / "plan_summary.json").read_text())
    prov = next(iter(summary["by_province"].values()))
    assert prov["plan_found"] is True and prov["proven_optimal"] is False
    assert summary["status"] == "TimeLimit" and summary["optimum"]["moves"] > 0
    assert "NOT proven optimal" in stdout and "gap 3.20%" in stdout
    monkeypatch.setattr(pulp.LpProblem, "solve", real)
    monkeypatch.setattr(BranchAndBound, "solve", real_bb)
    from staffsim.experiments.states import plan_state
    from staffsim.optimize.planner import plan_all
    from staffsim.scenarios.loader import load_scenario

    state = plan_state(load_scenario(DEMO), 0)
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == summary["optimum"]["moves"]
    from staffsim.optimize.check import PlanRow, check_plan

    assert check_plan(state, [PlanRow(r["official_id"], r["to_commune"], r["to_specialty"],
                                      r["from_commune"]) for r in rows]) == []
    best = plan_all(state, workers=1)[0]
    assert_feasible(best.state, best.moves)


def _wait_for(pattern_dir: Path, glob: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if list(pattern_dir.glob(glob)):
            return
        time.sleep(0.02)


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
@pytest.mark.parametrize("kill_after", ["partial folder appears", "a file is being written"])
def test_run_killed_mid_write_leaves_nothing_that_looks_complete(tmp_path, kill_after):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "staffsim.cli", "run", str(SCENARIOS / "thanh_hoa.toml"),
           "--months", "12", "--replications", "4", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(tmp_path, ".run.partial-*" if kill_after.startswith("partial")
              else ".run.partial-*/timeseries.csv", proc)
    proc.kill()
    proc.wait()
    assert not out.exists()  # the final name appears only when the folder is whole
    code = subprocess.run(cmd, capture_output=True).returncode  # re-running is safe
    assert code == 0 and (out / "manifest.json").is_file() and (out / CHECKSUMS).is_file()


def test_force_replaces_only_when_the_new_folder_is_whole(tmp_path, capsys, monkeypatch):
    path = write_scenario(tmp_path, "[simulation]\nmonths = 3\nseed = 3\n")
    out = tmp_path / "r"
    assert run_cli(capsys, "run", str(path), "--out", str(out))[0] == 0
    first = (out / "manifest.json").read_text()
    code, _, err = run_cli(capsys, "run", str(path), "--out", str(out))
    assert code == 2 and "--force" in err
    import staffsim.results.run_folder as rf

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rf, "write_timeseries", boom)
    code, _, err = run_cli(capsys, "run", str(path), "--out", str(out), "--force", "--seed", "9")
    assert code == 1 and "disk full" in err
    assert (out / "manifest.json").read_text() == first  # the earlier run is intact
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.")] == []
    monkeypatch.undo()
    assert run_cli(capsys, "run", str(path), "--out", str(out), "--force", "--seed", "9")[0] == 0
    assert json.loads((out / "manifest.json").read_text())["seed"] == 9


def test_verify_a_plan_folder(tmp_path, capsys):
    scenario = copy_demo(tmp_path)
    out = tmp_path / "plan"
    assert run_cli(capsys, "plan", str(scenario), "--out", str(out), "--no-marginals")[0] == 0
    code, stdout, _ = run_cli(capsys, "verify", str(out))
    assert code == 0, stdout
    assert "moves of plan.csv against every rule" in stdout and stdout.strip().endswith("ok")

    # a result file changed after the fact
    balance = out / "balance.csv"
    balance.write_text(balance.read_text() + "\n", encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "verify", str(out))
    assert code == 1 and "balance.csv: changed since the folder was written" in stdout

    # a plan edited by hand (and re-sealed): the rules are re-checked on the saved inputs
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    lowland = next(r["from_commune"] for r in rows)
    rows[0]["to_commune"] = lowland
    with open(out / "plan.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (out / CHECKSUMS).unlink()
    write_checksums(out)
    code, stdout, _ = run_cli(capsys, "verify", str(out))
    assert code == 1 and "plan.csv: row 2" in stdout

    # the input table changed since the plan was made
    communes = tmp_path / "data" / "demo_communes.csv"
    communes.write_text(communes.read_text().replace("lowland", "mountain", 1), encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "verify", str(out))
    assert code == 1 and "demo_communes.csv: changed since the run" in stdout


def test_verify_refuses_what_is_not_a_result_folder(tmp_path, capsys):
    code, _, err = run_cli(capsys, "verify", str(tmp_path))
    assert code == 2 and "manifest.json" in err and len(err.strip().splitlines()) == 1
