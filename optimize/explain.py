"""Why a commune gets (or does not get) officials of a specialty in the optimal plan."""

from __future__ import annotations

import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from staffsim.model.names import official_names
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.cache import optimum
from staffsim.optimize.check import PlanRow, check_plan
from staffsim.optimize.edits import Edits, plan_with_edits
from staffsim.optimize.families import families
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.levers import get_param, set_param, with_params
from staffsim.optimize.pairs import move_pair_keys
from staffsim.optimize.plan import after_staffing, plan_outcome
from staffsim.optimize.sets import build_inputs, candidate_bounds, movable_officials
from staffsim.scenarios.params import ZONES
from staffsim.scenarios.specialties import INDEX, LABELS, SPECIALTIES

OBJECTIVE = "a whole official is worth more elsewhere than the remaining need here"


def _reason(ctx: ExplainContext, fams: list, i: int, r: int, s: int,
            full: str | None = None, cleared: frozenset[str] = frozenset()
            ) -> tuple[str, str]:
    """(rule, words) of the first rule that keeps official i from filling (r, s): one that
    rules the move out, then the recipient's cap when it binds (``full``: its words; the
    explain order puts the cap after distance), then being moved elsewhere, then the donor's
    limits, then the plan's (budget, move count), else the objective. ``cleared``: limits of
    the plan that relaxing was found not to help this commune (``_clear_rules``): passed
    over, as they are not what stops the official coming here."""
    for fam in fams:
        words = fam.blocks_candidate(ctx, i, r, s)
        if words:
            return fam.name, words
    if full:
        return "recipient_cap", full
    if i in ctx.moved_to:
        return "used_elsewhere", f"moved to {ctx.names[ctx.moved_to[i]]} instead"
    for hook in ("blocks_donor", "blocks_plan"):
        for fam in fams:
            words = None if fam.name in cleared else getattr(fam, hook)(ctx, i, r, s)
            if words:
                return fam.name, words
    return "objective", OBJECTIVE


def _clear_rules(ctx: ExplainContext, fams: list, r: int, details: list[dict],
                 tried: list[dict], full: str | None) -> frozenset[str]:
    """The limits of the whole plan explain re-solved with relaxed (``tried``) without
    reducing the commune's unmet need, though the plan then moved more officials elsewhere:
    a candidate stopped first by one of them is stopped by the next reason (the objective:
    other communes take the officials first), the limit kept beside it as relaxed to no
    avail. Na Mèo's land officers were each 'stopped by the
    budget' while 2 tỷ more brought nobody there (an HR trial, F20). The rules cleared."""
    # only a limit of the whole plan (the budget, the move limit: ``blocks_plan``) relaxed
    # and used (the plan then makes more moves, elsewhere) says that it is not what stops
    # officials coming here; a donor's rule relaxed by one step may free none of them
    plan_wide = {f.name for f in fams
                 if type(f).blocks_plan is not ConstraintFamily.blocks_plan}
    cleared = frozenset(t["relaxes"] for t in tried
                        if t.get("relaxes") in plan_wide and not t.get("broken_rules")
                        and t["moves_change"] > 0)
    if not cleared:
        return cleared
    row = {oid: i for i, oid in enumerate(ctx.state.official_id)}
    for d in details:
        for x in d["_reasons"]:
            if x["rule"] not in cleared:
                continue
            i = row[x["official_id"]]
            own = INDEX[x["specialty"]]
            rule, words = _reason(ctx, fams, i, r, own, full, cleared)
            if rule != x["rule"]:  # (a rule that forbids the move itself stays its reason)
                x["relaxed"] = {"rule": x["rule"], "why": x["why"]}
                x["rule"], x["why"] = rule, words
        d["blocked_by"] = dict(Counter(x["rule"] for x in d["_reasons"]))
    return cleared


