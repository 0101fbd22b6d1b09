"""The page's words in the tab's language: a translator bound to one language (a tab may be in
English while another is in Vietnamese, so nothing here relies on a global language), and the
explanation of ``optimize.explain`` put into that language. They live in ``results.words``
(an upload's problems in ``results.error_words``, the checker's findings in
``results.finding_words``), shared with the command line and the reports; this module names
what the page uses."""

from __future__ import annotations

import re

from staffsim import i18n
from staffsim.i18n import LANGUAGES, N_, parse_number
from staffsim.results import words as _results_words

# the page's words, re-exported
from staffsim.results.error_words import PROBLEMS, problem  # noqa: F401
from staffsim.results.finding_words import VIOLATIONS, violation  # noqa: F401
from staffsim.results.words import (  # noqa: F401
    LEVER_LABELS,
    NUM,
    POOL_KINDS,
    REASONS,
    ROW,
    RULE_SET_NAMES,
    RULES,
    STATUSES,
    Words,
    column_name,
    rule,
    sheet_row,
    status,
    where,
    would_help,
)

# -- money in the explanation: triệu đồng under a billion -----------------------------------

# the planner words the budget left in VND bn with 2 decimals ('budget left VND 0.02 bn ...',
# optimize.families.budget); the page says it as i18n.money does, in triệu đồng under a billion
_BUDGET_LEFT = re.compile(rf"budget left VND (?P<bn>{NUM}) bn is less than this move's "
                          "allowance")


def budget_left(_: Words, vnd: float) -> str:
    """An amount known to VND 10 m: tỷ đồng from a billion (``Words.money``), else whole
    triệu đồng ('20 triệu đồng', 'VND 20 m'; not '0,02 tỷ đồng', nor a decimal it does not
    know)."""
    if vnd == 0:
        return _.money(vnd)
    if abs(vnd) >= 1e9:  # (the 2 decimals known under 10 bn: 1,25 tỷ đồng)
        return i18n.money(vnd, _.lang, 2 if abs(vnd) < 1e10 else None)
    n = _.num(round(vnd / 1e6))
    return f"{n} triệu đồng" if _.lang == "vi" else f"VND {n} m"


def reason(_: Words, text: str, *args, **kwargs) -> str:
    """``results.words.reason``, with the budget left in triệu đồng under a billion."""
    m = _BUDGET_LEFT.fullmatch(text)
    if m:
        return _("the budget left ({left}) is less than this move's allowance",
                 left=budget_left(_, float(m["bn"]) * 1e9))
    return _results_words.reason(_, text, *args, **kwargs)


def candidate(_: Words, c: dict) -> str:
    """``results.words.candidate`` (who, from where, how far, what keeps them) with this
    module's ``reason``."""
    unit = (_("{name} (may give {n})", name=c["from"], n=_.num(c["unit_may_give"]))
            if c.get("could_give") else c["from"])
    return (f"{c['official_id']} · {unit} · {_.num(c['km'])} km — "
            f"{rule(_, c['rule'])}: {reason(_, c['why'])}")


# -- the status line in the tab's language --------------------------------------------------

# what the page's status line says (page.py words it once, in the language of the moment)
STATUS_MESSAGES = (N_("Plan ready (from the cache)"), N_("Planning…"),
                   N_("Plan ready in {s} s"), N_("Not planned: {error}"),
                   N_("Not changed: {error}"),
                   # what page.py adds after '; ' when the levers were typed meanwhile
                   N_("the values marked in red are not applied yet"),
                   N_("planning again with the values typed meanwhile…"),
                   N_("the values typed are not applied yet: Re-plan applies them"))


def status_line(_: Words, text: str) -> str:
    """A status line worded in another language, in ``_``'s: after a language switch the
    panel is built anew with the line of before ('Đã có kế hoạch (lấy từ bộ nhớ đệm)' stayed
    Vietnamese in the English page). An error it quotes stays as it was; a line it does not
    know, too; each part of a line of several ('…; …') on its own."""
    return "; ".join(_status_part(_, part) for part in (text or "").split("; "))


def _status_part(_: Words, text: str) -> str:
    for lang in LANGUAGES:
        if lang == _.lang:
            continue
        other = Words(lang)
        for message in STATUS_MESSAGES:
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*)", re.escape(other(message)))
            m = re.fullmatch(pattern, text or "", re.S)
            if m is None:
                continue
            values = m.groupdict()
            if "s" in values:
                x = parse_number(values["s"], lang)
                values["s"] = _.num(x, 1) if x is not None else values["s"]
            return _(message, **values)
    return text
