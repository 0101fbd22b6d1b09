"""The levers panel: the form a planner edits, and the ``Levers`` it stands for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nicegui import ui

from staffsim.dashboard.planning import Levers
from staffsim.dashboard.words import RULE_SET_NAMES, levers_in_force, status_line
from staffsim.i18n import plain_number
from staffsim.results.scheme_words import budget_scaled_words
from staffsim.scenarios.params import MAX_ZONE_MULTIPLE, ZONES

if TYPE_CHECKING:
    from staffsim.dashboard.page import DashboardTab


def form_of(levers: Levers) -> dict:
    """The form's values for ``levers`` (money in VND bn, shares in percent)."""
    return {
        "budget_bn": round(levers.budget_vnd / 1e9, 4),  # (the 4 decimals a field shows)
        "max_distance_km": levers.max_distance_km,
        **{f"multiple_{z}": m for z, m in zip(ZONES, levers.zone_multiple, strict=True)},
        "donor_floor_pct": round(levers.donor_floor * 100, 4),
        "max_donor_share_pct": round(levers.max_donor_share * 100, 4),
        "donor_zones": list(levers.donor_zones),
        "max_moves": levers.max_moves,
        "recipient_zones": list(levers.recipient_zones),
        "rules": levers.rules,
    }


def levers_of(form: dict) -> Levers:
    """The levers a form holds; empty numbers count as 0 (the scenario checks the ranges)."""
    def num(key: str) -> float:
        v = form.get(key)
        return float(v) if v not in (None, "") else 0.0

    return Levers(
        budget_vnd=round(num("budget_bn") * 1e9),
        max_distance_km=num("max_distance_km"),
        zone_multiple=tuple(num(f"multiple_{z}") for z in ZONES),
        donor_floor=round(num("donor_floor_pct") / 100, 6),
        max_donor_share=round(num("max_donor_share_pct") / 100, 6),
        donor_zones=tuple(z for z in ZONES if z in (form.get("donor_zones") or [])),
        max_moves=int(num("max_moves")),
        recipient_zones=tuple(z for z in ZONES if z in (form.get("recipient_zones") or [])),
        rules=str(form.get("rules") or "wisn"))


def after_rule_change(form: dict, old: Levers, new: Levers) -> dict:
    """The form once the rule set changes from ``old``'s to ``new``'s (each the scenario's
    levers under its rule set): what the rule sets set differently takes the new set's
    value; what the planner set that the rule sets agree on (the budget, the allowances)
    stays."""
    before, after = form_of(old), form_of(new)
    return {**form, **{k: v for k, v in after.items() if before[k] != v}}


BUDGET = "optimizer.constraints.budget.vnd"


def budget_in_force(tab: DashboardTab) -> None:
    """Under the budget field, in a scenario that scales the budget set to each province
    (``budget.scale``: the national scenario): the budget the plan shown has, as ``staffsim
    whatif`` says it (``levers_in_force``), and how it comes from the figure set (the field
    said 45 where Lạng Sơn's plan had 33,3). Not while a budget typed is not re-planned: the
    plan's figure is not the typed one's (the note above the cards says so)."""
    v = tab.view
    if v is None or BUDGET in tab.pending() or "budget_bn" in tab.invalid:
        return
    limits = v.outcome.get("limits", [])
    budget = next((u for u in limits if u["rule"] == "budget"), None)
    if budget is None or not budget.get("scaled"):
        return  # (the field's figure is the one in force)
    _ = tab.words
    said = levers_in_force(_, {"variant": {"limits": limits},
                               "overrides": {BUDGET: v.levers.budget_vnd}, "edits": {}})
    with ui.column().classes("w-full gap-0 -mt-1").props('data-testid="budget-in-force"'):
        ui.label(said[:1].upper() + said[1:]).classes("text-xs font-medium text-gray-800")
        ui.label(_("This budget is scaled: {rule}.",
                   rule=budget_scaled_words(_, budget["scaled"]))) \
            .classes("text-xs text-gray-600")