def _candidates(ctx: ExplainContext, fams: list, r: int, s: int,
                full: str | None = None, productivity: np.ndarray | None = None
                ) -> list[dict]:
    """Officials elsewhere who may fill r's need in specialty s under the rules: those of s,
    and, when the rules allow moves into another specialty (``productivity``: specialty from
    x specialty to, ``Bounds.productivity``, the arcs the optimiser may use), those of every
    specialty whose officials may work as s (leaders aside), each with what keeps them from
    r: first those who could give by the current rules (no rule forbids the move, and their
    unit has officials of their own specialty above what it must keep: its surplus), nearest
    first (of one distance, those of s first); then the others, nearest first, each with the
    first rule that stops them (``full``: r's cap binds, in these words)."""
    state, inp = ctx.state, ctx.inputs
    prod = np.eye(len(SPECIALTIES)) if productivity is None else productivity
    may = prod[:, s] > 0
    may[INDEX["leadership"]] &= s == INDEX["leadership"]
    may[s] = True
    cands = np.flatnonzero(may[state.specialty] & (state.commune != r))
    cross = state.specialty[cands] != s
    cands = cands[np.lexsort((cross, state.distance_km[state.commune[cands], r]))]
    could, blocked = [], []
    for i in cands:
        if ctx.moved_to.get(int(i)) == r:
            continue  # received here: counted in "received", not a candidate
        d, own = int(state.commune[i]), int(state.specialty[i])
        # the donor's rules are those of the official's own specialty
        rule, words = _reason(ctx, fams, int(i), r, own, full)
        allowed = not any(fam.blocks_candidate(ctx, int(i), r, own) for fam in fams)
        surplus = inp.max_out[d, own] >= 1 and inp.max_give[d] >= 1
        row = {"official_id": state.official_id[i], "from": state.communes.names[d],
               "from_id": state.communes.ids[d], "km": float(state.distance_km[d, r]),
               "specialty": SPECIALTIES[own],
               # moved into s from another specialty, at the rules' productivity
               "cross": own != s, "productivity": float(prod[own, s]),
               "could_give": bool(allowed and surplus),
               # the unit's limit in this specialty under the rules, counting those the
               # plan already moves out of it (``unit_gives``)
               "unit_may_give": int(min(inp.max_out[d, own], inp.max_give[d])),
               "unit_gives": int(ctx.out_used[d, own]),
               "rule": rule, "why": words}
        (could if row["could_give"] else blocked).append(row)
    return could + blocked


def explain_commune(state: ProvinceState, r: int, specialty: str | None = None,
                    max_candidates: int = 5, given: dict[str, str] | None = None) -> dict:
    """Need, outcome and blocking rules per specialty for commune ``r``; what would help.
    Each candidate listed carries its official's full name (``full_name``), as ``plan``
    names them: ``given``'s (the roster tables', ``model.names.table_names``), else the
    synthetic one; the command line and the dashboard both name them here."""
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
    bounds = candidate_bounds(state, inputs.in_post, inputs.movable)
    full = _cap_binds(ctx, r) if bounds.may_receive[r] else None
    details = []
    for s in specs:
        # a vacant essential post takes its first official beyond the cap (recipient_cap)
        free = inputs.cap_free[r, s] and not any(m.to == r and m.spec_to == s for m in moves)
        reasons = _candidates(ctx, fams, r, s, None if free else full, bounds.productivity)
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
    helps, tried = _what_helps(ctx, r, details, warm=opt.basis)
    cleared = _clear_rules(ctx, fams, r, details, tried, full)
    # never an empty answer: when no change tried helps, what was tried and what binds
    nothing = ({"tried": tried, "binds": _what_binds(ctx, r, details, full, cleared)}
               if details and not helps else None)
    for d in details:
        del d["_reasons"]
    _name_candidates(state, details, given)
    row = {oid: i for i, oid in enumerate(state.official_id)}
    for h in [*helps, *tried]:  # (nothing["tried"] is the same list)
        if h.get("official"):  # a move by hand names its official too
            (h["official"]["full_name"],) = official_names(
                state, [row[h["official"]["official_id"]]], given)
    return {"commune_id": state.communes.ids[r], "name": state.communes.names[r],
            "zone": ZONES[state.communes.zone[r]], "status": opt.status,
            "plan_found": opt.found, "best_from": opt.best_from,
            "commune_rules": commune_rules, "specialties": details, "would_help": helps,
            # every other change tried, after those that help: what each did here
            "tried": tried,
            "nothing_helps": nothing,
            # the specialty asked about (--specialty), None for every one short
            "specialty_asked": specialty,
            "gives": _donor_side(ctx, r, bounds)}


