"""Baseline against variant: two plans (and optionally two simulated policies) side by side."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from staffsim.model.cores import usable_cores
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.binding import limits_in_use
from staffsim.optimize.cache import remember_point, state_key
from staffsim.optimize.check import check_plan
from staffsim.optimize.edits import (
    EditedPlan,
    Edits,
    cached_plan,
    edited_state,
    plan_with_edits,
)
from staffsim.optimize.families import families
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.naming import name_like
from staffsim.optimize.pairs import move_pair_keys
from staffsim.optimize.plan import after_staffing, plan_outcome
from staffsim.optimize.planner import plan_quality, plan_rows, proven_optimal
from staffsim.optimize.sequence import ROW_LEVERS, row_lever, solve_row_lever
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import OK_STATUSES
from staffsim.scenarios.params import ZONES, Params
from staffsim.scenarios.specialties import SPECIALTIES


def commune_unmet(state: ProvinceState, moves: list[Move]) -> np.ndarray:
    fte, _ = after_staffing(state, moves)
    return np.maximum(state.required - fte, 0.0).sum(axis=1)


def plan_report(state: ProvinceState, edits: Edits, prefer: np.ndarray | None = None,
                plan: EditedPlan | None = None, warm: dict | None = None) -> dict:
    """One side of a what-if: the plan (``plan``, or solved: ``plan_with_edits``), its
    outcome, and rule violations of manual edits."""
    plan = plan or plan_with_edits(state, edits, prefer, warm)
    moves = plan.moves
    out = plan_outcome(state, moves)
    out["status"] = plan.status
    out["plan_found"] = plan.found
    out["forced_moves"] = len(plan.forced)
    out["best_from"] = plan.best_from
    # a plan not proven optimal says so, as ``plan`` does (a trial's variant stopped at its
    # time limit was shown beside the baseline as if it were the optimum)
    out["quality"] = [] if not plan.found or proven_optimal(
        plan.status, plan.found, plan.gap_rel, state.params.optimizer.gap_rel) else [
        plan_quality(plan.status, plan.found, plan.gap_rel, plan.best_from,
                     command_flag=False)]
    if plan.found or plan.forced:
        out.update(attributed_violations(state, plan))
        out["limits"] = limits_in_use(build_inputs(state), moves)
    else:  # no plan: nothing to check, spend or bind, and why there is none (a trial was
        # shown the rules 'no moves' breaks, 32 lines, and the budget it did not spend)
        out.update(violations=[], manual_violations=[], plan_violations=[], limits=[])
        out["explanation"] = no_plan_words(state, plan.status)
    return {"outcome": out, "moves": moves, "unmet_by_commune": commune_unmet(state, moves)}


def no_plan_words(state: ProvinceState, status: str) -> list[str]:
    """Why a side of a what-if (without manual edits) has no plan, as ``plan`` says it."""
    from staffsim.optimize.marginals import explain_infeasible
    from staffsim.optimize.planner import no_plan_in_time

    if status == "Infeasible":
        return explain_infeasible(state)
    return no_plan_in_time(state, command_flag=False) if status in OK_STATUSES else []


def attributed_violations(state: ProvinceState, plan: EditedPlan) -> dict[str, list[str]]:
    """The independent checker's findings (``str(Violation)``) on the plan, and whose they
    are. ``violations``: every rule the plan (manual moves first, then the optimiser's)
    breaks; ``manual_violations``: those the manual moves break by themselves, checked alone,
    naming them; ``plan_violations``: the rest, which no manual move is to blame for (the
    optimiser's part; none when it counts the manual moves against every limit, as
    ``edits.edited_state`` makes it). A finding on the whole plan whose first move beyond the
    limit is a manual one (the checker blames the last moves in plan order) is the manual
    moves' when they alone break that rule. The moves are on no file's rows: findings name
    the officials."""
    found = check_plan(state, plan_rows(state, plan.moves), name_rows=False)
    manual = (check_plan(state, plan_rows(state, plan.forced), name_rows=False)
              if plan.forced else [])
    theirs = {v.rule for v in manual}
    n = len(plan.forced)
    mine = [v for v in found if not (v.rule in theirs and 0 < v.row <= n)
            and str(v) not in {str(m) for m in manual}]
    return {"violations": [str(v) for v in found],
            "manual_violations": [str(v) for v in manual],
            "plan_violations": [str(v) for v in mine]}


def _changed(a: dict, b: dict, path: str = "") -> list[tuple[str, Any, Any]]:
    """(dotted key, value in ``a``, value in ``b``) of every leaf that differs between two
    parameter dumps."""
    out = []
    for k in a.keys() | b.keys():
        x, y = a.get(k), b.get(k)
        if isinstance(x, dict) and isinstance(y, dict):
            out += _changed(x, y, f"{path}{k}.")
        elif x != y:
            out.append((f"{path}{k}", x, y))
    return out


def row_lever_change(base_state: ProvinceState, var_state: ProvinceState
                     ) -> tuple[str, float | int, float | int] | None:
    """(key, baseline value, variant value) when the variant is the baseline with one row
    lever moved (``sequence.row_lever``: the budget or the move limit) and nothing else,
    else None."""
    changed = _changed(base_state.params.model_dump(), var_state.params.model_dump())
    if len(changed) != 1 or changed[0][0] not in ROW_LEVERS or not row_lever(
            var_state.params, changed[0][0]):
        return None
    key, before, after = changed[0]
    # the same state otherwise (roster, month, communes): the cache's key says so
    if state_key(with_params(base_state, set_param(key, after))) != state_key(var_state):
        return None
    return key, before, after


def plan_reports(base_state: ProvinceState, base_edits: Edits, var_state: ProvinceState,
                 var_edits: Edits, keep_weight: float = 0.0) -> tuple[dict, dict]:
    """``plan_report`` of the baseline and of the variant. A baseline in the plan cache (a
    plan of the scenario was made before) is read, and its arcs and basis start the
    variant's solve (``optimize.warm``: a budget what-if on Thanh Hóa solves in 0.38 s
    instead of 0.62 s). A variant
    that moves only the budget or the move limit is the baseline's model with one row bound
    changed (``sequence.solve_row_lever``: one model built; with a second core the tighter
    value is solved cold on a copy of it beside the looser, else warm-started after it); otherwise
    the baseline is solved in a second thread beside the variant (HiGHS releases the GIL).
    The variant names the baseline's officials where its commune pairs allow (``_named_after``).
    ``keep_weight`` > 0 (``whatif --keep-baseline-pairs``): the variant prefers the baseline's
    commune pairs (``formulation.define_baseline_preference``)."""
    known = cached_plan(base_state, base_edits)
    if keep_weight > 0:
        # the baseline first, then the variant on a model of its own (its plan depends on
        # the baseline: never cached)
        base = plan_report(base_state, base_edits, plan=known)
        var = plan_with_edits(var_state, var_edits,
                              keep_pairs=move_pair_keys(base_state, base["moves"]),
                              keep_weight=keep_weight)
        return base, _named_after(base_state, base, var_state, var_edits, var)
    if known is not None:
        base = plan_report(base_state, base_edits, plan=known)
        var = plan_with_edits(var_state, var_edits,
                              prefer=move_pair_keys(base_state, base["moves"]),
                              warm=known.basis)
        return base, _named_after(base_state, base, var_state, var_edits, var)
    lever = None if base_edits or var_edits else row_lever_change(base_state, var_state)
    if lever is not None:
        key, *values = lever
        # the variant solved beside the baseline when there is a second core (the copy of
        # the model starts cold, 0.2 s more CPU, but the answer comes 0.2 s sooner)
        points = solve_row_lever(base_state, key, values, threads=min(2, usable_cores()))
        for pt in points:
            remember_point(pt)  # the next question about either finds it
        base_pt, var_pt = points
        base = plan_report(base_state, Edits(), plan=EditedPlan(
            [], base_pt.moves, base_pt.status, base_pt.found, gap_rel=base_pt.gap_rel,
            best_from=base_pt.best_from))
        var = EditedPlan([], var_pt.moves, var_pt.status, var_pt.found, gap_rel=var_pt.gap_rel,
                         best_from=var_pt.best_from)
        return base, _named_after(base_state, base, var_state, var_edits, var)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="baseline") as pool:
        future = pool.submit(plan_report, base_state, base_edits)
        var = plan_with_edits(var_state, var_edits)
        base = future.result()
    return base, _named_after(base_state, base, var_state, var_edits, var)


def _named_after(base_state: ProvinceState, base: dict, var_state: ProvinceState,
                 var_edits: Edits, var: EditedPlan) -> dict:
    """The variant's report, named after the baseline's plan (``named_after``)."""
    return plan_report(var_state, var_edits,
                       plan=named_after(base_state, base["moves"], var_state, var_edits, var))


def named_after(base_state: ProvinceState, base_moves: list[Move], var_state: ProvinceState,
                var_edits: Edits, var: EditedPlan) -> EditedPlan:
    """The variant's plan, its optimised moves naming the baseline's officials where its
    commune pairs allow (``naming.name_like``: the same plan otherwise); forced moves are
    the planner's own."""
    _, rest = edited_state(var_state, var_edits)
    return dataclasses.replace(var, optimised=name_like(rest, var.optimised,
                                                        base_state.move_keys(base_moves)))


