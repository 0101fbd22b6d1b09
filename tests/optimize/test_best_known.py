"""A solve stopped at its time limit before it found a plan as good as the greedy baseline:
``plan`` shows the baseline as the best plan known, and so do the questions that ask for an
optimum (whatif's sides, explain, the frontier's points through ``cache.optimum``), each
saying that the plan is not proven optimal. A trial found explain saying 'no plan; the lines
below are for no moves' and whatif comparing the baseline with no moves at all, while plan
on the same settings showed a plan with 258 moves."""

import json

import pytest

from staffsim.cli import main
from staffsim.experiments.states import single_state
from staffsim.optimize.cache import optimum
from staffsim.optimize.check import check_plan
from staffsim.optimize.greedy import greedy_plan
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.planner import plan_rows
from staffsim.optimize.sets import build_inputs
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

DEMO = str(SCENARIOS / "demo.toml")
STOP = "optimizer.time_limit_s=0.000001"  # the branch and bound stops before its first LP


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("STAFFSIM_NO_CACHE", "1")


def _state(stop: bool = False):
    overrides = {"optimizer.time_limit_s": 1e-6} if stop else {}
    return single_state(load_scenario(DEMO, overrides), 0)


def test_a_stopped_solve_gives_the_greedy_baseline_as_the_best_plan_known():
    state = _state(stop=True)
    opt = optimum(state)
    assert opt.status == "TimeLimit" and opt.found and opt.best_from == "greedy"
    assert opt.gap_rel is None  # the solver's bound is not this plan's gap
    greedy = greedy_plan(build_inputs(state))
    assert greedy and opt.moves == greedy
    assert check_plan(state, plan_rows(state, opt.moves)) == []  # the independent checker
    none = plan_outcome(state, [])["weighted_unmet_after"]
    assert plan_outcome(state, opt.moves)["weighted_unmet_after"] < none - 1


def test_a_proven_optimum_is_the_solvers():
    opt = optimum(_state())
    assert opt.status == "Optimal" and opt.best_from == "solver"


def _cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_whatif_says_which_side_is_not_proven_optimal(capsys):
    code, out, err = _cli(capsys, "whatif", DEMO, "--set", STOP, "--set",
                          "optimizer.budget_vnd=3e9", "--lang", "en")
    assert code == 0, err
    said = [ln.strip() for ln in out.splitlines() if "proven optimal" in ln]
    assert len(said) == 1 and said[0].startswith(
        "Variant: NOT proven optimal: the solver stopped (time limit reached) before it found "
        "a plan better than the greedy baseline"), out
    assert "no plan" not in out + err
    code, out, _ = _cli(capsys, "whatif", DEMO, "--set", STOP, "--set",
                        "optimizer.budget_vnd=3e9", "--json", "--lang", "en")
    data = json.loads(out)
    assert data["baseline"]["quality"] == [] and data["baseline"]["best_from"] == "solver"
    assert data["variant"]["best_from"] == "greedy" and data["variant"]["plan_found"]
    assert data["variant"]["moves"] > 0 and data["variant"]["violations"] == []


def test_explain_explains_the_best_plan_known(capsys):
    state = _state(stop=True)
    r = int(state.communes.zone.argmax())  # (a commune of the highest zone the demo has)
    code, out, err = _cli(capsys, "explain", DEMO, "--set", STOP, "--commune",
                          state.communes.ids[r], "--lang", "en")
    assert code == 0, err
    assert ("in the greedy baseline, the best plan known: the solver stopped (time limit "
            "reached) before it found a better one (not proven optimal):") in out.splitlines()[0]


def test_a_budget_whatif_and_frontier_stopped_give_the_best_plan_known(tmp_path, capsys):
    """The budget and the move limit are moved on one model (optimize.sequence): a trial's
    time-limited budget what-if and frontier still said 'no plan' on both sides. The time
    limit is the scenario's (a --set of it is the variant's alone)."""
    text = (SCENARIOS / "demo.toml").read_text("utf-8")
    limited = tmp_path / "demo_limited.toml"
    limited.write_text(text.replace('"data/', f'"{SCENARIOS / "data"}/').replace(
        "[optimizer]\n", "[optimizer]\ntime_limit_s = 0.000001\n", 1), encoding="utf-8")
    code, out, err = _cli(capsys, "whatif", str(limited), "--set",
                          "optimizer.constraints.budget.vnd=3e9", "--json", "--lang", "en")
    assert code == 0, err
    data = json.loads(out)
    for side in ("baseline", "variant"):
        assert data[side]["plan_found"] and data[side]["best_from"] == "greedy", side
        assert data[side]["moves"] > 0 and data[side]["violations"] == []
        assert "--set optimizer.time_limit_s" in data[side]["quality"][0]
    code, out, err = _cli(capsys, "frontier", str(limited), "--lever",
                          "optimizer.budget_vnd", "--range", "1e9:3e9:3", "--workers", "1",
                          "--out", str(tmp_path / "f"), "--lang", "en")
    assert "no plan" not in (out + err).lower(), out + err
    points = json.loads((tmp_path / "f" / "frontier.json").read_text("utf-8"))["points"]
    assert all(p["plan_found"] and p["moves"] for p in points)


def test_explain_at_the_time_limit_does_not_claim_optimal_changes(tmp_path, capsys):
    """Its changes tried stopped at the limit too: not 're-solved to optimality' (a review)."""
    text = (SCENARIOS / "demo.toml").read_text("utf-8")
    limited = tmp_path / "demo_limited.toml"
    limited.write_text(text.replace('"data/', f'"{SCENARIOS / "data"}/').replace(
        "[optimizer]\n", "[optimizer]\ntime_limit_s = 0.000001\n", 1), encoding="utf-8")
    state = _state(stop=True)
    r = int(state.communes.zone.argmax())
    code, out, err = _cli(capsys, "explain", str(limited), "--commune", state.communes.ids[r],
                          "--lang", "en")
    assert code == 0, err
    assert "re-solved to optimality" not in out
    assert "re-solved within the time limit, some not to optimality" in out
