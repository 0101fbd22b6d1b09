"""The plan as the annex of a transfer decision (phụ lục kèm theo quyết định điều động): an
.xlsx with Vietnamese headers, grouped by receiving commune with subtotals and a total, and the
same list as a flat CSV.

Always in Vietnamese: it is the document the province signs. A plan over several provinces
gets one sheet per province, named by it, each the annex of that province's own decision
(its committee signs it: its title, dates, numbering and totals). Every text cell is escaped
against formula injection (a name or id beginning with = + - @ would otherwise run in Excel):
in the workbook it is stored as text with Excel's quote prefix, in the CSV it gets a leading
apostrophe (OWASP's advice for CSV).

The counts and sums of the workbook (each group's ``Cộng``, the ``Tổng cộng`` and the total
over the term) are values, not formulas: openpyxl stores no formula's value, and mail and
phone previews, Excel's Protected View, pandas and document systems that read an .xlsx showed
a formula's cell blank, the signed page without its total (an HR trial). A planner who edits
rows corrects them (the planner's note says so). The workbook records a fingerprint of its cells and
of what may change without a cell (comments, fills, hidden rows, columns and sheets, header
and footer text: ``fingerprint``; ``FINGERPRINT``, a custom document property): ``plan
--xlsx --force`` replaces only an annex that is still what staffsim wrote
(``replaceable``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shlex
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from staffsim.i18n import date as format_date
from staffsim.i18n import month as format_month
from staffsim.i18n import number
from staffsim.model.allowance import term_months_left
from staffsim.results import plan_month
from staffsim.results.commands import Invocation
from staffsim.results.moves import MoveRow
from staffsim.results.plan_month import PlanMonth
from staffsim.results.scheme_words import allowance_words, scheme_lines, zone_dependent
from staffsim.results.tables import EXCEL_CSV
from staffsim.results.words import commune_title, specialty_label, zone_label
from staffsim.scenarios.horizon import month_args
from staffsim.scenarios.names import fold
from staffsim.scenarios.tables import escape_cell, is_formula

if TYPE_CHECKING:
    from staffsim.model.state import ProvinceState

HEADERS: tuple[str, ...] = (
    "STT", "Họ và tên", "Mã công chức", "Chuyên môn", "Đơn vị hiện tại",
    "Đơn vị điều động đến", "Khoảng cách (km)", "Mức hỗ trợ (đồng/tháng)", "Số tháng hỗ trợ",
    "Kinh phí cả thời hạn (đồng)")
WIDTHS: tuple[float, ...] = (7, 26, 16, 30, 24, 24, 12, 16, 10, 18)
KM_FORMAT = "#,##0.0"
MONEY_FORMAT = "#,##0"
MONTHS_FORMAT = "#,##0"
HEADER_ROW = 8  # 1-based row of the column headers in the sheet
_ZONE_ORDER = {"high_mountain": 0, "mountain": 1, "lowland": 2}
# the columns of the totals: the monthly allowance and the allowance over the term
MONTHLY_COL, TOTAL_COL = "H", "J"
FINGERPRINT = "staffsim_annex_sha256"  # custom document property: the cells' fingerprint
FONT = "Times New Roman"  # Nghị định 30/2020/NĐ-CP, Phụ lục I: Times New Roman, Unicode
TABLE_SIZE = 12  # the table's cells (the decree sizes the text's parts, 13-14, not a table's)


@dataclass(frozen=True)
class Term:
    """The transfers' term in a province: from the first day of the month the moves take
    effect to the last day of the term."""

    start: dt.date
    end: dt.date
    months: int
    term_from: str  # transfers.term_from: "start" (the scenario's) or "move"
    plan_month: int  # the simulation month planned on (0: the scenario's start)
    scenario_start: dt.date
    # the scenario's horizon (simulation.months: the last month ``plan --month`` accepts as
    # it is; 0: not known) and its replications (months x replications is limited)
    horizon: int = 0
    replications: int = 1
    # the support window's first day (transfers.window_start_year/month, for term_from
    # "start"; None: the scenario's start)
    window_start: dt.date | None = None


@dataclass(frozen=True)
class AnnexContext:
    """What the rows do not say: the provinces' names (code -> 'Tỉnh Thanh Hóa'), each
    province's term, and how many provinces were planned."""

    provinces: dict[str, str] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    planned: int = 0
    # the scenario file and --set the plan was made with: the re-plan advice is the whole
    # command (None: the options alone, 'staffsim plan --month 17')
    invocation: Invocation | None = None
    # each commune's allowance is its zone's: the communes table has no allowance_zone
    # column (the province's own list of communes at each support level)
    allowance_by_zone: bool = False
    # the officials are staffsim's generated roster (no roster table): names and ids are
    # synthetic, which the sheet says where it is read, not only in the run's report
    synthetic_roster: bool = False
    # the allowance scheme each province is planned under, in the planner's note: its terms
    # from the parameters (zone multiples, distance bands, a distance threshold), and that it
    # is Thanh Hóa's draft assumed where the province has none of its own (``scheme_notes``)
    allowance_notes: tuple[str, ...] = ()
    # the plan is not proven optimal (the solver stopped at its time limit; the greedy
    # plan shown as the best known): why, per province, in Vietnamese (``unproven_lines``)
    unproven: tuple[str, ...] = ()
    # the distances: every pair's road km from the scenario's distances table
    # (``measured_km``), else road km for the known pairs (commune ids, either way round)
    # and estimates for the others (great circle x road factor: ``scenarios.distances``)
    measured_km: bool = False
    known_pairs: frozenset[tuple[str, str]] = frozenset()

    def unproven_visible(self) -> list[str]:
        """The printed line of a plan not proven optimal (none for an optimal plan)."""
        return ["LƯU Ý: " + "; ".join(self.unproven) + "."] if self.unproven else []


def unproven_lines(plans) -> tuple[str, ...]:
    """Why each plan of ``plans`` (``optimize.planner.ProvincePlan``) that is not proven
    optimal is not, in Vietnamese, with its province's name when there are several: the
    line the command prints (``ProvincePlan.quality``)."""
    from staffsim.results.finding_words import say
    from staffsim.results.words import Words

    vi = Words("vi")
    out = []
    for pl in plans:
        if pl.found and not pl.proven_optimal:
            said = say(vi, pl.quality())
            # 'CHƯA chứng minh tối ưu: bộ giải dừng ...' with its subject, the plan
            said = ("phương án " + said.replace("CHƯA chứng minh", "CHƯA được chứng minh", 1)
                    if said.startswith("CHƯA chứng minh") else
                    f"phương án chưa được chứng minh tối ưu: {said}")
            out.append(f"{pl.state.name}: {said}" if len(plans) > 1 else said)
    return tuple(out)


