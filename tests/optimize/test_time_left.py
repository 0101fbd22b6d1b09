"""A model solved again gets its own time limit: HiGHS compares time_limit with the time of
every run of the object so far, so a limit of the time left stopped a model re-solved for a
while at once (a variant or a late node: TimeLimit with no plan, where one solve takes a
small part of the limit)."""

import time

import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_a_model_solved_many_times_still_has_its_time_limit():
    sc = load_scenario(SCENARIOS / "demo.toml", {"optimizer.constraints.budget.vnd": 3e9})
    state = state_from_roster(sc, initial_roster(sc))
    _, res, moves, tp = optimize_plan(state)
    assert res.status == "Optimal"
    bb = tp.bnb
    t = time.perf_counter()
    first = bb.solve()
    one = time.perf_counter() - t
    assert first.status == "Optimal"
    while bb.h.getRunTime() < 20 * one + 0.2:  # the object's clock, far past one solve
        bb.solve()
    bb.time_limit = 10 * one + 0.1  # ten solves' time, under the clock's total
    bb.h.clearSolver()  # from no basis: the solve iterates (HiGHS checks its clock then)
    again = bb.solve()
    assert again.status == "Optimal", again.status
    assert again.objective == pytest.approx(first.objective, abs=1e-6)
