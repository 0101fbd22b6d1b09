"""report.html: one self-contained file a planner can send (figures embedded as base64 PNG,
styles inline, no script and no request to anything), in the current language: what was
asked, the answer in three sentences, the key table, the figures, the assumptions and the
sources (the sections of docs/facts.md the question rests on)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from staffsim import i18n
from staffsim.i18n import N_
from staffsim.results.words import Words, words

FACTS = Path(__file__).resolve().parents[1] / "docs" / "facts.md"

STYLE = """
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.8rem;
border-bottom:1px solid #ccc}.meta{color:#666;font-size:.9rem}
.answer p{font-size:1.05rem;margin:.35rem 0}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}
td:not(:first-child){white-space:nowrap}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555}code{font-size:.85rem}li{margin:.2rem 0}
.notes li{font-size:.92rem}.sources li{font-size:.85rem}
"""


@dataclass
class Report:
    """What a report says; the writers of each folder fill it (``results.report_contents``)."""

    title: str
    place: str
    asked: list[str]  # what was asked, in sentences
    answer: list[str]  # three sentences
    table: tuple[list[str], list[list[str]]]  # header, rows
    notes: list[str] = field(default_factory=list)  # lines under the table
    # further tables after the notes, each with its heading (a what-if's simulation)
    tables: list[tuple[str, tuple[list[str], list[list[str]]]]] = field(default_factory=list)
    figures: list[tuple[Path, str]] = field(default_factory=list)  # PNG, caption
    assumptions: list[str] = field(default_factory=list)
    facts: tuple[str, ...] = ()  # section titles of docs/facts.md
    command: str = ""


def fact_sections(titles: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The named sections of docs/facts.md as (title, bullet texts)."""
    if not FACTS.is_file():
        return []
    out: list[tuple[str, list[str]]] = []
    for block in FACTS.read_text(encoding="utf-8").split("\n## ")[1:]:
        head, _, body = block.partition("\n")
        if head.strip() not in titles:
            continue
        bullets = [re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n- ", "\n" + body)
                   if b.strip()]
        out.append((head.strip(), bullets))
    return out


def facts_said(titles: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """``fact_sections`` in the current language: each section title and bullet through the
    catalogue (a Vietnamese report's sources were in English); one the catalogue does not
    hold yet stays in English."""
    _ = words()
    return [(_(head), [plain(_, _(b)) for b in bullets])
            for head, bullets in fact_sections(titles)]


def plain(_: Words, text: str) -> str:
    """A fact as a report says it to a reader who has only the report: a back-quoted file
    of the repository ('`scenarios/data/thanh_hoa_road_km.csv`') becomes the file that
    comes with staffsim, by its name; other back-quoted words lose their quotes."""
    def one(m: re.Match) -> str:
        inner = m[1]
        if "/" in inner and "." in inner.rsplit("/", 1)[-1]:
            return _("the file {name} that comes with staffsim", name=inner.rsplit("/", 1)[-1])
        return inner
    return re.sub(r"`([^`]+)`", one, text)


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _image(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"


def render(report: Report) -> str:
    """The report as one HTML document."""
    _ = words()
    esc = html.escape
    parts = [f"<!DOCTYPE html><html lang=\"{_.lang}\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             f"<title>{esc(report.title)} — {esc(report.place)}</title>",
             f"<style>{STYLE}</style></head><body>",
             f"<h1>{esc(report.title)}</h1>",
             f"<p class=\"meta\">{esc(report.place)} · "
             f"{esc(_('written on {date} by staffsim', date=i18n.date(dt.date.today())))}</p>",
             f"<h2>{esc(_('What was asked'))}</h2>",
             *(f"<p>{esc(s)}</p>" for s in report.asked)]
    if report.command:
        parts.append(f"<p class=\"meta\">{esc(_('Command'))}: <code>{esc(report.command)}"
                     "</code></p>")
    parts += [f"<h2>{esc(_('The answer'))}</h2><div class=\"answer\">",
              *(f"<p>{esc(s)}</p>" for s in report.answer), "</div>",
              f"<h2>{esc(_('Key figures'))}</h2>", _table(*report.table)]
    if report.notes:
        parts.append("<ul class=\"notes\">" + "".join(f"<li>{esc(n)}</li>"
                                                      for n in report.notes) + "</ul>")
    for heading, (head, rows) in report.tables:
        parts += [f"<h2>{esc(heading)}</h2>", _table(head, rows)]
    if report.figures:
        parts.append(f"<h2>{esc(_('Figures'))}</h2>")
        parts += [f"<figure><img src=\"{_image(p)}\" alt=\"{esc(c)}\">"
                  f"<figcaption>{esc(c)}</figcaption></figure>" for p, c in report.figures]
    parts.append(f"<h2>{esc(_('Assumptions'))}</h2><ul>"
                 + "".join(f"<li>{esc(a)}</li>" for a in report.assumptions) + "</ul>")
    sections = facts_said(report.facts)
    if sections:
        parts.append(f"<h2>{esc(_('Sources'))}</h2><p class=\"meta\">"
                     f"{esc(_(SOURCES_NOTE))}</p><div class=\"sources\">")
        for head, bullets in sections:
            parts.append(f"<h3>{esc(head)}</h3><ul>"
                         + "".join(f"<li>{esc(b)}</li>" for b in bullets) + "</ul>")
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


SOURCES_NOTE = N_("The public facts this answer rests on, with their sources and confidence "
                  "(H high, M medium, L low), from the list of facts that comes with "
                  "staffsim.")


def render_markdown(report: Report, folder: Path | None = None) -> str:
    """The same report as Markdown (figures linked relative to ``folder``, the result folder
    it is written in)."""
    _ = words()

    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        return ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "---|" * len(head),
                *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows), ""]

    lines = [f"# {report.title}: {report.place}", "",
             _("written on {date} by staffsim", date=i18n.date(dt.date.today())), "",
             f"## {_('What was asked')}", "", *report.asked, ""]
    if report.command:
        lines += [f"{_('Command')}: `{report.command}`", ""]
    lines += [f"## {_('The answer')}", "", *[a + "\n" for a in report.answer],
              f"## {_('Key figures')}", "", *table(*report.table)]
    lines += [f"- {n}" for n in report.notes] + ([""] if report.notes else [])
    for heading, (head, rows) in report.tables:
        lines += [f"## {heading}", "", *table(head, rows)]
    if report.figures:
        lines += [f"## {_('Figures')}", ""]
        for path, caption in report.figures:
            link = Path(path).relative_to(folder).as_posix() if folder is not None and \
                Path(path).is_relative_to(folder) else Path(path).name
            lines += [f"![{caption}]({link})", ""]
    lines += [f"## {_('Assumptions')}", "", *[f"- {a}" for a in report.assumptions], ""]
    sections = facts_said(report.facts)
    if sections:
        lines += [f"## {_('Sources')}", "", _(SOURCES_NOTE), ""]
        for head, bullets in sections:
            lines += [f"### {head}", "", *[f"- {b}" for b in bullets], ""]
    return "\n".join(lines)


def write_report(folder: Path, report: Report) -> Path:
    """``folder/report.html``."""
    path = Path(folder) / "report.html"
    path.write_text(render(report), encoding="utf-8")
    return path
