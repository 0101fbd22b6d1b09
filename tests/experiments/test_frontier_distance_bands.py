"""Lạng Sơn's budget frontier solves each value to a proven optimum, the same one HiGHS's MIP
solver finds on its own. Lạng Sơn pays its allowance by commuting-distance band (24 months
of VND 0.5-2 m a month from 10 km: 12, 24, 36 or 48 m an official), which prices every arc
on its own, so its problem is the arc formulation, not pair flows by class. staffsim's branch
and bound, made for trees that branch on a handful of class counts, branched on single arcs:
at a budget of VND 2 bn it ran 4,700 nodes in its 60 s without a plan (a planner's trial:
"hết thời gian giải" on the frontier, 'giải 60,42 giây' for one plan), at 4 bn 30 s. A tree
that branches on such columns now goes to HiGHS's MIP solver after ``FLOW_NODE_LIMIT`` of
them (``branch.BranchAndBound``).

The reference is HiGHS's MIP on the PuLP model (``fast=False``), a different path through
the solver: the optimum is unique (``formulation``'s tie-break), so both give the same
transfers."""

from __future__ import annotations

import pytest

from staffsim.experiments.frontier import frontier
from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import branch
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

BUDGET = "optimizer.constraints.budget.vnd"
# a limit well above the seconds the fix takes (about 1), well below the minute the branch
# and bound spent on single arcs without a plan
LIMIT = {"optimizer.time_limit_s": 30.0}


@pytest.fixture(scope="module")
def lang_son():
    return load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20"], **LIMIT})


def _state(sc, budget: float):
    return with_params(state_from_roster(sc, initial_roster(sc)), set_param(BUDGET, budget))


def _key(moves) -> list[tuple[int, int, int]]:
    return sorted((m.row, m.to, m.spec_to) for m in moves)


def test_a_binding_budget_is_proven_optimal_with_highs_optimum(lang_son):
    state = _state(lang_son, 2e9)
    assert state.params.optimizer.allowance.distance_bands_km == [10.0, 20.0, 30.0, 40.0]
    _inp, res, moves, tp = optimize_plan(state)
    assert not tp.aggregated  # (the arc formulation: every arc its own allowance)
    assert res.status == "Optimal" and res.has_solution and moves
    _inp, ref, ref_moves, _tp = optimize_plan(state, fast=False)
    assert ref.status == "Optimal"
    assert _key(moves) == _key(ref_moves)
    assert res.objective["weighted_unmet"] == pytest.approx(ref.objective["weighted_unmet"],
                                                            abs=1e-6)
    assert res.objective["km"] == pytest.approx(ref.objective["km"], abs=1e-6)
    # the budget binds: 2 bn x 57 / 77 mountain communes (the national file's scale) is
    # VND 1.4805 bn, 123 steps of 12 m at most; the plan spends all 123
    assert budget_vnd(state) == pytest.approx(2e9 * 57 / 77)
    assert ref.objective["allowance_vnd_bn"] == pytest.approx(123 * 0.012, abs=1e-9)
    assert res.stages[-1]["method"] == "HiGHS MIP"  # handed over, not timed out
    # the solver's own terms are the plan's (they read 0 allowance and 0 moves)
    assert res.objective["allowance_vnd_bn"] == pytest.approx(123 * 0.012, abs=1e-9)
    assert res.objective["moves"] == pytest.approx(len(moves), abs=1e-6)
    assert len(moves) == len(ref_moves)


def test_the_frontier_points_are_proven_and_the_same_as_each_solved_alone(lang_son):
    values = [2e9, 4e9]
    points = frontier(lang_son, "optimizer.budget_vnd", values, workers=2)
    assert [p["status"] for p in points] == ["Optimal", "Optimal"]
    for v, p in zip(values, points, strict=True):
        _inp, ref, ref_moves, _tp = optimize_plan(_state(lang_son, v), fast=False)
        assert p["moves"] == len(ref_moves)
        assert p["weighted_unmet"] == pytest.approx(ref.objective["weighted_unmet"], abs=1e-6)


def test_a_tree_on_class_counts_stays_with_the_branch_and_bound():
    """Thanh Hóa (zone multiples: pair flows, two class counts) is not handed over."""
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    _inp, res, moves, tp = optimize_plan(state_from_roster(sc, initial_roster(sc)))
    assert tp.aggregated and res.status == "Optimal"
    assert res.stages[-1]["method"] == "branch and bound on the HiGHS LP"
    assert res.stages[-1]["nodes"] < branch.FLOW_NODE_LIMIT