def rules_switched(base: Params, variant: Params) -> list[dict]:
    """The rules a variant's settings switch on that the baseline's rule set leaves off, and
    settings that change nothing because their rule is off on both sides: under the
    province's rules (donor floor share 0: only the last essential official is kept)
    ``--set optimizer.donor_floor=0,9`` read 'donors keep 90%', a looser rule to an HR
    officer, while it added a floor of 90% of the WISN requirement in every specialty on top
    of the province's quota rule (a trial: essential vacancies 21 -> 34). Each as
    {"family", "change": "on" | "idle" | "idle_total", "rule_set", "share"?} ("idle_total":
    the donor floor in total switched with a floor share of 0, which keeps nothing); none
    when the variant changes the rule set itself (the heading says so)."""
    rules = base.optimizer.rules
    if variant.optimizer.rules != rules:
        return []
    out = []
    for fam in families():
        b, v = fam.settings(base), fam.settings(variant)
        if b == v or not hasattr(b, "enabled"):
            continue
        if not b.enabled and v.enabled:
            out.append({"family": fam.name, "change": "on", "rule_set": rules})
        elif not b.enabled and not v.enabled:
            out.append({"family": fam.name, "change": "idle", "rule_set": rules})
        elif fam.name == "donor_floor" and v.share <= 0 and v.in_total and not b.in_total:
            # the floor in total keeps share x the whole requirement: nothing when the
            # share is 0, as under the province's rules
            out.append({"family": fam.name, "change": "idle_total", "rule_set": rules})
        elif fam.name == "donor_floor" and b.share <= 0 < v.share:
            # the floor's per-specialty part (share of the WISN requirement), off when its
            # share is 0: the family stays on for the last essential official only
            out.append({"family": fam.name, "change": "on", "rule_set": rules,
                        "share": float(v.share)})
    return out


def changed_communes(base_state: ProvinceState, base: dict, var_state: ProvinceState,
                     var: dict, top: int = 8) -> list[dict]:
    """The communes whose unmet need after the plan changed most."""
    delta = var["unmet_by_commune"] - base["unmet_by_commune"]
    order = np.argsort(-np.abs(delta), kind="stable")[:top]
    c = base_state.communes
    return [{"commune_id": c.ids[i], "name": c.names[i], "zone": ZONES[c.zone[i]],
             "unmet_baseline": float(base["unmet_by_commune"][i]),
             "unmet_variant": float(var["unmet_by_commune"][i]), "change": float(delta[i])}
            for i in order if abs(delta[i]) > 1e-9]


def moves_table(state: ProvinceState, moves: list[Move]) -> list[dict]:
    ids, names = state.communes.ids, state.communes.names
    return [{"official_id": state.official_id[m.row],
             "specialty": SPECIALTIES[state.specialty[m.row]],
             "from": ids[state.commune[m.row]], "from_name": names[state.commune[m.row]],
             "to": ids[m.to], "to_name": names[m.to]} for m in moves]
