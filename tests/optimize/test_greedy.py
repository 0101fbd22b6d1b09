"""The greedy baseline keeps its rule (largest surplus first, to the largest remaining deficit,
nearest on ties) with its donors in a heap: the same plans as picking the largest surplus
afresh before every move (the reference below, the rule as first written)."""

import copy

import numpy as np
import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import Move, provinces, state_from_roster
from staffsim.optimize.families import families
from staffsim.optimize.greedy import greedy_plan
from staffsim.optimize.sets import build_inputs
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import assert_feasible


def reference_greedy(inputs) -> list[Move]:
    same = np.flatnonzero((inputs.arc_spec_from == inputs.arc_spec_to) & (inputs.arc_upper >= 1))
    by_donor: dict = {}
    for a in same:
        by_donor.setdefault((int(inputs.arc_from[a]), int(inputs.arc_spec_from[a])), []).append(a)
    by_donor = {k: np.array(v) for k, v in by_donor.items()}
    out_left = inputs.max_out.astype(float).copy()
    taken: dict = {}
    deficit = inputs.deficit.copy()
    headcount = inputs.in_post.sum(axis=1).astype(float)
    # the recipient cap's rule: a commune above its cap may not grow, and the first official
    # into a vacant essential post (``cap_free``) is not counted
    cap = np.maximum(inputs.cap, headcount)
    vacant = inputs.cap_free.copy()
    give_left = inputs.max_give.astype(float).copy()
    limits = [lim for fam in families() for lim in fam.greedy_limits(inputs)]
    moves, exhausted = [], set()
    while True:
        donors = [k for k in by_donor if k not in exhausted and out_left[k] > 0
                  and give_left[k[0]] > 0]
        if not donors:
            return moves
        d, s = max(donors, key=lambda k: (out_left[k], -k[0], -k[1]))
        arcs = by_donor[(d, s)]
        r = inputs.arc_to[arcs]
        ok = (deficit[r, s] > 1e-9) & ((headcount[r] + 1 <= cap[r]) | vacant[r, s])
        for lim in limits:
            ok &= lim.use[arcs] <= lim.room[lim.group[arcs]] + 1e-6
        if not ok.any():
            exhausted.add((d, s))
            continue
        cand = arcs[ok]
        rr = inputs.arc_to[cand]
        best = cand[np.lexsort((inputs.arc_km[cand], -np.round(deficit[rr, s], 6)))[0]]
        to = int(inputs.arc_to[best])
        k = taken.get((d, s), 0)
        moves.append(Move(int(inputs.movable_rows[(d, s)][k]), to, s))
        taken[(d, s)] = k + 1
        out_left[d, s] -= 1
        give_left[d] -= 1
        deficit[to, s] -= 1
        headcount[to] += 0 if vacant[to, s] else 1
        vacant[to, s] = False
        headcount[d] -= 1
        for lim in limits:
            lim.room[lim.group[best]] -= lim.use[best]


@pytest.mark.parametrize(("name", "over"), [
    ("demo", {}), ("demo", {"optimizer.constraints.budget.vnd": 1e9}),
    ("demo", {"optimizer.rules": "wisn"}), ("thanh_hoa", {}),
    ("vietnam", {"province.provinces": ["11", "44"]}),
])
def test_same_plans_as_the_rule_as_first_written(name, over):
    sc = load_scenario(SCENARIOS / f"{name}.toml", over or None)
    for _, state in provinces(state_from_roster(sc, initial_roster(sc))):
        inputs = build_inputs(state)
        moves = greedy_plan(copy.deepcopy(inputs))
        assert moves == reference_greedy(copy.deepcopy(inputs))
        assert_feasible(state, moves)


@pytest.mark.parametrize("background", [True, False])
@pytest.mark.parametrize("marginals", [True, False])
def test_planner_baseline_is_the_rule(marginals, background):
    """plan_province's greedy baseline (made while the marginal values solve in a thread, and
    with ``background`` in a thread of its own while HiGHS solves the optimum): the same moves
    and outcome as the rule above applied to the inputs alone, and the optimum is a solve's on
    its own."""
    from staffsim.optimize.plan import plan_outcome
    from staffsim.optimize.planner import plan_province
    from staffsim.optimize.solve import optimize_plan

    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    (code, state), = provinces(state_from_roster(sc, initial_roster(sc)))
    expected = reference_greedy(build_inputs(state))
    plan = plan_province(code, state, marginals=marginals, background=background)
    assert plan.greedy_moves == expected
    assert plan.greedy_outcome == plan_outcome(state, expected)
    assert plan.timings["greedy_s"] > 0
    assert plan.finish().proven_optimal
    assert plan.moves == optimize_plan(state)[2]