def _name_candidates(state: ProvinceState, details: list[dict],
                     given: dict[str, str] | None) -> None:
    """Each candidate listed gets its official's full name (``full_name``)."""
    listed = [c for d in details for c in d["nearest"]]
    row = {oid: i for i, oid in enumerate(state.official_id)}
    names = official_names(state, [row[c["official_id"]] for c in listed], given)
    for c, name in zip(listed, names, strict=True):
        c["full_name"] = name


def _cap_binds(ctx: ExplainContext, r: int) -> str | None:
    """Why r can take nobody more in this plan, when its headcount cap binds: it is at or
    above the cap before any move (then no move into it is a candidate at all), or the plan's
    moves fill it (in post + received - given = cap: the cap's row binds)."""
    inp, cap = ctx.inputs, float(ctx.inputs.cap[r])
    if not np.isfinite(cap):
        return None  # no cap (the rule is off)
    total = int(inp.in_post[r].sum())
    if total >= cap - 1e-9:
        return f"{ctx.names[r]} has {total} officials in post, its cap is {cap:.0f}"
    received = sum(1 for m in ctx.moves if m.to == r)
    after = total + received - int(ctx.gave[r])
    if received and after >= cap - 1e-9:
        return f"{ctx.names[r]} reaches its cap of {cap:.0f} with the {received} it receives"
    return None


def _donor_limits(ctx: ExplainContext, d: int, may_give: bool) -> list[dict]:
    """How many officials d may give under each donor rule on its own, in the explain
    order: the eligible donor zones or pool kinds, who may move at all (protection), the
    donor floor, the donor quota, the donor share; each with the numbers it rests on."""
    state, inp = ctx.state, ctx.inputs
    cons = state.params.optimizer.constraints
    total = int(inp.in_post[d].sum())
    out = []
    if not may_give:
        kind = "pool" if state.communes.pool[d] else "zone"
        out.append({"rule": "eligible_recipients", "most": 0, "kind": kind,
                    "zone": ZONES[state.communes.zone[d]],
                    "donor_zones": list(cons.eligible_recipients.donor_zones)})
    movable = int(inp.movable[d].sum())
    out.append({"rule": "protection", "most": movable, "in_post": total,
                "kept": total - movable})
    if cons.donor_floor.enabled:
        # the family's own rule (donor_floor.restrict_moves), here per specialty of d only
        share = float(cons.donor_floor.share)
        essential = np.array([s.essential
                              for s in state.params.workload.specialties.ordered()])
        keep = np.ceil(share * state.required[d] - 1e-9)
        last = essential & (inp.in_post[d] > 0) & bool(state.communes.is_commune[d])
        keep = np.where(last, np.maximum(keep, 1), keep)
        spare = np.maximum(np.minimum(inp.movable[d], inp.in_post[d] - keep), 0)
        out.append({"rule": "donor_floor", "most": int(spare.sum()), "share": share,
                    "kept": int(np.minimum(keep, inp.in_post[d]).sum())})
    if cons.donor_quota.enabled:
        share = float(cons.donor_quota.share)
        keep = math.ceil(share * float(state.quota[d]) - 1e-9)
        out.append({"rule": "donor_quota", "most": max(total - keep, 0), "in_post": total,
                    "quota": int(state.quota[d]), "share": share, "kept": keep})
    if cons.max_donor_share.enabled:
        share = float(cons.max_donor_share.share)
        out.append({"rule": "max_donor_share", "most": math.floor(share * total + 1e-9),
                    "in_post": total, "share": share})
    return out


