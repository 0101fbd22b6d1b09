"""Branch and bound on one HiGHS model solved as an LP: the transfer MIP's few hard decisions.

Why not HiGHS's own MIP solver: with pair flows (``formulation.can_aggregate``) the only hard
integer decisions are how many officials move into each allowance class (the budget makes
them a knapsack); given those counts the rest is a network whose LP optimum is integral.
HiGHS's MIP solver spends seconds on cut separation and heuristics around that (57 s on the
national plan), where the LP itself takes milliseconds. So here:

- the LP relaxation is tightened by the integer hull of the budget knapsack in the class
  counts (``hull_cuts``: valid inequalities, exact for two classes, pairwise beyond);
- branching takes the columns the formulation marks first (the class counts), then the most
  fractional integer column (ties: the lowest column), best bound first (ties: deepest); when
  the LP sits on a hull facet a N_i + b N_j = r with N_i or N_j fractional, it branches on
  the facet's own lattice instead (``lattice_step``): a disjunction on e = p N_i + q N_j, the
  integer combination that counts the facet's integer points. On Thanh Hóa's budget (class
  costs 0.1053 and 0.14742 bn VND, 5:7) branching on N_2 walks the budget line one official
  at a time (19 nodes); the lattice finds the best point on it in 3;
- each node is a change of column bounds on the same HiGHS model, re-solved by dual simplex
  from the last basis; a node is pruned only when its bound is no better than the incumbent's
  objective (within HiGHS's default absolute gap, 1e-6, or the relative ``gap_rel``), so the
  result is proven optimal in HiGHS's sense;
- a tree larger than ``node_limit`` (or an LP HiGHS cannot finish) is handed to HiGHS's MIP
  solver on the same model with the incumbent as a start: never a worse answer, only a
  slower one. So is a tree that branches on ``flow_limit`` columns other than the class
  counts: the premise above does not hold there (the arc formulation, or counts that
  leave the flows fractional), and HiGHS's own cuts and heuristics close such a tree
  sooner (``FLOW_NODE_LIMIT``).
"""

from __future__ import annotations

import heapq
import itertools
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

import highspy
import numpy as np


def _silence_banner() -> None:
    """highspy >= 1.16 prints a banner on stdout when a process makes its first HiGHS
    instance, whatever its options (and PuLP's), which would break ``--json`` output: make
    that first instance here, at import, with the process's stdout pointed at /dev/null."""
    try:
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # no stdout to protect
        highspy.Highs()
        return
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


_silence_banner()
_THREADS = threading.local()  # .size: this thread's HiGHS scheduler size, once set here


def use_threads(n: int) -> None:
    """Make the calling thread's HiGHS thread scheduler ``n`` threads before a model with the
    option ``threads = n`` runs in it. HiGHS sizes a thread's scheduler at the first run in
    that thread and then refuses any model asking for another size ("Not Set", no plan), so a
    thread that solves scenarios with different ``optimizer.threads`` (the dashboard, a sweep
    worker, a test session, whatif's two sides) would find no plan for the second. The
    scheduler belongs to the thread (highspy 1.16), so resizing it never disturbs a solve
    running in another thread."""
    if getattr(_THREADS, "size", None) != n:
        # (blocking: the old workers end first; named resetGlobalScheduler before 1.16)
        reset = (getattr(highspy.Highs, "resetThreadScheduler", None)
                 or highspy.Highs.resetGlobalScheduler)
        reset(True)
        _THREADS.size = n


def _time_left(h: highspy.Highs, seconds: float) -> None:
    """Let ``h``'s next runs take ``seconds`` more. HiGHS compares its time_limit with the
    time of every run of the object so far, not of the run starting: a limit of the time
    left stopped a model re-solved for a while (a node late in a tree, a variant on the
    solved model) long before its deadline, or at once."""
    h.setOptionValue("time_limit", float(h.getRunTime() + seconds))


