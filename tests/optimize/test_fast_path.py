"""The fast path (branch and bound on the HiGHS LP, knapsack hull cuts, arcs priced in) against
the slow path (HiGHS's MIP solver on the full model), brute force and a second solver."""

import itertools

import highspy
import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import branch
from staffsim.optimize.branch import BranchAndBound, hull_cuts
from staffsim.optimize.formulation import build_problem, tie_break
from staffsim.optimize.planner import plan_province
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import initial_arcs, optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import assert_feasible


def scenario_state(name: str, **over):
    sc = load_scenario(SCENARIOS / f"{name}.toml", over or None)
    return state_from_roster(sc, initial_roster(sc))


@pytest.mark.parametrize("seed", range(40))
def test_hull_cuts_are_valid_and_exact(seed):
    """Every integer point within the budget meets every cut, and the cuts' LP maximum of a
    random objective equals the best integer point (found by enumeration)."""
    rng = np.random.default_rng(seed)
    c0, c1 = rng.uniform(0.05, 0.5, 2)
    if seed % 4 == 0:
        c0, c1 = 0.1053, 0.14742  # Thanh Hóa's two allowance classes (VND bn)
    budget = float(rng.uniform(0.3, 6.0))
    cuts = hull_cuts(c0, c1, budget)
    pts = [(x, y) for x in range(int(budget / c0) + 2) for y in range(int(budget / c1) + 2)
           if c0 * x + c1 * y <= budget + 1e-9 * budget]
    for a, b, r in cuts:
        assert all(a * x + b * y <= r for x, y in pts)
    for _ in range(5):
        w = rng.uniform(0, 1, 2)
        best = max(w[0] * x + w[1] * y for x, y in pts)
        a = np.array([[a, b] for a, b, _ in cuts], float)
        res = milp(-w, constraints=LinearConstraint(a, -np.inf, [r for *_, r in cuts]),
                   bounds=Bounds(0, np.inf))  # continuous: the LP over the cuts
        assert -res.fun == pytest.approx(best, abs=1e-7)


def _random_mip(rng):
    n, m = 8, 5
    c = rng.integers(-9, 9, n).astype(float)
    a = rng.integers(0, 6, (m, n)).astype(float)
    ub = rng.integers(1, 4, n).astype(float)
    rhs = a @ (ub / 2) + rng.uniform(0, 2, m)
    integer = np.flatnonzero(rng.uniform(size=n) < 0.7)
    return c, a, ub, rhs, integer


@pytest.mark.parametrize("seed", range(25))
def test_branch_and_bound_matches_scipy_milp(seed):
    """General integer programs (not the transfer problem): same optimum as SciPy's milp."""
    c, a, ub, rhs, integer = _random_mip(np.random.default_rng(seed))
    n, m = len(c), len(rhs)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    h.addCols(n, c, np.zeros(n), ub, 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
              np.zeros(0))
    for i in range(m):
        h.addRow(-highspy.kHighsInf, rhs[i], n, np.arange(n, dtype=np.int32), a[i])
    bb = BranchAndBound(h, integer, [], integer, [], np.zeros(n), ub, {}, time_limit=30,
                        gap_rel=0.0)
    res = bb.solve()
    kind = np.zeros(n)
    kind[integer] = 1
    ref = milp(c, constraints=LinearConstraint(a, -np.inf, rhs), bounds=Bounds(0, ub),
               integrality=kind)
    assert res.status == "Optimal" and ref.success
    assert res.objective == pytest.approx(ref.fun, abs=1e-6)
    assert np.allclose(res.x[integer], np.round(res.x[integer]), atol=1e-6)
    assert np.all(a @ res.x <= rhs + 1e-6)


def _knapsack_mip(rng, c0: float, c1: float, budget: float):
    """Two class counts N0, N1 under a budget knapsack (the hull cuts' and the lattice
    branching's case), plus integer flows y_k <= cap_k that the counts feed
    (N0 + N1 = sum y), each y_k worth a random amount: a small transfer problem."""
    k = 4
    n = 2 + k
    cost = np.r_[rng.uniform(-0.3, 0.3, 2), -rng.uniform(0.5, 3.0, k)]
    cap = rng.integers(2, int(budget / min(c0, c1)) + 3, k).astype(float)
    ub = np.r_[np.full(2, highspy.kHighsInf), cap]
    rows = [(np.r_[c0, c1, np.zeros(k)], -highspy.kHighsInf, budget),
            (np.r_[1.0, 1.0, -np.ones(k)], 0.0, 0.0)]
    return n, cost, ub, rows


