"""Why a plan is what it is: infeasibility in policy words, and marginal values of levers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.formulation import TransferProblem
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.sets import MARGINAL_FLOOR, MARGINAL_KM
from staffsim.optimize.solve import decode_moves, optimise
from staffsim.scenarios.params import Params
from staffsim.scenarios.specialties import LABELS, SPECIALTIES


def _label(s: int) -> str:
    return LABELS[SPECIALTIES[s]].lower()


def explain_infeasible(state: ProvinceState) -> list[str]:
    """Solve the elastic problem (rules may break, at a price) and say which rules block a
    feasible plan and by how much."""
    cons = state.params.optimizer.constraints
    inputs, res, moves, _ = optimise(state, elastic=True)
    names = state.communes.names
    lines: list[str] = []
    if not res.has_solution:
        return [f"even the relaxed problem has no solution (solver status {res.status})"]
    target = ""
    if cons.cover_essential.enabled:
        target = (" to give every " + "/".join(cons.cover_essential.zones).replace("_", "-")
                  + " commune someone in every essential specialty")
    for fam, values in res.slack.items():
        for key, v in values.items():
            if fam == "budget":
                lines.append(f"allowance budget short by VND {v:.2f} bn{target} "
                             f"(limit VND {cons.budget.vnd / 1e9:.2f} bn)")
            elif fam == "max_moves":
                lines.append(f"needs {v:.0f} more moves than the limit of "
                             f"{cons.max_moves.moves}{target}")
            elif fam == "max_donor_share":
                lines.append(f"{names[key]} would have to give {v:.0f} more officials than "
                             f"{cons.max_donor_share.share:.0%} of its staff")
            elif fam == "recipient_cap":
                lines.append(f"{names[key]} would exceed its headcount cap by {v:.0f}")
            elif fam == "donor_floor":
                c, s = key
                lines.append(f"{names[c]} would keep {v:.0f} {_label(s)} official(s) fewer than "
                             f"its floor ({cons.donor_floor.share:.0%} of requirement)")
            elif fam == "cover_essential":
                r, s = key
                lines.append(f"no movable {_label(s)} official anywhere in the province for "
                             f"{names[r]} (all are protected, leaders, near retirement or "
                             f"their commune's last)")
    limit = cons.max_distance.km
    if "max_distance" in res.slack:
        seen = set()
        for a in np.flatnonzero((res.x > 0) & (inputs.arc_over_km > 0)):
            r, s = int(inputs.arc_to[a]), int(inputs.arc_spec_to[a])
            if (r, s) in seen:
                continue
            seen.add((r, s))
            lines.append(f"no {_label(s)} official within {limit:g} km of {names[r]}: nearest "
                         f"usable candidate is in {names[inputs.arc_from[a]]} at "
                         f"{inputs.arc_km[a]:.0f} km")
    return lines or ["no single rule blocks; the solver reported the problem infeasible"]


def with_params(state: ProvinceState, change: Callable[[Params], None]) -> ProvinceState:
    """A copy of ``state`` whose parameters ``change`` edits (validated on assignment)."""
    params = state.params.model_copy(deep=True)
    change(params)
    return dataclasses.replace(state, params=params)


def _set(path: str, value: float) -> Callable[[Params], None]:
    def change(p: Params) -> None:
        *parents, leaf = path.split(".")
        obj = p
        for part in parents:
            obj = getattr(obj, part)
        setattr(obj, leaf, value)
    return change


def marginal_changes(state: ProvinceState) -> list[tuple[str, str, str, float]]:
    """(name, description, dotted parameter, new value) of each lever perturbation."""
    c = state.params.optimizer.constraints
    out = []
    if c.budget.enabled:
        out.append(("budget_plus_1bn", "one more VND 1 bn of allowance budget",
                    "optimizer.constraints.budget.vnd", c.budget.vnd + 1e9))
    if c.max_distance.enabled:
        out.append(("distance_plus_10km", f"distance limit {MARGINAL_KM:g} km longer",
                    "optimizer.constraints.max_distance.km", c.max_distance.km + MARGINAL_KM))
    if c.donor_floor.enabled and c.donor_floor.share > 0:
        out.append(("donor_floor_minus_1pt", "donor floor one point lower",
                    "optimizer.constraints.donor_floor.share",
                    round(max(c.donor_floor.share - MARGINAL_FLOOR, 0.0), 6)))
    return out


def _compare(state: ProvinceState, base: dict, change: tuple[str, str, str, float],
             status: str, moves: list[Move] | None) -> dict:
    name, description, path, value = change
    out = {"lever": name, "description": description, "parameter": path, "value": value,
           "status": status}
    if moves is None:
        return out
    new = plan_outcome(with_params(state, _set(path, value)), moves)
    out.update({
        "weighted_unmet_reduction": base["weighted_unmet_after"] - new["weighted_unmet_after"],
        "unmet_fte_reduction": {z: base["unmet_fte_after"][z] - new["unmet_fte_after"][z]
                                for z in base["unmet_fte_after"]},
        "extra_moves": new["moves"] - base["moves"],
        "extra_allowance_vnd": new["allowance_vnd"] - base["allowance_vnd"],
    })
    return out


def marginal_value(state: ProvinceState, base: dict, name: str, description: str, path: str,
                   value: float) -> dict:
    """Re-solve from scratch with one lever moved (any solver, any method)."""
    changed = with_params(state, _set(path, value))
    _, res, moves, _ = optimise(changed)
    return _compare(state, base, (name, description, path, value), res.status,
                    moves if res.has_solution else None)


def marginal_values_highs(tp: TransferProblem, base: dict) -> list[dict]:
    """Marginal values by re-solving copies of the solved HiGHS model with changed bounds.

    Needs a problem built with ``superset=True`` and solved once with HiGHS by the weighted
    method: the arcs a longer distance limit or a lower donor floor would allow are already
    columns (upper bound 0), so each lever is a change of row or column bounds, and the copies
    solve in parallel threads (HiGHS releases the GIL).
    """
    import highspy

    inputs, state = tp.inputs, tp.inputs.state
    p = state.params.optimizer
    if inputs.n_arcs == 0:  # nothing can move: no lever changes the plan
        return [_compare(state, base, ch, "Optimal", []) for ch in marginal_changes(state)]
    model = tp.prob.solverModel.getModel()
    col = {v.name: j for j, v in enumerate(tp.prob.exported_variables())}
    row = {c.name: i for i, c in enumerate(tp.prob.constraints())}
    arc_col = np.array([col[v.name] for v in tp.x], dtype=np.int64)
    inf = highspy.kHighsInf

    def edits(name: str) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """(row, new upper) and (column, new upper) changes for one lever."""
        if name == "budget_plus_1bn":
            if "budget" not in row:  # no move costs anything: the budget cannot bind
                return [], []
            i = row["budget"]
            return [(i, model.lp_.row_upper_[i] + 1.0)], []
        if name == "distance_plus_10km":
            a = np.flatnonzero(inputs.arc_upper_km != inputs.arc_upper)
            return [], list(zip(arc_col[a].tolist(), inputs.arc_upper_km[a].tolist(),
                                strict=True))
        a = np.flatnonzero(inputs.arc_upper_floor != inputs.arc_upper)
        rows = []
        for d, s in set(zip(inputs.arc_from.tolist(), inputs.arc_spec_from.tolist(),
                            strict=True)):
            key = f"donor_floor_{state.communes.ids[d]}_{SPECIALTIES[s]}"
            if key in row:
                rows.append((row[key], float(inputs.max_out_floor[d, s])))
        return rows, list(zip(arc_col[a].tolist(), inputs.arc_upper_floor[a].tolist(),
                              strict=True))

    def run(change: tuple[str, str, str, float]) -> dict:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "on" if p.presolve else "off")
        h.setOptionValue("threads", 1)
        h.setOptionValue("time_limit", float(p.time_limit_s))
        h.setOptionValue("mip_rel_gap", float(p.gap_rel))
        h.passModel(model)
        rows, cols = edits(change[0])
        for i, ub in rows:
            h.changeRowBounds(i, -inf, ub)
        for j, ub in cols:
            h.changeColBounds(j, 0.0, float(ub))
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            return _compare(state, base, change, h.modelStatusToString(status), None)
        x = np.round(np.asarray(h.getSolution().col_value)[arc_col]).astype(np.int64)
        return _compare(state, base, change, "Optimal", decode_moves(inputs, x))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, marginal_changes(state)))
