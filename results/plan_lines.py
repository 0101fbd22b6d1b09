"""A plan for people, in the current language: its measures before and after (the declared
vocabulary, ``model.outcomes.PLAN_MEASURES``), what it spends of its limits and which bind,
and what one step of each lever would buy. ``plan`` prints these lines, ``whatif`` the
limits of both plans, the report shows them."""

from __future__ import annotations

import datetime as dt

from staffsim.i18n import N_
from staffsim.i18n import date as format_date
from staffsim.model.outcomes import PLAN_MEASURES
from staffsim.results.scheme_words import budget_scaled_words, budgets_scaled_words
from staffsim.results.words import POOL_KINDS, Words, counted, status, text_table, words
from staffsim.scenarios.params import ZONES


def plan_table(summary: dict) -> list[str]:
    """Terminal lines in the current language: the plan measures before, after the optimum
    and after the greedy baseline; what the plan spends of the budget and which limits bind;
    the marginal values of the levers."""
    _ = words()
    lines = text_table(*plan_rows(summary))
    if not summary.get("plan_found", True):  # no plan anywhere: nothing spent, bound or
        return lines  # valued (the explanation says why), the table the state before
    o, g = summary["optimum"], summary.get("greedy") or {}
    if g and g["unmet_fte_after"]["province"] < o["unmet_fte_after"]["province"] - 0.05:
        # the greedy column leaves less FTE unmet than the optimum: said why beside the
        # table, as the report does (a planner reading the table alone took the optimiser
        # for broken)
        lines.append(greedy_line(_, o, g, summary.get("rule_violations")))
    elif g:  # the column named, said what it is (a planner does not know the algorithm)
        lines.append(greedy_legend(_))
    plans = summary["by_province"].values()
    lines += free_move_lines(_, summary)
    # (the limits of the plans there are: a province with none spends and binds nothing)
    lines += limit_lines(_, [u for p in plans if p.get("plan_found", True)
                             for u in p.get("limits", [])])
    margins = [m for p in plans for m in p.get("marginal_values", [])]
    if margins:
        lines.append(_("What one step of each lever would buy (each re-solved to "
                       "optimality{scope}):",
                       scope=_(", every province's lever") if len(plans) > 1 else ""))
        lines += [f"  {line}" for line in marginal_lines(_, margins)]
    return lines


def free_move_lines(_: Words, summary: dict, top: int = 5) -> list[str]:
    """Why some moves cost nothing, said beside the plan's moves and allowance: the moves
    from units whose officials draw no transfer allowance (``plan_folder.free_moves``), how
    many of all, from which units and of which kind; none when there are none. (A plan
    moving 55 officials for 5,0 tỷ đồng, 18 of them at 0 đồng in plan.csv, said why only
    in the units table's notes.)"""
    plans = summary["by_province"].values()
    units: dict[tuple[str, str], int] = {}
    for p in plans:
        for u in (p.get("free_moves") or {}).get("units", []):
            units[(u["name"], u["kind"])] = units.get((u["name"], u["kind"]), 0) + u["officials"]
    n = sum(units.values())
    if not n:
        return []
    listed = sorted(units.items(), key=lambda x: -x[1])
    names = ", ".join(f"{name} ({_.num(k)})" for (name, _kind), k in listed[:top])
    if len(listed) > top:
        names += _(" and {n} more", n=_.num(len(listed) - top))
    kinds = ", ".join(dict.fromkeys(_(POOL_KINDS[kind]) if kind in POOL_KINDS else kind
                                    for (_name, kind), _k in listed))
    return [_("{n} of the {m} moves cost nothing: their officials come from {units}, units "
              "({kinds}) whose officials draw no transfer allowance as the units table gives "
              "them; their allowance in plan.csv is 0 and they take none of the budget.",
              n=_.num(n), m=_.num(summary["optimum"]["moves"]), units=names, kinds=kinds)]


def no_communes(outcome: dict, area: str) -> bool:
    """``area`` is a zone without a commune in the plan's province(s) (a plan outcome says
    how many each zone has; one saved before it did is taken to have some)."""
    return area in ZONES and outcome.get("communes", {}).get(area, 1) == 0


def zone_value(measure, outcome: dict, when: str, area: str) -> float | None:
    """``measure``'s value in ``area``, None for a zone without a commune."""
    return None if no_communes(outcome, area) else measure.value(outcome, when, area)


def plans_proven(summary: dict) -> bool:
    """Every plan there is is proven optimal (a province without one, beside others, does
    not make their plans 'the best known')."""
    by = summary.get("by_province") or {}
    if not by:
        return bool(summary.get("proven_optimal", True))
    return all(p.get("proven_optimal", True) for p in by.values() if p.get("plan_found", True))