@pytest.mark.parametrize("seed", range(30))
def test_lattice_branching_on_a_budget_matches_scipy_milp(seed):
    """Branch and bound with the knapsack's hull cuts and lattice branching (the budget binds,
    so the LP sits on a hull facet): the optimum SciPy's milp finds on the same problem."""
    rng = np.random.default_rng(seed)
    c0, c1 = (0.1053, 0.14742) if seed % 3 == 0 else tuple(rng.uniform(0.05, 0.5, 2))
    budget = float(rng.uniform(0.5, 8.0))
    n, cost, ub, rows = _knapsack_mip(rng, c0, c1, budget)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    h.addCols(n, cost, np.zeros(n), ub, 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
              np.zeros(0))
    for a, lo, hi in rows:
        h.addRow(lo, hi, n, np.arange(n, dtype=np.int32), a)
    integer = np.arange(n)
    bb = BranchAndBound(h, integer, [0, 1], integer, [branch.Knapsack(0, [0, 1], [c0, c1])],
                        np.zeros(n), ub, {0: budget}, time_limit=30, gap_rel=0.0)
    res = bb.solve()
    ref = milp(cost, constraints=LinearConstraint(np.array([a for a, *_ in rows]),
                                                  [lo for _, lo, _ in rows],
                                                  [hi for *_, hi in rows]),
               bounds=Bounds(0, ub), integrality=np.ones(n))
    assert res.status == "Optimal" and ref.success
    assert res.objective == pytest.approx(ref.fun, abs=1e-6)
    x = res.x[:n]
    assert np.allclose(x, np.round(x), atol=1e-6)
    assert c0 * x[0] + c1 * x[1] <= budget * (1 + 1e-9)


def test_lattice_branching_finds_the_point_on_the_budget_line_at_once():
    """Thanh Hóa's two classes (5:7 in cost) and its VND 45 bn: the best of max N0 + N1
    (enumerated: 17 + 293 = 310 and 10 + 298 = 308 are on the line; 12 + 296.57 is the
    LP's vertex) is reached in three nodes, not by walking the line one N1 at a time."""
    c0, c1, budget = 0.1053, 0.14742, 45.0
    pts = [(a, b) for a in range(428) for b in range(306) if c0 * a + c1 * b <= budget + 1e-9]
    # objective: more officials, then more of the cheaper class (N0)
    best = max(pts, key=lambda p: (p[0] + p[1], p[0]))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    cost = np.array([-1.0 - 1e-4, -1.0])
    h.addCols(2, cost, np.zeros(2), np.full(2, highspy.kHighsInf), 0, np.zeros(0, np.int32),
              np.zeros(0, np.int32), np.zeros(0))
    h.addRow(-highspy.kHighsInf, budget, 2, np.arange(2, dtype=np.int32), np.array([c0, c1]))
    bb = BranchAndBound(h, np.arange(2), [0, 1], np.arange(2),
                        [branch.Knapsack(0, [0, 1], [c0, c1])], np.zeros(2),
                        np.full(2, highspy.kHighsInf), {0: budget}, time_limit=30, gap_rel=0.0)
    res = bb.solve()
    assert tuple(np.round(res.x[:2]).astype(int)) == best
    assert res.nodes <= 5


@pytest.mark.parametrize(("a", "b"), [(5, 7), (7, 5), (1, 1), (1, 9), (13, 8), (34, 55)])
def test_lattice_step_is_unimodular(a, b):
    p, q = branch.lattice_step(a, b)
    assert a * q - b * p == 1


@pytest.mark.parametrize("over", [
    {},
    {"optimizer.constraints.budget.vnd": 3e9},
    {"optimizer.constraints.budget.vnd": 2.2e9, "optimizer.constraints.max_moves.moves": 14},
    {"optimizer.constraints.budget.vnd": 3e9, "optimizer.constraints.donor_floor.share": 0.8,
     "optimizer.constraints.max_distance.km": 120.0},
    {"optimizer.constraints.cover_essential.enabled": True, "optimizer.constraints.budget.vnd":
     4e9},
])
def test_fast_path_gives_the_slow_paths_plan(over):
    """Same plan and objective as HiGHS's MIP solver on the full model (ties are broken in the
    objective, so the optimum is unique)."""
    state = scenario_state("demo", **over)
    _, fast, fast_moves, tp = optimize_plan(state)
    _, slow, slow_moves, _ = optimize_plan(state, fast=False)
    assert fast.status == slow.status
    if slow.status != "Optimal":
        return
    assert tp.bnb is not None  # the fast path ran
    assert fast.objective == pytest.approx(slow.objective, abs=1e-6)
    assert fast_moves == slow_moves
    assert_feasible(state, fast_moves)


