"""What each command's report.html says (``results.html_report`` renders it): run, plan,
compare and whatif, each in the declared vocabulary and the current language."""

from __future__ import annotations

from pathlib import Path

from staffsim.i18n import N_, Said
from staffsim.model.outcomes import metric, plan_measure
from staffsim.model.pay import recruit_monthly_vnd
from staffsim.model.roster import headcount_origin
from staffsim.results.compare_lines import (
    arm_label,
    arms_rows,
    arms_solver_summary,
    compare_rows,
    compare_solver_lines,
    intervals_note,
    money_scale,
    money_text,
    months_lines,
    months_note,
    planned_on_lines,
    rough_lines,
    same_lines,
    solver_assumption,
)
from staffsim.results.finding_words import say, violation_line
from staffsim.results.html_report import Report
from staffsim.results.plan_lines import (
    free_move_lines,
    greedy_line,
    limit_lines,
    marginal_lines,
    plan_rows,
    plans_proven,
)
from staffsim.results.run_lines import headline_rows
from staffsim.results.scheme_words import (
    allowance_words,
    budget_in_force,
    budget_scaled_words,
    budgets_scaled_words,
    scheme_lines,
    zone_dependent,
    zone_units,
)
from staffsim.results.summary import rough_intervals
from staffsim.results.whatif import (
    answer_sentence,
    changed_rows,
    edits_lines,
    keep_pairs_hint,
    moves_against_baseline,
    moves_heading,
    moves_table,
    officials_count,
    rules_switched_lines,
    side_by_side_rows,
)
from staffsim.results.words import (
    CAPS,
    Words,
    change_words,
    counted,
    counted_months,
    lever_label,
    rule,
    setting_value,
    setting_words,
    status,
    words,
    would_help,
)
from staffsim.scenarios.params import Params
from staffsim.scenarios.zones import ZONES

CAPTIONS = {
    "unmet_fte_by_zone": N_("Unmet need by zone over the months: mean and 90% band"),
    "backlog_by_zone": N_("Backlog at month end by zone: mean and 90% band"),
    "wisn_ratio_by_zone": N_("WISN ratio by zone: mean and 90% band (1: staffed as required)"),
    "map_wisn_ratio": N_("WISN ratio by commune at the start and at the end"),
    "plan_map": N_("The proposed transfers on the map: donors, recipients and the largest flows"),
    "unmet_backlog_bands": N_("Each policy over the months: mean and 90% band"),
    "cost_vs_unmet": N_("What each policy costs against the unmet need it leaves"),
    "shortage_map_end": N_("Where unmet need remains at the end, under each policy"),
}
# the captions of the figures that draw a band, when there is one replication and no band
ONE_REPLICATION = {
    "unmet_fte_by_zone": N_("Unmet need by zone over the months (1 replication)"),
    "backlog_by_zone": N_("Backlog at month end by zone (1 replication)"),
    "wisn_ratio_by_zone": N_("WISN ratio by zone (1 replication; 1: staffed as required)"),
    "unmet_backlog_bands": N_("Each policy over the months (1 replication)"),
}


def _figures(_: Words, folder: Path, replications: int = 2) -> list[tuple[Path, str]]:
    """The folder's figures and their captions (``replications``: one has no band)."""
    captions = {**CAPTIONS, **(ONE_REPLICATION if replications == 1 else {})}
    return [(p, _(captions.get(p.stem, p.stem)))
            for p in sorted((Path(folder) / "figures").glob("*.png"))]


def headcount_lines(_: Words, h, own: int | None = None) -> list[str]:
    """Where the officials in post per commune come from (``model.roster.HeadcountOrigin``),
    and the assumptions standing in for what the communes table does not give: what
    ``staffsim validate`` prints and the reports list among their assumptions. ``own``: the
    officials the selected provinces' published counts give (``roster.province_totals``,
    when it names every one of them)."""
    if h.roster_table is not None:
        return [_("Officials in post: the province's roster file, {n} officials.",
                  n=_.num(h.roster_table)), *quota_lines(_, h)]
    # the scenario's officials: a part of the table's when provinces are selected (Lạng
    # Sơn's 2,376 read 'scaled so the table totals 206,707': a planner's trial)
    part = h.target_total > 0 and h.given_officials + h.generated_officials < h.target_total
    how = (_("quota × the zone's staffing factor, 10–15 officials per old unit in mountain and "
             "high-mountain communes, a surplus per merged old unit in the others, scaled to "
             "the province's published count of {n} officials (roster.province_totals)",
             n=_.num(own))
           if own is not None and h.target_total > 0 else
           _("quota × the zone's staffing factor, 10–15 officials per old unit in mountain and "
             "high-mountain communes, a surplus per merged old unit in the others, scaled so "
             "the whole communes table, every province in it, totals {total} officials; the "
             "provinces selected have their share", total=_.num(h.target_total))
           if part else
           _("quota × the zone's staffing factor, 10–15 officials per old unit in mountain and "
             "high-mountain communes, a surplus per merged old unit in the others, scaled so "
             "the table totals {total} officials", total=_.num(h.target_total))
           if h.target_total > 0 else
           _("quota × the zone's staffing factor, 10–15 officials per old unit in mountain and "
             "high-mountain communes, a surplus per merged old unit in the others"))
    if h.given == h.communes:
        lines = [_("Officials in post per commune: the communes table's column officials (Số "
                   "cán bộ, công chức hiện có), {n} officials in {c} communes; their "
                   "specialties, leaders, names and ages are generated (synthetic).",
                   n=_.num(h.given_officials), c=_.num(h.communes))]
    elif h.given:
        lines = [_("Officials in post per commune: the communes table's column officials (Số "
                   "cán bộ, công chức hiện có) for {c} communes, {n} officials; the "
                   "generator's assumptions for the other {m} communes, {g} officials "
                   "({how}); specialties, leaders, names and ages are generated (synthetic).",
                   c=_.num(h.given), n=_.num(h.given_officials), m=_.num(h.communes - h.given),
                   g=_.num(h.generated_officials), how=how)]
    else:
        lines = [_("Officials in post per commune: the generator's assumptions, {g} officials "
                   "({how}); a column officials (Số cán bộ, công chức hiện có) in the communes "
                   "table gives the province's own figures. Specialties, leaders, names and "
                   "ages are generated (synthetic).", g=_.num(h.generated_officials), how=how)]
    if h.merged_default:
        lines.append(_("Merged old units: {k} of the communes whose officials are generated "
                       "have no value in the column merged_units (Số đơn vị sáp nhập); {d} "
                       "old units each is assumed (the national mean), which changes their "
                       "headcount a lot: give the column.", k=_.num(h.merged_default),
                       d=_.num(h.default_merged_units, 1)))
    return lines + quota_lines(_, h)


