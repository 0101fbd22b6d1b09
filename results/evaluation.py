"""How a hand-made transfer list compares with the optimum, as terminal lines in the current
language (``staffsim evaluate``): the declared plan measures (``model.outcomes.PLAN_MEASURES``,
the same words and numbers as ``plan``) before and after each plan, and what each covers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from staffsim.i18n import N_
from staffsim.model.outcomes import PLAN_MEASURES
from staffsim.results.commands import Invocation
from staffsim.results.words import RULE_SET_NAMES, Words, counted, counted_months, text_table, words
from staffsim.scenarios.horizon import month_args
from staffsim.scenarios.params import ZONES

AREAS = (*ZONES, "province")
RULE_SETS = RULE_SET_NAMES  # (the name the command line imports)
FILLED = N_("Essential specialties filled")
# a plan file's note column (folded header spellings: 'Note', 'Notes', 'Ghi chú'), and the words
# by which a note says the list is a reconstruction, not the list as issued (lower case, with
# their marks: folded, 'dựng lại' would be 'dừng lại' (stopped) and 'dùng lại' (used again)
# too); the bundled Decision 2623 list says so in every row's note
NOTE_COLUMNS = ("note", "notes", "ghi_chu")
RECONSTRUCTION_WORDS = ("reconstruct", "tái dựng", "dựng lại", "phục dựng")
NOTE_CHARS = 300  # a note quoted longer than this is cut
NOTES_SHOWN = 3  # distinct reconstruction notes quoted at most


# the note of every row of the bundled Decision 2623 list (scripts/reconstruct_decision_2623.py
# writes it): quoted in the user's language, as staffsim's own words; any other note as given
DECISION_2623_NOTE = N_(
    "reconstruction: not the annex of Decision 2623/QĐ-UBND (its names, and how many each unit "
    "gave, are not in staffsim's sources); built by scripts/reconstruct_decision_2623.py on "
    "staffsim's generated roster; it takes from 5 of the decision's 6 units (Tây Đô none: see "
    "scenarios/data/SOURCES.md)")
OWN_NOTES = (DECISION_2623_NOTE,)

RECONSTRUCTED = N_("This plan is a reconstruction, not the list as issued ({n} of {rows} say "
                   "so in their note): {note}")
RECONSTRUCTED_ONE = N_("This plan is a reconstruction, not the list as issued ({n} of {rows} "
                       "says so in its note): {note}")


def rows_counted(_: Words, n: int) -> str:
    """'1 row' / '176 rows' ('1 dòng' / '176 dòng')."""
    return counted(_, n, N_("{n} row"), N_("{n} rows"))


def checked_line(_: Words, violations: int, moves: int, rules: str) -> str:
    """``evaluate``'s count of findings: '0 rule violations in 1 move (rules: province
    practice)' (it said '1 moves'), each count in the number it agrees with."""
    found = counted(_, violations, N_("{n} rule violation"), N_("{n} rule violations"))
    checked = counted(_, moves, N_("{n} move"), N_("{n} moves"))
    return _("{violations} in {moves} (rules: {rules})", violations=found, moves=checked,
             rules=_(RULE_SETS.get(rules, rules)))


def outside_line(_: Words, n: int, rows: int, provinces: str) -> str:
    """``evaluate``: ``n`` of the file's ``rows`` move officials of provinces not evaluated
    (``provinces``, their names), not checked."""
    if n == 1:
        return _("{n} of the {rows} moves an official of a province not evaluated "
                 "({provinces}) and was not checked; select its province (province.provinces) "
                 "to check it", n=_.num(n), rows=rows_counted(_, rows), provinces=provinces)
    return _("{n} of the {rows} move officials of provinces not evaluated ({provinces}) and "
             "were not checked; select their provinces (province.provinces) to check them",
             n=_.num(n), rows=rows_counted(_, rows), provinces=provinces)


def roster_cells_line(_: Words, n: int) -> str:
    """``evaluate``: how many cells name another person or current specialty than the
    roster."""
    return counted(_, n, N_("{n} cell gives a name or current specialty other than the "
                            "roster's"),
                   N_("{n} cells give a name or current specialty other than the roster's"))