def transfer_term(state: ProvinceState) -> Term:
    """The term of the moves planned on ``state``: they take effect on the first day of the
    state's month (as the simulation applies a plan made at the end of month t from month
    t + 1, the state of month t + 1) and run ``term_months_left`` months (the allowance is
    never paid beyond)."""
    p = state.params
    start = dt.date(state.calendar_month // 12, state.calendar_month % 12 + 1, 1)
    months = term_months_left(p, state.month)
    k = state.calendar_month + months
    end = dt.date(k // 12, k % 12 + 1, 1) - dt.timedelta(days=1)
    return Term(start, end, months, p.transfers.term_from, state.month,
                dt.date(p.province.start_year, p.province.start_month, 1),
                p.simulation.months, p.simulation.replications,
                dt.date(p.transfers.window_start_year, p.transfers.window_start_month, 1))


def replan_command(month: int, term: Term, invocation: Invocation | None = None
                   ) -> str | None:
    """The command that plans on simulation month ``month`` of the scenario ``term`` was
    planned on, as ``plan`` accepts it (``scenarios.horizon.month_args``): whole, on the
    scenario file and settings of ``invocation`` when given; None when no horizon reaches
    it."""
    args = month_args(month, term.horizon, term.replications)
    if args is None:
        return None
    return invocation.command("plan", *args) if invocation else shlex.join(
        ["staffsim", "plan", *args])


def annex_context(states: list[ProvinceState], invocation: Invocation | None = None,
                  plans=None) -> AnnexContext:
    """The context of an annex of the plans made on ``states`` (one per province, as
    ``plan_all`` plans them: ``[pl.state for pl in plans]``), with ``invocation``, the
    scenario file and settings they were planned with; ``plans``: the plans themselves
    (``optimize.planner.ProvincePlan``), whose quality the annex says when one is not
    proven optimal."""
    provinces: dict[str, str] = {}
    terms: dict[str, Term] = {}
    for state in states:
        called = state.communes.province_names()
        for code in state.communes.province:
            if code not in terms:
                terms[code] = transfer_term(state)
                provinces[code] = province_title(
                    called.get(code) or (state.name if len(states) == 1 else ""))
    return AnnexContext({k: v for k, v in provinces.items() if v}, terms, len(terms),
                        invocation, allowance_by_zone=any(
                            not st.communes.allowance_zone_given and zone_dependent(st.params)
                            for st in states),
                        synthetic_roster=any(not st.params.province.roster_csv
                                             for st in states),
                        allowance_notes=scheme_notes(states, provinces),
                        unproven=unproven_lines(plans or []),
                        measured_km=bool(states) and all(
                            st.params.province.distances_csv for st in states),
                        known_pairs=frozenset(
                            pair for st in states for k in st.known_km
                            for pair in ((k.from_id, k.to_id), (k.to_id, k.from_id))))


def scheme_notes(states: list[ProvinceState], provinces: dict[str, str]) -> tuple[str, ...]:
    """The planner's note on the allowance each province's plan pays, in Vietnamese: the
    scheme in its own terms, from the province's parameters (a note saying every commune's
    allowance follows its zone, with advice to add an allowance_zone column, was written
    for Lạng Sơn, which pays by distance: a planner's trial); then, once, that the scheme is
    Thanh Hóa's draft assumed for a province that has none of its own."""
    from staffsim.results.words import Words

    vi = Words("vi")
    seen: dict[str, list[str]] = {}
    borrowed: list[tuple[str, str, object]] = []
    for state in states:
        codes = sorted(set(state.communes.province)) or [""]
        name = ", ".join(provinces.get(c) or state.name for c in codes)
        seen.setdefault(allowance_words(vi, state.params), []).append(name)
        borrowed += [(provinces.get(c) or state.name, c, state.params) for c in codes]
    if len(seen) == 1:
        notes = [f"Mức hỗ trợ theo phương án: {next(iter(seen))}."]
    else:
        notes = ["Mức hỗ trợ theo phương án: " + "; ".join(
            f"{', '.join(names)}: {text}" for text, names in seen.items()) + "."]
    notes += scheme_lines(vi, borrowed)
    notes.append("Cột “Số tháng hỗ trợ”: số tháng được chi hỗ trợ trong thời gian điều động "
                 "ghi ở đầu phụ lục (0: không hưởng hỗ trợ); kinh phí cả thời hạn tính mỗi "
                 "khoản hỗ trợ theo số tháng được chi của khoản đó.")
    return tuple(notes)


# the 34 provinces and centrally-run cities from 1 July 2025 (Nghị quyết 202/2025/QH15 of
# 12/6/2025: 28 tỉnh, 6 thành phố; docs/facts.md 'Units'): a name given without its kind
# ('Thanh Hóa', as a scenario's province.name, or a plan state's without the table's
# province column) is titled by it, as a decision names the province
CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
PROVINCES = (
    "An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Tĩnh", "Hưng Yên", "Khánh Hòa", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Nghệ An", "Ninh Bình", "Phú Thọ", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sơn La", "Tây Ninh", "Thái Nguyên", "Thanh Hóa", "Tuyên Quang", "Vĩnh Long")
_KIND_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s*", re.IGNORECASE)


def province_title(name: str) -> str:
    """A province's name with its kind, as a decision writes it: 'Tỉnh Thanh Hóa',
    'Thành phố Hà Nội' ('TP.HCM' too); a name that already has its kind, or whose kind is
    not known (not one of the 34), as given."""
    name = " ".join(name.split())
    bare = _KIND_PREFIX.sub("", name)
    if bare.casefold() in ("hcm", "hồ chí minh") or fold(bare) == fold("Hồ Chí Minh"):
        return "Thành phố Hồ Chí Minh"
    if _KIND_PREFIX.match(name) and not name.lower().startswith("tp"):
        return name
    if any(fold(bare) == fold(c) for c in CITIES):
        return f"Thành phố {bare}"
    if any(fold(bare) == fold(c) for c in PROVINCES) and not _KIND_PREFIX.match(name):
        return f"Tỉnh {bare}"
    return name


def _specialty(r: MoveRow) -> str:
    label = specialty_label(r.specialty, "vi")
    if r.to_specialty != r.specialty:
        label += f" (sang {specialty_label(r.to_specialty, 'vi')})"
    return label


def ordered(rows: list[MoveRow]) -> list[tuple[MoveRow, list[MoveRow]]]:
    """Receiving communes (by province, then highest zone first, then by name) with their
    officials (by given name, the Vietnamese order)."""
    groups: dict[str, list[MoveRow]] = {}
    for r in rows:
        groups.setdefault(r.to_commune, []).append(r)
    out = []
    for members in groups.values():
        members.sort(key=lambda r: (fold(r.full_name.split()[-1] if r.full_name else ""),
                                    fold(r.full_name), r.official_id))
        out.append((members[0], members))
    out.sort(key=lambda g: (g[0].province_code, _ZONE_ORDER.get(g[0].to_zone, 9),
                            fold(g[0].to_name), g[0].to_commune))
    return out


def flat_rows(rows: list[MoveRow]) -> list[list[object]]:
    """One list per official, in annex order, with the annex's columns."""
    out: list[list[object]] = []
    for _, members in ordered(rows):
        for r in members:
            out.append([len(out) + 1, r.full_name, r.official_id, _specialty(r),
                        commune_title(r.from_kind, r.from_name, "vi"),
                        commune_title(r.to_kind, r.to_name, "vi"), round(r.distance_km, 1),
                        round(r.monthly_allowance_vnd), r.months,
                        round(r.total_allowance_vnd)])
    return out


def write_annex_csv(target: Path | BinaryIO, rows: list[MoveRow]) -> None:
    """The annex as a flat CSV (UTF-8 with BOM, for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS)
    for row in flat_rows(rows):
        w.writerow([escape_cell(v) for v in row])
    data = buf.getvalue().encode(EXCEL_CSV)
    if isinstance(target, Path | str):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _place(rows: list[MoveRow], province: str, context: AnnexContext) -> str:
    """Where the annex's communes lie, with the kind of place: the province ('Tỉnh Thanh
    Hóa', 'Thành phố Hà Nội'), or how many provinces ('34 tỉnh, thành phố'), never a
    scenario's English name for several provinces."""
    codes = {r.province_code for r in rows} | set(context.terms)
    if len(codes) > 1:
        return f"{number(max(len(codes), context.planned), 0, 'vi')} tỉnh, thành phố"
    named = [context.provinces[c] for c in codes if c in context.provinces]
    return province_title(named[0] if named else province)


def _heading(head: MoveRow, context: AnnexContext, several: bool) -> str:
    """A receiving commune's heading, 'Xã Na Mèo (vùng cao)'; with several provinces the
    province too, 'Xã Quảng Ninh (Tỉnh Quảng Trị, đồng bằng)' (communes of one name lie in
    different provinces). ``scenarios/province.py`` passes it over by its first word and its
    zone, its last words."""
    inside = zone_label(head.to_zone, "vi")
    if several:
        where = context.provinces.get(head.province_code) or f"mã tỉnh {head.province_code}"
        inside = f"{where}, {inside}"
    return f"{commune_title(head.to_kind, head.to_name, 'vi')} ({inside})"


# the planner's note when the support level of each commune is an assumption (no
# allowance_zone column in the communes table)
ALLOWANCE_BY_ZONE = (
    "Mức hỗ trợ của mỗi xã lấy theo vùng của xã trong bảng danh sách xã (vùng cao, miền núi, "
    "đồng bằng): đây là giả định. Nếu danh sách xã hưởng từng mức hỗ trợ theo nghị quyết của "
    "tỉnh khác, thêm cột allowance_zone (Vùng hỗ trợ) vào bảng danh sách xã rồi lập lại "
    "phương án.")

BLANK_DATES = "từ ngày ..../..../........ đến ngày ..../..../........"


def _term_lines(rows: list[MoveRow], context: AnnexContext,
                made_on: dt.date) -> tuple[str, list[str], str | None]:
    """The transfers' dates for the printed annex (one line when they share them), the
    planner's notes on them (the note on the dates line, not printed with the decision),
    and, when the plan's dates have passed, the warning printed above the table (None
    otherwise).

    A decision takes effect from its signing, never before: when the day the moves take
    effect in the plan (the first day of the month planned on) is before ``made_on``, the
    dates are dotted lines for the planner to fill in, and the notes give the plan's dates
    and the month to plan on instead (the months and sums of the rows hold for the plan's
    dates only), and a printed line above the table says so: in the note alone, unseen, a
    planner signed 36 months a person that could not be paid (an HR trial)."""
    codes = sorted({r.province_code for r in rows} or set(context.terms))
    terms = [context.terms[c] for c in codes if c in context.terms]
    if not terms or len(terms) < len(codes):
        return (f"Thời gian điều động: {BLANK_DATES}",
                ["Ngày bắt đầu và kết thúc điều động do đơn vị lập phương án điền."], None)

    def span(t: Term) -> str:
        if t.months <= 0:
            return f"từ ngày {format_date(t.start, 'vi')} (đã hết thời hạn hỗ trợ)"
        return (f"từ ngày {format_date(t.start, 'vi')} đến ngày {format_date(t.end, 'vi')} "
                f"({number(t.months, 0, 'vi')} tháng)")

    by_span: dict[str, list[str]] = {}
    for c, t in zip(codes, terms, strict=True):
        by_span.setdefault(span(t), []).append(context.provinces.get(c) or f"mã tỉnh {c}")
    if len(by_span) == 1:
        dates = f"Thời gian điều động: {next(iter(by_span))}"
    else:
        dates = "Thời gian điều động: " + "; ".join(
            f"{', '.join(names)}: {text}" for text, names in by_span.items())
    t = terms[0]
    month = format_month(t.start.year, t.start.month, 0, "vi")
    when = ("tháng bắt đầu của kịch bản" if t.plan_month == 0 else
            f"--month {t.plan_month}: sau {number(t.plan_month, 0, 'vi')} tháng mô phỏng")
    first = format_date(t.window_start or t.scenario_start, "vi")
    counted = (f"kết thúc khi hết thời kỳ hỗ trợ tính từ ngày {first} (transfers."
               "window_start_year, window_start_month; transfers.term_from = \"start\"), "
               "không quá thời hạn điều động: đối chiếu với ngày bắt đầu tính hỗ trợ trong "
               "nghị quyết hỗ trợ của tỉnh" if t.term_from == "start"
               else "tính từ ngày điều động có hiệu lực (transfers.term_from = \"move\")")
    notes = [f"Giả định của phương án: điều động có hiệu lực từ ngày đầu tháng {month}, tháng "
             f"lập phương án ({when}), như mô phỏng áp dụng phương án; thời hạn {counted}; "
             "hỗ trợ không chi quá thời hạn. Điều chỉnh theo quyết định thực tế."]
    if t.term_from == "start" and t.window_start is not None and t.start < t.window_start:
        # a move before the window's first day: its support counted from the move (an HR
        # trial read the July 2025 months as paid before the window the note names)
        early = ((t.window_start.year - t.start.year) * 12 + t.window_start.month
                 - t.start.month)
        notes.append(f"Điều động có hiệu lực trước ngày {first}: hỗ trợ tính từ ngày điều động "
                     "có hiệu lực, không quá thời hạn (giả định của staffsim; dự thảo nghị "
                     f"quyết tính thời kỳ hỗ trợ từ ngày {first}); nếu nghị quyết chỉ chi từ ngày "
                     f"{first}, mỗi người được ít hơn {number(early, 0, 'vi')} tháng hỗ trợ và "
                     "kinh phí giảm tương ứng.")
    visible = None
    if min(x.start for x in terms) < made_on:
        # the first month whose first day is not before the day the annex is made
        due = PlanMonth(t.plan_month, t.scenario_start).due(made_on)
        k = t.scenario_start.year * 12 + t.scenario_start.month - 1 + due
        fewer = ("điều động có hiệu lực muộn hơn thì còn ít tháng hỗ trợ hơn (thời kỳ hỗ trợ "
                 f"tính từ ngày {first})" if t.term_from == "start" else
                 "thời hạn tính từ ngày điều động có hiệu lực")
        command = replan_command(due, t, context.invocation)
        then = format_month(k // 12, k % 12 + 1, 0, 'vi')
        # a command plan accepts: a month beyond the horizon raises it (replan_command)
        replan = (f"({command} cho tháng {then})" if command else
                  f"(tháng {then} cách tháng bắt đầu của kịch bản {number(due, 0, 'vi')} "
                  "tháng, vượt quá thời gian mô phỏng tối đa: lập phương án với kịch bản có "
                  "tháng bắt đầu gần hơn)")
        notes.append(
            f"Ngày điều động có hiệu lực theo phương án ({format_date(t.start, 'vi')}) đã qua "
            f"so với ngày lập ({format_date(made_on, 'vi')}); quyết định không có hiệu lực "
            "trở về trước, nên thời gian điều động trong phụ lục để trống cho đơn vị điền. "
            f"Theo phương án: {'; '.join(by_span)}. Số tháng và kinh phí trong bảng tính "
            f"theo ngày đó; {fewer}: lập lại phương án cho tháng điều động có hiệu lực "
            f"{replan}.")
        dates = f"Thời gian điều động: {BLANK_DATES}"
        visible = (
            f"LƯU Ý: phương án lập cho điều động có hiệu lực từ ngày "
            f"{format_date(t.start, 'vi')}, đã qua so với ngày lập "
            f"({format_date(made_on, 'vi')}). Số tháng hỗ trợ và kinh phí trong bảng tính "
            "theo ngày đó, không đúng với quyết định ký từ nay: lập lại phương án cho tháng "
            f"{then}" + (f" (--month {due}; lệnh đầy đủ trong ghi chú ở dòng “Thời gian điều "
                         "động”)" if command else "") + " trước khi trình ký.")
    return dates, notes, visible


def annex_findings(rows: list[MoveRow], violations) -> list[tuple[str, str]]:
    """(official id, or "" for the whole plan; the finding in Vietnamese, the annex's
    language) of the checker's ``violations`` of the plan whose moves are ``rows`` (in the
    same order): what ``write_annex_xlsx`` marks."""
    from staffsim.results.finding_words import violation_line
    from staffsim.results.words import Words

    vi = Words("vi")
    return [(rows[v.row - 1].official_id if 0 < v.row <= len(rows) else "",
             violation_line(vi, str(v), place=False)) for v in violations]


FINDINGS_SHOWN = 8  # findings named in the warning line above the table; all on their rows
FINDING_FILL = "FFF4CCCC"  # the rows of a move that breaks a rule


def write_annex_xlsx(target: Path | BinaryIO, rows: list[MoveRow], province: str,
                     made_on: dt.date | None = None,
                     context: AnnexContext | None = None,
                     findings: list[tuple[str, str]] | None = None) -> None:
    """The decision annex, laid out as Nghị định 30/2020/NĐ-CP asks of an annex: title, the
    transfers' dates (dotted lines when they would be before ``made_on``: ``_term_lines``)
    with what they assume in a note on that cell (not printed), headers in row
    ``HEADER_ROW``, one group per receiving commune (a heading row numbered I, II, ..., its
    officials numbered 1..N across the whole list, a subtotal row), a total row and the
    total over the support period. Every count and sum is its value (no formula). Above the
    table, printed: that the plan's dates have passed, or that it is not proven optimal
    (``AnnexContext.unproven``). ``context`` (``annex_context``): the provinces' names and
    the dates; without it the dates are left for the planner to fill in. ``findings``:
    (official id, or "" for the whole plan; the finding in Vietnamese) of a plan that breaks
    a rule (a move forced by hand): a warning line above the table says so, and each such
    move's row is shaded with its findings in a note, so that no one signs a rule broken
    unseen. With two or more provinces (among the rows and ``context``'s terms), each has a
    sheet of its own, named by it (``sheet_titles``), laid out as a one-province annex of
    its rows, name and term: a decision is signed by one province's People's Committee."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    context = context or AnnexContext()
    made_on = made_on or plan_month.today()
    wb = Workbook()
    # who wrote it: `plan --xlsx --force` replaces only an annex staffsim wrote and nobody has
    # saved since (Excel puts the user's name in lastModifiedBy when it saves) nor changed
    # (the cells' fingerprint, below: openpyxl keeps the properties when it saves)
    wb.properties.creator = wb.properties.lastModifiedBy = WRITER
    codes = sorted({r.province_code for r in rows} | set(context.terms))
    if len(codes) <= 1:
        wb.active.title = "Phụ lục"
        _annex_sheet(wb.active, rows, province, made_on, context, list(findings or []))
    else:
        # a decision is signed by one province's People's Committee: one sheet per province,
        # each the annex of that province's decision (its title, committee, dates, numbering
        # and totals), named by the province
        ids = {r.official_id for r in rows}
        for code, title in zip(codes, sheet_titles(codes, context), strict=True):
            ws = wb.active if code == codes[0] else wb.create_sheet()
            ws.title = title
            mine = [r for r in rows if r.province_code == code]
            own = {r.official_id for r in mine}
            name = context.provinces.get(code)
            # the province's own names and term; the rest (the invocation, the allowance
            # note) as the whole annex's: a field listed here by hand was dropped once
            one = replace(context, provinces={code: name} if name else {},
                          terms={code: context.terms[code]} if code in context.terms else {},
                          planned=1)
            # a finding of the whole plan (or of no row of it) on every sheet, a move's on
            # its province's
            _annex_sheet(ws, mine, name or f"mã tỉnh {code}", made_on, one,
                         [(oid, t) for oid, t in findings or []
                          if not oid or oid in own or oid not in ids])
    wb.custom_doc_props.append(StringProperty(name=FINGERPRINT, value=fingerprint(wb)))
    if isinstance(target, Path | str):
        wb.save(Path(target))
    else:
        wb.save(target)


SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name
_SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:']")  # (and an apostrophe: Excel's quoting)


def sheet_titles(codes: list[str], context: AnnexContext) -> list[str]:
    """The names of a several-province annex's sheets, one per province code: the province's
    name without its kind ('Lạng Sơn', 'Hà Nội'; 'Mã tỉnh 20' when the name is not known),
    as Excel allows a sheet's name (at most 31 characters, none of \\ / ? * [ ] :, no
    apostrophe) and different from the others regardless of case ('Lạng Sơn (2)')."""
    out: list[str] = []
    for code in codes:
        name = _KIND_PREFIX.sub("", context.provinces.get(code, "")) or f"Mã tỉnh {code}"
        name = " ".join(_SHEET_FORBIDDEN.sub(" ", name).split()) or f"Mã tỉnh {code}"
        title, k = name[:SHEET_TITLE_MAX].strip(), 1
        while title.casefold() in {t.casefold() for t in out} or title.casefold() == "history":
            k += 1
            suffix = f" ({k})"
            title = name[:SHEET_TITLE_MAX - len(suffix)].strip() + suffix
        out.append(title)
    return out


SYNTHETIC_ROSTER = (
    "LƯU Ý: họ tên và mã công chức trong danh sách này là giả lập: kịch bản không có danh sách "
    "công chức, nên staffsim tự tạo danh sách theo biên chế của các xã, phường. Thay bằng "
    "người thật (hoặc lập lại phương án với danh sách công chức của tỉnh) trước khi trình ký.")


def _annex_sheet(ws, rows: list[MoveRow], province: str, made_on: dt.date,
                 context: AnnexContext, findings: list[tuple[str, str]]) -> None:
    """One annex on the sheet ``ws`` (``write_annex_xlsx``)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    width = len(HEADERS)
    last = get_column_letter(width)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT, bold=True, size=TABLE_SIZE)

    def text(row: int, col: int, value: str, **style) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = value
        if is_formula(value):  # stored as text, shown as typed, never run
            cell.data_type = "s"
            cell.quotePrefix = True
        for k, v in style.items():
            setattr(cell, k, v)

    def figure(row: int, col: int, value: int | float, fmt: str | None = None,
               **style) -> None:
        """A count or sum staffsim computed, written as its value: a formula's value is
        seen only by a program that computes it (openpyxl stores none), and previews,
        Protected View, pandas and document systems showed the totals blank."""
        cell = ws.cell(row=row, column=col, value=value)
        if fmt:
            cell.number_format = fmt
        for k, v in style.items():
            setattr(cell, k, v)

    several = len({r.province_code for r in rows} | set(context.terms)) > 1
    dates, notes, lapsed = _term_lines(rows, context, made_on)
    place = _place(rows, province, context)
    # the issuing committee: 'Ủy ban nhân dân tỉnh Thanh Hóa', when the place has its kind
    issuer = (place[0].lower() + place[1:] if not several and
              re.match(r"^(Tỉnh|Thành phố) ", place) else "................")
    # Nghị định 30/2020/NĐ-CP, Phụ lục I: the word 'Phụ lục' on a line of its own, lower
    # case, 14, bold; the annex's title in capitals, 13-14, bold; '(Kèm theo ...)' italic
    for row, value, font in (
            (1, "Phụ lục", Font(name=FONT, bold=True, size=14)),
            (2, "DANH SÁCH CÔNG CHỨC ĐƯỢC ĐIỀU ĐỘNG ĐẾN CÔNG TÁC TẠI CÁC XÃ, PHƯỜNG TRÊN ĐỊA "
                f"BÀN {place.upper()}", Font(name=FONT, bold=True, size=14)),
            (3, "(Kèm theo Quyết định số ......../QĐ-UBND ngày ..../..../........ của Ủy ban "
                f"nhân dân {issuer})", Font(name=FONT, italic=True, size=14)),
            (4, dates, Font(name=FONT, bold=True, size=13))):
        ws.merge_cells(f"A{row}:{last}{row}")
        text(row, 1, value, font=font, alignment=Alignment(horizontal="center", wrap_text=True))
    ws.row_dimensions[2].height = 40
    # what the planner needs and the decision does not carry: a note on the dates line,
    # which Excel and LibreOffice show on screen and do not print (not cells beside the
    # table: the table's readers would take a title row of two cells for a header, nor a
    # sheet of its own: they would name the sheet in every row, 'row 10 (sheet 'Phụ lục')')
    said = ["GHI CHÚ CỦA NGƯỜI LẬP PHƯƠNG ÁN (không in kèm quyết định)",
            f"Lập ngày {format_date(made_on, 'vi')} bằng staffsim.", *notes,
            *context.allowance_notes,
            *([ALLOWANCE_BY_ZONE] if context.allowance_by_zone else []),
            *context.unproven,
            "Số người và số tiền ở các dòng “Cộng”, “Tổng cộng” và tổng kinh phí cả thời hạn "
            "là số staffsim tính khi lập phương án (không phải công thức, để mọi trình xem "
            "tệp đều thấy): sửa hoặc xóa dòng nào thì sửa lại các dòng này."]
    ws["A4"].comment = Comment("\n\n".join(said), WRITER, height=320, width=560)
    # printed: a plan whose dates have passed, or not proven optimal, is not to be signed as
    # it is (in the note alone, unseen: an HR trial)
    warned = [x for x in (lapsed, *context.unproven_visible()) if x]
    if warned:
        ws.merge_cells(f"A5:{last}5")
        text(5, 1, " ".join(warned), font=Font(name=FONT, bold=True, size=13,
                                               color="FFC00000"),
             alignment=Alignment(horizontal="left", wrap_text=True))
        ws.row_dimensions[5].height = 18 * min(8, 1 + len(" ".join(warned)) // 110)
    if context.synthetic_roster:  # printed: no one may sign a list of invented people
        ws.merge_cells(f"A6:{last}6")
        text(6, 1, SYNTHETIC_ROSTER, font=Font(name=FONT, bold=True, size=13, color="FFC00000"),
             alignment=Alignment(horizontal="left", wrap_text=True))
        ws.row_dimensions[6].height = 36
    if findings:
        named = {r.official_id: r.full_name for r in rows}
        said = [f"{named.get(oid, oid)} ({oid}): {text}" if oid else text
                for oid, text in findings[:FINDINGS_SHOWN]]
        more = (f"; và {len(findings) - FINDINGS_SHOWN} trường hợp khác"
                if len(findings) > FINDINGS_SHOWN else "")
        ws.merge_cells(f"A7:{last}7")
        # (whose each finding is, the manual edit's or the optimised plan's, each says where
        # it is known: the dashboard's; this line said every one was the planner's own move)
        text(7, 1, f"LƯU Ý: phương án trái quy tắc của tỉnh ở {len(findings)} điểm (các dòng "
             f"tô màu): {'; '.join(said)}{more}",
             font=Font(name=FONT, bold=True, size=13, color="FFC00000"),
             alignment=Alignment(horizontal="left", wrap_text=True))
        ws.row_dimensions[7].height = 15 * min(8, 1 + len(" ".join(said)) // 120)
    by_official: dict[str, list[str]] = {}
    for oid, finding in findings:
        if oid:
            by_official.setdefault(oid, []).append(finding)
    for col, (header, w) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        text(HEADER_ROW, col, header, font=bold, border=box,
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; a table may be laid out across the page; margins
    # top and bottom 20-25 mm, left 30-35, right 15-20; the page number in Arabic figures,
    # 13-14, centred in the top margin, none on the first page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    mm = 1 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 * mm
    ws.page_margins.left, ws.page_margins.right = 30 * mm, 15 * mm
    ws.page_margins.header = ws.page_margins.footer = 8 * mm
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.size = 13
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    def boxed(row: int, cols: range) -> None:
        for col in cols:  # a border, no value
            ws.cell(row=row, column=col).border = box

    r = HEADER_ROW + 1
    stt = 0
    for k, (head, members) in enumerate(ordered(rows), start=1):
        text(r, 1, _roman(k), font=bold, border=box, alignment=Alignment(horizontal="center"))
        text(r, 2, _heading(head, context, several), font=bold)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        boxed(r, range(2, width + 1))
        r += 1
        for m in members:
            stt += 1
            ws.cell(row=r, column=1, value=stt).border = box
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
            for col, value in ((2, m.full_name), (3, m.official_id), (4, _specialty(m)),
                               (5, commune_title(m.from_kind, m.from_name, "vi")),
                               (6, commune_title(m.to_kind, m.to_name, "vi"))):
                text(r, col, value, border=box, alignment=Alignment(wrap_text=True))
            for col, value, fmt in ((7, round(m.distance_km, 1), KM_FORMAT),
                                    (8, round(m.monthly_allowance_vnd), MONEY_FORMAT),
                                    (9, m.months, MONTHS_FORMAT),
                                    (10, round(m.total_allowance_vnd), MONEY_FORMAT)):
                cell = ws.cell(row=r, column=col, value=value)
                cell.number_format = fmt
                cell.border = box
            if m.official_id in by_official:
                for col in range(1, width + 1):
                    ws.cell(row=r, column=col).fill = PatternFill("solid", fgColor=FINDING_FILL)
                ws.cell(row=r, column=2).comment = Comment(
                    "Trái quy tắc: " + "; ".join(by_official[m.official_id]), WRITER)
            r += 1
        # the group's subtotal: the sums of the values written in its rows
        boxed(r, range(1, width + 1))
        text(r, 2, f"Cộng: {number(len(members), 0, 'vi')} người", font=bold)
        figure(r, _col(MONTHLY_COL), sum(round(m.monthly_allowance_vnd) for m in members),
               MONEY_FORMAT, font=bold)
        figure(r, _col(TOTAL_COL), sum(round(m.total_allowance_vnd) for m in members),
               MONEY_FORMAT, font=bold)
        r += 1
    # the whole list
    total = sum(round(m.total_allowance_vnd) for m in rows)
    boxed(r, range(1, width + 1))
    text(r, 2, f"Tổng cộng: {number(len(rows), 0, 'vi')} người", font=bold)
    figure(r, _col(MONTHLY_COL), sum(round(m.monthly_allowance_vnd) for m in rows),
           MONEY_FORMAT, font=bold)
    figure(r, _col(TOTAL_COL), total, MONEY_FORMAT, font=bold)
    r += 2
    text(r, 2, "Tổng kinh phí hỗ trợ cả thời hạn (đồng)", font=bold)
    figure(r, _col(TOTAL_COL), total, MONEY_FORMAT, font=bold)
    # printed footnotes: what a column's figures are where the header cannot say it (in the
    # name column, B, as 'Ghi chú: ...': the table's readers pass them over)
    numbered = [(k, m) for k, m in enumerate((m for _h, ms in ordered(rows) for m in ms),
                                             start=1)]
    for note in footnotes(numbered, context):
        r += 1
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        text(r, 2, note, font=Font(name=FONT, italic=True, size=TABLE_SIZE),
             alignment=Alignment(horizontal="left", vertical="top", wrap_text=True))
        ws.row_dimensions[r].height = 16 * min(6, 1 + len(note) // 140)
    ws.print_area = f"A1:{last}{r}"  # the attachment: the table, its title and footnotes
    for line in ws.iter_rows():  # every cell in the decree's font, the table's in its size
        for cell in line:
            f = cell.font
            if f.name != FONT and not isinstance(cell, MergedCell):  # (those are not saved)
                cell.font = Font(name=FONT, size=TABLE_SIZE, bold=f.b, italic=f.i, color=f.color)


def _stt(numbers: list[int]) -> str:
    """Row numbers (STT) for a footnote: '3, 17 và 42'; the first 20, then how many more."""
    shown = [str(k) for k in numbers[:20]]
    if len(numbers) > 20:
        return ", ".join(shown) + f" và {len(numbers) - 20} trường hợp khác"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " và " + shown[-1]


def footnotes(numbered: list[tuple[int, MoveRow]], context: AnnexContext) -> list[str]:
    """The annex's printed footnotes, in Vietnamese, for its rows as numbered (STT, row):
    that the distances are estimates, except the known road distances (an HR trial: a
    signed annex states them as fact, and officials may cite them for travel claims); and
    why a row pays nothing (a '0 tháng' beside a transfer read as a 0-month transfer)."""
    out = []
    if numbered and not context.measured_km:
        known = [k for k, m in numbered
                 if (m.from_commune, m.to_commune) in context.known_pairs]
        estimate = ("Ghi chú: cột “Khoảng cách (km)” là khoảng cách ước tính (đường chim bay "
                    "nhân hệ số đường bộ của từng vùng), không phải số km đường bộ đo được")
        # by their STT (evaluate's 'dòng' is a sheet row: an HR trial read the two alike)
        out.append(estimate + (f", trừ các trường hợp STT {_stt(known)} (khoảng cách đường bộ "
                               "đã biết)."
                               if known else "."))
    unpaid = [(k, m) for k, m in numbered if round(m.monthly_allowance_vnd) == 0]
    if unpaid:
        why = ("nơi đến là xã, phường đồng bằng" if all(m.to_zone == "lowland"
                                                      for _k, m in unpaid)
               else "theo mức hỗ trợ của phương án")
        out.append(f"Ghi chú: trường hợp STT {_stt([k for k, _m in unpaid])} không thuộc diện "
                   f"hưởng hỗ trợ ({why}), nên mức hỗ trợ, số tháng hỗ trợ và kinh phí bằng 0; "
                   "thời gian điều động vẫn là thời gian ghi ở đầu phụ lục.")
    return out


def _col(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter)


WRITER = "staffsim"


FINGERPRINT_VERSION = "3:"  # a fingerprint of the cells, the marks and the formats
FORMATLESS_VERSION = "2:"  # (an annex written before formats were fingerprinted, today)
_HEADERS_FOOTERS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                    "firstFooter")


def _formats(ws, cell) -> list[str]:
    """A cell's font as a planner marks a row with it (struck through: "remove this
    person"; a colour, bold, italic, underline) and its link."""
    title = ws.title
    out = []
    if getattr(cell, "has_style", False):
        f = cell.font
        color = getattr(f, "color", None)
        shade = (getattr(color, "rgb", None) if getattr(color, "type", None) == "rgb"
                 else getattr(color, "theme", None) if color is not None else None)
        out.append(f"font\t{title}\t{cell.row}\t{cell.column}\t{bool(f.strike)}\t"
                   f"{bool(f.b)}\t{bool(f.i)}\t{f.u}\t{shade}")
    if getattr(cell, "hyperlink", None) is not None:
        out.append(f"link\t{title}\t{cell.row}\t{cell.column}\t{cell.hyperlink.target}")
    return out


def _sheet_formats(ws) -> list[str]:
    """What a planner may change on a sheet without a cell: merged cells, conditional
    formats, data validation, protection."""
    title = ws.title
    return [f"merged\t{title}\t{sorted(str(r) for r in ws.merged_cells.ranges)}",
            f"conditional\t{title}\t{len(ws.conditional_formatting)}",
            f"validation\t{title}\t{len(ws.data_validations.dataValidation)}",
            f"protection\t{title}\t{bool(ws.protection.sheet)}"]


def _read(wb, formats: bool = True) -> tuple[str, list[str]]:
    """(SHA-256 of a workbook's cells, its marks), in one pass over the cells.

    The cells: each sheet's name and every cell that holds something (its place, and its
    value as text: a number as a float, so 36 and 36.0 agree; a formula as its text). The
    marks: what a planner may change without changing a cell and staffsim never writes
    (``fingerprint`` covers them): the number of sheets, a hidden sheet, header and footer
    text, hidden rows and columns, cell comments and filled cells."""
    h = hashlib.sha256()
    marks = [f"sheets\t{len(wb.worksheets)}"]
    for ws in wb.worksheets:
        title = ws.title
        h.update(f"sheet\t{title}\n".encode())
        if ws.sheet_state != "visible":
            marks.append(f"state\t{title}\t{ws.sheet_state}")
        for name in _HEADERS_FOOTERS:
            item = getattr(ws, name, None)
            for part in ("left", "center", "right"):
                text = getattr(getattr(item, part, None), "text", None)
                if text:
                    marks.append(f"{name}\t{title}\t{part}\t{text}")
        for k, dim in sorted(ws.row_dimensions.items()):
            if dim.hidden:
                marks.append(f"hidden row\t{title}\t{k}")
        hidden = set()
        for dim in ws.column_dimensions.values():
            if dim.hidden and dim.min is not None:
                hidden.update(range(dim.min, (dim.max or dim.min) + 1))
        marks += [f"hidden column\t{title}\t{k}" for k in sorted(hidden)]
        if formats:
            marks += _sheet_formats(ws)
        for row in ws.iter_rows():
            for cell in row:
                if formats:
                    marks += _formats(ws, cell)
                comment = getattr(cell, "comment", None)
                if comment is not None:
                    marks.append(f"comment\t{title}\t{cell.row}\t{cell.column}\t"
                                 f"{comment.text}")
                if getattr(cell, "has_style", False):
                    fill = cell.fill
                    kind = getattr(fill, "patternType", None) or getattr(fill, "type", None)
                    if kind:
                        marks.append(f"fill\t{title}\t{cell.row}\t{cell.column}\t{kind}\t"
                                     f"{getattr(getattr(fill, 'fgColor', None), 'value', '')}")
                v = cell.value
                if v is None or v == "":
                    continue
                if isinstance(v, bool):
                    v = f"b:{v}"
                elif isinstance(v, int | float):
                    v = f"n:{float(v)!r}"
                else:
                    v = f"{type(v).__name__}:{v}"
                h.update(f"{cell.row}\t{cell.column}\t{v}\n".encode())
    return h.hexdigest(), marks


def fingerprint(wb) -> str:
    """A workbook's fingerprint (``FINGERPRINT_VERSION`` and a SHA-256): its cells (each
    sheet's name and every cell that holds something, as ``_read`` reads them) and its
    marks (comments, hidden rows, columns and sheets, header and footer text, fills, the
    number of sheets). Computed on the workbook staffsim writes and on the file read back,
    the same while nobody changed a cell nor added a mark: an edit that changes only a
    comment, a fill or what is shown is an edit too."""
    cells, marks = _read(wb)
    return FINGERPRINT_VERSION + hashlib.sha256(
        "\n".join([cells, *marks]).encode()).hexdigest()


def written_by_staffsim(path: Path) -> bool:
    """Does ``path`` say staffsim wrote it and nobody has saved it since (Excel puts the
    user's name in lastModifiedBy)? Reads only the workbook's small core-properties part."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 100_000:
                return False
            core = z.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    found = dict(re.findall(r"<(dc:creator|cp:lastModifiedBy)>([^<]*)<", core))
    return found.get("dc:creator") == WRITER and found.get("cp:lastModifiedBy") == WRITER


MAX_CHECKED_MB = 200  # an annex of a million transfers unpacks to about 150 MB


def replaceable(path: Path) -> str | None:
    """May ``plan --xlsx --force`` replace ``path``? None if it is an annex staffsim wrote
    that is still what staffsim wrote; else why not: "not staffsim's" (another writer,
    saved by Excel since, or written before annexes had a fingerprint) or "edited" (its
    cells or marks differ from the fingerprint staffsim recorded)."""
    if not (path.is_file() and written_by_staffsim(path)):
        return "not staffsim's"
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_CHECKED_MB * 1024 * 1024:
                return "not staffsim's"
        from openpyxl import load_workbook

        wb = load_workbook(path)
    except Exception:  # openpyxl raises many types for a broken file
        return "not staffsim's"
    recorded = next((p.value for p in wb.custom_doc_props if p.name == FINGERPRINT), None)
    if not recorded:
        return "not staffsim's"
    if recorded.startswith(FINGERPRINT_VERSION):
        return None if recorded == fingerprint(wb) else "edited"
    if recorded.startswith(FORMATLESS_VERSION):  # its fingerprint has no formats
        cells, marks = _read(wb, formats=False)
        return None if recorded == FORMATLESS_VERSION + hashlib.sha256(
            "\n".join([cells, *marks]).encode()).hexdigest() else "edited"
    # an earlier staffsim's annex: its fingerprint is of the cells only; it is replaced
    # only if it bears none of the marks staffsim never writes (one sheet, nothing hidden,
    # no comment, header, footer or fill), which that fingerprint cannot tell
    cells, marks = _read(wb, formats=False)
    return None if recorded == cells and marks == ["sheets\t1"] else "edited"


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def hidden_rows(path: Path, last: int | None = None) -> dict[str, set[int]]:
    """The rows hidden in each sheet of a workbook (sheet name -> row numbers from 1; every
    sheet named, hidden rows or not): rows a planner hid in Excel instead of deleting them,
    or that a filter or a collapsed outline hides. Read from the sheets' XML, row by row
    (openpyxl's read-only mode, which reads the table, keeps no row's attributes); {} for a
    file that is no readable workbook (the table reader has said why). Each sheet is read up
    to row ``last`` (the table's last row), by default as far as the table reader reads
    (README, "Limits"), never through a large sheet beside the table (a trial's sheet of
    2.3 million rows took 262 s)."""
    import posixpath
    import xml.etree.ElementTree as ET

    from staffsim.scenarios.limits import TABLE_ROWS
    from staffsim.scenarios.tables import HEADER_SEARCH

    if last is None:
        last = TABLE_ROWS.value + HEADER_SEARCH + 1

    def target(base: str, t: str) -> str:
        return t.lstrip("/") if t.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(base), t))

    def rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
        name = posixpath.join(posixpath.dirname(part), "_rels",
                              posixpath.basename(part) + ".rels")
        root = ET.fromstring(z.read(name))
        return {r.get("Id", ""): r.get("Target", "")
                for r in root.iter(f"{_PKG_NS}Relationship")}

    out: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("_rels/.rels"))
            book = next(target("", r.get("Target", "")) for r in
                        root.iter(f"{_PKG_NS}Relationship")
                        if r.get("Type", "").endswith("/officeDocument"))
            parts = rels(z, book)
            for sheet in ET.fromstring(z.read(book)).iter(f"{_MAIN_NS}sheet"):
                part = target(book, parts.get(sheet.get(f"{_REL_NS}id", ""), ""))
                hidden = out.setdefault(sheet.get("name", ""), set())
                n = seen = 0
                with z.open(part) as f:
                    for event, el in ET.iterparse(f, events=("start", "end")):
                        if el.tag != f"{_MAIN_NS}row":
                            if event == "end" and el.tag == f"{_MAIN_NS}sheetData":
                                break  # nothing of the rows' after it
                            continue
                        if event == "start":
                            # a row without its number follows the one before it
                            n, seen = int(el.get("r") or n + 1), seen + 1
                            if n > last or seen > last:  # past the table
                                break
                            if el.get("hidden") in ("1", "true"):
                                hidden.add(n)
                        else:
                            el.clear()
    except (OSError, KeyError, StopIteration, ValueError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return out


class AnnexLock:
    """One writer per annex file: an exclusive lock (filelock, as for output folders:
    ``results.folder``) on ``PARENT/.NAME.lock`` beside the annex, stamped with the
    holder's pid and command so that a second writer can name it. Taken before the annex
    is checked and held until it is written; the operating system drops the lock of a
    process that dies, and the lock file (hidden, staffsim's own) is removed on release."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        from staffsim.results.folder import lock_name

        self.path = path.parent / lock_name(path.name)
        # not thread-local: the interrupt watchdog may end the command from its own thread
        self.lock = FileLock(str(self.path), timeout=0, thread_local=False)

    def acquire(self) -> bool:
        """Take the lock now (no wait); False if another process holds it. OSError if the
        lock file cannot be made."""
        from filelock import Timeout

        from staffsim.results.folder import forget_lock, hold_lock, stamp_holder

        hold_lock(self.lock, self.path)  # (an interrupt, by any thread, releases it)
        try:
            self.lock.acquire()
        except Timeout:
            forget_lock(self.lock, self.path)
            if not self.path.exists():  # nobody holds it: the lock file cannot be made
                raise PermissionError(13, "permission denied", str(self.path)) from None
            return False
        except BaseException:
            forget_lock(self.lock, self.path)
            raise
        stamp_holder(self.path)
        return True

    def release(self) -> None:
        from staffsim.results.folder import release_held

        release_held(self.lock, self.path)


def _umask() -> int:
    """The process's umask, read without changing it (Linux), else set and put back."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What tells one file from another on disk, and that it is unchanged: device, inode,
    size and modification time (a rename keeps them all)."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def annex_bytes(rows: list[MoveRow], province: str, made_on: dt.date | None = None,
                context: AnnexContext | None = None) -> bytes:
    """``write_annex_xlsx``'s workbook as bytes: hashed for the plan folder's manifest
    before the folder is sealed, then saved as they are (``save_annex_xlsx``'s ``data``)."""
    buf = io.BytesIO()
    write_annex_xlsx(buf, rows, province, made_on, context)
    return buf.getvalue()


def save_annex_xlsx(path: Path, rows: list[MoveRow], province: str,
                    made_on: dt.date | None = None,
                    context: AnnexContext | None = None,
                    ready: Callable[[tuple[int, int, int, int]], None] | None = None,
                    data: bytes | None = None) -> None:
    """``write_annex_xlsx`` to a file, whole or not at all (written aside, then renamed).
    ``ready``: told the written file's ``file_identity`` once it is complete and before the
    rename puts it at ``path``, so that whoever asks later (the interrupt's line) can tell
    whether ``path`` is that file, whenever the command was stopped. ``data``: the workbook
    already made (``annex_bytes``), written as it is."""
    path = Path(path)
    # a new file of our own beside it (created exclusively: a fixed name such as
    # '.A.xlsx.tmp' could be a user's file, deleted, or a symbolic link, written through)
    from staffsim.results.folder import (  # (its name is staffsim's there)
        annex_temp_affixes,
        temporary_file,
    )

    prefix, suffix = annex_temp_affixes(path.name)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    tmp = Path(name)
    with temporary_file(tmp):  # (removed by an interrupt the watchdog ends, too)
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # as a file written in place would be (not 0600)
            with os.fdopen(fd, "wb") as f:
                if data is not None:
                    f.write(data)
                else:
                    write_annex_xlsx(f, rows, province, made_on, context)
            if ready is not None:
                ready(file_identity(os.stat(tmp)))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