def quota_lines(_: Words, h) -> list[str]:
    """Where the quota (biên chế) comes from when it is not the norm alone: the communes
    table's column, a province's published total (``staffing.quota_totals``)."""
    lines = []
    if h.quota_given == h.communes:
        lines.append(_("Quota: the communes table's column quota (Biên chế được giao), {q} "
                       "positions.", q=_.num(h.quota_total)))
    elif h.quota_given:
        lines.append(_("Quota: the communes table's column quota (Biên chế được giao) for {c} "
                       "communes, the norm of Công văn 09/CV-BCĐ for the other {m}; {q} "
                       "positions in all.", c=_.num(h.quota_given),
                       m=_.num(h.communes - h.quota_given), q=_.num(h.quota_total)))
    if h.quota_published:
        lines.append(_("Quota: the province's published figure (staffing.quota_totals: "
                       "{provinces}), {q} positions in all where the norm of Công văn "
                       "09/CV-BCĐ gives {norm}; each commune's norm is scaled to it, none "
                       "above its cap.",
                       provinces="; ".join(f"{k} {_.num(v)}"
                                           for k, v in h.quota_published.items()),
                       q=_.num(h.quota_total), norm=_.num(h.quota_norm)))
    return lines


def _published(scenario) -> int | None:
    """The officials the selected provinces' published counts give (``roster.
    province_totals``), when it names every province of the scenario; else None."""
    totals = scenario.params.roster.province_totals
    codes = set(scenario.communes.province)
    if not codes or not all(c in totals for c in codes):
        return None
    return sum(int(totals[c]) for c in codes)


def _common(_: Words, params: Params, scenario=None) -> list[str]:
    """The assumptions every report lists; with ``scenario``, where its officials in post
    come from (``headcount_lines``) in place of the one line on the roster's origin."""
    prov = params.province
    # (plain words, not '(README: Calibration)': the report stands alone for its reader)
    return [_("Required staff is the WISN requirement of each commune and specialty, from "
              "workload parameters calibrated so that the communes' total requirement "
              "matches their total staffing quota; workload intensity {x}.",
              x=_.num(params.workload.intensity, 2)),
            # the unit, once ('FTE' is no word of the Vietnamese administration)
            _("Staff, requirements and unmet need are counted in FTE (full-time equivalents: "
              "one FTE is one official working full time)."),
            *(headcount_lines(_, headcount_origin(scenario), _published(scenario))
              if scenario is not None else
              [_("The roster is {what}.", what=_("the province's own file") if prov.roster_csv
                 else _("generated from the communes' quotas (names and ages are "
                        "synthetic)"))]),
            _("Every parameter, its unit and meaning: staffsim schema; this folder's "
              "scenario.toml holds the values used.")]


def _dynamics(_: Words, params: Params, months: int, reps: int, seed: int) -> list[str]:
    d, prov = params.dynamics, params.province
    return [_("{months} from {start}, {n}, root seed {seed}: the same seed gives the same "
              "numbers.", months=counted(_, months, N_("{n} month"), N_("{n} months")),
              n=counted(_, reps, N_("{n} replication"), N_("{n} replications")), seed=seed,
              start=_.month(prov.start_year, prov.start_month, 0)),
            _("Voluntary exits {share} a year (more under overload); retirement at the legal "
              "age; recruits' salary {salary} a month from arrival.",
              share=_.pct(d.attrition_annual, 1),
              salary=_.qty(recruit_monthly_vnd(params), "VND"))]


def _rules(_: Words, params: Params, budget_vnd: float | None = None,
           scaled: dict | None = None) -> list[str]:
    """The rules a plan was made under; ``budget_vnd``: the budget the plan had (a province's
    own, scaled: ``limits_in_use``), when it is not the parameter's; ``scaled``: how it was
    scaled from the figure set (``limits_in_use``' ``scaled``), said with its factor."""
    o = params.optimizer
    c = o.constraints
    budget = c.budget.vnd if budget_vnd is None else budget_vnd
    said = (budget_scaled_words(_, scaled, budget) if scaled and "communes" in scaled
            else _.qty(budget, "VND"))
    out = [_("Rule set: {rules}; allowance budget {budget}; {allowance}.",
             rules=_("WISN") if o.rules == "wisn" else _("province practice"),
             budget=said if c.budget.enabled else _("none"),
             allowance=allowance_words(_, params))]
    if c.max_distance.enabled:
        out.append(_("No move longer than {km} km by road.", km=_.num(c.max_distance.km)))
    out.append(_("Leaders, protected officials and those close to retirement are not moved."))
    return out


def _rules_used(_: Words, p: Params, used: list[tuple[str, Params, dict | None]]
                ) -> list[str]:
    """The rules of each province planned (``used``: its name, its own parameters, the
    budget limit its plan had, ``limits_in_use``' entry), said once when they are the same:
    a province's own budget and allowance scheme (``province.by_province``) are not the
    scenario's. A budget scaled for each province is said with its factor, once."""
    if not used:
        return _rules(_, p)

    def limit(b: dict | None) -> float | None:
        return None if b is None else b["limit"]
    first = used[0][1].optimizer.model_dump(exclude={"constraints": {"budget": {"vnd"}}})
    if all(u[1].optimizer.model_dump(exclude={"constraints": {"budget": {"vnd"}}}) == first
           for u in used[1:]):
        budgets = [limit(b) for _n, _p, b in used if b is not None]
        total = sum(budgets) if len(budgets) == len(used) else None
        if len(used) == 1:
            return _rules(_, used[0][1], total, (used[0][2] or {}).get("scaled"))
        lines = _rules(_, used[0][1], total)
        scaled = (used[0][2] or {}).get("scaled")
        if scaled and total is not None:  # the sum of budgets scaled by one rule
            lines.insert(1, _("Budget of each province: {rule}.",
                              rule=budgets_scaled_words(_, scaled)))
        return lines
    if len(used) <= 4:
        lines = [_("{place}: {line}", place=name, line=_rules(
            _, params, limit(b), (b or {}).get("scaled"))[0]) for name, params, b in used]
        return lines + _rules(_, used[0][1])[1:]
    budgets = [limit(b) for _n, _p, b in used if b is not None]
    return [_("Each of the {n} provinces is planned under its own rules and budget "
              "(province.by_province in scenario.toml); budgets {total} in all.",
              n=_.num(len(used)), total=_.qty(sum(budgets), "VND"))]


def _place(scenario) -> str:
    """Where the report is about (``scenarios.loader.Scenario.place``: the provinces a
    scenario selects from its table, else its province; validate says it too)."""
    return scenario.place


def _zones(_: Words, scenario, params: list[Params] | None = None) -> str:
    """The zones the allowances were computed on, counted: the sources quote a province's
    own lists (Thanh Hóa's draft: 38 and 38 communes) where a scenario may use a proxy
    (Thanh Hóa's table: by former district, 47 and 30). A table's allowance_zone column
    gives the province's own list (``scenarios.province.Communes.allowance_zone``).
    ``params``: the provinces' own parameters; when no province's scheme depends on the
    zone (Lạng Sơn pays by distance alone), the zones are said without asking for that
    column, which would change nothing."""
    c = scenario.communes
    # each zone's units by kind: '3 phường miền núi' were '3 xã miền núi' (a planner's trial)
    counted = {k: zone_units(_, c, ZONES.index(z)) for k, z in
               (("h", "high_mountain"), ("m", "mountain"), ("l", "lowland"))}
    if params and not any(zone_dependent(x) for x in params):
        return _("Zones as the communes table gives them: high mountain {h}; mountain {m}; "
                 "lowland {l}. The allowance does not depend on the zone (the rule set above "
                 "says how it is paid).", **counted)
    if c.allowance_zone_given:
        paid = {z: _.num(int((c.allowance_zone == i).sum())) for i, z in enumerate(ZONES)}
        return _("Zones as the communes table gives them: high mountain {h}; mountain {m}; "
                 "lowland {l}. Allowances by the table's allowance_zone column: {ph} "
                 "communes at the high-mountain level and {pm} at the mountain level.",
                 **counted, ph=paid["high_mountain"], pm=paid["mountain"])
    return _("Zones as the communes table gives them: high mountain {h}; mountain {m}; "
             "lowland {l}. Each commune's allowance is its zone's (an assumption): where the "
             "province's own list of communes at each support level differs, give it as a "
             "column allowance_zone (Vùng hỗ trợ) of the communes table.", **counted)


