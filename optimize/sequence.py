"""Several values of one lever on one model: the budget or the move limit is a row's upper
bound, so a frontier over it is a sequence of bound changes on the model solved first, each
solve warm-started from the last basis (``branch.BranchAndBound``), instead of one model built
and solved from scratch per value. With ``threads`` > 1 the values after the first are split
into that many runs of neighbouring values, each on its own copy of the solved model in a
thread (HiGHS releases the GIL while it solves): every value is still solved to proven
optimality, and the optimum is unique (``formulation``'s tie-break), so the plans do not depend
on which copy solved them."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.branch import BranchAndBound
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.solve import decode_moves, optimize_plan
from staffsim.scenarios.params import Params

# dotted parameter -> (row, its upper bound in a state), as the families write the rows
ROW_LEVERS: dict[str, tuple[str, Callable[[ProvinceState], float]]] = {
    "optimizer.constraints.budget.vnd": ("budget", lambda st: budget_vnd(st) / 1e9),
    "optimizer.constraints.max_moves.moves": (
        "max_moves", lambda st: float(st.params.optimizer.constraints.max_moves.moves)),
}


@dataclass
class Point:
    value: float | int
    state: ProvinceState  # with the lever at ``value``
    status: str
    found: bool
    gap_rel: float | None
    moves: list[Move]
    build_s: float
    solve_s: float


def row_lever(params: Params, key: str) -> bool:
    """The lever is a row bound and the problem is solved by the fast path."""
    p = params.optimizer
    return key in ROW_LEVERS and p.solver == "highs" and p.objective.method == "weighted"


def solve_row_lever(state: ProvinceState, key: str, values: list[float | int],
                    threads: int = 1) -> list[Point]:
    """One optimal plan per value of the row lever ``key`` (``row_lever``), in order."""
    row_name, bound = ROW_LEVERS[key]
    states = [with_params(state, set_param(key, v)) for v in values]
    # the loosest value first: its model holds the arcs every tighter value uses (a budget
    # of 0 moves nobody, and its root would keep almost no arc for the others), then the
    # others from the loosest down, each from a neighbour's basis
    order = sorted(range(len(values)), key=lambda i: (-bound(states[i]), i))
    t = time.perf_counter()
    inputs, res, moves, tp = optimize_plan(states[order[0]])
    build_s, first_s = res.build_s, time.perf_counter() - t - res.build_s
    first = Point(values[order[0]], states[order[0]], res.status, res.has_solution,
                  res.gap_rel, moves, build_s, first_s)
    rows = {c.name: i for i, c in enumerate(tp.prob.constraints())}
    rest = [(values[i], states[i]) for i in order[1:]]

    def in_order(points: list[Point]) -> list[Point]:
        at = dict(zip(order, points, strict=True))
        return [at[i] for i in range(len(values))]
    if tp.bnb is None or row_name not in rows or tp.infeasible_by_construction:
        # nothing can move, the rule is off or cannot bind: the value changes nothing
        out = [first]
        for value, st in rest:
            t = time.perf_counter()
            _, r, m, _ = optimize_plan(st)
            out.append(Point(value, st, r.status, r.has_solution, r.gap_rel, m, r.build_s,
                             time.perf_counter() - t - r.build_s))
        return in_order(out)

    def run(bb: BranchAndBound, part: list[tuple[float | int, ProvinceState]]) -> list[Point]:
        points = []
        for value, st in part:
            t = time.perf_counter()
            bb.set_row_upper(rows[row_name], bound(st))
            r = bb.solve()
            m = decode_moves(inputs, bb.pricer.values(r.x)) if r.found else []
            points.append(Point(value, st, r.status, r.found, r.gap_rel, m, 0.0,
                                time.perf_counter() - t))
        return points

    n = max(1, min(threads, len(rest)))
    if n == 1:
        return in_order([first, *run(tp.bnb, rest)])
    # contiguous runs of values: each solve starts from a near value's basis
    size = -(-len(rest) // n)
    parts = [rest[i:i + size] for i in range(0, len(rest), size)]
    models = [tp.bnb] + [tp.bnb.copy() for _ in parts[1:]]  # copied here: one at a time
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        done = list(pool.map(run, models, parts))
    return in_order([first, *(pt for part in done for pt in part)])