@pytest.mark.slow  # HiGHS's MIP solver on the full Thanh Hóa model: 10-13 s
def test_thanh_hoa_with_a_binding_budget_fast_equals_slow(thanh_hoa_36):
    state, (inputs, fast, fast_moves, tp) = thanh_hoa_36
    _, slow, slow_moves, _ = optimize_plan(state, fast=False)
    assert fast.status == slow.status == "Optimal"
    assert fast.objective["allowance_vnd_bn"] > 35.8  # the budget binds
    assert fast.objective == pytest.approx(slow.objective, abs=1e-6)
    assert fast_moves == slow_moves
    assert_feasible(state, fast_moves)
    # most arcs never enter the model: they are priced out
    assert int((tp.bnb.pricer.col >= 0).sum()) < inputs.n_arcs / 2


def test_arcs_priced_in_reach_the_all_arcs_optimum():
    """Starting from each pair's single nearest partner, pricing finds the same optimum as
    the model with every arc."""
    state = scenario_state("demo", **{"optimizer.constraints.budget.vnd": 3e9})
    _, full, full_moves, _ = optimize_plan(state)
    from staffsim.optimize import solve

    real = solve.initial_arcs
    try:
        solve.initial_arcs = lambda inputs, prefer=None: initial_arcs(inputs, k=1, prefer=prefer)
        _, few, few_moves, tp = optimize_plan(state)
    finally:
        solve.initial_arcs = real
    assert few.objective == pytest.approx(full.objective, abs=1e-6)
    assert few_moves == full_moves


@pytest.fixture(scope="module")
def thanh_hoa_36():
    """Thanh Hóa with a budget that binds (VND 36 bn for two allowance classes)."""
    state = scenario_state("thanh_hoa", **{"optimizer.constraints.budget.vnd": 36e9})
    return state, optimize_plan(state)


@pytest.mark.slow  # Thanh Hóa solved twice (2.5 s): CI's second step
def test_a_large_tree_is_handed_to_highs_with_the_same_answer(monkeypatch, thanh_hoa_36):
    state, (_, ref, ref_moves, _) = thanh_hoa_36
    assert ref.stages[-1]["nodes"] > 1
    monkeypatch.setattr(branch, "NODE_LIMIT", 1)
    _, res, moves, tp = optimize_plan(state)
    assert res.stages[-1]["method"] == "HiGHS MIP"
    assert res.status == "Optimal"
    assert res.objective == pytest.approx(ref.objective, abs=1e-6)
    assert_feasible(state, moves)


def test_marginal_values_on_copies_match_resolving_from_scratch():
    state = scenario_state("demo", **{"optimizer.constraints.budget.vnd": 2.5e9,
                                      "optimizer.constraints.max_distance.km": 120.0})
    plan = plan_province("P", state, marginals=True, threads=1).finish()
    from staffsim.optimize.marginals import marginal_changes, marginal_value

    slow = [marginal_value(state, plan.outcome, *ch) for ch in marginal_changes(state)]
    assert [m["lever"] for m in plan.marginals] == [m["lever"] for m in slow]
    for fast, ref in zip(plan.marginals, slow, strict=True):
        assert fast["status"] == ref["status"] == "Optimal"
        assert fast["weighted_unmet_reduction"] == pytest.approx(
            ref["weighted_unmet_reduction"], abs=1e-6)


def test_tie_break_is_a_function_of_ids_not_of_order():
    """The same move gets the same preference whatever the arcs' order or the province's
    other communes; preferences differ between moves."""
    state = scenario_state("demo")
    inputs = build_inputs(state)
    h = tie_break(inputs)
    assert np.all((h >= 0) & (h < 1)) and len(np.unique(h)) == len(h)
    keep = np.arange(inputs.n_arcs)[::-1]
    import dataclasses

    flipped = dataclasses.replace(inputs, arc_from=inputs.arc_from[keep],
                                  arc_to=inputs.arc_to[keep],
                                  arc_spec_from=inputs.arc_spec_from[keep],
                                  arc_spec_to=inputs.arc_spec_to[keep])
    assert np.array_equal(tie_break(flipped), h[keep])