def build_levers(tab: DashboardTab) -> None:
    """The panel: numbers and zone choices bound to ``tab.form``, re-plan and reset buttons,
    and the progress indicator."""
    _ = tab.words
    form = tab.form
    zones = {z: _.zone(z) for z in ZONES}

    tab.lever_inputs = {}
    tab.invalid.clear()  # (fields made anew show the form's values)

    def number(key: str, label: str, lo: float, hi: float, testid: str = "",
               on: bool = True, classes: str = "w-full") -> None:
        # a text field, not the browser's number input: that one drops a decimal comma
        # ('36,5' became 365: a budget ten times the one typed) and shows 1.25 in Vietnamese
        field = ui.input(label, value=plain_number(form[key], tab.lang),
                         validation=lambda text: tab.lever_error(key, text, lo, hi)) \
            .classes(classes) \
            .props(f'dense inputmode=decimal data-testid="lever-{testid or key}"') \
            .mark(f"lever-{testid or key}")
        field.on_value_change(lambda e: tab.typed(key, e.value, lo, hi))
        field.on("blur", lambda: tab.show_lever(key))
        tab.lever_inputs[key] = field
        if not on:
            field.disable()
            field.props(f'hint="{_("not used under these rules")}"')

    ui.label(_("Levers")).classes("text-lg font-medium")
    number("budget_bn", _("Allowance budget (VND bn)"), 0, 10_000, "budget")
    tab.budget_in_force()  # (a budget scaled per province: the one in force)
    number("max_distance_km", _("Distance limit (km)"), 1, 2000, "distance")
    number("max_moves", _("Maximum moves"), 0, 100_000, "moves")
    ui.label(_("Allowance, x base salary, by receiving zone")).classes("text-sm mt-2")
    with ui.row().classes("w-full no-wrap gap-1"):
        for z in ZONES:
            number(f"multiple_{z}", zones[z], 0, MAX_ZONE_MULTIPLE, f"mult-{z}",
                   classes="w-1/3")
    ui.label(_("Donor rules")).classes("text-sm mt-2")
    ui.select({k: _(v) for k, v in RULE_SET_NAMES.items()}, label=_("Rule set"),
              value=form.get("rules"), on_change=lambda e: tab.change_rules(e.value)) \
        .classes("w-full").props('dense data-testid="lever-rules"').mark("lever-rules")
    # The rule set decides which donor rules apply: a lever of a rule that is off is shown
    # greyed with why, never as if it bound the plan.
    rules = tab.rule_params().optimizer.constraints
    if rules.donor_quota.enabled:
        ui.label(_("Donors keep at least their assigned staff quota (the province's "
                   "practice)")) \
            .classes("text-xs text-gray-600").mark("donor-quota-rule")
    number("donor_floor_pct", _("Donors keep this share of their requirement (%)"), 0, 200,
           "floor", on=rules.donor_floor.enabled)
    number("max_donor_share_pct", _("Largest share of a donor's staff moved (%)"), 0, 100,
           "share", on=rules.max_donor_share.enabled)
    for key, label in (("donor_zones", _("Zones that may give officials")),
                       ("recipient_zones", _("Zones that may receive officials"))):
        # (into the form here, whatever the binding's order: the panel then says at once
        # that the plan shown does not use it: ``levers_changed``)
        ui.select(zones, multiple=True, label=label,
                  on_change=lambda e, key=key: (form.__setitem__(key, list(e.value or [])),
                                                tab.levers_changed())) \
            .bind_value(form, key).classes("w-full").props("dense use-chips")
    with ui.row().classes("w-full mt-3 gap-2"):
        ui.button(_("Re-plan"), icon="refresh", on_click=tab.replan_from_form) \
            .props('color=primary data-testid="replan"')
        ui.button(_("Defaults"), icon="restart_alt", on_click=tab.reset_levers) \
            .props("flat")
    tab.progress = ui.linear_progress(show_value=False).props(
        'indeterminate data-testid="progress"').classes("mt-2 shrink-0")  # (never squeezed to 0 px)
    tab.progress.set_visibility(tab.busy)
    tab.status = status_line(_, tab.status)  # (worded before a language switch)
    tab.status_label = ui.label(tab.status).classes("text-xs text-gray-600") \
        .props('data-testid="status"')