def term_line(_: Words, got: float, want: float, m: int, horizon: int, replications: int,
              invocation: Invocation, plan_file: str | Path) -> str:
    """``evaluate``: every paid row has the same term ``got``, shorter than the ``want``
    months the rules give from the scenario's start: planned at month ``m``, the first
    that gives that term? The options
    that reach that month on this scenario (``horizon`` months simulated, ``replications``:
    ``scenarios.horizon.month_args``; it said '--month 35' of a 24-month scenario, which
    evaluate then refused), in whole commands on the scenario and settings evaluate was given
    (``invocation``) and its list (``plan_file``): 'staffsim plan --month 12' named no
    scenario and could not be run as printed."""
    args = month_args(m, horizon, replications)
    if args is None:
        return _("every row's term is {got} where the rules give {want} from the scenario's "
                 "start: the list may have been planned at month {m}, beyond any horizon "
                 "staffsim simulates", got=counted_months(_, got), want=_.num(want),
                 m=_.num(m))
    return _("every row's term is {got} where the rules give {want} from the scenario's "
             "start: if the list was planned at month {m} ({plan}), evaluate it with: "
             "{evaluate}", got=counted_months(_, got), want=_.num(want), m=_.num(m),
             plan=invocation.command("plan", *args),
             evaluate=invocation.command("evaluate", "--plan", str(plan_file), *args))


def reconstruction_lines(_, rows: list[dict[str, str]]) -> list[str]:
    """The lines ``evaluate`` says first when a plan file's rows say, in a note column
    (``NOTE_COLUMNS``), that the list is a reconstruction: each such note once, quoted (cut
    to ``NOTE_CHARS``, control characters as spaces), with how many of the rows carry it;
    none when no row says so. ``rows``: the fields ``read_plan_csv`` returns."""
    notes: dict[str, int] = {}
    for f in rows:
        for c in NOTE_COLUMNS:
            text = " ".join("".join(ch if ch.isprintable() else " "
                                    for ch in f.get(c) or "").split())
            said = unicodedata.normalize("NFC", text).lower()
            if any(w in said for w in RECONSTRUCTION_WORDS):
                notes[text] = notes.get(text, 0) + 1
    out = []
    for text, n in list(notes.items())[:NOTES_SHOWN]:
        if text in OWN_NOTES:  # ours: in the user's language, whole
            quoted = _(text)
        else:
            quoted = text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS] + "…"
        # one row says, several say ('1 of 176 rows say so' was English for none)
        out.append(_(RECONSTRUCTED_ONE if n == 1 else RECONSTRUCTED, n=_.num(n),
                     rows=rows_counted(_, len(rows)), note=quoted))
    if len(notes) > NOTES_SHOWN:
        out.append(counted(_, len(notes) - NOTES_SHOWN, N_("and {n} other reconstruction note"),
                           N_("and {n} other reconstruction notes")))
    if out:
        out.append(_("The findings and figures below are those of the reconstruction."))
    return out


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


# the annex's dates line, as staffsim writes it ('Thời gian điều động: từ ngày ..../..../....
# đến ngày ...') and a planner fills it in: the day the transfers take effect, after 'từ ngày'
# (with or without its marks), a day, a month and a year
_DATES_LABEL = "thoi gian dieu dong"
_FROM_DAY = re.compile(r"t[ừu]\s*ng[àa]y\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})",
                       re.IGNORECASE)
DATES_ROWS = 12  # the dates line is row 4 of staffsim's annex; a clerk may insert a few


def written_starts(path: Path) -> list[str]:
    """The starting days a transfer list's dates line gives ('Thời gian điều động: từ ngày
    01/01/2027 đến ngày ...', filled in by the planner in staffsim's annex, or in a CSV it
    was saved as), as written ('01/01/2027'), each once, in the order found, over every sheet;
    [] when the file has no such line, or its days are left as dots. Only the first rows
    (``DATES_ROWS``) of each sheet are read: the line is above the table."""
    from staffsim.scenarios.names import fold
    from staffsim.scenarios.tables import EXCEL

    texts: list[str] = []
    try:
        if path.suffix.lower() in EXCEL:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    for row in ws.iter_rows(max_row=DATES_ROWS, values_only=True):
                        texts += [c for c in row if isinstance(c, str)]
            finally:
                wb.close()
        else:
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                texts = [f.readline() for _n in range(DATES_ROWS)]
    except Exception:  # (the table reader has said what is wrong with the file)
        return []
    found: list[str] = []
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        if not fold(text).replace("_", " ").strip().startswith(_DATES_LABEL):
            continue
        for m in _FROM_DAY.finditer(text):
            day = f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}"
            if day not in found:
                found.append(day)
    return found


def written_month(day: str, scenario_start: dt.date) -> tuple[int, dt.date] | None:
    """The simulation month a list whose transfers take effect on ``day`` ('15/01/2027') is
    to be checked on, and the date: the first month that starts on or after that day (a
    move's term and allowance count from the month it takes effect; one taking effect on the
    15th has no support for the month begun before), as the annex counts the month to plan
    on. None: no such date ('31/02/2027')."""
    from staffsim.results.plan_month import PlanMonth

    d, m, y = (int(x) for x in day.split("/"))
    try:
        when = dt.date(y, m, d)
    except ValueError:
        return None
    return PlanMonth(0, scenario_start).due(when), when


