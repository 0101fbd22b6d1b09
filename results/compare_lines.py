"""A comparison's table for people, in the current language: the terminal lines and the
report's table."""

from __future__ import annotations

from staffsim.model.outcomes import report_rows
from staffsim.results.words import Words, text_table, words


def arms_table(summary: dict, paired: bool = False) -> list[str]:
    """Terminal lines in the current language (``arms_rows``)."""
    return text_table(*arms_rows(summary, paired))


def arms_rows(summary: dict, paired: bool = False) -> tuple[list[str], list[list[str]]]:
    """The report's rows (metrics declared with ``report_areas``) in the current language,
    one column of means per arm; with ``paired``, also the mean and 90% interval of each arm's
    paired difference to the reference arm. (header, rows)."""
    _ = words()
    arms = list(summary["arms"])
    head = ["", *(arm_label(_, summary, k) for k in arms)]
    ref = summary["reference_arm"]
    if paired:
        head += [_("change against {arm}: mean [90% interval]", arm=arm_label(_, summary, ref))
                 for k in arms if k != ref]
    rows = []
    for m, a in report_rows(summary.get("zones")):
        cells = [summary["arms"][k]["metrics"][m.name]["areas"][a] for k in arms]
        row = [_.title(m.label, m.unit, a), *(_.qty(c["mean"], m.unit) for c in cells)]
        if paired:
            row += [f"{_.qty(c['vs_reference']['mean'], m.unit, sign=True)} "
                    f"[{_.qty(c['vs_reference']['p05'], m.unit, sign=True)}, "
                    f"{_.qty(c['vs_reference']['p95'], m.unit, sign=True)}]"
                    for k, c in zip(arms, cells, strict=True) if k != ref]
        rows.append(row)
    return head, rows


def arm_label(_: Words, summary: dict, key: str) -> str:
    """An arm as people name it: its label in the language (the key if it has none)."""
    return _(summary["arms"][key].get("label") or key)