PLAN_FACTS = ("Staffing norms", "Transfers and support", "Roads",
              "Policy principles named in the sources")
SIM_FACTS = ("Staffing norms", "Workload", "Attrition",
             "The WISN method (WHO, Workload Indicators of Staffing Need), as used for "
             "required staff")


def run_report(scenario, summary: dict, folder: Path, command: str = "") -> Report:
    _ = words()
    p = scenario.params
    a = summary["areas"]
    months, start = summary["months"], summary.get("start", {"year": 2025, "month": 7})
    end = _.month(start["year"], start["month"], months - 1)
    first = _.month(start["year"], start["month"], 0)

    def v(name: str, when: str, area: str = "province") -> float:
        return a[area][name][when]["mean"]

    def count(x: float) -> str:  # a mean of counts: whole when it is (one replication, or
        return _.num(x, 0 if float(x).is_integer() else 1)  # the start: the same in all)
    n = summary.get("provinces", 1)
    unmet = dict(a=_.qty(v("unmet_fte", "start"), "FTE"), b=_.qty(v("unmet_fte", "end"), "FTE"),
                 c=_.qty(v("unmet_fte", "end", "high_mountain"), "FTE"), first=first, end=end)
    backlog = dict(end=end, b=_.num(v("backlog", "end")), r=_.num(v("wisn_ratio", "end"), 2))
    answer = [
        _("Unmet need in the province goes from {a} FTE in {first} to {b} FTE in {end}; "
          "{c} FTE of it in high-mountain communes at the end.", **unmet) if n == 1 else
        _("Unmet need in the {n} provinces goes from {a} FTE in {first} to {b} FTE in {end}; "
          "{c} FTE of it in high-mountain communes at the end.", n=_.num(n), **unmet),
        _("Essential specialties vacant: {a} at the start and {b} at the end, in {c} and {d} "
          "communes.", a=count(v("essential_missing", "start")),
          b=count(v("essential_missing", "end")),
          c=count(v("communes_lacking_essential", "start")),
          d=count(v("communes_lacking_essential", "end"))),
        # the hours left undone in the backlog's paragraph: fixed tasks are dropped, not
        # carried, so a backlog of 0 does not mean every task was done (the table: by zone)
        (_("Backlog at month end in {end}: {b} dossiers; WISN ratio of the province {r} "
           "(1: staffed as required).", **backlog) if n == 1 else
        _("Backlog at month end in {end}: {b} dossiers; WISN ratio of the {n} provinces {r} "
          "(1: staffed as required).", n=_.num(n), **backlog))
        + " " + _("Work hours left undone over {months}: {h} hours; fixed tasks not done in "
                  "their month are dropped, not carried over, so they count here and not in "
                  "the backlog.", months=counted_months(_, months),
                  h=_.qty(v("unfinished_hours", "total"), "hours"))]
    return Report(
        title=_("Staffing of the communes over time"), place=_place(scenario),
        asked=[_("How do staffing, unmet need and backlog of {place}'s communes develop over "
                 "{months} with no action beyond routine recruitment, exits and retirements?",
                 place=_place(scenario),
                 months=counted(_, months, N_("{n} month"), N_("{n} months")))],
        answer=answer, table=headline_rows(summary),
        figures=_figures(_, folder, summary.get("replications", 1)),
        assumptions=[*_dynamics(_, p, months, p.simulation.replications, p.simulation.seed),
                     *_common(_, p, scenario)], facts=SIM_FACTS, command=command)


def _budget(limits: list[dict]) -> dict | None:
    """One province's budget limit (``limits_in_use``), None if it has none."""
    return next((u for u in limits if u["rule"] == "budget"), None)


def _unmet_change(_: Words, o: dict) -> str:
    """What the plan changes in unmet need and in the essential specialties vacant, a figure
    that does not change said as unchanged ('lĩnh vực thiết yếu không có người từ 15 xuống
    15': a planner's trial)."""
    v = dict(a=_.qty(o["unmet_fte_before"]["province"], "FTE"),
             b=_.qty(o["unmet_fte_after"]["province"], "FTE"),
             c=_.qty(o["unmet_fte_before"]["high_mountain"], "FTE"),
             d=_.qty(o["unmet_fte_after"]["high_mountain"], "FTE"),
             e=_.num(o["essential_missing_before"]["province"]),
             f=_.num(o["essential_missing_after"]["province"]),
             g=_.num(o["communes_lacking_essential_before"]["province"]),
             h=_.num(o["communes_lacking_essential_after"]["province"]))
    if v["e"] != v["f"]:
        return _("Unmet need falls from {a} to {b} FTE ({c} → {d} in high-mountain communes); "
                 "essential specialties vacant from {e} to {f}, in {g} → {h} communes.", **v)
    if v["g"] != v["h"]:
        return _("Unmet need falls from {a} to {b} FTE ({c} → {d} in high-mountain "
                 "communes); essential specialties vacant stay at {e}, in {g} → {h} "
                 "communes.", **v)
    return _("Unmet need falls from {a} to {b} FTE ({c} → {d} in high-mountain communes); "
             "essential specialties vacant stay at {e}, in {g} communes: the plan fills none "
             "of them.", **v)