def written_month_line(_: Words, day: str, month: int, asked: int | None, horizon: int,
                       replications: int, scenario_start: dt.date, invocation: Invocation,
                       plan_file: str | Path) -> tuple[str, int]:
    """``evaluate``: what it does with the day the list's dates line gives (``day``, month
    ``month`` of the scenario): (the line it says, the month it evaluates on). ``asked``:
    the --month typed (None: not given). Not given, a month within the horizon is the one
    evaluated: the list is checked as it would be signed (its term, its allowances, who
    has left, each commune's staff by then), said first; beyond the horizon, before the
    scenario's start, or another --month typed: the month asked (0 by default) is evaluated
    and the line says which options check the list at its own date."""
    if month < 0:
        return (_("the list's dates line gives {day}, before the scenario's start ({start}): "
                  "evaluated on {at}", day=day,
                  start=_.month(scenario_start.year, scenario_start.month, 0),
                  at=(_("--month {k} as asked", k=asked) if asked is not None
                      else _("the scenario's starting state"))), asked or 0)
    then = _.month(scenario_start.year, scenario_start.month, month)
    args = month_args(month, horizon, replications)
    if asked is None and args is not None and "--set" not in args:
        return (_("the list's dates line gives {day}: evaluated on the simulated state of "
                  "{then} (--month {k}), when its transfers would take effect; give --month "
                  "to evaluate another month", day=day, then=then, k=month), month)
    how, at = _elsewhere(_, then, args, asked, invocation, plan_file)
    return (_("warning: the list's dates line gives {day} ({then}, month {k}), but the list "
              "is evaluated on {at}: its terms, allowances and staff are those of another "
              "month; {how}", day=day, then=then, k=_.num(month), at=at, how=how),
            asked or 0)


def _elsewhere(_: Words, then: str, args: list[str] | None, asked: int | None,
               invocation: Invocation, plan_file: str | Path) -> tuple[str, str]:
    """When a list is evaluated on another month than its own ({then}): how to evaluate it
    at its own (the command, or that no horizon reaches it), and the month it is evaluated
    on instead."""
    how = (_("to evaluate it at {then}: {command}", then=then, command=invocation.command(
        "evaluate", "--plan", str(plan_file), *args)) if args is not None else
        _("{then} is beyond the longest simulation staffsim allows", then=then))
    at = (_("--month {k} as asked", k=asked) if asked is not None
          else _("the scenario's starting state"))
    return how, at


def folder_month(plan_file: str | Path) -> int | None:
    """The month a staffsim plan folder was planned for (its ``manifest.json``), when
    ``plan_file`` is one of the tables the folder lists (plan.csv, greedy_plan.csv, a
    what-if's baseline_plan.csv ...); None otherwise. A plan.csv of ``plan --month 18``
    evaluated without --month was checked on the scenario's start: six findings (its budget,
    its caps) that its own month does not have (an HR trial)."""
    import json

    folder, name = Path(plan_file).parent, Path(plan_file).name
    try:
        listed = (folder / "checksums.sha256").read_text("utf-8").split("\n")
        if not any(line.split("  ", 1)[-1] == name for line in listed):
            return None
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("written_by") != "staffsim":
        return None
    month = manifest.get("month")
    # (a month no simulation reaches, 100000: its date is past any calendar's, a trial)
    if not isinstance(month, int) or isinstance(month, bool) or not 0 <= month <= 1200:
        return None
    return month


def folder_month_line(_: Words, month: int, asked: int | None, horizon: int,
                      replications: int, scenario_start: dt.date, invocation: Invocation,
                      plan_file: str | Path) -> tuple[str, int]:
    """``evaluate``: what it does with the month the list's plan folder was planned for
    (``folder_month``): (the line it says, the month it evaluates on), as
    ``written_month_line`` does with an annex's dates line."""
    then = _.month(scenario_start.year, scenario_start.month, month)
    args = month_args(month, horizon, replications)
    if asked is None and args is not None and "--set" not in args:
        return (_("the list is from a plan folder planned for {then} (--month {k}, its "
                  "manifest.json): evaluated on that month's simulated state; give --month to "
                  "evaluate another month", then=then, k=month), month)
    how, at = _elsewhere(_, then, args, asked, invocation, plan_file)
    return (_("warning: the list is from a plan folder planned for {then} (month {k}), but "
              "it is evaluated on {at}: its terms, allowances and staff are those of another "
              "month; {how}", then=then, k=_.num(month), at=at, how=how), asked or 0)


def written_months_line(_: Words, days: list[str], asked: int | None) -> str:
    """``evaluate``: the list's dates lines give several days (sheets of several provinces
    with different dates): the month asked (0 by default) is evaluated, and said so."""
    return _("the list's dates lines give several days ({days}): evaluated on {at}; give "
             "--month for the month to check", days=", ".join(days),
             at=(_("--month {k} as asked", k=asked) if asked is not None
                 else _("the scenario's starting state")))
