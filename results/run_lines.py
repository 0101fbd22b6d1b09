"""A run's table for people, in the current language: the terminal lines and the report's
table."""

from __future__ import annotations

import json
from pathlib import Path

from staffsim.model.outcomes import AREAS, area_outcomes
from staffsim.results.words import counted_months, text_table, words


def headline(summary_path: Path) -> list[str]:
    """The terminal table of a run in the current language (``headline_rows``)."""
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    return text_table(*headline_rows(summary))


def headline_rows(summary: dict) -> tuple[list[str], list[list[str]]]:
    """A run's table in the current language: the outcomes declared ``run_headline`` (in the
    first and the last month, dated, or the total of a flow; means across replications) by
    area. (header, rows)."""
    _ = words()
    areas = summary["areas"]
    start = summary.get("start", {"year": 2025, "month": 7})
    when_words = {"start": _.month(start["year"], start["month"], 0),
                  "end": _.month(start["year"], start["month"], summary["months"] - 1),
                  "total": _("over {months}", months=counted_months(_, summary["months"]))}
    rows = [[_("communes"), *(_.num(areas[a]["communes"]) for a in AREAS)]]
    # a one-month run starts and ends in the same month: its level once, not twice
    levels = ("start", "end") if summary["months"] > 1 else ("end",)
    for o in area_outcomes():
        if o.run_headline:
            for when in (("total",) if o.kind == "flow" else levels):
                # a zone without a commune has no value: '–' in every row, as plan shows it
                # (its sums were 0,0 unmet need and 0 backlog, read as a result: a trial)
                means = [areas[a][o.name][when]["mean"] if areas[a]["communes"] else None
                         for a in AREAS]
                # counts stay whole numbers when every mean is one (a single replication);
                # hours are whole hours (a tenth of an hour in thousands says nothing)
                places = 2 if o.unit == "ratio" else 0 if o.unit == "hours" or all(
                    float(m).is_integer() for m in means if m is not None) else 1
                rows.append([f"{_(o.label)}, {when_words[when]}"
                             + (f" ({_.unit(o.unit)})" if o.unit not in ("share", "VND")
                                else ""),
                             *(_.qty(m, o.unit, places) for m in means)])
    n = summary.get("provinces", 1)  # (a total over several is not "toàn tỉnh")
    # several replications: every figure is their mean, and the table says so
    reps = summary.get("replications", 1)
    corner = _("mean of {n} replications", n=_.num(reps)) if reps > 1 else ""
    return [corner, *(_.zone(a, n) for a in AREAS)], rows