def plan_report(scenario, summary: dict, folder: Path, command: str = "",
                params: list | None = None, month: int = 0, invocation=None,
                annex: str | None = None) -> Report:
    """``params``: each province's own parameters, in the summary's order (a province's
    budget and allowance scheme may be its own: ``province.by_province``). ``month``: the
    simulation month planned on (the month the plan is for is said, and when it has
    passed, the month to plan on: ``results.plan_month``); ``invocation``: the scenario
    file and settings, for that advice; ``annex``: the decision annex's file name, when the
    command wrote one."""
    from staffsim.results import plan_month as pm

    _ = words()
    p = scenario.params
    o = summary["optimum"]
    plans = list(summary["by_province"].values())
    # the limits of the plans there are (a province with none spends and binds nothing)
    limits = [u for pl in plans if pl.get("plan_found", True) for u in pl.get("limits", [])]
    # every province's budget, summed (the first province's alone was said for two)
    budgets = [b for b in (_budget(pl.get("limits", [])) for pl in plans
                           if pl.get("plan_found", True)) if b]
    budget = {"used": sum(b["used"] for b in budgets), "limit": sum(b["limit"] for b in budgets),
              "binds": all(b["binds"] for b in budgets)} if budgets else None
    spend = (_("{used} of the {limit} budget", used=_.qty(budget["used"], "VND"),
               limit=_.qty(budget["limit"], "VND")) if budget
             else _.qty(o["allowance_vnd"], "VND"))
    used = [(pl.get("name") or code, own, _budget(pl.get("limits", [])))
            for (code, pl), own in zip(summary["by_province"].items(), params or [],
                                       strict=False)]
    schemes = [(pl.get("name") or _place(scenario), code, own)
               for (code, pl), own in zip(summary["by_province"].items(), params or [],
                                          strict=False)]
    g = summary.get("greedy") or {}
    answer = [
        _("The {which} moves {n} officials, for an allowance of {spend} over their "
          "terms{binds}.", n=_.num(o["moves"]), spend=spend,
          which=_("optimal plan") if plans_proven(summary)
          else _("best plan known (not proven optimal)"),
          binds=(_(": the budget binds") if budget and budget["binds"]
                 else _(": the budget did not bind") if budget and not any(
                     b["binds"] for b in budgets) else "")),
        _unmet_change(_, o),
        # why some moves cost nothing, beside what the moves cost
        *free_move_lines(_, summary),
        greedy_line(_, o, g, summary.get("rule_violations"))]
    # which month the plan is for; when it has passed, that first (a leader reads the answer)
    when = pm.plan_month_lines(_, pm.plan_month(p, month), pm.today(), command=(
        (lambda args: invocation.command("plan", *args)) if invocation else None))
    # the provinces without a plan and why, each with its status where several are planned
    # (one province's is the answer's first line)
    why = [f"{pl.get('name') or code}: {say(_, line)}"
           for code, pl in summary["by_province"].items() if not pl.get("plan_found", True)
           for line in [*([Said(N_("no plan: {status}"), status=pl["status"])]
                          if len(plans) > 1 else []), *(pl.get("explanation") or [])]]
    if not summary.get("plan_found", True):
        # no province has a plan: said so, and why, as the command line says it (the report
        # said "the best plan known (not proven optimal) moves 0 officials" and not why)
        answer = [_("No plan: {status}.", status=status(_, summary["status"])), *why]
        limits = []
    elif why:  # the provinces without one, and why (the answer spoke of the others' alone)
        answer += why
    # (in the answer's first paragraph: the answer is three)
    answer = [" ".join([*when[1:], answer[0]]), *answer[1:]]
    notes = limit_lines(_, limits, scaling=False)  # (said once: the rules below)
    margins = [m for pl in plans for m in pl.get("marginal_values", [])]
    if margins:
        notes += [_("One step of a lever: {line}", line=line)
                  for line in marginal_lines(_, margins)]
    return Report(
        title=_("Proposed transfers of commune officials"),
        place=_place(scenario),
        asked=[when[0] + ".",
               _("Which officials should move from units with a surplus to communes short of "
                 "staff, under the province's rules and budget, to leave the least unmet "
                 "need (weighted towards high-mountain communes)?"),
               _("The named list is plan.csv in this folder (with the allowance of each "
                 "move); balance.csv gives each unit before and after."),
               *([_("The decision annex (Vietnamese, for signing) was written as {file}.",
                    file=annex)] if annex else [])],
        answer=answer, table=plan_rows(summary), notes=notes, figures=_figures(_, folder),
        assumptions=[*_rules_used(_, p, used), *scheme_lines(_, schemes),
                     _zones(_, scenario, [own for _n, own, _b in used] or [p]),
                     *_common(_, p, scenario)],
        facts=PLAN_FACTS, command=command)


