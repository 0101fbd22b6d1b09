"""Why a commune gets (or does not get) officials of a specialty in the optimal plan."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from staffsim.model.allowance import move_costs
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.marginals import _set, with_params
from staffsim.optimize.plan import after_staffing, plan_outcome
from staffsim.optimize.sets import movable_officials
from staffsim.optimize.solve import optimise
from staffsim.scenarios.params import ZONES
from staffsim.scenarios.specialties import INDEX, LABELS, SPECIALTIES


def _reason(state: ProvinceState, inputs, i: int, r: int, s: int, moved_to: dict[int, int],
            movable: np.ndarray, life: np.ndarray, out_used: np.ndarray,
            gave: np.ndarray) -> tuple[str, str]:
    """(rule, words) of the first rule that keeps official i from filling (r, s)."""
    cons = state.params.optimizer.constraints
    d = int(state.commune[i])
    km = float(state.distance_km[d, r])
    names = state.communes.names
    if state.protected[i]:
        return "protection", "flagged protected"
    if cons.protection.enabled and cons.protection.leaders and state.leader[i]:
        return "protection", "a leader"
    if cons.protection.enabled and life[i] < cons.protection.years_to_retirement:
        return "protection", f"retires in {life[i]:.1f} years"
    if not movable[i]:
        return "protection", "not movable"
    if cons.eligible_recipients.enabled and (
            ZONES[state.communes.zone[d]] not in cons.eligible_recipients.donor_zones):
        return "eligible_recipients", f"{names[d]} is not in a donor zone"
    if cons.max_distance.enabled and km > cons.max_distance.km:
        return "max_distance", f"{km:.0f} km away (limit {cons.max_distance.km:g} km)"
    if i in moved_to:
        return "used_elsewhere", f"moved to {names[moved_to[i]]} instead"
    if inputs.max_out[d, s] <= 0:
        req = state.required[d, s]
        return "donor_floor", (f"{names[d]} needs its {int(inputs.in_post[d, s])} "
                               f"{SPECIALTIES[s]} official(s) (requires {req:.1f})")
    if out_used[d, s] >= inputs.max_out[d, s]:
        return "donor_floor", (f"{names[d]}'s {int(inputs.max_out[d, s])} spare "
                               f"{SPECIALTIES[s]} official(s) all move elsewhere")
    if gave[d] >= inputs.share_cap[d]:
        return "max_donor_share", (f"{names[d]} already gives its limit of "
                                   f"{inputs.share_cap[d]:.0f} officials")
    return "not_chosen", "available, not chosen"


def explain_commune(state: ProvinceState, r: int, specialty: str | None = None,
                    max_candidates: int = 5) -> dict:
    """Need, outcome and blocking rules per specialty for commune ``r``; what would help."""
    inputs, res, moves, _ = optimise(state)
    cons = state.params.optimizer.constraints
    out_all = plan_outcome(state, moves)
    fte, people = after_staffing(state, moves)
    in_post = inputs.in_post
    specs = ([INDEX[specialty]] if specialty else
             [s for s in np.argsort(-(state.required[r] - in_post[r])) if s != INDEX["leadership"]
              and state.required[r, s] - in_post[r, s] > 1e-9])
    moved_to = {m.row: m.to for m in moves}
    out_used = np.zeros_like(inputs.max_out)
    for m in moves:
        out_used[state.commune[m.row], state.specialty[m.row]] += 1
    gave = out_used.sum(axis=1)
    movable = movable_officials(state)
    life = state.years_to_retirement()
    zone = ZONES[state.communes.zone[r]]
    commune_rules = []
    if cons.eligible_recipients.enabled and zone not in cons.eligible_recipients.zones:
        commune_rules.append(("eligible_recipients", f"{zone} communes are not eligible "
                              f"recipients (allowed: {', '.join(cons.eligible_recipients.zones)})"))
    room = inputs.cap[r] - in_post[r].sum()
    if cons.recipient_cap.enabled and room <= 0:
        commune_rules.append(("recipient_cap", f"already at its cap of {inputs.cap[r]:.0f}"))
    used = out_all["allowance_vnd"]
    budget_left = cons.budget.vnd - used if cons.budget.enabled else math.inf
    moves_left = cons.max_moves.moves - len(moves) if cons.max_moves.enabled else math.inf
    details = []
    for s in specs:
        got = [m for m in moves if m.to == r and m.spec_to == s]
        cands = np.flatnonzero((state.specialty == s) & (state.commune != r))
        cands = cands[np.argsort(state.distance_km[state.commune[cands], r], kind="stable")]
        reasons = []
        for i in cands:
            rule, words = _reason(state, inputs, int(i), r, s, moved_to, movable, life,
                                  out_used, gave)
            if rule == "not_chosen":
                if budget_left < _cost_to(state, int(i), r):
                    rule, words = "budget", (f"budget left VND {max(budget_left, 0) / 1e9:.2f} "
                                             "bn is less than this move's allowance")
                elif moves_left <= 0:
                    rule, words = "max_moves", "the move limit is reached"
                else:
                    rule, words = "objective", ("a whole official is worth more elsewhere than "
                                                "the remaining need here")
            reasons.append({"official_id": state.official_id[i],
                            "from": state.communes.names[state.commune[i]],
                            "from_id": state.communes.ids[state.commune[i]],
                            "km": float(state.distance_km[state.commune[i], r]),
                            "rule": rule, "why": words})
        details.append({
            "specialty": SPECIALTIES[s], "label": LABELS[SPECIALTIES[s]],
            "required": float(state.required[r, s]), "in_post": int(in_post[r, s]),
            "received": len(got), "after": float(fte[r, s]),
            "unmet_after": float(max(state.required[r, s] - fte[r, s], 0.0)),
            "candidates": len(reasons),
            "blocked_by": dict(Counter(x["rule"] for x in reasons)),
            "nearest": reasons[:max_candidates],
            "_reasons": reasons,
        })
    helps = _what_helps(state, r, details, moves, out_all)
    for d in details:
        del d["_reasons"]
    return {"commune_id": state.communes.ids[r], "name": state.communes.names[r],
            "zone": zone, "status": res.status, "commune_rules": commune_rules,
            "specialties": details, "would_help": helps}


def _cost_to(state: ProvinceState, i: int, r: int) -> float:
    _, monthly = move_costs(state, [Move(i, r, int(state.specialty[i]))])
    return float(monthly[0]) * state.params.optimizer.allowance.months


def _what_helps(state: ProvinceState, r: int, details: list[dict], moves: list[Move],
                base: dict, most: int = 4) -> list[dict]:
    """Relax, one at a time, the rule that blocks the nearest candidates for the commune's
    largest needs (or force the nearest available candidate), re-solve, and report."""
    from staffsim.optimize.edits import Edits, plan_with_edits

    cons = state.params.optimizer.constraints
    tries: dict[str, tuple] = {}
    for d in sorted(details, key=lambda d: -d["unmet_after"]):
        first: dict[str, dict] = {}
        for x in d["_reasons"]:
            first.setdefault(x["rule"], x)
        if "max_distance" in first:
            km = math.ceil(first["max_distance"]["km"]) + 1
            tries.setdefault("max_distance", (f"raise the distance limit to {km} km",
                                              "optimizer.constraints.max_distance.km", float(km)))
        if "donor_floor" in first:
            tries.setdefault("donor_floor", (
                f"lower the donor floor to {max(cons.donor_floor.share - 0.1, 0):.2f}",
                "optimizer.constraints.donor_floor.share",
                round(max(cons.donor_floor.share - 0.1, 0.0), 4)))
        if "budget" in first:
            tries.setdefault("budget", ("add VND 2 bn to the budget",
                                        "optimizer.constraints.budget.vnd",
                                        cons.budget.vnd + 2e9))
        if "max_donor_share" in first:
            share = min(cons.max_donor_share.share + 0.05, 1.0)
            tries.setdefault("max_donor_share", (
                f"let donors give up to {share:.0%} of their staff",
                "optimizer.constraints.max_donor_share.share", round(share, 4)))
        if "max_moves" in first:
            tries.setdefault("max_moves", ("allow 10 more moves",
                                           "optimizer.constraints.max_moves.moves",
                                           cons.max_moves.moves + 10))
        for rule in ("objective", "used_elsewhere"):
            if rule in first and "force" not in tries:
                x = first[rule]
                tries["force"] = (f"move {x['official_id']} from {x['from']} here by hand "
                                  f"(--move {x['official_id']}={state.communes.ids[r]})",
                                  x["official_id"], None)
    before_r = np.maximum(state.required[r] - after_staffing(state, moves)[0][r], 0).sum()
    out = []
    for key, (words, path, value) in list(tries.items())[:most]:
        if key == "force":
            changed = state
            edited = plan_with_edits(state, Edits(moves=[(path, state.communes.ids[r])]))
            new_moves, status = edited.moves, edited.status
        else:
            changed = with_params(state, _set(path, value))
            _, res, new_moves, _ = optimise(changed)
            status = res.status
        new = plan_outcome(changed, new_moves)
        fte_r = after_staffing(changed, new_moves)[0][r]
        got = Counter(SPECIALTIES[m.spec_to] for m in new_moves if m.to == r)
        out.append({
            "change": words, "parameter": None if key == "force" else path, "value": value,
            "status": status, "officials_received": dict(got),
            "commune_unmet_change": float(np.maximum(state.required[r] - fte_r, 0).sum()
                                          - before_r),
            "province_unmet_fte_change": new["unmet_fte_after"]["province"]
            - base["unmet_fte_after"]["province"],
            "extra_allowance_vnd": new["allowance_vnd"] - base["allowance_vnd"]})
    return out
