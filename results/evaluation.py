"""How a hand-made transfer list compares with the optimum, as terminal lines in the current
language (``staffsim evaluate``): the declared plan measures (``model.outcomes.PLAN_MEASURES``,
the same words and numbers as ``plan``) before and after each plan, and what each covers."""

from __future__ import annotations

from staffsim.i18n import N_
from staffsim.model.outcomes import PLAN_MEASURES
from staffsim.results.words import RULE_SET_NAMES, text_table, words
from staffsim.scenarios.params import ZONES

AREAS = (*ZONES, "province")
RULE_SETS = RULE_SET_NAMES  # (the name the command line imports)
FILLED = N_("Essential specialties filled")


def evaluation_lines(plan: dict, optimum: dict, rules: str, provinces: int = 1) -> list[str]:
    """``plan`` and ``optimum`` are ``optimize.plan.plan_outcome`` dicts of the same state
    (summed over its ``provinces``: the totals' rows then say so, not 'toàn tỉnh')."""
    _ = words()
    rows = []
    for m in PLAN_MEASURES:
        areas = AREAS if m.by_area else [None]
        for a in areas:
            cells = [m.value(plan, "before", a or "province") if m.before else None,
                     m.value(plan, "after", a or "province"),
                     m.value(optimum, "after", a or "province")]
            rows.append([_.title(m.label, m.unit, a, provinces),
                         *("" if x is None else _.qty(x, m.unit, m.decimals) for x in cells)])
        if m.key == "essential_missing":
            covered = [plan["essential_missing_before"]["province"]
                       - o["essential_missing_after"]["province"] for o in (plan, optimum)]
            rows.append([_.title(FILLED, m.unit), "",
                         *(_.qty(c, m.unit) for c in covered)])
    head = ["", _("before"), _("this plan"), _("optimum")]
    return [_("Compared with the optimum under the {rules} rules:",
              rules=_(RULE_SETS.get(rules, rules))), *text_table(head, rows)]