def compare_report(scenario, summary: dict, months: int, replications: int, seed: int,
                   folder: Path, command: str = "") -> Report:
    _ = words()
    p = scenario.params
    arms = summary["arms"]
    ref = summary["reference_arm"]
    unmet, cost = metric("unmet_fte_months"), metric("cost_vnd")
    over = {"months": counted(_, months, N_("{n} month"), N_("{n} months")),
            "n": counted(_, replications, N_("{n} replication"), N_("{n} replications"))}

    def mean(k: str, m, area: str = "province") -> float:
        return arms[k]["metrics"][m.name]["areas"][area]["mean"]
    # the arms with the least unmet need: one, or several equal in every replication (the
    # reference first on a tie), and the next arm (``summarize_arms``' ``least_unmet``)
    least = summary.get("least_unmet") or {
        "arms": [min(arms, key=lambda k: mean(k, unmet))], "next": None, "vs_next": None}
    tied = least["arms"]
    best = tied[0]
    cheapest = min((k for k in arms if k != ref and mean(k, unmet) < mean(ref, unmet)),
                   key=lambda k: mean(k, cost), default=None)
    # the paired change of the arm the third sentence names (it quoted the best arm's)
    diff = (arms[cheapest]["metrics"][unmet.name]["areas"]["province"].get("vs_reference", {})
            if cheapest else {})
    # the percentile band is the spread of single replications (it does not narrow with
    # more of them); the confidence interval of the mean paired change is said beside it
    ci = (_("; 90% confidence interval of the mean change {lo} to {hi}",
            lo=_.num(diff["mean_ci90_lo"]), hi=_.num(diff["mean_ci90_hi"]))
          if diff.get("mean_ci90_lo") is not None else "")
    band = (_("spread of single replications, a rough 90% band over only {n} replications, "
              "{lo} to {hi}{ci}", n=_.num(replications), lo=_.num(diff.get("p05", 0.0)),
              hi=_.num(diff.get("p95", 0.0)), ci=ci) if rough_intervals(replications)
            else _("spread of single replications, 90% band {lo} to {hi}{ci}",
                   lo=_.num(diff.get("p05", 0.0)), hi=_.num(diff.get("p95", 0.0)), ci=ci)
            if replications > 1
            else _("one replication: no band; give --replications"))
    name = {k: arm_label(_, summary, k) for k in arms}

    def both(keys: list[str]) -> str:  # 'A and B', 'A, B and C'
        return _("{first} and {last}", first=", ".join(name[k] for k in keys[:-1]),
                 last=name[keys[-1]])
    same = {k: [o for g in summary.get("same_outcome", []) if k in g for o in g if o != k]
            for k in arms}
    # the cost said as the table's row says it: one unit and one number of decimals
    money = money_scale(_, [arms[k]["metrics"][cost.name]["areas"]["province"] for k in arms])

    def vnd(k: str) -> str:
        return money_text(_, mean(k, cost), money)
    spent = _("It costs {c} over the horizon (allowances, salaries of recruits, contracts and "
              "training), against {r} under {ref}.", c=vnd(best), r=vnd(ref), ref=name[ref])
    if len(arms) == 1:  # nothing to compare it with: no 'least', no 'against itself'
        answer = [_("Over {months} and {n}, {arm} leaves {x} FTE-months of unmet need.",
                    **over, arm=name[ref], x=_.num(mean(ref, unmet))),
                  _("It costs {c} over the horizon (allowances, salaries of recruits, "
                    "contracts and training).", c=vnd(ref)),
                  _("No other policy was run; give --policies with two or more arms to "
                    "compare them.")]
    elif best == ref:
        answer = [_("Over {months} and {n}, no policy leaves less unmet need than {ref}: {y} "
                    "FTE-months.", **over, ref=name[ref], y=_.num(mean(ref, unmet))),
                  _("{ref} costs {c} over the horizon (allowances, salaries of recruits, "
                    "contracts and training).", ref=name[ref], c=vnd(ref)),
                  _("No policy does better than {ref} on unmet need.", ref=name[ref])]
        if len(tied) > 1:  # an arm that did nothing more than the reference
            answer.append(_("{arms} leave exactly as much unmet need as {ref}, in every "
                            "replication.", arms=both(tied[1:]) if len(tied) > 2
                            else name[tied[1]], ref=name[ref]))
    else:
        first = (_("Over {months} and {n}, {best} leaves the least unmet need: {x} FTE-months, "
                   "against {y} under {ref}.", **over, best=name[best],
                   x=_.num(mean(best, unmet)), y=_.num(mean(ref, unmet)), ref=name[ref])
                 if len(tied) == 1 else
                 _("Over {months} and {n}, {arms} tie for the least unmet need: {x} FTE-months "
                   "each, equal in every replication, against {y} under {ref}.", **over,
                   arms=both(tied), x=_.num(mean(best, unmet)), y=_.num(mean(ref, unmet)),
                   ref=name[ref]))
        answer = [first]
        close = least.get("vs_next")
        if len(tied) == 1 and close and least["next"] != ref and replications > 1 \
                and close.get("mean_ci90_lo") is not None:
            # told apart or not by the 90% paired t interval of the MEAN difference, which
            # narrows as replications grow; the 5th-95th percentile band of single
            # replications' differences (which it was judged by) does not, and read 'do not
            # tell the two apart' of 9 in 10 paired replications better (a researcher's trial)
            said = {"next": name[least["next"]], "z": _.num(mean(least["next"], unmet)),
                    "d": _.signed(close["mean"], 0), "lo": _.signed(close["mean_ci90_lo"], 0),
                    "hi": _.signed(close["mean_ci90_hi"], 0),
                    "plo": _.signed(close["p05"], 0), "phi": _.signed(close["p95"], 0)}
            answer.append(
                _("{next} comes close, at {z} FTE-months: the mean paired difference, {d} "
                  "FTE-months, has a 90% confidence interval from {lo} to {hi}, which "
                  "includes zero, so the replications do not tell the two apart (single "
                  "replications' differences spread from {plo} to {phi}).", **said)
                if close["mean_ci90_lo"] <= 0 <= close["mean_ci90_hi"] else
                _("{next} comes next, at {z} FTE-months: the mean paired difference, {d} "
                  "FTE-months, has a 90% confidence interval from {lo} to {hi}, which "
                  "excludes zero, so the two differ: {best} leaves less unmet need (single "
                  "replications' differences spread from {plo} to {phi}).", best=name[best],
                  **said))
        answer += [
            spent,
            _("The cheapest policy that does better than {ref} is {arm}, at {c}; it changes "
              "unmet need by {d} FTE-months against {ref} on the same seeds ({band}).",
              ref=name[ref], arm=_("{arm} (the same results as {others})", arm=name[cheapest],
                                   others=both(same[cheapest]) if len(same[cheapest]) > 1
                                   else name[same[cheapest][0]])
              if same[cheapest] else name[cheapest],
              c=vnd(cheapest),
              d=_.signed(diff.get("mean") or 0.0, 0), band=band)]
    # each sentence begins with a capital: one that begins with an arm's name read 'greedy
    # transfers once comes close' (a researcher's trial)
    answer = [a[:1].upper() + a[1:] for a in answer]
    # the first line of _dynamics counts its months and replications ('1 months')
    dynamics = [_("{months} from {start}, {n}, root seed {seed}: the same seed gives the same "
                  "numbers.", **over, seed=seed,
                  start=_.month(p.province.start_year, p.province.start_month, 0)),
                *_dynamics(_, p, months, replications, seed)[1:]]
    return Report(
        title=_("Policies compared over time"), place=_place(scenario),
        asked=[_("Which of these policies leaves the least unmet need in {place}'s communes "
                 "over {months}, and at what cost: {arms}?", place=_place(scenario),
                 months=over["months"], arms="; ".join(name.values()))],
        answer=answer, table=compare_rows(summary, replications),
        # the runs whose optimiser plan was not proven optimal, or none (their arms marked)
        # (what the intervals are: the roster's part is the seed's only when it is generated)
        notes=([] if replications == 1 else [intervals_note(scenario.roster is not None)])
        + rough_lines(replications) + same_lines(summary) + planned_on_lines(summary)
        + months_lines(months_note(scenario) if months == p.compare.months else None)
        + compare_solver_lines(summary),
        figures=_figures(_, folder, replications),
        assumptions=[_("Every policy runs on the same seeds (common random numbers), so the "
                       "paired differences compare like with like."),
                     *dynamics,
                     *filter(None, [solver_assumption(arms_solver_summary(summary))]),
                     *_common(_, p, scenario)],
        facts=SIM_FACTS, command=command)