INF = highspy.kHighsInf
INT_TOL = 1e-6  # HiGHS's mip_feasibility_tolerance: a value this close to an integer is one
ABS_GAP = 1e-6  # HiGHS's default mip_abs_gap
NODE_LIMIT = 5000
# nodes branched on a column that is neither a class count (``first``) nor a lattice column,
# after which the tree goes to HiGHS's MIP solver (``_hand_over``). Lạng Sơn's allowance by
# commuting-distance band prices each arc, so its problem is the arc formulation (no class
# counts): at a budget of VND 2 bn this branch and bound ran 4,700 nodes on single arcs in
# its 60 s without finding a plan, at 4 bn 30 s; handed over after 50 such nodes, HiGHS
# proves the same optima in 0.8 s each (6 bn: 12 s, where 60 s found no plan). A tree on
# class counts (Thanh Hóa's zone multiples) branches on flows seldom and stays here.
FLOW_NODE_LIMIT = 50
_STATUS = highspy.HighsModelStatus


HULL_POINTS = 1_000_000  # most points ``hull_cuts`` walks (about 1 s); beyond: no pair cuts


def hull_cuts(c0: float, c1: float, budget: float, x_max: float = INF,
              y_max: float = INF) -> list[tuple[int, int, int]]:
    """Facets a x + b y <= r (integers) of the integer hull of {x, y >= 0 integer:
    c0 x + c1 y <= budget, x <= x_max, y <= y_max}, for c0, c1 > 0.

    The hull is the upper concave envelope of the points (x, largest y for x), x = 0 ..
    min(floor(budget / c0), x_max) (or along y when x has too many); a point is
    inside the budget when it exceeds it by at most 1e-9 of it (1 VND on a VND-bn row), as
    the independent check allows. Facets with a = 0 or b = 0 bound a single count.

    The bounds keep the work to the counts the columns can take: costs in the wrong unit
    (a base salary of 2.34 VND) made floor(budget / c0) billions of points. Where the
    bounds are the columns' own, the facets of the bounded set are valid for the problem.
    Work is bounded before it starts: more than ``HULL_POINTS`` points on both axes give
    the single-count facets only (valid, just weaker).
    """
    tol = 1e-9 * max(1.0, abs(budget))
    if budget < -tol:
        return [(1, 0, -1)]  # nothing fits (the LP is infeasible anyway)
    x_top = min((budget + tol) / c0, x_max)
    y_top = min((budget + tol) / c1, y_max)
    if x_top >= HULL_POINTS and y_top < x_top:  # the shorter axis: x and y swapped
        return [(b, a, r) for a, b, r in hull_cuts(c1, c0, budget, y_max, x_max)]
    if x_top >= HULL_POINTS:
        return [(0, 1, int(np.floor(y_top))), (1, 0, int(np.floor(x_top)))]
    xs = np.arange(int(np.floor(x_top)) + 1)
    ys = np.minimum(np.floor((budget + tol - c0 * xs) / c1), np.floor(y_top)).astype(np.int64)
    hull: list[tuple[int, int]] = []
    for p in zip(xs.tolist(), ys.tolist(), strict=True):
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1) >= 0:
                hull.pop()  # the middle point is on or below the chord
            else:
                break
        hull.append(p)
    cuts = [(0, 1, hull[0][1]), (1, 0, hull[-1][0])]
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        a, b = y1 - y2, x2 - x1
        g = int(np.gcd(a, b))
        cuts.append((a // g, b // g, (a * x1 + b * y1) // g))
    return cuts


def lattice_step(a: int, b: int) -> tuple[int, int]:
    """(p, q) with a q - b p = 1, for coprime a, b > 0: (N_i, N_j) -> (a N_i + b N_j,
    p N_i + q N_j) is unimodular, so on the facet a N_i + b N_j = r the integer points are
    exactly those where e = p N_i + q N_j is an integer (consecutive e, consecutive points)."""
    # extended Euclid: a q0 + b p0 = g = 1
    old_r, r, old_s, s_, old_t, t = a, b, 1, 0, 0, 1
    while r:
        k = old_r // r
        old_r, r = r, old_r - k * r
        old_s, s_ = s_, old_s - k * s_
        old_t, t = t, old_t - k * t
    if old_r != 1:
        raise ValueError(f"facet coefficients {a}, {b} are not coprime")
    return -old_t, old_s  # a * old_s + b * old_t = 1


class Pricer(Protocol):
    """Columns kept out of the model until their reduced cost says they would help."""

    def price(self, bb: BranchAndBound, row_dual: np.ndarray) -> int:
        """Add the columns with negative reduced cost under ``row_dual``; how many."""

    def add_all(self, bb: BranchAndBound) -> int:
        """Add every column still out; how many."""

    def copy(self) -> Pricer:
        """An independent copy, for a copy of the model."""

    def drop(self, bb: BranchAndBound, col_dual: np.ndarray, basic: np.ndarray) -> None:
        """Take out of the model the columns an optimal LP says are far from useful (they
        come back through ``price`` if a node's duals want them)."""


@dataclass
class Knapsack:
    """A budget row over integer count columns: sum_k cost_k N_k <= upper."""

    row: int
    cols: list[int]
    costs: list[float]


@dataclass
class MipResult:
    status: str  # Optimal, TimeLimit, Infeasible, NodeLimit ... (pulp's status names)
    found: bool  # a feasible integer solution is held
    x: np.ndarray | None  # column values
    objective: float | None
    best_bound: float | None
    gap_rel: float | None
    nodes: int = 0
    lp_iterations: int = 0
    handed_over: bool = False  # the tree grew too large: HiGHS's MIP solver finished it
    stats: dict = field(default_factory=dict)


class BranchAndBound:
    """A HiGHS model with integrality relaxed, solved to integer optimality by branching.

    ``integer``: columns that must end integral (branching order: ``first``, in its order,
    then the most fractional); ``mip_integer``: those HiGHS's MIP solver must keep integral
    when it takes over (the model's own integer columns); ``knapsacks``: budget rows whose
    integer hull cuts tighten the LP. Column and row bounds change through ``set_col_bounds``
    and ``set_row_upper`` so that the cuts follow the budget.
    """

    def __init__(self, h: highspy.Highs, integer: np.ndarray, first: list[int],
                 mip_integer: np.ndarray, knapsacks: list[Knapsack], lower: np.ndarray,
                 upper: np.ndarray, row_upper: dict[int, float], *, time_limit: float,
                 gap_rel: float, mip_presolve: bool = False,
                 node_limit: int | None = None, flow_limit: int | None = None) -> None:
        self.h = h
        self.integer = np.asarray(integer, dtype=np.int64)
        self.first = [int(j) for j in first]
        self.mip_integer = np.asarray(mip_integer, dtype=np.int32)
        self.knapsacks = knapsacks
        self.lower, self.upper = lower.astype(float).copy(), upper.astype(float).copy()
        self.row_upper = dict(row_upper)
        self.time_limit, self.gap_rel = time_limit, gap_rel
        self.node_limit = NODE_LIMIT if node_limit is None else node_limit
        self.flow_limit = FLOW_NODE_LIMIT if flow_limit is None else flow_limit
        self.mip_presolve = mip_presolve
        self.n_rows = h.getNumRow()
        self._cut_rows = np.zeros(0, np.int32)  # rows: cuts for the budgets in _cut_for
        self._cut_for: tuple[float, ...] | None = None
        # the hull facets a N_i + b N_j <= r (a, b > 0) among those cuts: (i, j, a, b, r)
        self._facets: list[tuple[int, int, int, int, int]] = []
        # lattice columns e = p N_i + q N_j (``_lattice_pick``): (i, j, p, q) -> column
        self._lattice: dict[tuple[int, int, int, int], int] = {}
        self.pricer: Pricer | None = None  # columns not yet in the model
        self.dropped = False  # the pricer has dropped the columns the root LP rejects
        self.incumbent_basis: highspy.HighsBasis | None = None  # at the best solution found
        self.root_basis: highspy.HighsBasis | None = None  # at the root LP's optimum

    # -- the model's bounds ------------------------------------------------------------
    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        cols = np.asarray(cols, dtype=np.int32)
        if cols.size:
            self.lower[cols], self.upper[cols] = lower, upper
            self.h.changeColsBounds(len(cols), cols, np.asarray(lower, float),
                                    np.asarray(upper, float))

    def delete_columns(self, cols: np.ndarray) -> np.ndarray:
        """Delete non-basic columns at their lower bound of 0 (the basis stays valid, the
        LP optimal); the new index of every old column (-1: deleted)."""
        n = self.h.getNumCol()
        cols = np.unique(np.asarray(cols, dtype=np.int32))  # HiGHS wants a sorted set
        new = np.arange(n, dtype=np.int64)
        if not cols.size:
            return new
        if self.h.deleteCols(len(cols), cols) != highspy.HighsStatus.kOk:
            return new  # (a set HiGHS refuses: the columns stay, nothing is remapped)
        keep = np.ones(n, bool)
        keep[cols] = False
        new[keep] = np.arange(int(keep.sum()))
        new[~keep] = -1
        self.lower, self.upper = self.lower[keep], self.upper[keep]
        self.integer = new[self.integer][keep[self.integer]]
        self._lattice = {k: int(new[c]) for k, c in self._lattice.items()}
        return new

    def add_columns(self, cost: np.ndarray, upper: np.ndarray, rows: np.ndarray,
                    coefs: np.ndarray) -> np.ndarray:
        """Integer columns in [0, upper] with ``rows.shape[1]`` entries each; their indices.
        A new column is non-basic at 0: the basis stays valid and the next LP starts from
        it."""
        n, k = rows.shape
        first = self.h.getNumCol()
        self.h.addCols(n, np.asarray(cost, float), np.zeros(n), np.asarray(upper, float),
                       n * k, np.arange(0, n * k, k, dtype=np.int32),
                       rows.astype(np.int32).ravel(), np.asarray(coefs, float).ravel())
        cols = np.arange(first, first + n)
        self.lower = np.concatenate([self.lower, np.zeros(n)])
        self.upper = np.concatenate([self.upper, np.asarray(upper, float)])
        self.integer = np.concatenate([self.integer, cols])
        return cols

    def set_row_upper(self, row: int, upper: float) -> None:
        lower = -INF
        self.row_upper[row] = upper
        self.h.changeRowBounds(int(row), lower, float(upper))

    def copy(self) -> BranchAndBound:
        """An independent copy (own HiGHS model, same basis and cuts) to solve a variant."""
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for name in ("threads", "presolve", "time_limit", "mip_rel_gap", "random_seed"):
            value = self.h.getOptionValue(name)  # (status, value) in highspy < 1.16
            h.setOptionValue(name, value[1] if isinstance(value, tuple) else value)
        h.passModel(self.h.getModel())
        basis = self._padded(self.incumbent_basis) or self.h.getBasis()
        if basis.valid:
            h.setBasis(basis)
        out = BranchAndBound(h, self.integer, self.first, self.mip_integer, self.knapsacks,
                             self.lower, self.upper, self.row_upper,
                             time_limit=self.time_limit, gap_rel=self.gap_rel,
                             mip_presolve=self.mip_presolve, node_limit=self.node_limit,
                             flow_limit=self.flow_limit)
        out.n_rows, out._cut_rows, out._cut_for = self.n_rows, self._cut_rows, self._cut_for
        out._facets, out._lattice = list(self._facets), dict(self._lattice)
        out.dropped = self.dropped
        out.pricer = self.pricer.copy() if self.pricer is not None else None
        return out

    def _padded(self, basis: highspy.HighsBasis | None) -> highspy.HighsBasis | None:
        """``basis`` extended to the model's columns now (those priced in since are
        non-basic at 0), or None if it no longer fits (rows changed)."""
        if basis is None or not basis.valid or len(basis.row_status) != self.h.getNumRow():
            return None
        n = len(basis.col_status)
        if self.h.getNumCol() > n:  # non-basic at 0: at the lower bound, or free (lattice)
            basis.col_status = [*basis.col_status, *[
                highspy.HighsBasisStatus.kLower if lo > -INF else highspy.HighsBasisStatus.kZero
                for lo in self.lower[n:].tolist()]]
        return basis

    # -- cuts ----------------------------------------------------------------------------
    def _add_cuts(self) -> None:
        """The integer hull of each knapsack for its current budget, per pair of counts.

        Cuts for another budget are not deleted but made free rows (deleting rows would
        invalidate the basis the next LP starts from); new ones are appended."""
        # the cuts hold for these budgets and the counts' upper bounds (``hull_cuts``)
        key = tuple((self.row_upper.get(k.row, INF), *self.upper[k.cols].tolist())
                    for k in self.knapsacks)
        if key == self._cut_for:
            return
        old = self._cut_rows
        if len(old):
            self.h.changeRowsBounds(len(old), old, np.full(len(old), -INF),
                                    np.full(len(old), INF))
        self._cut_for, self._cut_rows, self._facets = key, np.zeros(0, np.int32), []
        rows: list[tuple[dict[int, float], float]] = []
        for k in self.knapsacks:
            budget = self.row_upper.get(k.row, INF)
            if not budget < INF:
                continue
            tol = 1e-9 * max(1.0, abs(budget))
            most = self.upper[k.cols].tolist()  # (a column's own bound: no row for it)
            for col, cost, m in zip(k.cols, k.costs, most, strict=True):
                if (budget + tol) / cost < m:
                    rows.append(({col: 1.0}, float(np.floor((budget + tol) / cost))))
            for i, j in itertools.combinations(range(len(k.cols)), 2):
                for a, b, r in hull_cuts(k.costs[i], k.costs[j], budget, most[i], most[j]):
                    if a and b:  # the single-count facets are above
                        rows.append(({k.cols[i]: float(a), k.cols[j]: float(b)}, float(r)))
                        self._facets.append((k.cols[i], k.cols[j], a, b, r))
        if not rows:
            return
        starts, idx, vals = [], [], []
        for terms, _ in rows:
            starts.append(len(idx))
            idx += list(terms)
            vals += list(terms.values())
        first = self.h.getNumRow()
        self.h.addRows(len(rows), np.full(len(rows), -INF), np.array([r for _, r in rows]),
                       len(idx), np.array(starts, dtype=np.int32),
                       np.array(idx, dtype=np.int32), np.array(vals))
        self._cut_rows = np.arange(first, first + len(rows), dtype=np.int32)

    # -- lattice branching -----------------------------------------------------------------
    def _lattice_pick(self, x: np.ndarray) -> tuple[int, float] | None:
        """A lattice column to branch on, and its value, or None: the first hull facet
        a N_i + b N_j <= r that ``x`` meets with equality while N_i or N_j is fractional.
        On that facet e = p N_i + q N_j (``lattice_step``) is then fractional too, and
        e <= floor(e) or e >= ceil(e) cuts ``x`` off and moves each child to the facet's
        nearest integer point on its side."""
        for i, j, a, b, r in self._facets:
            vi, vj = x[i], x[j]
            if max(abs(vi - round(vi)), abs(vj - round(vj))) <= INT_TOL:
                continue
            if abs(a * vi + b * vj - r) > 1e-7 * max(1.0, abs(r)):
                continue  # not on this facet
            p, q = lattice_step(a, b)
            v = p * vi + q * vj
            if abs(v - round(v)) <= INT_TOL:
                continue  # (round-off at the facet's tolerance)
            return self._lattice_column(i, j, p, q), float(v)
        return None

    def _lattice_column(self, i: int, j: int, p: int, q: int) -> int:
        """The free integer column e with the row e - p N_i - q N_j = 0 (made once)."""
        key = (i, j, p, q)
        if key not in self._lattice:
            col = self.h.getNumCol()
            self.h.addCol(0.0, -INF, INF, 0, np.zeros(0, np.int32), np.zeros(0))
            self.h.addRow(0.0, 0.0, 3, np.array([col, i, j], np.int32),
                          np.array([1.0, -float(p), -float(q)]))
            self.lower = np.append(self.lower, -INF)
            self.upper = np.append(self.upper, INF)
            self.integer = np.append(self.integer, col)
            self._lattice[key] = col
        return self._lattice[key]

    # -- solve ---------------------------------------------------------------------------
    def _run_lp(self, deadline: float) -> tuple[str, float, np.ndarray | None]:
        left = deadline - time.perf_counter()
        if left <= 0:
            return "TimeLimit", INF, None
        _time_left(self.h, left)
        self.h.run()
        st = self.h.getModelStatus()
        # the bound holds for every column only once none left out would improve the LP
        while (st == _STATUS.kOptimal and self.pricer is not None
               and self.pricer.price(self, np.asarray(self.h.getSolution().row_dual))):
            self.h.run()
            st = self.h.getModelStatus()
        # infeasible only once no column left out could make it feasible: a node's bounds may
        # need arcs the root found useless (dropped, or never priced in)
        if (st in (_STATUS.kInfeasible, _STATUS.kUnboundedOrInfeasible)
                and self.pricer is not None):
            before = self.h.getNumCol()
            if self.pricer.add_all(self):
                self.h.run()
                st = self.h.getModelStatus()
                if st in (_STATUS.kOptimal, _STATUS.kInfeasible,
                          _STATUS.kUnboundedOrInfeasible):  # (a node stopped undecided
                    st = self._shed(before, st)  # keeps its columns)
        if st == _STATUS.kOptimal and self.pricer is not None and not self.dropped:
            # once, at the first root: the model keeps the columns that may matter
            self.dropped = True
            self.pricer.drop(self, np.asarray(self.h.getSolution().col_dual), self._basic())
            self.h.run()  # the same vertex (no iteration): its solution for the smaller model
            st = self.h.getModelStatus()
        if st == _STATUS.kOptimal:
            return ("Optimal", self.h.getInfo().objective_function_value,
                    np.asarray(self.h.getSolution().col_value))
        if st == _STATUS.kInfeasible:
            return "Infeasible", INF, None
        if st == _STATUS.kTimeLimit:
            return "TimeLimit", INF, None
        return self.h.modelStatusToString(st), INF, None

    def _shed(self, before: int, st: highspy.HighsModelStatus) -> highspy.HighsModelStatus:
        """After every column came back for an infeasible node (``_run_lp``), those it did
        not need leave again: the nodes after it then solve the small model, not one with
        every arc (a sweep point of Thanh Hóa ran 60 node LPs on 38,000 columns, 10 s, for
        one node that needed every arc to be proven infeasible). Only columns from
        ``before`` on, just added, leave: no index an open node, the incumbent or a stored
        basis holds changes. Optimal: those non-basic with a reduced cost above ``drop``'s
        threshold; infeasible: those non-basic (the proof rests on the basic ones). Pricing
        brings back any a later node needs, so no optimum changes."""
        basic = self._basic()
        dual = np.full(len(basic), -INF)  # (kept: -inf is never above the threshold)
        if st == _STATUS.kOptimal:
            dual[before:] = np.asarray(self.h.getSolution().col_dual)[before:]
        else:
            dual[before:] = INF
        self.pricer.drop(self, dual, basic)
        self.h.run()  # the same basis on fewer columns: its solution (no iteration)
        return self.h.getModelStatus()

    def _basic(self) -> np.ndarray:
        """Which columns are basic now, as a mask. From HiGHS's basic variables (a column's
        index, or -1 - row for a row's slack): reading the basis's status list instead
        compares an enum per column in Python, 0.03 s on 50,000 columns at every drop."""
        n = self.h.getNumCol()
        status, variables = self.h.getBasicVariables()
        if status == highspy.HighsStatus.kOk:
            variables = np.asarray(variables)
            mask = np.zeros(n, bool)
            mask[variables[variables >= 0]] = True
            return mask
        basis = self.h.getBasis().col_status
        return np.fromiter((b == highspy.HighsBasisStatus.kBasic for b in basis), bool, n)

    def _pick(self, x: np.ndarray) -> tuple[int, float] | None:
        """The column to branch on and its value, or None if every integer column is
        integral."""
        lattice = self._lattice_pick(x)
        if lattice is not None:
            return lattice
        for j in self.first:
            v = x[j]
            if abs(v - round(v)) > INT_TOL:
                return j, float(v)
        v = x[self.integer]
        frac = np.abs(v - np.round(v))
        k = int(np.argmax(frac)) if frac.size else 0
        if frac.size == 0 or frac[k] <= INT_TOL:
            return None
        return int(self.integer[k]), float(v[k])

    def _pad(self, x: np.ndarray) -> np.ndarray:
        """A solution from before columns were added: arcs priced in since are 0 in it,
        lattice columns take their defining values."""
        x = np.concatenate([x, np.zeros(self.h.getNumCol() - len(x))])
        for (i, j, p, q), col in self._lattice.items():
            x[col] = p * x[i] + q * x[j]
        return x

    def _feasible_objective(self, x: np.ndarray) -> float | None:
        """The objective of ``x`` if it is integral and within every bound and row of the
        model as it is now (HiGHS's feasibility tolerance), else None."""
        lp = self.h.getLp()
        if np.any(x < np.asarray(lp.col_lower_) - 1e-7) or np.any(
                x > np.asarray(lp.col_upper_) + 1e-7):
            return None
        v = x[self.integer]
        if np.any(np.abs(v - np.round(v)) > INT_TOL):
            return None
        a = lp.a_matrix_
        start = np.asarray(a.start_)
        cols = np.repeat(np.arange(lp.num_col_), np.diff(start))
        act = np.bincount(np.asarray(a.index_), np.asarray(a.value_) * x[cols], lp.num_row_)
        if np.any(act < np.asarray(lp.row_lower_) - 1e-7) or np.any(
                act > np.asarray(lp.row_upper_) + 1e-7):
            return None
        return float(np.asarray(lp.col_cost_) @ x + lp.offset_)

    def solve(self, start: np.ndarray | None = None) -> MipResult:
        """``start``: a solution to try first (the base plan, for a variant that relaxes a
        rule): if it is feasible here, it is the first incumbent and prunes the tree."""
        t0 = time.perf_counter()
        deadline = t0 + self.time_limit
        self._add_cuts()
        tol = ABS_GAP
        incumbent, inc_obj = None, INF
        if start is not None:
            self.dropped = True  # a start is in this model's columns: none may be deleted
            start = self._pad(np.asarray(start, float))
            obj0 = self._feasible_objective(start)
            if obj0 is not None:
                incumbent, inc_obj = start, obj0
        heap: list[tuple[float, int, int, dict[int, tuple[float, float]]]] = [(-INF, 0, 0, {})]
        seq = itertools.count(1)
        applied: dict[int, tuple[float, float]] = {}
        nodes, pruned_bound, status = 0, INF, "Optimal"
        flows = 0  # nodes branched on a column other than a class count or a lattice column
        while heap:
            bound, depth, _, changes = heapq.heappop(heap)
            limit = inc_obj - max(tol, self.gap_rel * abs(inc_obj)) if incumbent is not None \
                else INF
            if bound >= limit:
                pruned_bound = min(pruned_bound, bound)
                continue
            if nodes >= self.node_limit or flows >= self.flow_limit:
                heapq.heappush(heap, (bound, depth, next(seq), changes))
                status = "NodeLimit"
                break
            cols = sorted(set(applied) | set(changes))
            if cols:
                lo = [changes.get(c, (self.lower[c], self.upper[c]))[0] for c in cols]
                hi = [changes.get(c, (self.lower[c], self.upper[c]))[1] for c in cols]
                self.h.changeColsBounds(len(cols), np.array(cols, dtype=np.int32),
                                        np.array(lo, float), np.array(hi, float))
            applied = changes
            lp_status, obj, x = self._run_lp(deadline)
            if not nodes and lp_status == "Optimal":  # where a nearby problem starts from
                self.root_basis = self.h.getBasis()  # (``optimize.warm``)
            nodes += 1
            if lp_status == "Infeasible":
                continue
            if lp_status != "Optimal":
                heapq.heappush(heap, (bound, depth, next(seq), changes))
                status = lp_status
                break
            if obj >= limit:
                pruned_bound = min(pruned_bound, obj)
                continue
            pick = self._pick(x)
            if pick is None:
                incumbent, inc_obj = x.copy(), obj
                self.incumbent_basis = self.h.getBasis()  # where a variant starts from
                continue
            j, v = pick
            flows += j not in self.first and j not in self._lattice.values()
            lo, hi = changes.get(j, (self.lower[j], self.upper[j]))
            for child in ((lo, float(np.floor(v))), (float(np.ceil(v)), hi)):
                heapq.heappush(heap, (obj, depth - 1, next(seq), {**changes, j: child}))
        # back to the root bounds (the model is reused for variants)
        if applied:
            cols = np.array(sorted(applied), dtype=np.int32)
            self.h.changeColsBounds(len(cols), cols, self.lower[cols], self.upper[cols])
        if incumbent is not None:  # columns priced in after it was found are 0 in it
            incumbent = self._pad(incumbent)
        open_bound = min([b for b, *_ in heap] + [pruned_bound]) if heap else pruned_bound
        if status == "Optimal":
            if incumbent is None:
                return MipResult("Infeasible", False, None, None, None, None, nodes)
            best = min(open_bound, inc_obj)
            return MipResult("Optimal", True, incumbent, inc_obj, best,
                             _gap(inc_obj, best), nodes)
        if status == "NodeLimit" or status not in ("TimeLimit",):
            return self._hand_over(incumbent, nodes, deadline)
        best = min(open_bound, inc_obj) if incumbent is not None else None
        return MipResult("TimeLimit", incumbent is not None, incumbent,
                         inc_obj if incumbent is not None else None, best,
                         _gap(inc_obj, best) if incumbent is not None else None, nodes)

    def _hand_over(self, incumbent: np.ndarray | None, nodes: int,
                   deadline: float) -> MipResult:
        """HiGHS's MIP solver on the same model (the integer columns restored), started
        from the incumbent."""
        h = self.h
        if self.pricer is not None:
            self.pricer.add_all(self)  # HiGHS's MIP needs every column
        n = len(self.mip_integer)
        h.changeColsIntegrality(n, self.mip_integer,
                                np.full(n, highspy.HighsVarType.kInteger))
        if incumbent is not None:
            h.setSolution(_solution(np.concatenate(
                [incumbent, np.zeros(h.getNumCol() - len(incumbent))])))
        _time_left(h, max(deadline - time.perf_counter(), 1e-3))
        h.setOptionValue("mip_rel_gap", float(self.gap_rel))
        h.setOptionValue("presolve", "on" if self.mip_presolve else "off")
        h.run()
        h.setOptionValue("presolve", "off")
        st = h.getModelStatus()
        info = h.getInfo()
        found = np.isfinite(info.objective_function_value) and info.primal_solution_status == 2
        x = np.asarray(h.getSolution().col_value) if found else None
        h.changeColsIntegrality(n, self.mip_integer,
                                np.full(n, highspy.HighsVarType.kContinuous))
        status = {_STATUS.kOptimal: "Optimal", _STATUS.kInfeasible: "Infeasible",
                  _STATUS.kTimeLimit: "TimeLimit"}.get(st, h.modelStatusToString(st))
        bound = info.mip_dual_bound if np.isfinite(info.mip_dual_bound) else None
        return MipResult(status, bool(found), x,
                         info.objective_function_value if found else None, bound,
                         info.mip_gap if found else None, nodes + int(info.mip_node_count),
                         handed_over=True)


def _solution(x: np.ndarray) -> highspy.HighsSolution:
    sol = highspy.HighsSolution()
    sol.col_value = list(map(float, x))
    sol.value_valid = True
    return sol


def _gap(obj: float, bound: float) -> float:
    return max(obj - bound, 0.0) / max(abs(obj), 1.0)
