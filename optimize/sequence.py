"""Several values of one lever on one model: the budget or the move limit is a row's upper
bound, so a frontier over it is a sequence of bound changes on the model solved first, each
solve warm-started from the last basis (``branch.BranchAndBound``), instead of one model built
and solved from scratch per value. With ``threads`` > 1 the values after the first form runs
of neighbouring values, each worked from both ends by copies of the model in threads (HiGHS
releases the GIL while it solves); one copy starts on the tightest values while the loosest
is still being solved. Every value is still solved to proven optimality, and the optimum is
unique (``formulation``'s tie-break), so the plans do not depend on which copy solved them."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.branch import BranchAndBound
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.problem import TransferProblem
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
    # the candidate moves with the lever at ``value`` (a row lever bounds a row, not a
    # candidate: the model's inputs with this point's state), for what reads the plan after
    # (``binding.binding_rules``: building them again took 0.025 s a point, after the solves)
    inputs: PlanInputs | None = None
    best_from: str = "solver"  # or "greedy": the best plan known (``_best_known``)


def row_lever(params: Params, key: str) -> bool:
    """The lever is a row bound and the problem is solved by the fast path."""
    p = params.optimizer
    return key in ROW_LEVERS and p.solver == "highs" and p.objective.method == "weighted"


def _best_known(pt: Point) -> Point:
    """A point the solver stopped at a limit with a worse plan than the greedy baseline, or
    none: the baseline, as ``plan`` and ``cache.optimum`` keep it (a trial's time-limited
    budget what-if and frontier said 'no plan' where plan showed the greedy one)."""
    if pt.status == "Optimal":
        return pt
    from staffsim.optimize.greedy import greedy_when_stopped
    from staffsim.optimize.sets import build_inputs

    inputs = pt.inputs if pt.inputs is not None else build_inputs(pt.state)
    greedy = greedy_when_stopped(pt.state, inputs, pt.status, pt.found, pt.moves)
    if greedy is None:
        return pt
    return replace(pt, moves=greedy, found=True, gap_rel=None, best_from="greedy")


def solve_row_lever(state: ProvinceState, key: str, values: list[float | int],
                    threads: int = 1) -> list[Point]:
    """One optimal plan per value of the row lever ``key`` (``row_lever``), in order; where
    the solver stopped at a limit, the best plan known (``_best_known``)."""
    return [_best_known(pt) for pt in _solve_row_lever(state, key, values, threads)]


def _solve_row_lever(state: ProvinceState, key: str, values: list[float | int],
                     threads: int = 1) -> list[Point]:
    row_name, bound = ROW_LEVERS[key]
    states = [with_params(state, set_param(key, v)) for v in values]
    # the loosest value first: its model holds the arcs every tighter value uses (a budget
    # of 0 moves nobody, and its root would keep almost no arc for the others), then the
    # others from the loosest down, each from a neighbour's basis
    order = sorted(range(len(values)), key=lambda i: (-bound(states[i]), i))
    rest = [(values[i], states[i]) for i in order[1:]]
    # (one other value, as a what-if's variant: two threads still, the copy made before the
    # first solve takes it cold beside it, which ends sooner than waiting to start it warm)
    n = max(1, min(threads, max(len(rest), 2 if rest else 1)))
    # contiguous runs of the other values, each worked from both of its ends by two copies
    # of the model: every solve starts from a neighbour's basis, and the two meet wherever
    # the work divides evenly (looser values take longer: more moves to choose; a fixed
    # split in halves left one thread 1.6 times the other's solving on a frontier of 13
    # budget values). The tighter end of the first run starts on a copy made before the
    # loosest value is solved, so both cores solve from the start.
    size = -(-len(rest) // -(-n // 2)) if rest else 1
    runs = [deque(enumerate(rest[i:i + size], i)) for i in range(0, len(rest), size)]
    ends = [(run, k == 0) for run in runs for k in range(2)][:n] if n > 1 else []
    lock, stop = threading.Lock(), threading.Event()
    row: list[int] = []  # the lever's row, once the model is built

    def solve_at(bb: BranchAndBound, inputs: PlanInputs, value: float | int,
                 st: ProvinceState) -> Point:
        t = time.perf_counter()
        bb.set_row_upper(row[0], bound(st))
        r = bb.solve()
        m = decode_moves(inputs, bb.pricer.values(r.x)) if r.found else []
        return Point(value, st, r.status, r.found, r.gap_rel, m, 0.0, time.perf_counter() - t,
                     replace(inputs, state=st))

    def work(bb: BranchAndBound, inputs: PlanInputs, run: deque, from_left: bool
             ) -> list[tuple[int, Point]]:
        done = []
        try:
            while not stop.is_set():
                with lock:
                    if not run:
                        break
                    i, (value, st) = run.popleft() if from_left else run.pop()
                done.append((i, solve_at(bb, inputs, value, st)))
        except BaseException:
            stop.set()  # the other copies end after the value they are solving
            raise
        return done

    def in_order(first: Point, solved: dict[int, Point]) -> list[Point]:
        at = dict(zip(order, [first, *(solved[i] for i in range(len(rest)))], strict=True))
        return [at[i] for i in range(len(values))]

    with ThreadPoolExecutor(max_workers=max(1, len(ends) - 1)) as pool:
        early = []

        def begin(tp: TransferProblem) -> None:
            rows = [tp.prob.rows[row_name]] if row_name in tp.prob.rows else []
            row.extend(rows)
            if not rows or len(ends) < 2:
                return
            other = tp.bnb.copy()
            # its first root is the tightest value's: dropping the arcs that root rejects
            # would leave the looser values to price them back in one by one
            other.dropped = True
            early.append(pool.submit(work, other, tp.inputs, *ends[1]))

        try:
            t = time.perf_counter()
            inputs, res, moves, tp = optimize_plan(states[order[0]], before_solve=begin)
            build_s, first_s = res.build_s, time.perf_counter() - t - res.build_s
            first = Point(values[order[0]], states[order[0]], res.status, res.has_solution,
                          res.gap_rel, moves, build_s, first_s, inputs)
            if tp.bnb is None or not row or tp.infeasible_by_construction:
                # nothing can move, the rule is off or cannot bind: the value changes nothing
                solved = {}
                for i, (value, st) in enumerate(rest):
                    t = time.perf_counter()
                    own, r, m, _ = optimize_plan(st)
                    solved[i] = Point(value, st, r.status, r.has_solution, r.gap_rel, m,
                                      r.build_s, time.perf_counter() - t - r.build_s, own)
                return in_order(first, solved)
            if not ends:
                return in_order(first, dict(work(tp.bnb, inputs, deque(enumerate(rest)),
                                                 True)))
            later = [pool.submit(work, tp.bnb.copy(), inputs, *end) for end in ends[2:]]
            mine = work(tp.bnb, inputs, *ends[0])
            done = [mine, *(f.result() for f in [*early, *later])]
        except BaseException:
            stop.set()  # the other threads end after the value they are solving
            raise
    return in_order(first, dict(pt for part in done for pt in part))