def explain_report(scenario, data: dict, lines: list[str], command: str = "",
                   params: Params | None = None) -> Report:
    """``explain``'s answer as a report (``explain --out``): the commune's intake and unmet
    need after the plan, the rule that stops most of the officials elsewhere, the first
    change that would help; a row per specialty short of staff; the terminal's lines
    (``lines``: ``words.explain_lines``) as notes. ``params``: the state's own."""
    _ = words()
    p = params or scenario.params
    where = dict(name=data["name"], id=data["commune_id"], zone=_.zone(data["zone"]))
    c = scenario.communes  # the commune's province: its budget (scaled) and its scheme
    code = (c.province[c.ids.index(data["commune_id"])] if data["commune_id"] in c.ids
            else None)
    plan = (_("the optimal plan") if data.get("plan_found", True) and data["status"] ==
            "Optimal" else _("the best plan found within the time limit (not proven optimal)")
            if data.get("plan_found", True) else _("no plan ({status})",
                                                    status=status(_, data["status"])))
    specs = data["specialties"]
    # each specialty's unmet need as its row shows it (one decimal); the total is the sum
    # rounded, as whatif and balance.csv give the commune's (the sum of the rounded rows said
    # 19,8 for Mường Chanh where whatif said 19,7: an HR trial, F12)
    shown = [round(float(d["unmet_after"]), 1) for d in specs]
    unmet = sum(float(d["unmet_after"]) for d in specs)
    received = counted(_, sum(int(d["received"]) for d in specs), N_("{n} official"),
                       N_("{n} officials"))
    asked = data.get("specialty_asked")
    if specs and asked:  # (--specialty: the commune may receive others in other specialties)
        answer = [_("{name} ({id}, {zone}) receives {n} of {specialty} in {plan}; unmet need "
                    "in {specialty} after it: {unmet} FTE.", **where, plan=plan, n=received,
                    specialty=_.specialty(asked), unmet=_.num(unmet, 1))]
    else:
        answer = [_("{name} ({id}, {zone}) receives {n} in {plan}; unmet need after it: "
                    "{unmet} FTE in {k}.", **where, plan=plan, n=received,
                    unmet=_.num(unmet, 1),
                    k=counted(_, sum(1 for x in shown if x > 0),
                              N_("{n} specialty"), N_("{n} specialties")))
                  if specs else _("{name} ({id}, {zone}): no specialty is short; the commune "
                                  "meets its WISN requirement.", **where)]
    stops: dict[str, int] = {}
    for d in specs:
        for key, n in (d.get("blocked_by") or {}).items():
            stops[key] = stops.get(key, 0) + int(n)
    if stops:
        key = max(stops, key=lambda k: (stops[k], k))
        answer.append(_("Of the {m} officials elsewhere in these specialties, the rule that "
                        "stops most of them is {rule} ({n}).",
                        m=_.num(sum(int(d.get("candidates", 0)) for d in specs)),
                        rule=rule(_, key), n=_.num(stops[key])))
    if data["would_help"]:
        answer.append(_("What would help this commune most: {line}",
                        line=would_help(_, data["would_help"][0])))
    elif specs:
        answer.append(_("No single change of a rule tried here reduces this commune's unmet "
                        "need."))
    if data["would_help"] and data.get("tried"):  # (said when nothing helps: the line above)
        answer.append(_("Tried as well, without reducing this commune's unmet need: {changes} "
                        "(what each does: below).",
                        changes="; ".join(change_words(_, t) for t in data["tried"])))
    rows = [[_.specialty(d["specialty"]), _.num(d["required"], 1), _.num(d["in_post"]),
             _.num(d["received"]), _.num(x, 1), _.num(d.get("could_give", 0))]
            for d, x in zip(specs, shown, strict=True)]
    if len(specs) > 1:  # the totals, each rounded once (the answer's figure)
        rows.append([_("Total"), _.num(sum(float(d["required"]) for d in specs), 1),
                     _.num(sum(int(d["in_post"]) for d in specs)),
                     _.num(sum(int(d["received"]) for d in specs)),
                     _.num(unmet, 1), ""])
    table = ([_("Specialty"), _("required (FTE)"), _("in post (officials)"),
              _("received (officials)"), _("unmet after the plan (FTE)"),
              _("officials elsewhere who could give")], rows)
    return Report(
        title=_("Why a commune gets staff, or not"), place=_place(scenario),
        asked=[_("Why does {name} ({id}, {zone}) get, or not get, officials in the transfer "
                 "plan, and what would help?", **where)],
        answer=answer, table=table,
        # rows that add up to another figure than the total as shown are said to (the
        # earlier trial read 19,7 beside rows adding up to 19,8 as an error)
        notes=[*([_("Each row is rounded on its own; the total is rounded once, as whatif and "
                    "balance.csv give it: the rows as shown add up to {rows} FTE, the total is "
                    "{total} FTE.", rows=_.num(sum(shown), 1), total=_.num(unmet, 1))]
                 if len(specs) > 1 and round(sum(shown), 1) != round(unmet, 1) else []),
               *(line.strip() for line in lines[1:] if line.strip())],
        assumptions=[*_rules(_, p, *budget_in_force(p, scenario.communes, code)),
                     *scheme_lines(_, [(c.province_names().get(code or "")
                                        or _place(scenario), code or "", p)]),
                     _zones(_, scenario, [p]), *_common(_, p, scenario)], command=command)


def _budget_said(overrides: dict, base: dict, variant: dict) -> bool:
    """Whether the baseline's rules and the variant's change already give the budget the
    variant's plan had: the budget set (``--set optimizer.budget_vnd=36e9``) and not scaled,
    or none set and the baseline's. The baseline's rules say its plan's own budget."""
    from staffsim.results.words import parameters

    aliases, _info = parameters()
    said = [float(x) for k, x in overrides.items()
            if aliases.get(k, k) == "optimizer.constraints.budget.vnd"
            and isinstance(x, int | float)]
    return abs(variant["limit"] - (said[-1] if said else base["limit"])) < 0.5


# a what-if's findings and whose they are (``optimize.whatif.attributed_violations``): the
# manual edits' own, named as theirs; the re-optimised plan's, never put on the edits
VIOLATION_WORDS = ((N_("warning: the manual edits break a rule: {rule}"), "manual_violations"),
                   (N_("warning: the variant's plan breaks a rule (not because of the manual "
                       "edits): {rule}"), "plan_violations"))


def _is_budget(key: str) -> bool:
    """``key`` (as --set gave it) sets the allowance budget."""
    from staffsim.results.words import parameters

    aliases, _info = parameters()
    return aliases.get(key, key) == "optimizer.constraints.budget.vnd"


def _code(scenario) -> str:
    """The province code of a one-province scenario ('' for several, or none given)."""
    codes = set(scenario.communes.province)
    return next(iter(codes)) if len(codes) == 1 else ""


def levers_in_force(_: Words, data: dict) -> str:
    """A what-if's changes (``whatif_data``) as the variant applied them: a budget set and
    scaled for the province (budget.scale) is said as the budget in force, its factor said
    elsewhere once (the header said the 3,0 tỷ set where the plan had 2,22: a planner's
    trial); the other settings as set; 'manual edits'."""
    budget = _budget(data["variant"].get("limits", []))
    scaled = (budget or {}).get("scaled")
    return "; ".join([*(_("{label} in force of {value}", label=lever_label(_, k),
                          value=setting_value(_, k, budget["limit"]))
                        if scaled and _is_budget(k) else setting_words(_, k, x)
                        for k, x in data["overrides"].items()),
                      *([_("manual edits")] if any(data["edits"].values()) else [])])