def test_exact_ties_are_resolved_the_same_way_by_both_paths():
    """Two recipients short of whole officials in two specialties, one donor with one spare
    official of each, budget for one move: every plan of one move is equally good but for the
    tie-break, which both paths follow."""
    from ..optim_helpers import tiny_state

    for order in (["land", "it"], ["it", "land"]):
        state = tiny_state(
            [("D", "lowland", "phuong"), ("R", "mountain", "xa")],
            [("D", order[0]), ("D", order[0]), ("D", order[1]), ("D", order[1]),
             ("D", "office")],
            {("D", "land"): 1.0, ("D", "it"): 1.0, ("R", "land"): 1.0, ("R", "it"): 1.0,
             ("D", "office"): 1.0},
            {("D", "R"): 40.0},
            **{"optimizer.constraints.budget.vnd": 0.12e9})
        _, fast, fast_moves, _ = optimize_plan(state)
        _, slow, slow_moves, _ = optimize_plan(state, fast=False)
        assert len(fast_moves) == 1 and fast_moves == slow_moves
        inputs = build_inputs(state)
        h = tie_break(inputs)
        chosen = int(np.flatnonzero(fast.x)[0])
        assert h[chosen] == min(h[a] for a in range(inputs.n_arcs) if inputs.arc_upper[a])


def test_problem_rows_are_the_same_with_and_without_generated_columns():
    """Generating columns leaves every row in the model (only arcs start out)."""
    state = scenario_state("demo")
    inputs = build_inputs(state)
    full = build_problem(inputs)
    part = build_problem(inputs, active=initial_arcs(inputs, k=1))
    assert full.prob.row_names == part.prob.row_names
    assert sum(v is not None for v in part.x) < sum(v is not None for v in full.x)
    with pytest.raises(ValueError):
        build_problem(inputs, elastic=True, active=initial_arcs(inputs))


def test_combinations_of_levers_keep_fast_equal_slow_on_small_random_provinces():
    """Budget, moves and distance limits crossed on the demo province."""
    for budget, moves, km in itertools.product((1.5e9, 3e9), (6, 40), (90.0, 300.0)):
        state = scenario_state("demo", **{"optimizer.constraints.budget.vnd": budget,
                                          "optimizer.constraints.max_moves.moves": moves,
                                          "optimizer.constraints.max_distance.km": km})
        _, fast, fast_moves, _ = optimize_plan(state)
        _, slow, slow_moves, _ = optimize_plan(state, fast=False)
        assert fast.status == slow.status == "Optimal"
        assert fast.objective == pytest.approx(slow.objective, abs=1e-6), (budget, moves, km)
        assert fast_moves == slow_moves


def test_preferred_arcs_change_nothing_but_the_start():
    """``prefer`` (arcs of a nearby plan put in the model from the start) gives the same
    optimum as pricing them in; arcs the problem forbids stay out."""
    import numpy as np

    from staffsim.experiments.states import plan_state
    from staffsim.optimize.pairs import arc_pair_keys, move_pair_keys

    sc = load_scenario(SCENARIOS / "thanh_hoa.toml", {"optimizer.budget_vnd": 30e9})
    st = plan_state(sc, 0)
    inputs, res, moves, tp = optimize_plan(st)
    keys = arc_pair_keys(inputs)
    start = initial_arcs(inputs, prefer=keys)  # every arc preferred: every allowed arc
    assert np.array_equal(start, inputs.arc_upper > 0)
    assert initial_arcs(inputs, k=4).sum() < start.sum()
    assert np.array_equal(initial_arcs(inputs), start)  # no preference: every allowed arc
    assert set(move_pair_keys(st, moves)) <= set(keys[res.x > 0])
    for prefer in (move_pair_keys(st, moves), keys[::7]):
        _, again, moves2, _ = optimize_plan(st, prefer=prefer)
        assert moves2 == moves
        assert again.objective == pytest.approx(res.objective, rel=1e-12, abs=1e-9)


