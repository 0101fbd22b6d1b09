"""Greedy baseline: largest surplus first, to the largest remaining deficit (nearest on ties).

Same candidate moves and the same rules as the optimiser (it reads the same ``PlanInputs``,
and each constraint family's ``greedy_limits``), same-specialty moves only; one official at a
time until no allowed move helps.
"""

from __future__ import annotations

import heapq

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.families import families
from staffsim.optimize.inputs import PlanInputs


def greedy_plan(inputs: PlanInputs) -> list[Move]:
    same = np.flatnonzero((inputs.arc_spec_from == inputs.arc_spec_to) & (inputs.arc_upper >= 1))
    by_donor: dict[tuple[int, int], np.ndarray] = {}
    for a in same:
        by_donor.setdefault((int(inputs.arc_from[a]), int(inputs.arc_spec_from[a])), []).append(a)
    by_donor = {k: np.array(v) for k, v in by_donor.items()}
    out_left = inputs.max_out.astype(float).copy()
    taken: dict[tuple[int, int], int] = {}
    deficit = inputs.deficit.copy()
    headcount = inputs.in_post.sum(axis=1).astype(float)  # as the recipient cap counts it
    cap = np.maximum(inputs.cap, headcount)  # (one above it before may not grow)
    free = inputs.cap_free.copy()  # vacant essential posts: their first official is uncapped
    give_left = inputs.max_give.astype(float).copy()
    limits = [lim for fam in families() for lim in fam.greedy_limits(inputs)]
    moves: list[Move] = []
    # donors by largest surplus first (ties: lowest commune, then lowest specialty), in a heap
    # with lazy updates: an entry whose surplus is out of date is dropped when it comes up
    heap = [(-out_left[k], k[0], k[1]) for k in by_donor if out_left[k] > 0]
    heapq.heapify(heap)
    while heap:
        neg_left, d, s = heapq.heappop(heap)
        if -neg_left != out_left[d, s] or out_left[d, s] <= 0 or give_left[d] <= 0:
            continue  # stale, used up, or the commune gives no more
        arcs = by_donor[(d, s)]
        r = inputs.arc_to[arcs]
        ok = (deficit[r, s] > 1e-9) & ((headcount[r] + 1 <= cap[r]) | free[r, s])
        for lim in limits:
            ok &= lim.use[arcs] <= lim.room[lim.group[arcs]] + 1e-6
        if not ok.any():
            continue  # exhausted: nothing it could give helps, now or later
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
        if free[to, s]:
            free[to, s] = False
        else:
            headcount[to] += 1
        headcount[d] -= 1
        for lim in limits:
            lim.room[lim.group[best]] -= lim.use[best]
        if out_left[d, s] > 0:
            heapq.heappush(heap, (-out_left[d, s], d, s))
    return moves


def greedy_if_better(state: ProvinceState, inputs: PlanInputs, found: bool,
                     weighted_unmet: float | None,
                     greedy: tuple[list[Move], dict] | None = None
                     ) -> tuple[list[Move], dict] | None:
    """When the solver stopped at a limit: the greedy baseline's moves and outcome if they
    break no rule and leave less weighted unmet need than what the solver found
    (``weighted_unmet``), or the solver found nothing; else None. A planner must never be
    shown a worse plan than the baseline, nor 'no plan' where the baseline is one: ``plan``,
    and the optimum a what-if, explain or frontier asks for, keep the better of the two.
    ``greedy``: the baseline's moves and outcome if made already."""
    from staffsim.optimize.check import check_plan, plan_rows
    from staffsim.optimize.plan import plan_outcome

    if greedy is None:
        moves = greedy_plan(inputs)
        greedy = moves, plan_outcome(state, moves)
    moves, outcome = greedy
    better = not found or (weighted_unmet is not None and outcome["weighted_unmet_after"]
                           < weighted_unmet - 1e-9)
    if better and moves and not check_plan(state, plan_rows(state, moves)):
        return moves, outcome
    return None


def greedy_when_stopped(state: ProvinceState, inputs: PlanInputs, status: str, found: bool,
                        moves: list[Move]) -> list[Move] | None:
    """The greedy baseline's moves when the solver stopped at a limit (a status of
    ``solve.OK_STATUSES`` other than Optimal) with ``moves`` worse than the baseline, or
    none (``found``), and the baseline breaks no rule (``greedy_if_better``); else None.
    What ``cache.optimum`` and ``sequence.solve_row_lever`` keep as the best plan known."""
    from staffsim.optimize.plan import plan_outcome
    from staffsim.optimize.solve import OK_STATUSES

    if status == "Optimal" or status not in OK_STATUSES:
        return None
    better = greedy_if_better(state, inputs, found, plan_outcome(state, moves)[
        "weighted_unmet_after"] if found else None)
    return None if better is None else better[0]