def whatif_report(scenario, data: dict, command: str = "", params: Params | None = None
                  ) -> Report:
    """``params``: the baseline state's own (a province's budget and allowance scheme may be
    its own: ``province.by_province``)."""
    _ = words()
    p = scenario.params
    budgets = [_budget(data[side].get("limits", [])) for side in ("baseline", "variant")]
    rules = _rules(_, params or p, budgets[0]["limit"] if budgets[0] else None,
                   (budgets[0] or {}).get("scaled"))
    b, v = data["baseline"], data["variant"]
    scaled = (budgets[1] or {}).get("scaled")
    what = levers_in_force(_, data)
    said = "; ".join([*(_("{typed}, scaled as the baseline's: {limit}",
                          typed=setting_words(_, k, x),
                          limit=_.qty(budgets[1]["limit"], "VND", 2))
                        if scaled and _is_budget(k) else setting_words(_, k, x)
                        for k, x in data["overrides"].items()),
                      *([_("manual edits")] if any(data["edits"].values()) else [])])
    # each plan's limits: the first (the budget, when it is on) in the answer, the others
    # under the table; the answer's were said again there, so the budget lines showed twice
    limits = [[_(side, line=line) for line in limit_lines(_, x.get("limits", []), False)]
              for side, x in ((N_("Baseline: {line}"), b), (N_("Variant: {line}"), v))]
    # a side without a plan: said so, and why, first; not 'unmet need after the optimal plan
    # is ...' of no moves, nor the moves and limits of a plan there is not (a trial)
    none = [(side, x) for side, x in ((N_("Baseline: {line}"), b), (N_("Variant: {line}"), v))
            if not x.get("plan_found", True)]
    answer = [
        *([*(_(side, line=_("no plan ({status})", status=status(_, x["status"])))
             for side, x in none),
           *(_(side, line=say(_, line)) for side, x in none
             for line in x.get("explanation") or [])]
          if none else [answer_sentence(_, what, b, v)]),
        *(line + "." for line in rules_switched_lines(_, data)),
        *([] if none else [_("The variant moves {n} officials instead of {m}, for {c} instead "
                             "of {d}.", n=_.num(v["moves"]), m=_.num(b["moves"]),
                             c=_.qty(v["allowance_vnd"], "VND"),
                             d=_.qty(b["allowance_vnd"], "VND"))]),
        *filter(None, [moves_against_baseline(_, data), keep_pairs_hint(_, data)]),
        # the manual edits as understood (the console's lines): which rows the planner set,
        # kept or closed, that the report alone did not say (an HR trial, F5)
        *(line + "." for line in edits_lines(_, data.get("edits_understood")
                                             or {"move": [], "keep": [], "close": []})),
        *([] if none else [" ".join(side[0] for side in limits if side)
                           or _("No limit binds in either plan.")])]
    notes = ([line for side in limits for line in side[1:]]
             + [_(words_, rule=x["text"] if isinstance(x, dict)
                     else violation_line(_, x, place=False))
                for words_, key in VIOLATION_WORDS for x in v.get(key, [])])
    tables = []
    if data.get("changed_communes"):  # as the terminal prints it
        tables.append((_("Communes whose unmet need changed most (FTE)"),
                       changed_rows(_, data["changed_communes"])))
    sim = data.get("simulation")
    if sim:  # --simulate: both plans over common seeds (the terminal's table)
        tables.append((_("Both plans simulated over {months} × {n} (common seeds)",
                         months=counted(_, sim["months"], N_("{n} month"), N_("{n} months")),
                         n=counted(_, sim["replications"], N_("{n} replication"),
                                   N_("{n} replications"))), arms_rows(sim, paired=True)))
        made = [sim["arms"][k]["metrics"]["moves"]["areas"]["province"]["mean"]
                for k in ("baseline", "variant")]
        planned = [b["moves"], v["moves"]]
        if any(m < n - 1e-9 for m, n in zip(made, planned, strict=True)):
            notes.append(_("  of the plans' {a} and {b} moves, {x} and {y} are made on "
                           "average over the replications: an official who leaves before the "
                           "transfer date is not moved", a=_.num(planned[0]),
                           b=_.num(planned[1]), x=officials_count(_, made[0]),
                           y=officials_count(_, made[1])).strip())
    if data.get("variant_moves"):  # who moves where: what a planner reads the variant by
        tables.append((moves_heading(_, data["variant_moves"]),
                       moves_table(_, data["variant_moves"])))
    return Report(
        title=_("What if the rules changed?"), place=_place(scenario),
        asked=[_("What changes in the optimal transfer plan of {place} with {what}, against "
                 "the scenario's own levers?", place=_place(scenario),
                 what=what),
               _("The named lists are variant_plan.csv and baseline_plan.csv in this folder "
                 "(as plan.csv, with the allowance of each move; staffsim evaluate --plan "
                 "reads them).")],
        answer=answer, table=side_by_side_rows(b, v), notes=notes, tables=tables,
        # the scenario's rules are the baseline's: the variant's change is said beside them
        # (a 30 bn variant's report listed only the baseline's 45 bn budget)
        assumptions=[_("Baseline: {line}", line=rules[0]), *rules[1:],
                     _("Variant: {line}", line=said),
                     # a budget set may be scaled for the province (budget.scale): the
                     # budgets the two plans had, when the lines above do not say them
                     *([_("Budgets the plans had: {a} (baseline) and {b} (variant).",
                          a=_.qty(budgets[0]["limit"], "VND"),
                          b=_.qty(budgets[1]["limit"], "VND"))]
                       if all(budgets) and not scaled
                       and not _budget_said(data["overrides"], *budgets) else []),
                     *scheme_lines(_, [(_place(scenario), _code(scenario), params or p)]),
                     _zones(_, scenario, [params or p]), *_common(_, p, scenario)],
        facts=PLAN_FACTS, command=command)


FRONTIER_CAPTION = N_("Unmet need by zone, and what the plan spends and moves, at each value "
                      "of the lever")


def _spans(_: Words, lever: str, values: list[float], every: list[float]) -> str:
    """Lever values as runs of neighbouring points: '0 đồng to 55,0 tỷ đồng, 60,0 tỷ đồng'
    (``every``: all the frontier's values, in order)."""
    at = [every.index(x) for x in values]
    runs: list[list[int]] = []
    for i in at:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ", ".join(setting_value(_, lever, every[r[0]]) if len(r) == 1 else
                     _("{first} to {last}", first=setting_value(_, lever, every[r[0]]),
                       last=setting_value(_, lever, every[r[-1]])) for r in runs)


def _officials(_: Words, n: float) -> str:
    return counted(_, n, N_("{n} official"), N_("{n} officials"))


def frontier_proven(p: dict) -> bool:
    """A frontier point's plan is proven optimal (a point written before ``proven`` was
    recorded: by its status)."""
    return bool(p.get("proven", p.get("plan_found", True) and p["status"] == "Optimal"))


def frontier_value(_: Words, lever: str, p: dict) -> str:
    """A frontier point's lever value; a budget scaled for the province (its
    ``budget_in_force_vnd``) as set and in force: '4,0 tỷ đồng đặt, áp dụng 2,00 tỷ đồng' (a
    Lạng Sơn row said 4,0 tỷ where its plan had 2,96)."""
    text = setting_value(_, lever, p["value"])
    if p.get("budget_in_force_vnd") is None:
        return text
    return _("{value} set, {in_force} in force", value=text,
             in_force=_.qty(p["budget_in_force_vnd"], "VND", 2))


def frontier_solved(_: Words, p: dict) -> str:
    """How a frontier point was solved, in words: 'optimal'; 'time limit reached, within
    2,1% of the optimum' for a plan not proven optimal; 'no plan (time limit reached)'."""
    if not p.get("plan_found", True):
        return _("no plan ({status})", status=status(_, p["status"]))
    gap = p.get("gap_rel")
    if not frontier_proven(p) and gap is not None:
        return _("{status}, within {gap} of the optimum", status=status(_, p["status"]),
                 gap=_.pct(gap, 1))
    return status(_, p["status"])


def _binds(_: Words, p: dict, label: str) -> str:
    """What stops a point's plan from further transfers, in words: the limits its plan binds
    (the lever's own too) and those that cap it (``capped_by``: the move limit reached),
    in the order of ``CAPS``; the lever itself (``label``) where no other limit stops the
    plan and another value of it moves more (``lever_stops``); 'none of the limits'; or the
    solver's status without a plan."""
    if not p.get("plan_found", True):
        return _("no plan ({status})", status=status(_, p["status"]))
    binds = {*p.get("binding", ()), *p.get("capped_by", ())}
    if not binds and p.get("lever_stops"):
        return _("the {lever} itself", lever=label)
    return ", ".join(_(text) for k, text in CAPS.items() if k in binds) or _(
        "none of the limits")