def _donor_side(ctx: ExplainContext, d: int, bounds: Bounds, top: int = 5) -> dict | None:
    """What d gives in the plan (to which communes, which specialties), how many it could
    give under the rules, and which rule stops it giving more: its own limit when the plan
    takes all it may give, else what stops the next official (nobody still short of its
    spare specialties, the distance limit, the recipients' caps, the budget, the move limit,
    or the objective). None for a unit that gives nobody, may give nobody and is not above
    its quota."""
    state, inp = ctx.state, ctx.inputs
    may_give = bool(bounds.may_give[d])
    out = [m for m in ctx.moves if int(state.commune[m.row]) == d]
    total = int(inp.in_post[d].sum())
    limit = int(min(inp.max_out[d].sum(), inp.max_give[d]))
    if not out and limit == 0 and total <= state.quota[d]:
        return None
    limits = _donor_limits(ctx, d, may_give)
    to = Counter(m.to for m in out)
    by_to: dict[int, Counter] = {}
    for m in out:
        by_to.setdefault(m.to, Counter())[SPECIALTIES[state.specialty[m.row]]] += 1
    spare = np.maximum(inp.max_out[d] - ctx.out_used[d], 0)
    by_spec = [{"specialty": SPECIALTIES[s], "in_post": int(inp.in_post[d, s]),
                "gives": int(ctx.out_used[d, s]), "may_give": int(inp.max_out[d, s])}
               for s in np.argsort(-ctx.out_used[d], kind="stable")
               if ctx.out_used[d, s] or inp.max_out[d, s]]
    gives = len(out)
    if gives >= limit:
        stop = next(({"rule": x["rule"], **{k: v for k, v in x.items() if k != "rule"}}
                     for x in limits if x["most"] <= limit), {"rule": "donor_floor"})
        stop["own_limit"] = True
    else:
        stop = _next_stop(ctx, d, spare, bounds)
        stop["own_limit"] = False
    return {"gives": gives, "in_post": total, "quota": int(state.quota[d]),
            "above_quota": max(total - int(state.quota[d]), 0),
            "may_give": limit, "more": max(limit - gives, 0), "limits": limits,
            "to": [{"commune_id": state.communes.ids[c], "name": state.communes.names[c],
                    "officials": n, "specialties": dict(by_to[c].most_common())}
                   for c, n in to.most_common()],
            "specialties": by_spec, "stopped_by": stop}


