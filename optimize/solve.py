"""Solve the transfer problem (lexicographic or weighted) and decode named moves."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import highspy
import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.branch import BranchAndBound, Knapsack, use_threads
from staffsim.optimize.formulation import build_problem, can_aggregate
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.pairs import arc_pair_keys, counts_on_arcs
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.warm import start_from
from staffsim.scenarios.params import OptimizerParams
from staffsim.scenarios.specialties import N_SPECIALTIES

if TYPE_CHECKING:
    import pulp

OK_STATUSES = {"Optimal", "TimeLimit", "GapLimit", "SolutionLimit", "NodeLimit",
               "IterationLimit", "Interrupted"}


def make_solver(p: OptimizerParams, warm: bool = False) -> pulp.LpSolver:
    """HiGHS through highspy by default; CBC (pulp[cbc]) when asked."""
    import pulp  # the MIP solvers' path only (the fast path needs no PuLP)

    log = bool(os.environ.get("STAFFSIM_SOLVER_LOG"))  # solver log on the console, for debugging
    if p.solver == "cbc":
        return pulp.COIN_CMD(msg=log, timeLimit=p.time_limit_s, gapRel=p.gap_rel,
                             threads=p.threads, warmStart=warm)
    use_threads(int(p.threads))
    return pulp.HiGHS(msg=log, timeLimit=p.time_limit_s,
                      gapRel=p.gap_rel, threads=p.threads, warmStart=warm,
                      presolve="on" if p.presolve else "off")


@dataclass
class SolveResult:
    status: str  # Optimal, TimeLimit, Infeasible, ...
    x: np.ndarray  # officials per arc
    objective: dict[str, float]  # term -> value
    gap_rel: float | None
    stages: list[dict] = field(default_factory=list)  # per solve: status, objective, time
    build_s: float = 0.0
    solve_s: float = 0.0
    slack: dict[str, dict] = field(default_factory=dict)  # elastic only: family -> key -> value
    found: bool = True  # the solver holds a feasible plan (a time limit may stop it first)

    @property
    def has_solution(self) -> bool:
        return self.found and self.status in OK_STATUSES


def _stats(st: pulp.LpSolveStats, t: float) -> dict:
    return {"status": st.status.name, "objective": st.objective, "best_bound": st.best_bound,
            "gap_rel": st.gap_rel, "time_s": round(t, 4)}


def _terms(tp: TransferProblem, x: np.ndarray) -> dict[str, float]:
    """The objective's terms at the solution (``x``: officials per arc; the model's column
    values in ``tp.prob.values``)."""
    values = tp.prob.values
    val = lambda e: e.value(values)  # noqa: E731
    return {"weighted_unmet": tp.unmet_constant + val(tp.unmet_expr),
            "allowance_vnd_bn": val(tp.cost_bn_expr), "moves": val(tp.moves_expr),
            "km": float(tp.inputs.arc_km @ x), "elastic_penalty": val(tp.slack_expr)}


def _handover(tp: TransferProblem, p: OptimizerParams
              ) -> tuple[highspy.Highs, np.ndarray, np.ndarray, np.ndarray]:
    """The model as a HiGHS model, integrality relaxed; its column bounds and integer
    columns (``linear.LinearModel.highs_arrays``: one call per side, no per-row work; the
    columns are the model's, ``tp.columns`` names them)."""
    m = tp.prob.highs_arrays()
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(os.environ.get("STAFFSIM_SOLVER_LOG")))
    use_threads(int(p.threads))
    h.setOptionValue("threads", int(p.threads))
    h.setOptionValue("presolve", "off")  # node LPs re-solve from the last basis
    h.setOptionValue("mip_rel_gap", float(p.gap_rel))
    n = len(m["cost"])
    h.addCols(n, m["cost"], m["col_lower"], m["col_upper"], 0, np.zeros(0, np.int32),
              np.zeros(0, np.int32), np.zeros(0))
    h.changeObjectiveOffset(float(m["offset"]))
    h.addRows(len(m["row_lower"]), m["row_lower"], m["row_upper"], len(m["index"]),
              m["starts"], m["index"], m["value"])
    return h, m["col_lower"], m["col_upper"], m["integer"]


