"""Why a plan is what it is: infeasibility in policy words, and marginal values of levers.

The words and the levers come from the constraint families (``optimize.families``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from staffsim.i18n import N_, Listed, Said
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.branch import BranchAndBound
from staffsim.optimize.families import families, family
from staffsim.optimize.families.base import ConstraintFamily, InfeasibleContext
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.levers import Lever, moved
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.solve import OK_STATUSES, decode_moves, optimize_plan


def explain_infeasible(state: ProvinceState) -> list[str]:
    """Solve the elastic problem (rules may break, at a price) and say which rules block a
    feasible plan and by how much: each used slack in its family's words, then what the
    families read off the elastic plan's moves."""
    inputs, res, _, _ = optimize_plan(state, elastic=True)
    if not res.has_solution:
        if res.status in OK_STATUSES:  # stopped, not proven impossible (a trial was told
            # the relaxed problem has none when the time limit had run out)
            return [Said(N_("which rules block a plan could not be worked out within the "
                            "time limit ({seconds} s): the problem with the rules relaxed was "
                            "not solved in time ({status}); raise --time-limit"),
                         seconds=float(state.params.optimizer.time_limit_s),
                         status=res.status)]
        return [Said(N_("even the relaxed problem has no solution (solver status {status})"),
                     status=res.status)]
    # (a family of a plug-in may still give its aim as " to give ...": said as it is)
    aims = [t if isinstance(t, Said) else t.strip()
            for t in (fam.target_words(state.params) for fam in families("rows")) if t]
    target = "" if not aims else aims[0] if len(aims) == 1 else Listed(aims)
    ctx = InfeasibleContext(state, inputs, res.x, target)
    lines: list[str] = []
    for name, values in res.slack.items():
        for key, v in values.items():
            words = family(name).slack_words(ctx, key, v)
            if words:
                lines.append(words)
    for name in res.slack:
        lines += family(name).solution_words(ctx)
    return lines or [Said(N_("no single rule blocks; the solver reported the problem "
                             "infeasible"))]


def _levers(state: ProvinceState) -> list[tuple[ConstraintFamily, Lever]]:
    out = []
    for fam in families("levers"):
        lever = fam.lever(state.params)
        if lever is not None:
            out.append((fam, lever))
    return out


def marginal_changes(state: ProvinceState) -> list[Lever]:
    """(name, description, dotted parameter, new value) of each lever perturbation."""
    return [lever for _, lever in _levers(state)]


def _compare(state: ProvinceState, base: dict, lever: Lever, status: str,
             moves: list[Move] | None) -> dict:
    out = {"lever": lever.name, "description": lever.description,
           "parameter": lever.parameter, "value": lever.value, "status": status}
    if (lever.parameter == "optimizer.constraints.budget.vnd"
            and state.params.optimizer.constraints.budget.scale != "none"):
        # a budget scaled for the province: the step set (VND 1 bn) is 57 / 77 of it in
        # force on Lạng Sơn, which the plan's lines say beside it
        out["in_force_step_vnd"] = budget_vnd(moved(state, lever)) - budget_vnd(state)
    if moves is None:
        return out
    new = plan_outcome(moved(state, lever), moves)
    out.update({
        "weighted_unmet_reduction": base["weighted_unmet_after"] - new["weighted_unmet_after"],
        "unmet_fte_reduction": {z: base["unmet_fte_after"][z] - new["unmet_fte_after"][z]
                                for z in base["unmet_fte_after"]},
        "extra_moves": new["moves"] - base["moves"],
        "extra_allowance_vnd": new["allowance_vnd"] - base["allowance_vnd"],
    })
    if "essential_missing_after" in base:  # the essential posts the step fills (or empties):
        # the weighted need counts each heavily, so a step can trade FTE for them
        out["essential_missing_reduction"] = {
            z: int(base["essential_missing_after"][z] - new["essential_missing_after"][z])
            for z in base["essential_missing_after"]}
    return out


def marginal_value(state: ProvinceState, base: dict, name: str, description: str, path: str,
                   value: Any) -> dict:
    """Re-solve from scratch with one lever moved (any solver, any method)."""
    lever = Lever(name, description, path, value)
    _, res, moves, _ = optimize_plan(moved(state, lever))
    return _compare(state, base, lever, res.status, moves if res.has_solution else None)


def _bound_edits(tp: TransferProblem, fam: ConstraintFamily, lever: Lever,
                 row: dict[str, int], model: Any
                 ) -> tuple[list[tuple[int, float]], np.ndarray, np.ndarray] | None:
    """(row, new upper) changes and the arcs whose upper bound changes (with the new bounds)
    that move ``lever`` on the solved model, or None if the lever must be valued by
    re-solving."""
    inputs = tp.inputs
    variant = inputs.variants.get(lever.name)
    if fam.lever_arcs and variant is None:
        return None  # not a superset problem: the lever's arcs are missing
    rows = fam.lever_rows(tp, lever, variant, row, model)
    if rows is None:
        return None
    if variant is None:
        return rows, np.zeros(0, np.int64), np.zeros(0)
    a = np.flatnonzero(variant.arc_upper != inputs.arc_upper)
    return rows, a, variant.arc_upper[a].astype(float)


def marginal_values_highs(tp: TransferProblem, base: dict, threads: int = 2) -> list[dict]:
    """Marginal values by re-solving copies of the solved HiGHS model with changed bounds.

    Needs a problem built with ``superset=True`` and solved by the fast path
    (``solve.solve_problem``: the weighted method on HiGHS), which keeps the model in
    ``tp.bnb``: the arcs a longer distance limit or a lower donor floor would allow are already
    columns (upper bound 0), so each lever is a change of row or column bounds on a copy,
    warm-started from the solved basis and solved by the same branch and bound; the copies
    solve in ``threads`` parallel threads (HiGHS releases the GIL). A lever whose family
    gives no bound changes (``ConstraintFamily.lever_rows``) is valued by re-solving from
    scratch.
    """
    inputs, state = tp.inputs, tp.inputs.state
    levers = _levers(state)
    if inputs.n_arcs == 0:  # nothing can move: no lever changes the plan
        return [_compare(state, base, lever, "Optimal", []) for _, lever in levers]
    model = tp.bnb.h.getModel()
    row = tp.prob.rows
    jobs = []
    for fam, lever in levers:  # copies made here, one at a time: HiGHS models are not shared
        edits = _bound_edits(tp, fam, lever, row, model)
        if edits is None:
            jobs.append((lever, None))
            continue
        bb = tp.bnb.copy()
        for i, ub in edits[0]:
            bb.set_row_upper(i, ub)
        bb.pricer.set_upper(bb, edits[1], edits[2])
        jobs.append((lever, bb))

    def run(job: tuple[Lever, BranchAndBound | None]) -> dict:
        lever, bb = job
        if bb is None:
            return marginal_value(state, base, *lever)
        r = bb.solve(start=tp.bnb_solution)  # the base plan, if the lever keeps it allowed
        if r.status != "Optimal":
            return _compare(state, base, lever, r.status, None)
        return _compare(state, base, lever, "Optimal", decode_moves(inputs,
                                                                   bb.pricer.values(r.x)))

    if threads <= 1:
        return [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, jobs))