def _next_stop(ctx: ExplainContext, d: int, spare: np.ndarray, bounds: Bounds) -> dict:
    """Why d gives no more than it does though its own rules would let it: the first of
    nobody else short of its spare specialties (or no such commune may receive), the
    recipients' caps, the distance limit, the plan filling those needs, the budget, the move
    limit, else the objective (its officials do more elsewhere, or cost more than others')."""
    state, inp = ctx.state, ctx.inputs
    cons = state.params.optimizer.constraints
    specs = np.flatnonzero(spare > 0)
    # who is short of what d's spare officials could do (same specialty, or related ones
    # when cross-specialty moves are on)
    can_do = bounds.productivity[specs].max(axis=0) > 0 if specs.size else \
        np.zeros(len(SPECIALTIES), bool)
    short = (inp.deficit[:, can_do] > 1e-9).any(axis=1)
    short[d] = False
    short &= ~state.communes.pool
    if not short.any():
        return {"rule": "need", "spare": int(spare.sum()), "short": 0}
    eligible = short & bounds.may_receive
    if not eligible.any():
        return {"rule": "eligible_recipients", "spare": int(spare.sum()),
                "short": int(short.sum()),
                "zones": list(cons.eligible_recipients.zones)}
    room = inp.cap - inp.in_post.sum(axis=1)
    open_ = eligible & (room > 0)
    if not open_.any():
        return {"rule": "recipient_cap", "spare": int(spare.sum()),
                "short": int(eligible.sum()), "full": int(eligible.sum())}
    km = state.distance_km[d]
    if not (open_ & (km <= bounds.max_km)).any():
        near = float(km[open_].min())
        return {"rule": "max_distance", "spare": int(spare.sum()),
                "short": int(open_.sum()), "nearest_km": near,
                "limit_km": float(bounds.max_km)}
    # the candidate moves out of d's spare officials, and which are still wanted after the
    # plan: the recipient still short in that specialty and below its cap
    arcs = np.flatnonzero((inp.arc_from == d) & (spare[inp.arc_spec_from] > 0))
    fte, _ = after_staffing(state, ctx.moves)
    unmet = np.maximum(state.required - fte, 0)
    wanted = arcs[unmet[inp.arc_to[arcs], inp.arc_spec_to[arcs]] > 1e-9]
    if wanted.size == 0:
        return {"rule": "need", "spare": int(spare.sum()), "short": 0, "filled": True}
    received = np.bincount([m.to for m in ctx.moves], minlength=state.n_communes)
    head = inp.in_post.sum(axis=1) + received - ctx.gave
    fits = wanted[head[inp.arc_to[wanted]] < inp.cap[inp.arc_to[wanted]] - 1e-9]
    if fits.size == 0:
        return {"rule": "recipient_cap", "spare": int(spare.sum()),
                "short": len(set(inp.arc_to[wanted].tolist())),
                "full": len(set(inp.arc_to[wanted].tolist()))}
    if cons.budget.enabled:
        left = budget_vnd(state) - ctx.outcome["allowance_vnd"]
        cheapest = float(inp.arc_allowance_total[fits].min())
        if left < cheapest - 1e-6:
            return {"rule": "budget", "left_vnd": max(left, 0.0), "cheapest_vnd": cheapest,
                    "budget_vnd": budget_vnd(state)}
    if cons.max_moves.enabled and len(ctx.moves) >= cons.max_moves.moves:
        return {"rule": "max_moves", "moves": len(ctx.moves),
                "limit": int(cons.max_moves.moves)}
    return {"rule": "objective", "short": len(set(inp.arc_to[fits].tolist()))}


