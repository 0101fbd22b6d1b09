"""The optimiser on real provinces: feasibility, greedy never better, a second solver agrees,
brute force agrees on small random cases, marginal values agree with re-solving."""

import itertools

import numpy as np
import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.marginals import marginal_changes, marginal_value
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.planner import plan_all, plan_province
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import decode_moves, optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import assert_feasible, assert_plan_feasible, tiny_state


def scenario_state(name: str, **over):
    sc = load_scenario(SCENARIOS / f"{name}.toml", over or None)
    return state_from_roster(sc, initial_roster(sc))


@pytest.fixture(scope="module")
def thanh_hoa_plan():
    return plan_province("38", scenario_state("thanh_hoa"), marginals=False)


def test_thanh_hoa_plan_is_optimal_feasible_and_beats_greedy(thanh_hoa_plan):
    plan = thanh_hoa_plan
    assert plan.status == "Optimal"
    assert_plan_feasible(plan)
    opt, greedy = plan.outcome, plan.greedy_outcome
    assert greedy["moves"] > 0
    assert opt["weighted_unmet_after"] <= greedy["weighted_unmet_after"] + 1e-9
    assert opt["weighted_unmet_after"] < opt["weighted_unmet_before"]
    # province practice: only lowland units above their quota give, and no lowland commune is
    # below its quota, so lowland need can only grow (donors give surplus by headcount)
    assert opt["unmet_fte_after"]["lowland"] >= opt["unmet_fte_before"]["lowland"] - 1e-9
    st = plan.state
    total = st.in_post().sum(axis=1)
    donors = {int(st.commune[m.row]) for m in plan.moves}
    assert all(st.communes.zone[d] == 0 and total[d] > st.quota[d] for d in donors)
    # officials are conserved
    before = plan.state.in_post().sum()
    from staffsim.optimize.plan import after_staffing

    assert after_staffing(plan.state, plan.moves)[1].sum() == before


def test_cbc_reaches_the_highs_optimum(thanh_hoa_plan):
    """A second, different MIP algorithm gives the same objective value."""
    state = scenario_state("demo")
    _, highs, moves_h, _ = optimize_plan(state)
    cbc_state = scenario_state("demo", **{"optimizer.solver": "cbc"})
    _, cbc, moves_c, _ = optimize_plan(cbc_state)
    assert highs.status == cbc.status == "Optimal"
    assert cbc.objective["weighted_unmet"] == pytest.approx(highs.objective["weighted_unmet"],
                                                            rel=1e-6, abs=1e-6)
    assert_feasible(cbc_state, moves_c)


def _total(state, moves) -> float:
    """The weighted objective, recomputed from the moves alone."""
    o = state.params.optimizer.objective
    out = plan_outcome(state, moves)
    return (o.unmet_scale * out["weighted_unmet_after"] + o.cost_weight_per_bn
            * out["allowance_vnd"] / 1e9 + o.move_weight * out["moves"]
            + o.km_weight * out["km_total"])


@pytest.mark.parametrize("seed", range(6))
def test_brute_force_agrees_on_small_random_provinces(seed):
    """Enumerate every integer flow on every arc; keep those the checker accepts."""
    rng = np.random.default_rng(seed)
    communes = [("D1", "lowland", "phuong"), ("D2", "lowland", "xa"),
                ("M", "mountain", "xa"), ("H", "high_mountain", "xa")]
    officials, req = [], {}
    for d in ("D1", "D2"):
        for spec in ("land", "it"):
            k = int(rng.integers(1, 4))
            officials += [(d, spec)] * k
            req[(d, spec)] = float(rng.uniform(0.3, k))
        officials += [(d, "office")] * 20
        req[(d, "office")] = 20.0
    for r in ("M", "H"):
        for spec in ("land", "it"):
            req[(r, spec)] = float(rng.uniform(0.2, 2.5))
    km = {(d, r): float(rng.uniform(10, 120)) for d in ("D1", "D2") for r in ("M", "H")}
    budget = float(rng.choice([1e12, 0.35e9]))
    state = tiny_state(communes, officials, req, km, **{
        "optimizer.constraints.budget.vnd": budget,
        "optimizer.constraints.max_distance.km": float(rng.choice([1000.0, 80.0]))})
    inputs, res, moves, _ = optimize_plan(state)
    assert res.status == "Optimal"
    assert_feasible(state, moves)
    best = np.inf
    ranges = [range(int(u) + 1) for u in inputs.arc_upper]
    assert np.prod([len(r) for r in ranges]) < 200_000
    from staffsim.optimize.check import check_plan
    from staffsim.optimize.planner import plan_rows

    for x in itertools.product(*ranges):
        cand = decode_moves(inputs, np.array(x, dtype=np.int64))
        if len(cand) != sum(x) or check_plan(state, plan_rows(state, cand)):
            continue
        best = min(best, _total(state, cand))
    assert _total(state, moves) == pytest.approx(best, rel=1e-9, abs=1e-6)


WISN = {"optimizer.rules": "wisn"}


@pytest.mark.parametrize(("over", "binding", "floor"), [
    ({**WISN, "optimizer.constraints.budget.vnd": 3e9}, 0, "donor_floor_minus_1pt"),
    ({**WISN, "optimizer.constraints.budget.vnd": 3e9,
      "optimizer.constraints.max_distance.km": 150.0,
      "optimizer.constraints.donor_floor.share": 0.9}, 1, "donor_floor_minus_1pt"),
    # province practice: the wards' surplus above quota is what runs out first
    ({}, 2, "donor_quota_minus_5pt"),
])
def test_fast_marginals_match_resolving_from_scratch(over, binding, floor):
    state = scenario_state("demo", **over)
    plan = plan_province("P", state, marginals=True).finish()
    assert [m["lever"] for m in plan.marginals] == ["budget_plus_1bn", "distance_plus_10km",
                                                      floor]
    slow = [marginal_value(state, plan.outcome, *ch) for ch in marginal_changes(state)]
    for fast, ref in zip(plan.marginals, slow, strict=True):
        assert fast["status"] == ref["status"] == "Optimal"
        assert fast["weighted_unmet_reduction"] == pytest.approx(
            ref["weighted_unmet_reduction"], abs=1e-6)
    # relaxing the binding lever (budget, then distance) must buy something
    assert plan.marginals[binding]["weighted_unmet_reduction"] > 0


def test_superset_arcs_do_not_change_the_optimum():
    state = scenario_state("demo", **{"optimizer.constraints.max_distance.km": 150.0})
    _, plain, _, _ = optimize_plan(state)
    _, sup, _, _ = optimize_plan(state, superset=True)
    assert sup.objective["weighted_unmet"] == pytest.approx(plain.objective["weighted_unmet"])
    assert build_inputs(state, superset=True).n_arcs > build_inputs(state).n_arcs


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
def test_provinces_solve_independently_in_parallel_with_identical_results():
    state = scenario_state("vietnam", **{"province.provinces": ["11", "12"],
                                         "optimizer.marginals": False})
    serial = plan_all(state, workers=1)
    parallel = plan_all(state, workers=2)
    assert [p.code for p in serial] == ["11", "12"] == [p.code for p in parallel]
    for a, b in zip(serial, parallel, strict=True):
        assert a.status == "Optimal"
        assert_plan_feasible(a)
        assert [(m.row, m.to) for m in a.moves] == [(m.row, m.to) for m in b.moves]
        # no transfer crosses a province border
        assert set(a.state.communes.province) == {a.code}
