"""The page's words in the tab's language: a translator bound to one language (a tab may be in
English while another is in Vietnamese, so nothing here relies on a global language), and the
explanation of ``optimize.explain`` put into that language. They live in ``results.words``,
shared with the command line and the reports; this module names what the page uses."""

from __future__ import annotations

from staffsim.results.words import (  # noqa: F401  (the page's words, re-exported)
    LEVER_LABELS,
    POOL_KINDS,
    PROBLEMS,
    REASONS,
    ROW,
    RULE_SET_NAMES,
    RULES,
    STATUSES,
    VIOLATIONS,
    Words,
    candidate,
    column_name,
    problem,
    reason,
    rule,
    sheet_row,
    status,
    violation,
    where,
    would_help,
)