def _what_helps(ctx: ExplainContext, r: int, details: list[dict], most: int = 6,
                warm: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Relax, one at a time, the rule that stops the first candidates for the commune's
    largest needs (or force the nearest candidate who could give: one of the specialty and,
    when the rules allow moves into another specialty, one of another), re-solve, check the
    plan with the independent checker: the changes that reduce this commune's unmet need in
    the specialties explained, most first, each with what it costs elsewhere (the other
    communes' unmet need and the allowance); and every other change tried, with what it did
    (none is dropped: a change that does not help is an answer too). ``warm``: the plan's
    root basis, when the cache kept it (each re-solve starts from it, ``optimize.warm``)."""
    state, moves, base = ctx.state, ctx.moves, ctx.outcome
    scope = [INDEX[d["specialty"]] for d in details]
    tries: dict[str, tuple] = {}
    who: dict[str, dict] = {}  # per move by hand: the official it moves, and into what
    as_spec: dict[str, dict[str, str]] = {}  # per move by hand: those placed in another
    cid = state.communes.ids[r]
    # the moves the plan already makes here, each into the specialty it takes up
    kept = [(state.official_id[m.row], m.spec_to, m.spec_to != state.specialty[m.row])
            for m in moves if m.to == r]
    for d in sorted(details, key=lambda d: -d["unmet_after"]):
        first: dict[str, dict] = {}
        for x in d["_reasons"]:
            first.setdefault(x["rule"], x)
        for fam in families("remedies"):
            if fam.name in first and fam.name not in tries:
                remedy = fam.remedy(ctx, first[fam.name])
                if remedy is not None:
                    tries[fam.name] = remedy
        # by hand: the nearest official whom no rule keeps from here and whose unit has a
        # surplus (whatever stops the plan: the budget, the objective, a move elsewhere),
        # else the first the objective or a move elsewhere stops; the moves the plan already
        # makes here are forced with it, or the re-solve could give up one of them for it
        # (the budget it takes) and the commune would gain nothing. One of the specialty
        # itself and, when the rules let officials of other specialties take it up (the
        # arcs the optimiser may use), one of those: each is tried
        for key, cross in (("force", False), ("force_cross", True)):
            pool = [c for c in d["_reasons"] if bool(c.get("cross")) == cross]
            x = next((c for c in pool if c["could_give"]), None) or next(
                (c for k in ("objective", "used_elsewhere") for c in pool if c["rule"] == k),
                None)
            if x is None or key in tries:
                continue
            ids = [x["official_id"], *(oid for oid, _, _ in kept)]
            placed = {oid: SPECIALTIES[spec] for oid, spec, other in kept if other}
            if cross:
                placed[x["official_id"]] = d["specialty"]
            if placed:  # (whatif --move keeps an official's specialty: no command repeats it)
                words = f"move {x['official_id']} from {x['from']} here by hand"
            else:
                words = (f"move {x['official_id']} from {x['from']} here by hand "
                         f"(--move {','.join(ids)}={cid})")
            tries[key] = (words, ids, None)
            as_spec[key] = placed
            who[key] = {"official_id": x["official_id"]}
            if cross:  # (its words say what they do there: ``results.words``)
                who[key].update({"specialty": x["specialty"], "from": x["from"],
                                 "as": d["specialty"], "productivity": x["productivity"],
                                 "kept": len(kept)})
    unmet = np.maximum(state.required - after_staffing(state, moves)[0], 0)
    here_before, others_before = unmet[r, scope].sum(), unmet.sum() - unmet[r].sum()
    # each remedy is the plan's problem with one rule relaxed: the plan's basis (or, without
    # one, its arcs: solve.initial_arcs) starts its solve, and two solve at a time (HiGHS
    # releases the GIL)
    prefer = move_pair_keys(state, moves)

    def solve(item: tuple[str, tuple]) -> tuple[ProvinceState, list[Move], str]:
        key, (_, path, value) = item
        if key in who:
            edited = plan_with_edits(state, Edits(moves=[(oid, cid) for oid in path],
                                                  specialty=as_spec[key]), prefer, warm)
            return state, edited.moves, edited.status
        changed = with_params(state, set_param(path, value))
        opt = optimum(changed, prefer, warm)
        return changed, opt.moves, opt.status

    # a setting already at the value a remedy would give it changes nothing: tried, it was
    # said not to help (a trial: 'lower the donor floor to 0%' where the floor was 0%)
    chosen = [(key, t) for key, t in tries.items()
              if key in who or not _same(get_param(state.params, t[1]), t[2])][:most]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="remedies") as pool:
        solved = list(pool.map(solve, chosen))
    out, tried = [], []
    for (key, (words, path, value)), (changed, new_moves, status) in zip(chosen, solved,
                                                                          strict=True):
        new = plan_outcome(changed, new_moves)
        after = np.maximum(changed.required - after_staffing(changed, new_moves)[0], 0)
        here = float(after[r, scope].sum() - here_before)
        # the independent check (``check.check_plan``) of the plan with the change, under the
        # rules it is made under: a remedy the optimiser got wrong is not offered
        broken = check_plan(changed, [
            PlanRow(changed.official_id[m.row], changed.communes.ids[m.to],
                    SPECIALTIES[m.spec_to]) for m in new_moves], name_rows=False)
        entry = {"change": words, "parameter": None if key in who else path,
                 # the rule a re-solve relaxes (a constraint family), none for a move by hand
                 **({} if key in who else {"relaxes": key}),
                 "official": dict(who[key]) if key in who else None,
                 "value": value, "status": status}
        if key not in who:  # the setting's value in the plan, that the change replaces
            entry["was"] = get_param(state.params, path)
        if (key not in who and path == "optimizer.constraints.budget.vnd"
                and state.params.optimizer.constraints.budget.scale != "none"):
            # a budget scaled for the province: the value is the figure to set, and the
            # budgets in force before and with the change are said beside it
            entry["was_in_force_vnd"] = budget_vnd(state)
            entry["in_force_vnd"] = budget_vnd(changed)
        got = Counter(SPECIALTIES[m.spec_to] for m in new_moves
                      if m.to == r and m.spec_to in scope)
        if broken or not here < -1e-6:
            # breaks a rule, helps nothing here, or makes it worse: not a suggestion, but
            # said as tried, with what the commune then gets in all (an HR officer needs to
            # know that a change does not help as much as that another does)
            tried.append({**entry, "moves_change": len(new_moves) - len(moves),
                          "officials_received": dict(got),
                          "commune_unmet_change": here,
                          "broken_rules": sorted({v.rule for v in broken})})
            continue
        out.append({
            **entry, "officials_received": dict(got),
            "commune_unmet_change": here,
            "elsewhere_unmet_fte_change": float(after.sum() - after[r].sum() - others_before),
            "province_unmet_fte_change": new["unmet_fte_after"]["province"]
            - base["unmet_fte_after"]["province"],
            "extra_allowance_vnd": new["allowance_vnd"] - base["allowance_vnd"]})
    return sorted(out, key=lambda h: h["commune_unmet_change"]), tried


def _same(current: object, value: object) -> bool:
    """A setting's value and a remedy's are the same (numbers compared as numbers)."""
    if isinstance(current, int | float) and isinstance(value, int | float):
        return float(current) == float(value)
    return current == value


def _what_binds(ctx: ExplainContext, r: int, details: list[dict],
                full: str | None, cleared: frozenset[str] = frozenset()) -> list[dict]:
    """What keeps more officials from r when no single change tried helps: its cap (``full``:
    its words), nobody of the specialties it lacks whom the rules let come (the rules that
    stop them, most frequent first), the budget spent, the move limit reached, and else the
    objective: other communes, weighted as much or more, take the officials first (nearer
    the donors or cheaper). ``cleared``: the rules relaxing which was tried and did not help
    (``_clear_rules``): not said to bind."""
    state, inp, moves = ctx.state, ctx.inputs, ctx.moves
    cons = state.params.optimizer.constraints
    out: list[dict] = []
    if full:
        out.append({"rule": "recipient_cap", "why": full})
    if not any(d["could_give"] for d in details):
        rules = Counter(x["rule"] for d in details for x in d["_reasons"])
        # (``cross``: the rules let officials of other specialties take these up, and they
        # were counted too)
        cross = bool((candidate_bounds(state, inp.in_post, inp.movable).productivity
                      > np.eye(len(SPECIALTIES))).any())
        out.append({"rule": "no_donor", "candidates": sum(d["candidates"] for d in details),
                    "blocked_by": dict(rules.most_common(3)), "cross": cross})
        return out
    specs = [INDEX[d["specialty"]] for d in details]
    arcs = np.flatnonzero((inp.arc_to == r) & np.isin(inp.arc_spec_to, specs)
                          & (inp.arc_upper > 0)) if inp.n_arcs else np.zeros(0, int)
    # the moves the budget could stop are those that cost something: a free one (a pool unit
    # whose officials draw no allowance) is stopped by something else, and counted as the
    # cheapest it hid a spent budget (as binding.limits_in_use did)
    paid = inp.arc_allowance_total[arcs] if arcs.size else np.zeros(0)
    paid = paid[paid > 0]
    if cons.budget.enabled and paid.size and "budget" not in cleared:
        left = budget_vnd(state) - ctx.outcome["allowance_vnd"]
        cheapest = float(paid.min())
        if left < cheapest - 1e-6:
            out.append({"rule": "budget", "left_vnd": max(left, 0.0),
                        "cheapest_vnd": cheapest})
    if (cons.max_moves.enabled and len(moves) >= cons.max_moves.moves
            and "max_moves" not in cleared):
        out.append({"rule": "max_moves", "limit": int(cons.max_moves.moves)})
    if not out:  # no limit stops them: the plan prefers other communes
        out.append({"rule": "objective"})
    return out