def plan_rows(summary: dict) -> tuple[list[str], list[list[str]]]:
    """The plan measures before, after the optimum and after the greedy baseline, in the
    current language. (header, rows)."""
    _ = words()
    o, g = summary["optimum"], summary.get("greedy") or {}
    n = len(summary.get("by_province") or {}) or 1  # a total over several: not 'toàn tỉnh'
    # a plan not proven optimal (time limit) is the best known, never called the optimum
    best = _("optimum") if plans_proven(summary) else _("best known")
    head = ["", _("before"), best, _("greedy")]
    # no plan in any province: no column of 'the plan' (it was the state before again,
    # under 'best known') and the greedy one only if it made a plan
    keep = ([0, 1, 3] if g else [0, 1]) if not summary.get("plan_found", True) else [0, 1, 2, 3]
    rows = []
    for m in PLAN_MEASURES:
        areas = [*ZONES, "province"] if m.key == "unmet_fte" else ["province"]
        for a in areas:
            if no_communes(o, a):  # '–' as run shows it, not 0,0 unmet need
                rows.append([_.title(m.label, m.unit, a, n), "–", "–", "–" if g else ""])
                continue
            cells = [m.value(o, "before", a) if m.before else None, m.value(o, "after", a),
                     m.value(g, "after", a) if g else None]
            rows.append([_.title(m.label, m.unit, a if m.by_area else None, n),
                         *("" if x is None else _.qty(x, m.unit, m.decimals) for x in cells)])
    if len(keep) < len(head):
        head, rows = [head[i] for i in keep], [[r[i] for i in keep] for r in rows]
        rows = [r for r in rows if any(c for c in r[1:])]  # (the plan's own measures)
    return head, rows


def greedy_line(_: Words, o: dict, g: dict, broken: int | None = 0) -> str:
    """The greedy baseline against the optimum, saying why the optimum may leave more FTE
    unmet (a leader will ask): it minimises the weighted need, essential posts first; then
    what the independent check of the rules found in the plan (``broken``: the moves it
    faults, None if it was not run: nothing is claimed)."""
    return " ".join(x for x in (_greedy_words(_, o, g), _checked_words(_, broken)) if x)


GREEDY_LEGEND = N_("{greedy}: under the same rules, one official at a time from the unit with "
                   "the largest surplus to the commune with the largest remaining need.")


def greedy_legend(_: Words) -> str:
    """What the baseline column is, in words a planner uses (not the algorithm's name)."""
    return _(GREEDY_LEGEND, greedy=_("greedy"))


def _checked_words(_: Words, broken: int | None) -> str:
    if broken is None:
        return ""
    if not broken:
        return _("Every move passes the independent check of the rules.")
    return _("The independent check of the rules faults {n} of the plan (plan_summary.json "
             "says which rule).", n=counted(_, broken, N_("{n} move"), N_("{n} moves")))


def _greedy_words(_: Words, o: dict, g: dict) -> str:
    if not g:
        return ""
    gx, ox = g["unmet_fte_after"]["province"], o["unmet_fte_after"]["province"]
    ge, oe = g["essential_missing_after"]["province"], o["essential_missing_after"]["province"]
    gw, ow = g["weighted_unmet_after"], o["weighted_unmet_after"]
    if gx < ox - 0.05 and gw <= ow + 1e-6:  # (another objective, or a plan not proven
        # optimal: no claim that the optimum reduces more of what it is asked to)
        return _("A greedy plan under the same rules (largest surplus to largest need) would "
                 "leave {x} FTE unmet.", x=_.qty(gx, "FTE"))
    if gx < ox - 0.05 and ge <= oe:
        return _("A greedy plan under the same rules (largest surplus to largest need) would "
                 "leave less unmet need, {x} FTE against {y}, but more of what the plan is "
                 "asked to reduce: {gw} weighted points against {ow} (high-mountain needs and "
                 "vacant essential specialties weigh more).", x=_.qty(gx, "FTE"),
                 y=_.qty(ox, "FTE"), gw=_.num(g["weighted_unmet_after"], 1),
                 ow=_.num(o["weighted_unmet_after"], 1))
    if gx < ox - 0.05:
        return _("A greedy plan under the same rules (largest surplus to largest need) would "
                 "leave less unmet need, {x} FTE against {y}, but more of what the plan is "
                 "asked to reduce: {gw} weighted points against {ow}, as it fills fewer "
                 "vacant essential specialties ({ge} left against {oe}) and high-mountain "
                 "needs weigh more.",
                 x=_.qty(gx, "FTE"), y=_.qty(ox, "FTE"),
                 gw=_.num(g["weighted_unmet_after"], 1), ow=_.num(o["weighted_unmet_after"], 1),
                 ge=_.num(ge), oe=_.num(oe))
    return _("A greedy plan under the same rules (largest surplus to largest need) would "
             "leave {x} FTE unmet.", x=_.qty(gx, "FTE"))


