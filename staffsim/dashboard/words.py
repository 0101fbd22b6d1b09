"""The page's words in the tab's language: a translator bound to one language (a tab may be in
English while another is in Vietnamese, so nothing here relies on a global language), and the
explanation of ``optimize.explain`` put into that language. They live in ``results.words``
(an upload's problems in ``results.error_words``, the checker's findings in
``results.finding_words``), shared with the command line and the reports; this module names
what the page uses."""

from __future__ import annotations

import re

from staffsim.i18n import LANGUAGES, N_, parse_number

# the page's words, re-exported
from staffsim.results.error_words import PROBLEMS, problem  # noqa: F401
from staffsim.results.finding_words import VIOLATIONS, violation, violation_line  # noqa: F401
from staffsim.results.report_contents import VIOLATION_WORDS, levers_in_force  # noqa: F401
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
    budget_left,
    candidate,
    column_name,
    counted,
    nothing_helps_lines,
    reason,
    rule,
    sheet_row,
    status,
    tried_line,
    where,
    would_help,
)

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