def frontier_report(scenario, data: dict, folder: Path, command: str = "",
                    notes: list[str] | None = None) -> Report:
    """``frontier``'s answer as a report (its folder's report.html): unmet need after the
    optimal plan at the first and the last value of the lever, what the plan moves and
    spends there, and what stops further transfers along the way; a row per value with the
    plan measures and what binds; the figure; ``notes``: what each limit that caps points
    means (``frontier_folder.frontier_lines``' last lines)."""
    _ = words()
    p = scenario.params
    lever, points = data["lever"], data["points"]
    full = data.get("lever_key") or lever
    label = lever_label(_, lever, full)
    every = [pt["value"] for pt in points]
    value = {id(pt): frontier_value(_, lever, pt) for pt in points}
    planned = [pt for pt in points if pt.get("plan_found", True)]
    answer: list[str] = []
    if planned:
        lo, hi = planned[0], planned[-1]
        answer += [
            _("With the {lever} at {first}, the optimal plan leaves {a} FTE of unmet need; "
              "at {last}, {b} FTE ({c} and {d} FTE of it in high-mountain communes).",
              lever=label, first=value[id(lo)], last=value[id(hi)],
              a=_.qty(lo["unmet_fte"]["province"], "FTE"),
              b=_.qty(hi["unmet_fte"]["province"], "FTE"),
              c=_.qty(lo["unmet_fte"]["high_mountain"], "FTE"),
              d=_.qty(hi["unmet_fte"]["high_mountain"], "FTE")),
            _("At {first} the plan moves {m} for an allowance of {x}; at {last}, {n} for {y}.",
              m=_officials(_, lo["moves"]), n=_officials(_, hi["moves"]),
              x=_.qty(lo["allowance_vnd"], "VND"), y=_.qty(hi["allowance_vnd"], "VND"),
              first=value[id(lo)], last=value[id(hi)])]
    else:
        answer.append(_("No value of the {lever} gives a plan.", lever=label))
    groups: dict[str, list[float]] = {}
    for pt in points:
        groups.setdefault(_binds(_, pt, label), []).append(pt["value"])
    # (each message its own call: the catalogue's extractor misses one inside another's)
    limits = [_("{limit} at {values}", limit=k, values=_spans(_, lever, xs, every))
              for k, xs in groups.items()]
    answer.append(_("What stops further transfers: {limits}.", limits="; ".join(limits)))
    empty = {z for z, n in (data.get("communes") or {}).items() if not n}  # (no column)
    measures = [(plan_measure("unmet_fte"), a) for a in ("province", "mountain",
                                                         "high_mountain") if a not in empty]
    measures += [(plan_measure(k), "province") for k in ("essential_missing",
                                                         "communes_lacking_essential")]
    measures += [(plan_measure(k), None) for k in ("moves", "allowance_vnd")]
    head = [label[:1].upper() + label[1:], *[_.title(m.label, m.unit, a) for m, a in measures],
            _("What stops further transfers")]
    # a budget scaled for the province: the value set, then the budget each plan had
    in_force = any(pt.get("budget_in_force_vnd") is not None for pt in points)
    if in_force:
        head[:1] = [_("{label} as set", label=head[0]), _("Budget in force")]
    every_proven = all(frontier_proven(pt) for pt in points)
    seconds = data.get("time_limit_s") or p.optimizer.time_limit_s
    if not every_proven:  # how each row was solved: optimal, its gap, or no plan
        head.insert(2 if in_force else 1, _("Solved"))
    rows = []
    for pt in points:
        if not pt.get("plan_found", True):  # no figures: those before any transfer are not
            shown = ["—"] * len(measures)  # this value's result
        else:
            cells = [(pt[m.key][a] if a else pt[m.key]) for m, a in measures]
            shown = [_.qty(x, m.unit, m.decimals)
                     for x, (m, _a) in zip(cells, measures, strict=True)]
        solved = [] if every_proven else [frontier_solved(_, pt)]
        first = ([setting_value(_, lever, pt["value"]),
                  _.qty(pt.get("budget_in_force_vnd"), "VND", 2)] if in_force
                 else [value[id(pt)]])
        rows.append([*first, *solved, *shown, _binds(_, pt, label)])
    rules = _rules(_, p)
    if full == "optimizer.constraints.budget.vnd":  # the lever: each row's, not the file's
        o = p.optimizer
        rules[0] = _("Rule set: {rules}; allowance budget {budget}; {allowance}.",
                     rules=_("WISN") if o.rules == "wisn" else _("province practice"),
                     budget=_("as each row of the table gives it"),
                     allowance=allowance_words(_, p))
        codes = sorted(set(scenario.communes.province))
        _limit, scaled = budget_in_force(p, scenario.communes)
        if scaled is not None:  # a row's value is the figure set, not the budget in force
            rules.insert(1, _("Each row's budget is the value set for {reference} mountain and "
                              "high-mountain communes, scaled to the province's {communes}: "
                              "the plan had the value × {communes} / {reference}.",
                              reference=_.num(scaled["reference_communes"]),
                              communes=_.num(scaled["communes"]))
                         if len(codes) <= 1 else
                         _("Each row's budget is the value set, scaled for each province: "
                           "the value × its mountain and high-mountain communes / "
                           "{reference}.", reference=_.num(scaled["reference_communes"])))
    if full == "optimizer.constraints.max_distance.km":  # (the file's limit is no row's)
        km = p.optimizer.constraints.max_distance.km
        rules = [r for r in rules if r != _("No move longer than {km} km by road.",
                                             km=_.num(km))]
    figures = [(f, _(FRONTIER_CAPTION))
               for f in sorted((Path(folder) / "figures").glob("frontier*.png"))]
    n = counted(_, len(points), N_("{n} value"), N_("{n} values"))
    if every_proven:
        solved_as = _("Each row is the optimal plan with the {lever} at that value and every "
                      "other parameter as in the scenario, solved to optimality.", lever=label)
    else:
        solved_as = _("Each row is the best plan found with the {lever} at that value and "
                      "every other parameter as in the scenario, within the solver's time "
                      "limit of {s} s a value; the column Solved says which rows are proven "
                      "optimal, which are not (with their gap) and which have no plan.",
                      lever=label, s=_.num(float(seconds), 1))
    return Report(
        title=(_("The optimal plan at each value of the {lever}", lever=label) if every_proven
               else _("No plan at any value of the {lever}", lever=label)
               if not any(p.get("plan_found", True) for p in points)
               else _("The best plan found at each value of the {lever}", lever=label)),
        place=_place(scenario),
        asked=[_("How much unmet need does the optimal transfer plan of {place} leave at each "
                 "value of the {lever}, from {first} to {last} ({n})?",
                 place=_place(scenario), lever=label, first=value[id(points[0])],
                 last=value[id(points[-1])], n=n)],
        answer=answer, table=(head, rows), notes=list(notes or []), figures=figures,
        assumptions=[solved_as, *rules, _zones(_, scenario), *_common(_, p, scenario)],
        facts=PLAN_FACTS, command=command)
