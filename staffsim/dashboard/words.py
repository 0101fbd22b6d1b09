"""The page's words in the tab's language: a translator bound to one language (a tab may be in
English while another is in Vietnamese, so nothing here relies on a global language), and the
explanation of ``optimize.explain`` put into that language. They live in ``results.words``
(an upload's problems in ``results.error_words``, the checker's findings in
``results.finding_words``), shared with the command line and the reports; this module names
what the page uses."""

from __future__ import annotations

# the page's words, re-exported
from staffsim.results.error_words import PROBLEMS, problem  # noqa: F401
from staffsim.results.finding_words import VIOLATIONS, violation  # noqa: F401
from staffsim.results.words import (  # noqa: F401
    LEVER_LABELS,
    POOL_KINDS,
    REASONS,
    ROW,
    RULE_SET_NAMES,
    RULES,
    STATUSES,
    Words,
    candidate,
    column_name,
    reason,
    rule,
    sheet_row,
    status,
    where,
    would_help,
)