def _best_per_group(values: np.ndarray, group: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k smallest values in each group."""
    order = np.lexsort((values, group))
    g = group[order]
    start = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    rank = np.arange(len(order)) - np.repeat(start, np.diff(np.r_[start, len(order)]))
    mask = np.zeros(len(values), bool)
    mask[order[rank < k]] = True
    return mask


class ArcPricer:
    """The arcs of a problem and their columns in the HiGHS model (``branch.Pricer``).

    With pair flows most arcs stay out of the model (Thanh Hóa on the national roster: 49,000
    arcs, 226 used): an arc's column has one entry in its recipient pair's inflow row (of the
    arc's cost class) and one in its donor pair's outflow row and costs its km and tie-break,
    so its reduced cost under the LP's row duals is cost - dual_in - dual_out, for every arc
    at once. Arcs below -1e-7 (HiGHS's own dual feasibility tolerance) are added, the most
    negative few per row each round, until none is left: then the LP is optimal over every
    arc.
    """

    PER_ROW = 3  # arcs added per inflow and per outflow row and round
    TOL = 1e-7

    def __init__(self, cost: np.ndarray, upper: np.ndarray, col: np.ndarray,
                 in_row: np.ndarray | None, out_row: np.ndarray | None,
                 own_from: int = 0) -> None:
        """``own_from``: the first column this pricer may add or drop (those before are the
        model's own, named, and stay)."""
        self.cost, self.upper, self.col = cost, upper.astype(float), col
        self.in_row, self.out_row = in_row, out_row
        self.own_from = own_from

    def copy(self) -> ArcPricer:
        return ArcPricer(self.cost, self.upper.copy(), self.col.copy(), self.in_row,
                         self.out_row, self.own_from)

    # reduced cost above which an arc leaves the model after the root LP: 5 km at the default
    # weights. At 1e-3 (half a km) the nodes priced back in, a few per row and round, many of
    # the arcs dropped (Thanh Hóa's plan and marginal values: 32 LP solves, 11,744
    # iterations, against 21 and 10,341 at 1e-2; the same plans)
    DROP = 1e-2

    def drop(self, bb: BranchAndBound, col_dual: np.ndarray, basic: np.ndarray) -> None:
        """Arcs at 0 whose reduced cost at the root exceeds ``DROP`` (5 km at the default
        weights): on Thanh Hóa 45,000 of 51,000 arcs, which makes every node's LP
        and every copy of the model (marginal values) smaller. Pricing brings back any a
        node needs, so the optimum is unchanged."""
        if self.in_row is None:  # no pricing: every arc stays
            return
        arcs = np.flatnonzero(self.col >= self.own_from)
        cols = self.col[arcs]
        out = ~basic[cols] & (col_dual[cols] > self.DROP)
        new = bb.delete_columns(cols[out])
        self.col[arcs] = new[cols]

    def add(self, bb: BranchAndBound, arcs: np.ndarray) -> int:
        """Columns for ``arcs``; how many."""
        rows = np.stack([self.in_row[arcs], self.out_row[arcs]], axis=1)
        self.col[arcs] = bb.add_columns(self.cost[arcs], self.upper[arcs], rows,
                                        np.ones(rows.shape))
        return len(arcs)

    def price(self, bb: BranchAndBound, row_dual: np.ndarray) -> int:
        if self.in_row is None:
            return 0
        cand = np.flatnonzero((self.col < 0) & (self.upper > 0))
        if not cand.size:
            return 0
        rc = self.cost[cand] - row_dual[self.in_row[cand]] - row_dual[self.out_row[cand]]
        neg = rc < -self.TOL
        if not neg.any():
            return 0
        cand, rc = cand[neg], rc[neg]
        pick = (_best_per_group(rc, self.in_row[cand], self.PER_ROW)
                | _best_per_group(rc, self.out_row[cand], self.PER_ROW))
        return self.add(bb, cand[pick])

    def add_all(self, bb: BranchAndBound) -> int:
        arcs = np.flatnonzero((self.col < 0) & (self.upper > 0))
        if arcs.size and self.in_row is not None:
            return self.add(bb, arcs)
        return 0

    def set_upper(self, bb: BranchAndBound, arcs: np.ndarray, upper: np.ndarray) -> None:
        """New upper bounds of arcs (a lever moved), in or out of the model."""
        self.upper[arcs] = upper
        inside = self.col[arcs] >= 0
        cols = self.col[arcs][inside]
        bb.set_col_bounds(cols, np.zeros(len(cols)), np.asarray(upper, float)[inside])

    def values(self, x: np.ndarray) -> np.ndarray:
        """Officials per arc from a solution's column values (0 for arcs left out)."""
        out = np.zeros(len(self.col), np.int64)
        inside = self.col >= 0
        out[inside] = np.round(x[self.col[inside]]).astype(np.int64)
        return out


def initial_arcs(inputs: PlanInputs, k: int | None = None, prefer: np.ndarray | None = None
                 ) -> np.ndarray:
    """The arcs that start in the model; the rest are priced in (``ArcPricer``).

    With neither ``k`` nor ``prefer``: every arc the base problem allows (one dual simplex
    solve, 0.35 s on Thanh Hóa, beats starting from each pair's few nearest partners and
    pricing the rest in over five rounds, 0.55 s). Otherwise each pair's ``k`` (default 4)
    nearest partners (by km) among those arcs, and the arcs ``prefer`` names (``pair_keys``:
    those of a plan of a nearby problem, such as the baseline of a what-if: the start is
    then close to the optimum, 0.45 s). Which arcs start in the model changes the time to
    the optimum, never the optimum (unique: ``formulation``'s tie-break)."""
    ok = np.flatnonzero(inputs.arc_upper > 0)
    if k is None and prefer is None:
        active = np.zeros(inputs.n_arcs, bool)
        active[ok] = True
        return active
    k = 4 if k is None else k
    keys_in = inputs.arc_to[ok] * N_SPECIALTIES + inputs.arc_spec_to[ok]
    keys_out = inputs.arc_from[ok] * N_SPECIALTIES + inputs.arc_spec_from[ok]
    km = inputs.arc_km[ok]
    active = np.zeros(inputs.n_arcs, bool)
    active[ok[_best_per_group(km, keys_in, k) | _best_per_group(km, keys_out, k)]] = True
    if prefer is not None and len(prefer):
        active[ok[np.isin(arc_pair_keys(inputs)[ok], prefer)]] = True
    return active


def _flow_rows(tp: TransferProblem, side: str, flows: dict, arc_code: np.ndarray,
               code: Callable[..., int]) -> np.ndarray:
    """Per arc, the index of its pair flow's row (``side`` "in" or "out"): the pairs'
    codes (``code`` of a key of ``flows``) looked up for the arcs' (``arc_code``)."""
    codes = np.array([code(*key) for key in flows], np.int64)
    at = np.array([tp.flow_rows[side, key] for key in flows], np.int64)
    order = np.argsort(codes)
    return at[order][np.searchsorted(codes[order], np.asarray(arc_code, np.int64))]


def fast_solver(tp: TransferProblem) -> BranchAndBound:
    """Hand the problem (with its current objective) to HiGHS and wrap it for
    ``optimize.branch``: the class counts branched on first, the arc flows required integral
    too (they are, given integer pair flows, but a fractional vertex is branched on rather
    than decoded), the budget's knapsack hull as cuts."""
    p = tp.inputs.state.params.optimizer
    h, lower, upper, mip_integer = _handover(tp, p)
    inp, o = tp.inputs, p.objective
    arc_col = np.array([-1 if v is None else v.index for v in tp.x], dtype=np.int64)
    integer = np.union1d(mip_integer, arc_col[arc_col >= 0]).astype(np.int64)
    first = [v.index for v in tp.branch_first]
    in_row = out_row = None
    if tp.aggregated and tp.flow_rows:
        n_class = int(tp.arc_class.max(initial=0)) + 1
        to, frm = inp.arc_to.astype(np.int64), inp.arc_from.astype(np.int64)
        in_row = _flow_rows(tp, "in", tp.y,
                            (to * N_SPECIALTIES + inp.arc_spec_to) * n_class + tp.arc_class,
                            lambda r, t, k: (r * N_SPECIALTIES + t) * n_class + k)
        out_row = _flow_rows(tp, "out", tp.w, frm * N_SPECIALTIES + inp.arc_spec_from,
                             lambda d, s: d * N_SPECIALTIES + s)
    # an arc column's objective coefficient, as the objective puts it (pair flows: km and
    # tie-break only; the allowance is on the recipient pair's inflow of the arc's cost class)
    cost = o.km_weight * inp.arc_km + tp.tiebreak
    if not tp.aggregated:
        cost = cost + o.cost_weight_per_bn * inp.arc_allowance_total / 1e9 + o.move_weight
    knapsacks, row_upper = [], {}
    for name in tp.knapsack_rows:
        i = tp.prob.rows[name]
        terms = [(j, c) for j, c in tp.prob.row_terms(i).items() if c]
        ub = tp.prob.row_upper[i]
        if terms and all(j in first and c > 0 for j, c in terms) and np.isfinite(ub):
            knapsacks.append(Knapsack(i, [j for j, _ in terms], [c for _, c in terms]))
            row_upper[i] = float(ub)
    bb = BranchAndBound(h, integer, first, mip_integer, knapsacks, lower, upper, row_upper,
                        time_limit=p.time_limit_s, gap_rel=p.gap_rel, mip_presolve=p.presolve)
    bb.pricer = ArcPricer(cost, inp.arc_upper, arc_col, in_row, out_row,
                          own_from=h.getNumCol())
    if tp.start_arcs is not None and in_row is not None:
        bb.pricer.add(bb, np.flatnonzero(tp.start_arcs & (arc_col < 0) & (inp.arc_upper > 0)))
    return bb


def set_values(tp: TransferProblem, x: np.ndarray) -> None:
    """A solution's column values into the model (``tp.prob.values``: the columns priced in
    beyond the model's own are arcs, read through ``tp.arc_x``), and the officials per arc
    into ``tp.arc_x``."""
    tp.prob.values = np.asarray(x[:tp.prob.n_cols], float)
    tp.arc_x = tp.bnb.pricer.values(x)


def solve_problem(tp: TransferProblem, fast: bool = True,
                  before_solve: Callable[[TransferProblem], None] | None = None
                  ) -> SolveResult:
    """Lexicographic: min weighted unmet; then, holding it within tolerance, min cost and
    disruption. Weighted: one solve of unmet_scale x unmet + cost + disruption (+ the
    tie-break preference in both).

    ``fast`` (weighted method, HiGHS): branch and bound on the HiGHS LP (``optimize.branch``),
    the model kept in ``tp.bnb`` for marginal values; otherwise, or with ``fast=False`` (the
    reference the tests compare it with), HiGHS's or CBC's MIP solver through PuLP.
    ``before_solve`` is called with the problem once ``tp.bnb`` is made, before it is solved
    (the fast path only): a frontier copies the model there to start on other values."""
    p = tp.inputs.state.params.optimizer
    o = p.objective
    second = (o.cost_weight_per_bn * tp.cost_bn_expr + o.move_weight * tp.moves_expr
              + o.km_weight * tp.km_expr + tp.tiebreak_expr)
    stages: list[dict] = []
    if tp.infeasible_by_construction:
        return SolveResult("Infeasible", np.zeros(tp.inputs.n_arcs), {}, None,
                           [{"status": "Infeasible", "reason": "no candidate for "
                             + ", ".join(tp.infeasible_by_construction)}])

    def stage(objective, warm: bool = False) -> tuple[str, bool]:
        tp.prob.setObjective(objective)
        t = time.perf_counter()
        st = _solve_with_pulp(tp, make_solver(p, warm=warm))
        stages.append(_stats(st, time.perf_counter() - t))
        return st.status.name, st.has_solution

    def fast_stage(objective) -> tuple[str, bool]:
        tp.prob.setObjective(objective)
        t = time.perf_counter()
        tp.bnb = fast_solver(tp)
        if tp.warm is not None:
            start_from(tp, tp.warm)
        handover = time.perf_counter() - t
        if before_solve is not None:
            before_solve(tp)
        r = tp.bnb.solve()
        if r.found:
            set_values(tp, r.x)
            tp.bnb_solution = r.x
        stages.append({"status": r.status, "objective": r.objective,
                       "best_bound": r.best_bound, "gap_rel": r.gap_rel,
                       "time_s": round(time.perf_counter() - t, 4),
                       "handover_s": round(handover, 4), "nodes": r.nodes,
                       "method": "HiGHS MIP" if r.handed_over else "branch and bound on "
                       "the HiGHS LP"})
        return r.status, r.found

    # a what-if's preference for the baseline's commune pairs, in weighted FTE beside the
    # unmet need (``formulation.define_baseline_preference``; empty otherwise)
    first = tp.unmet_expr + tp.keep_expr if tp.keep_expr is not None else tp.unmet_expr
    if o.method == "weighted" or tp.inputs.n_arcs == 0:
        objective = o.unmet_scale * first + second + tp.slack_expr
        use_fast = fast and p.solver == "highs" and tp.inputs.n_arcs > 0
        status, found = (fast_stage if use_fast else stage)(objective)
    else:
        status, found = stage(first + tp.slack_expr)
        if found:
            best = (first + tp.slack_expr).value(tp.prob.values)
            # a hair of tolerance so stage 2 is not made infeasible by round-off
            tol = o.unmet_tolerance + 1e-6 * max(1.0, abs(best))
            tp.prob += first + tp.slack_expr <= best + tol, "stage1_objective"
            status2, found2 = stage(second, warm=True)
            if found2:
                status, found = status2, found2
    t_solve = sum(s["time_s"] for s in stages)
    if not found:
        return SolveResult(status, np.zeros(tp.inputs.n_arcs), {}, None, stages,
                           solve_s=t_solve, found=False)
    x = integral_arc_flows(tp)
    values = tp.prob.values
    slack = {fam: {k: float(values[v.index]) for k, v in d.items() if values[v.index] > 1e-6}
             for fam, d in tp.slack.items()}
    # A plan is proven optimal only if every stage was.
    if any(s["status"] != "Optimal" for s in stages):
        status = next(s["status"] for s in stages if s["status"] != "Optimal")
    gaps = [s["gap_rel"] for s in stages if s["gap_rel"] is not None]
    return SolveResult(status, x, _terms(tp, x), max(gaps) if gaps else None, stages,
                       solve_s=t_solve, slack={k: v for k, v in slack.items() if v})


def integral_arc_flows(tp: TransferProblem) -> np.ndarray:
    """Integer officials per arc from a solved problem.

    With pair flows (``aggregated``) the arc flows are continuous; HiGHS's simplex vertex is
    integral on this network (donor pairs to recipient pairs by cost class,
    ``formulation.define_variables``), but if it is not, the pair flows are fixed and the arcs
    re-solved as an integer transportation problem (same unmet need and cost, fewest km).

    The elastic path (an infeasible problem explained by slacks) leans on this fallback more
    than the optimal path does: its distance-excess row is written on arc flows, a side
    constraint that can make the network's vertex fractional. The fallback keeps the pair
    flows the LP chose and solves for integer arcs carrying them (the arcs are made integer
    variables, every row kept, so the answer is integral or the solver says there is none);
    without the side row that is a transportation problem, always integral. Checked on 21
    infeasible cases (review 91): each gave an integral plan with the LP's slacks.
    """
    if tp.arc_x is not None:  # the fast path: integral already (branched on)
        return tp.arc_x
    m = tp.prob
    cols = np.array([v.index for v in tp.x], np.int64)
    raw = m.values[cols]
    x = np.round(raw)
    if not tp.aggregated or np.abs(raw - x).max(initial=0.0) < 1e-6:
        return x.astype(np.int64)
    for v in [*tp.y.values(), *tp.w.values()]:
        flow = float(round(m.values[v.index]))
        m.set_bounds(v, flow, flow)
    for j in cols.tolist():
        m.col_integer[j] = True
    m.setObjective(tp.km_expr)
    _solve_with_pulp(tp, make_solver(tp.inputs.state.params.optimizer))
    return np.round(m.values[cols]).astype(np.int64)


def _solve_with_pulp(tp: TransferProblem, solver: pulp.LpSolver) -> pulp.LpSolveStats:
    """Solve the model by PuLP's ``solver``; the column values into ``tp.prob.values`` when
    it holds a solution (a stage that finds none keeps the values of the one before, as a
    lexicographic second stage must)."""
    prob, variables = tp.prob.to_pulp()
    st = prob.solve(solver)
    if st.has_solution:
        tp.prob.values = np.array([v.varValue or 0.0 for v in variables], float)
    return st


def decode_moves(inputs: PlanInputs, x: np.ndarray) -> list[Move]:
    """Name the officials: along each arc, the next movable officials of the donor specialty
    (youngest first; see ``build_inputs``)."""
    taken: dict[tuple[int, int], int] = {}
    moves = []
    for a in np.flatnonzero(x > 0):
        key = (int(inputs.arc_from[a]), int(inputs.arc_spec_from[a]))
        start = taken.get(key, 0)
        rows = inputs.movable_rows[key][start:start + int(x[a])]
        taken[key] = start + int(x[a])
        moves.extend(Move(int(row), int(inputs.arc_to[a]), int(inputs.arc_spec_to[a]))
                     for row in rows)
    return moves


def optimize_plan(state: ProvinceState, elastic: bool = False, superset: bool = False,
                  fast: bool = True, prefer: np.ndarray | None = None,
                  before_solve: Callable[[TransferProblem], None] | None = None,
                  warm: dict | None = None, keep_pairs: np.ndarray | None = None,
                  keep_weight: float = 0.0
                  ) -> tuple[PlanInputs, SolveResult, list[Move], TransferProblem]:
    """Build, solve and decode one province (``superset``: see ``build_inputs``; ``fast``
    and ``before_solve``: see ``solve_problem``; ``prefer``: see ``initial_arcs``;
    ``warm``: the basis of a nearby problem's optimum to start from, ``warm.named_basis``,
    on the fast path; ``keep_pairs``: a what-if's baseline moves, ``pairs.move_pair_keys``
    (one per official), preferred at ``keep_weight`` weighted FTE per official:
    ``formulation.define_baseline_preference``)."""
    t = time.perf_counter()
    inputs = build_inputs(state, elastic=elastic, superset=superset)
    p = state.params.optimizer
    keep = (counts_on_arcs(inputs, keep_pairs)
            if keep_pairs is not None and len(keep_pairs) and keep_weight > 0 else None)
    generate = (fast and not elastic and p.solver == "highs" and can_aggregate(inputs)
                and p.objective.method == "weighted")
    # the arcs go to HiGHS directly (``fast_solver``, priced in); a baseline's arcs, which
    # the preference's rows name, are columns of the model from the start
    tp = build_problem(inputs, elastic=elastic,
                       active=(np.zeros(inputs.n_arcs, bool) if keep is None else keep > 0)
                       if generate else None, keep=keep, keep_weight=keep_weight)
    if generate:
        # from a nearby optimum's basis, every arc: its root LP then takes a few hundred
        # dual iterations instead of 5,000 and no round of pricing (Thanh Hóa, a budget
        # what-if: 2,600 iterations in 6 LPs in all, against 5,000 in 16 starting from the
        # baseline's arcs and each pair's four nearest partners without a basis)
        tp.start_arcs = initial_arcs(inputs, prefer=prefer if warm is None else None)
        tp.warm = warm
    build_s = time.perf_counter() - t
    res = solve_problem(tp, fast=fast, before_solve=before_solve)
    res.build_s = build_s
    moves = decode_moves(inputs, res.x) if res.has_solution else []
    return inputs, res, moves, tp