def limit_lines(_: Words, limits: list[dict], scaling: bool = True) -> list[str]:
    """What a plan (or several provinces' plans) uses of its limits, and which bind;
    ``scaling``: a scaled budget's rule said with it (a report says it once, among its
    assumptions, and passes False)."""
    total: dict[str, dict] = {}
    for u in limits:
        t = total.setdefault(u["rule"], {**u, "used": 0.0, "limit": 0.0, "binds": True,
                                         "officials_given": 0.0, "officials_may_give": 0.0,
                                         "full_before": 0.0})
        for k in ("used", "limit", "officials_given", "officials_may_give", "full_before"):
            t[k] += u.get(k, 0.0)
        t["binds"] = t["binds"] and u["binds"]
    lines = []
    if "budget" in total:
        b = total["budget"]
        over = b["used"] - b["limit"]
        if over > 1e-9 * max(b["limit"], 1.0) + 1.0:  # manual moves beyond it (1 VND slack)
            verdict = _("over the budget by {amount} (manual moves)",
                        amount=_.qty(over, "VND", 2))
        else:
            verdict = (_("the budget binds: what is left is less than the cheapest further "
                         "move") if b["binds"] else _("the budget did not bind"))
        line = _("Budget: the plan spends {used} of {limit} ({share}): {verdict}.",
                 used=_.qty(b["used"], "VND", 2), limit=_.qty(b["limit"], "VND", 2),
                 share=_.pct(b["used"] / b["limit"], 1) if b["limit"] else "–",
                 verdict=verdict)
        # a budget scaled from the figure set (budget.scale): said how, with its factor (a
        # planner set 3,0 tỷ and read 'spends 2,22 of 2,22' without a word why)
        scaled = [u["scaled"] for u in limits if u["rule"] == "budget" and u.get("scaled")]
        if scaled and scaling:
            line += " " + _("This budget is scaled: {rule}.", rule=budget_scaled_words(
                _, scaled[0]) if len(scaled) == 1 else budgets_scaled_words(_, scaled[0]))
        lines.append(line)
    if "deadline" in total:
        d = total["deadline"]
        year, month = map(int, d["effect"].split("-"))
        day = dt.date.fromisoformat(d["date"])
        lines.append(_("Deadline: the plan's moves take effect in {month}, after the deadline "
                       "of {day}: nobody may move.", month=_.month(year, month, 0),
                       day=format_date(day, _.lang)))
    if "max_moves" in total:
        m = total["max_moves"]
        lines.append(_("Move limit: {used} of {limit} transfers{verdict}.",
                       used=_.num(m["used"]), limit=_.num(m["limit"]),
                       verdict=_(": the limit binds") if m["binds"] else ""))
    if "donors" in total and total["donors"]["limit"]:
        d = total["donors"]
        lines.append(_("Donors: {used} of the {limit} units allowed to give have given every "
                       "official the rules let them give ({given} of {may} officials){verdict}.",
                       used=_.num(d["used"]), limit=_.num(d["limit"]),
                       given=_.num(d["officials_given"]), may=_.num(d["officials_may_give"]),
                       verdict=_(": the donors' surplus binds") if d["binds"] else ""))
    c = total.get("recipient_cap")
    if c and (c["used"] or c["full_before"]):
        # apart: the communes the plan brought to their cap (it stops more coming) and those
        # at it before the plan (a plan that moves nobody brings none there)
        verdict = _(": the caps bind") if c["binds"] else ""
        if c["used"]:
            more = (_(", {full} more were at it before the plan", full=_.num(c["full_before"]))
                    if c["full_before"] else "")
            # ('short' in some specialty: a commune can be short in one and over in others,
            # so the count can be every commune; a trial read '42 of 166 short' as wrong)
            lines.append(_("Recipients: {used} of the {limit} communes still short in some "
                           "specialty reached their cap with the plan{more}{verdict}.",
                           used=_.num(c["used"]), limit=_.num(c["limit"]), more=more,
                           verdict=verdict))
        else:
            lines.append(_("Recipients: {full} of the {limit} communes still short in some "
                           "specialty were at their cap before the plan and may receive no "
                           "one{verdict}.",
                           full=_.num(c["full_before"]), limit=_.num(c["limit"]),
                           verdict=verdict))
    return lines


