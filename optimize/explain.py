"""Why a commune gets (or does not get) officials of a specialty in the optimal plan."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.cache import optimum
from staffsim.optimize.edits import Edits, plan_with_edits
from staffsim.optimize.families import families
from staffsim.optimize.families.base import ExplainContext
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.plan import after_staffing, plan_outcome
from staffsim.optimize.sets import build_inputs, movable_officials
from staffsim.optimize.solve import move_pair_keys
from staffsim.scenarios.params import ZONES
from staffsim.scenarios.specialties import INDEX, LABELS, SPECIALTIES


def _reason(ctx: ExplainContext, fams: list, i: int, r: int, s: int) -> tuple[str, str]:
    """(rule, words) of the first rule that keeps official i from filling (r, s): one that
    rules the move out, then being moved elsewhere, then the donor's limits, then the plan's
    (budget, move count), else the objective."""
    for fam in fams:
        words = fam.blocks_candidate(ctx, i, r, s)
        if words:
            return fam.name, words
    if i in ctx.moved_to:
        return "used_elsewhere", f"moved to {ctx.names[ctx.moved_to[i]]} instead"
    for hook in ("blocks_donor", "blocks_plan"):
        for fam in fams:
            words = getattr(fam, hook)(ctx, i, r, s)
            if words:
                return fam.name, words
    return "objective", "a whole official is worth more elsewhere than the remaining need here"


def _candidates(ctx: ExplainContext, fams: list, r: int, s: int) -> list[dict]:
    """Officials of specialty s elsewhere, with what keeps each from r: first those who could
    give by the current rules (no rule forbids the move, and their unit has officials of s
    above what it must keep: its surplus), nearest first; then the others, nearest first,
    each with the first rule that stops them."""
    state, inp = ctx.state, ctx.inputs
    cands = np.flatnonzero((state.specialty == s) & (state.commune != r))
    cands = cands[np.argsort(state.distance_km[state.commune[cands], r], kind="stable")]
    could, blocked = [], []
    for i in cands:
        if ctx.moved_to.get(int(i)) == r:
            continue  # received here: counted in "received", not a candidate
        d = int(state.commune[i])
        rule, words = _reason(ctx, fams, int(i), r, s)
        allowed = not any(fam.blocks_candidate(ctx, int(i), r, s) for fam in fams)
        surplus = inp.max_out[d, s] >= 1 and inp.max_give[d] >= 1
        row = {"official_id": state.official_id[i], "from": state.communes.names[d],
               "from_id": state.communes.ids[d], "km": float(state.distance_km[d, r]),
               "could_give": bool(allowed and surplus),
               "unit_may_give": int(min(inp.max_out[d, s], inp.max_give[d])),
               "rule": rule, "why": words}
        (could if row["could_give"] else blocked).append(row)
    return could + blocked


def explain_commune(state: ProvinceState, r: int, specialty: str | None = None,
                    max_candidates: int = 5) -> dict:
    """Need, outcome and blocking rules per specialty for commune ``r``; what would help."""
    opt = optimum(state)  # the plan `plan` or `whatif` solved before is in the cache
    moves, inputs = opt.moves, build_inputs(state)
    fte, _ = after_staffing(state, moves)
    in_post = inputs.in_post
    specs = ([INDEX[specialty]] if specialty else
             [s for s in np.argsort(-(state.required[r] - in_post[r])) if s != INDEX["leadership"]
              and state.required[r, s] - in_post[r, s] > 1e-9])
    out_used = np.zeros_like(inputs.max_out)
    for m in moves:
        out_used[state.commune[m.row], state.specialty[m.row]] += 1
    ctx = ExplainContext(state, inputs, moves, plan_outcome(state, moves),
                         movable_officials(state), out_used)
    fams = families("explain")
    commune_rules = [(fam.name, words) for fam in fams
                     if (words := fam.commune_rule(ctx, r))]
    details = []
    for s in specs:
        reasons = _candidates(ctx, fams, r, s)
        could = [x for x in reasons if x["could_give"]]
        blocked = [x for x in reasons if not x["could_give"]]
        details.append({
            "specialty": SPECIALTIES[s], "label": LABELS[SPECIALTIES[s]],
            "required": float(state.required[r, s]), "in_post": int(in_post[r, s]),
            "received": sum(1 for m in moves if m.to == r and m.spec_to == s),
            "after": float(fte[r, s]),
            "unmet_after": float(max(state.required[r, s] - fte[r, s], 0.0)),
            "candidates": len(reasons), "could_give": len(could),
            "blocked_by": dict(Counter(x["rule"] for x in reasons)),
            # who could give first (and why not here), then the nearest blocked ones
            "nearest": could[:max_candidates] + blocked[:max_candidates],
            "_reasons": reasons,
        })
    helps = _what_helps(ctx, r, details)
    for d in details:
        del d["_reasons"]
    return {"commune_id": state.communes.ids[r], "name": state.communes.names[r],
            "zone": ZONES[state.communes.zone[r]], "status": opt.status,
            "plan_found": opt.found,
            "commune_rules": commune_rules, "specialties": details, "would_help": helps}


def _what_helps(ctx: ExplainContext, r: int, details: list[dict], most: int = 6,
                shown: int = 4) -> list[dict]:
    """Relax, one at a time, the rule that stops the first candidates for the commune's
    largest needs (or force the nearest candidate who could give), re-solve, and keep only
    the changes that reduce this commune's unmet need in the specialties explained (at most
    ``shown``), each with what it costs elsewhere: the other communes' unmet need and the
    allowance."""
    state, moves, base = ctx.state, ctx.moves, ctx.outcome
    scope = [INDEX[d["specialty"]] for d in details]
    tries: dict[str, tuple] = {}
    for d in sorted(details, key=lambda d: -d["unmet_after"]):
        first: dict[str, dict] = {}
        for x in d["_reasons"]:
            first.setdefault(x["rule"], x)
        for fam in families("remedies"):
            if fam.name in first and fam.name not in tries:
                remedy = fam.remedy(ctx, first[fam.name])
                if remedy is not None:
                    tries[fam.name] = remedy
        for rule in ("objective", "used_elsewhere"):
            if rule in first and "force" not in tries:
                x = first[rule]
                tries["force"] = (f"move {x['official_id']} from {x['from']} here by hand "
                                  f"(--move {x['official_id']}={state.communes.ids[r]})",
                                  x["official_id"], None)
    unmet = np.maximum(state.required - after_staffing(state, moves)[0], 0)
    here_before, others_before = unmet[r, scope].sum(), unmet.sum() - unmet[r].sum()
    # each remedy is the plan's problem with one rule relaxed: the plan's arcs start its solve
    # (solve.initial_arcs), and two solve at a time (HiGHS releases the GIL)
    prefer = move_pair_keys(state, moves)

    def solve(item: tuple[str, tuple]) -> tuple[ProvinceState, list[Move], str]:
        key, (_, path, value) = item
        if key == "force":
            edited = plan_with_edits(state, Edits(moves=[(path, state.communes.ids[r])]),
                                     prefer)
            return state, edited.moves, edited.status
        changed = with_params(state, set_param(path, value))
        opt = optimum(changed, prefer)
        return changed, opt.moves, opt.status

    chosen = list(tries.items())[:most]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="remedies") as pool:
        solved = list(pool.map(solve, chosen))
    out = []
    for (key, (words, path, value)), (changed, new_moves, status) in zip(chosen, solved,
                                                                          strict=True):
        new = plan_outcome(changed, new_moves)
        after = np.maximum(changed.required - after_staffing(changed, new_moves)[0], 0)
        here = float(after[r, scope].sum() - here_before)
        if not here < -1e-6:
            continue  # helps nothing here, or makes it worse: not a suggestion
        got = Counter(SPECIALTIES[m.spec_to] for m in new_moves
                      if m.to == r and m.spec_to in scope)
        out.append({
            "change": words, "parameter": None if key == "force" else path, "value": value,
            "status": status, "officials_received": dict(got),
            "commune_unmet_change": here,
            "elsewhere_unmet_fte_change": float(after.sum() - after[r].sum() - others_before),
            "province_unmet_fte_change": new["unmet_fte_after"]["province"]
            - base["unmet_fte_after"]["province"],
            "extra_allowance_vnd": new["allowance_vnd"] - base["allowance_vnd"]})
    return sorted(out, key=lambda h: h["commune_unmet_change"])[:shown]