def test_scenarios_with_different_solver_threads_solve_in_one_process():
    """HiGHS sizes one thread scheduler per process and refuses models asking for another
    size: a process that plans a scenario with optimizer.threads = 2 and then one with 1 (the
    dashboard, a sweep worker) must still get both plans, by both paths."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 2)
    h.addCols(1, np.array([1.0]), np.zeros(1), np.ones(1), 0, np.zeros(0, np.int32),
              np.zeros(0, np.int32), np.zeros(0))
    h.changeColsIntegrality(1, np.array([0], np.int32),
                            np.array([highspy.HighsVarType.kInteger]))
    h.run()  # the scheduler now has two threads
    for threads in (1, 2, 1):
        state = scenario_state("demo", **{"optimizer.threads": threads})
        for fast in (True, False):
            _, res, moves, _ = optimize_plan(state, fast=fast)
            assert res.status == "Optimal", (threads, fast, res.stages)
            assert moves
    # each thread has its own scheduler (highspy 1.16): another thread at 2, then this one
    import threading

    seen = {}
    other = threading.Thread(target=lambda: seen.update(status=optimize_plan(
        scenario_state("demo", **{"optimizer.threads": 2}))[1].status))
    other.start()
    other.join()
    assert seen["status"] == "Optimal"
    for threads in (2, 1):
        res = optimize_plan(scenario_state("demo", **{"optimizer.threads": threads}))[1]
        assert res.status == "Optimal", (threads, res.stages)


@pytest.mark.parametrize("n", [0, 1, 7, 500])
def test_arc_groups_keep_the_order_of_a_loop_over_the_arcs(n):
    """Rows and columns are made in the order of the groups: the sorted grouping must give
    the keys in order of first appearance and each group's arcs ascending, as a plain loop."""
    from staffsim.optimize.formulation import _groups

    keys = np.random.default_rng(n).integers(0, 12, (n, 2))
    loop: dict = {}
    for a, k in enumerate(map(tuple, keys.tolist())):
        loop.setdefault(k, []).append(a)
    assert list(_groups(keys).items()) == list(loop.items())


def test_a_node_that_needs_an_arc_the_root_dropped_is_not_called_infeasible():
    """Province 51 of the national scenario with a small budget and a low lowland allowance:
    the lattice child that holds the optimum needs arcs the root LP found useless and dropped;
    without them its LP is infeasible, which pruned the optimum (47 moves instead of 48). The
    fast path must give the reference path's plan."""
    from staffsim.experiments.states import plan_state
    from staffsim.model.state import provinces

    sc = load_scenario(SCENARIOS / "vietnam.toml", {
        "optimizer.constraints.budget.vnd": 8e9,
        "optimizer.allowance.zone_multiple.lowland": 0.4})
    state = dict(provinces(plan_state(sc, 0)))["51"]
    _, fast, fast_moves, _ = optimize_plan(state)
    _, slow, slow_moves, _ = optimize_plan(state, fast=False)
    assert fast.status == slow.status == "Optimal"
    assert fast.objective == pytest.approx(slow.objective, abs=1e-6)
    assert fast_moves == slow_moves
    assert_feasible(state, fast_moves)


@pytest.mark.slow  # Thanh Hóa planned, then each lever re-solved from scratch: 3-4 s
def test_thanh_hoa_marginal_values_on_copies_match_resolving_from_scratch():
    """Under the province's practice with its department pool: the pool units' ids hold a
    '-' (38-STC), which PuLP replaces in row names, so their donor-quota rows were not moved
    with the lever and a lower quota share was valued at 'no change' (6.95 points of
    weighted unmet need in truth)."""
    from staffsim.experiments.states import plan_state
    from staffsim.optimize.marginals import marginal_changes, marginal_value

    state = plan_state(load_scenario(SCENARIOS / "thanh_hoa.toml"), 0)
    plan = plan_province("38", state, marginals=True).finish()
    slow = [marginal_value(state, plan.outcome, *ch) for ch in marginal_changes(state)]
    assert "donor_quota_minus_5pt" in [m["lever"] for m in slow]
    for fast, ref in zip(plan.marginals, slow, strict=True):
        assert fast["lever"] == ref["lever"]
        assert fast["status"] == ref["status"] == "Optimal"
        assert fast["weighted_unmet_reduction"] == pytest.approx(
            ref["weighted_unmet_reduction"], abs=1e-6), fast["lever"]