LEVER_WORDS = {"budget_plus_1bn": N_("one more VND 1 bn of allowance budget"),
               "distance_plus_10km": N_("a distance limit 10 km longer"),
               "donor_floor_minus_1pt": N_("a donor floor one point lower"),
               "donor_quota_minus_5pt": N_("donors keeping 5 points less of their quota")}


def marginal_lines(_: Words, margins: list[dict]) -> list[str]:
    """One line per lever: what one step of it would change (summed over provinces): unmet
    need and the essential posts left empty, each by zone (a zone whose change rounds to
    nothing left out), so that a step which fills essential posts at the price of some FTE
    reads as the trade it is; the weighted need the plan minimises; transfers and allowance
    (or that they do not change)."""
    by: dict[str, dict] = {}
    for m in margins:
        t = by.setdefault(m["lever"], {"description": m["description"], "status": [],
                                       "unmet": {}, "gaps": {}, "weighted": 0.0,
                                       "moves": 0, "vnd": 0.0})
        t["status"].append(m["status"])  # one per province that values the lever
        if "in_force_step_vnd" in m:  # (a budget scaled for the province: its step in force)
            t["in_force"] = t.get("in_force", 0.0) + m["in_force_step_vnd"]
        if "unmet_fte_reduction" not in m:
            continue
        for z, x in m["unmet_fte_reduction"].items():
            t["unmet"][z] = t["unmet"].get(z, 0.0) - x
        for z, x in m.get("essential_missing_reduction", {}).items():
            t["gaps"][z] = t["gaps"].get(z, 0) - x
        t["weighted"] -= m["weighted_unmet_reduction"]
        t["moves"] += m["extra_moves"]
        t["vnd"] += m["extra_allowance_vnd"]
    lines = []
    for name, t in by.items():
        what = _(LEVER_WORDS[name]) if name in LEVER_WORDS else t["description"]
        if len(t["status"]) > 1:  # each province moves its own lever: the sums are of all
            what = _("{what}, in each of the {n} provinces", what=what,
                     n=_.num(len(t["status"])))
        if "in_force" in t:  # one more VND 1 bn set is less in force on a scaled budget
            # (0.74 bn on Lạng Sơn, 57 of 77 communes: the allowance it buys is within that)
            what = (_("{what} as set, {vnd} in force", what=what,
                      vnd=_.qty(t["in_force"], "VND", 2)) if len(t["status"]) == 1 else
                    _("{what} as set, {vnd} in force in all", what=what,
                      vnd=_.qty(t["in_force"], "VND", 2)))
        failed = [s for s in t["status"] if s != "Optimal"]
        if failed:
            lines.append(_("{what}: not valued ({status})", what=what,
                           status=", ".join(status(_, s) for s in sorted(set(failed)))))
            continue
        if not t["unmet"] or (abs(t["weighted"]) < 1e-6 and t["moves"] == 0):
            lines.append(_("{what}: no change", what=what))
            continue
        lines.append(_("{what}: {unmet}, {gaps}, weighted unmet need {weighted}, {moves}, "
                       "{vnd}", what=what, unmet=_unmet_change(_, t["unmet"]),
                       gaps=_gaps_change(_, t["gaps"]),
                       weighted=_.qty(t["weighted"], "points", sign=True),
                       moves=(_("transfers {n}", n=_.qty(t["moves"], "officials", sign=True))
                              if t["moves"] else _("transfers unchanged")),
                       vnd=(_("allowance {vnd}", vnd=_.qty(t["vnd"], "VND", 2, sign=True))
                            if round(t["vnd"]) else _("allowance unchanged"))))
    return lines


def _zones(_: Words, change: dict, shown) -> str:
    """' (mountain +3.0, high mountain -9.0)': the zones whose change shows, or ''."""
    parts = [f"{_.zone(z)} {shown(x)}" for z, x in change.items()
             if z != "province" and any(c in "123456789" for c in shown(x))]
    return f" ({', '.join(parts)})" if parts else ""


def _unmet_change(_: Words, unmet: dict) -> str:
    def shown(x: float) -> str:
        return _.signed(x, 1)

    total = unmet.get("province", 0.0)
    if not any(c in "123456789" for c in shown(total)) and not _zones(_, unmet, shown):
        return _("unmet need unchanged")
    return _("unmet need {fte} FTE{zones}", fte=shown(total), zones=_zones(_, unmet, shown))


def _gaps_change(_: Words, gaps: dict) -> str:
    def shown(x: float) -> str:
        return _.signed(x, 0)

    total = gaps.get("province", 0)
    if not gaps or (round(total) == 0 and not _zones(_, gaps, shown)):
        return _("essential posts left empty unchanged")
    return _("essential posts left empty {n}{zones}", n=shown(total),
             zones=_zones(_, gaps, shown))
