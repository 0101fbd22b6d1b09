"""Solve the transfer problem (lexicographic or weighted) and decode named moves."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np
import pulp

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.formulation import build_problem
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.sets import build_inputs
from staffsim.scenarios.params import OptimizerParams

OK_STATUSES = {"Optimal", "TimeLimit", "GapLimit", "SolutionLimit", "NodeLimit",
               "IterationLimit", "Interrupted"}


def make_solver(p: OptimizerParams, warm: bool = False) -> pulp.LpSolver:
    """HiGHS through highspy by default; CBC (pulp[cbc]) when asked."""
    log = bool(os.environ.get("STAFFSIM_SOLVER_LOG"))  # solver log on the console, for debugging
    if p.solver == "cbc":
        return pulp.COIN_CMD(msg=log, timeLimit=p.time_limit_s, gapRel=p.gap_rel,
                             threads=p.threads, warmStart=warm)
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


def _terms(tp: TransferProblem) -> dict[str, float]:
    val = lambda e: float(pulp.value(e) or 0.0)  # noqa: E731
    return {"weighted_unmet": tp.unmet_constant + val(tp.unmet_expr),
            "allowance_vnd_bn": val(tp.cost_bn_expr), "moves": val(tp.moves_expr),
            "km": val(tp.km_expr), "elastic_penalty": val(tp.slack_expr)}


def solve_problem(tp: TransferProblem) -> SolveResult:
    """Lexicographic: min weighted unmet; then, holding it within tolerance, min cost and
    disruption. Weighted: one solve of unmet_scale x unmet + cost + disruption."""
    p = tp.inputs.state.params.optimizer
    o = p.objective
    second = (o.cost_weight_per_bn * tp.cost_bn_expr + o.move_weight * tp.moves_expr
              + o.km_weight * tp.km_expr)
    stages = []
    if tp.infeasible_by_construction:
        return SolveResult("Infeasible", np.zeros(tp.inputs.n_arcs), {}, None,
                           [{"status": "Infeasible", "reason": "no candidate for "
                             + ", ".join(tp.infeasible_by_construction)}])

    def stage(objective, warm: bool = False) -> pulp.LpSolveStats:
        tp.prob.setObjective(objective)
        t = time.perf_counter()
        st = tp.prob.solve(make_solver(p, warm=warm))
        stages.append(_stats(st, time.perf_counter() - t))
        return st

    if o.method == "weighted" or tp.inputs.n_arcs == 0:
        st = stage(o.unmet_scale * tp.unmet_expr + second + tp.slack_expr)
    else:
        st = stage(tp.unmet_expr + tp.slack_expr)
        if st.has_solution:
            best = float(pulp.value(tp.unmet_expr + tp.slack_expr) or 0.0)
            # a hair of tolerance so stage 2 is not made infeasible by round-off
            tol = o.unmet_tolerance + 1e-6 * max(1.0, abs(best))
            tp.prob += tp.unmet_expr + tp.slack_expr <= best + tol, "stage1_objective"
            st2 = stage(second, warm=True)
            if st2.has_solution:
                st = st2
    t_solve = sum(s["time_s"] for s in stages)
    status = st.status.name
    if not st.has_solution:
        return SolveResult(status, np.zeros(tp.inputs.n_arcs), {}, None, stages,
                           solve_s=t_solve, found=False)
    x = integral_arc_flows(tp)
    slack = {fam: {k: float(v.varValue or 0.0) for k, v in d.items() if (v.varValue or 0) > 1e-6}
             for fam, d in tp.slack.items()}
    # A plan is proven optimal only if every stage was.
    if any(s["status"] != "Optimal" for s in stages):
        status = next(s["status"] for s in stages if s["status"] != "Optimal")
    gaps = [s["gap_rel"] for s in stages if s["gap_rel"] is not None]
    return SolveResult(status, x, _terms(tp), max(gaps) if gaps else None, stages,
                       solve_s=t_solve, slack={k: v for k, v in slack.items() if v})


def integral_arc_flows(tp: TransferProblem) -> np.ndarray:
    """Integer officials per arc from a solved problem.

    With pair flows (``aggregated``) the arc flows are continuous; HiGHS's simplex vertex is
    integral on this network, but if it is not, the pair flows are fixed and the arcs re-solved
    as an integer transportation problem (same unmet need and cost, fewest km).
    """
    raw = np.array([v.varValue or 0.0 for v in tp.x])
    x = np.round(raw)
    if not tp.aggregated or np.abs(raw - x).max(initial=0.0) < 1e-6:
        return x.astype(np.int64)
    for v in [*tp.y.values(), *tp.w.values()]:
        v.lowBound = v.upBound = float(round(v.varValue or 0.0))
    for v in tp.x:
        v.cat = "Integer"
    tp.prob.setObjective(tp.km_expr)
    tp.prob.solve(make_solver(tp.inputs.state.params.optimizer))
    return np.array([round(v.varValue or 0.0) for v in tp.x], dtype=np.int64)


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


def optimize_plan(state: ProvinceState, elastic: bool = False, superset: bool = False
                  ) -> tuple[PlanInputs, SolveResult, list[Move], TransferProblem]:
    """Build, solve and decode one province (``superset``: see ``build_inputs``)."""
    t = time.perf_counter()
    inputs = build_inputs(state, elastic=elastic, superset=superset)
    tp = build_problem(inputs, elastic=elastic)
    build_s = time.perf_counter() - t
    res = solve_problem(tp)
    res.build_s = build_s
    moves = decode_moves(inputs, res.x) if res.has_solution else []
    return inputs, res, moves, tp
