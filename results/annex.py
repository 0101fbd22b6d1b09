"""The plan as the annex of a transfer decision (phụ lục kèm theo quyết định điều động): an
.xlsx with Vietnamese headers, grouped by receiving commune with subtotals and a total, and the
same list as a flat CSV.

Always in Vietnamese: it is the document the province signs. Every text cell is escaped
against formula injection (a name or id beginning with = + - @ would otherwise run in Excel):
in the workbook it is stored as text with Excel's quote prefix, in the CSV it gets a leading
apostrophe (OWASP's advice for CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from staffsim.i18n import date as format_date
from staffsim.i18n import number
from staffsim.results.moves import MoveRow
from staffsim.results.tables import EXCEL_CSV
from staffsim.results.words import commune_title, specialty_label, zone_label
from staffsim.scenarios.names import fold
from staffsim.scenarios.tables import escape_cell, is_formula

HEADERS: tuple[str, ...] = (
    "STT", "Họ và tên", "Mã công chức", "Chuyên môn", "Đơn vị hiện tại",
    "Đơn vị điều động đến", "Khoảng cách (km)", "Mức hỗ trợ (đồng/tháng)", "Thời hạn (tháng)")
WIDTHS: tuple[float, ...] = (7, 26, 16, 30, 24, 24, 12, 16, 10)
KM_FORMAT = "#,##0.0"
MONEY_FORMAT = "#,##0"
MONTHS_FORMAT = "0"
HEADER_ROW = 6  # 1-based row of the column headers in the sheet
_ZONE_ORDER = {"high_mountain": 0, "mountain": 1, "lowland": 2}
def _specialty(r: MoveRow) -> str:
    label = specialty_label(r.specialty, "vi")
    if r.to_specialty != r.specialty:
        label += f" (sang {specialty_label(r.to_specialty, 'vi')})"
    return label


def ordered(rows: list[MoveRow]) -> list[tuple[MoveRow, list[MoveRow]]]:
    """Receiving communes (highest zone first, then by name) with their officials (by given
    name, the Vietnamese order)."""
    groups: dict[str, list[MoveRow]] = {}
    for r in rows:
        groups.setdefault(r.to_commune, []).append(r)
    out = []
    for members in groups.values():
        members.sort(key=lambda r: (fold(r.full_name.split()[-1] if r.full_name else ""),
                                    fold(r.full_name), r.official_id))
        out.append((members[0], members))
    out.sort(key=lambda g: (_ZONE_ORDER.get(g[0].to_zone, 9), fold(g[0].to_name),
                            g[0].to_commune))
    return out


def flat_rows(rows: list[MoveRow]) -> list[list[object]]:
    """One list per official, in annex order, with the annex's columns."""
    out: list[list[object]] = []
    for _, members in ordered(rows):
        for r in members:
            out.append([len(out) + 1, r.full_name, r.official_id, _specialty(r),
                        commune_title(r.from_kind, r.from_name, "vi"),
                        commune_title(r.to_kind, r.to_name, "vi"), round(r.distance_km, 1),
                        round(r.monthly_allowance_vnd), r.months])
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


def write_annex_xlsx(target: Path | BinaryIO, rows: list[MoveRow], province: str,
                     made_on: dt.date | None = None) -> None:
    """The decision annex: title, headers in row ``HEADER_ROW``, one group per receiving
    commune (a heading row numbered I, II, ..., its officials numbered 1..N across the whole
    list, a subtotal row), a total row and the total over the support period."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    # who wrote it: `plan --xlsx --force` replaces only an annex staffsim wrote and nobody has
    # saved since (Excel puts the user's name in lastModifiedBy when it saves)
    wb.properties.creator = wb.properties.lastModifiedBy = WRITER
    ws = wb.active
    ws.title = "Phụ lục"
    last = get_column_letter(len(HEADERS))
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)

    def text(row: int, col: int, value: str, **style) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = value
        if is_formula(value):  # stored as text, shown as typed, never run
            cell.data_type = "s"
            cell.quotePrefix = True
        for k, v in style.items():
            setattr(cell, k, v)

    made_on = made_on or dt.date.today()
    n = len(rows)
    monthly = sum(r.monthly_allowance_vnd for r in rows)
    total = sum(r.total_allowance_vnd for r in rows)
    for row, value, font in (
            (1, "PHỤ LỤC", Font(bold=True, size=13)),
            (2, f"DANH SÁCH CÔNG CHỨC ĐƯỢC ĐIỀU ĐỘNG ĐẾN CÔNG TÁC TẠI CÁC XÃ, PHƯỜNG — "
                f"{province.upper()}", Font(bold=True, size=12)),
            (3, "(Kèm theo Quyết định số ......../QĐ-UBND ngày ..../..../........ của Ủy ban "
                "nhân dân tỉnh)", Font(italic=True)),
            (4, f"Lập ngày {format_date(made_on, 'vi')}: {n} công chức; hỗ trợ "
                f"{number(monthly, 0, 'vi')} đồng/tháng", Font(italic=True, size=9))):
        ws.merge_cells(f"A{row}:{last}{row}")
        text(row, 1, value, font=font, alignment=Alignment(horizontal="center", wrap_text=True))
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        text(HEADER_ROW, col, header, font=bold, border=box,
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    def numbers(row: int, km: float | None, money: float | None, months: int | None,
                font: Font | None = None) -> None:
        for col, value, fmt in ((7, km, KM_FORMAT), (8, money, MONEY_FORMAT),
                                (9, months, MONTHS_FORMAT)):
            cell = ws.cell(row=row, column=col, value=value)
            cell.number_format = fmt
            cell.border = box
            if font:
                cell.font = font

    r = HEADER_ROW + 1
    stt = 0
    for k, (head, members) in enumerate(ordered(rows), start=1):
        text(r, 1, _roman(k), font=bold, border=box, alignment=Alignment(horizontal="center"))
        text(r, 2, f"{commune_title(head.to_kind, head.to_name, 'vi')} "
                   f"({zone_label(head.to_zone, 'vi')})", font=bold)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(HEADERS))
        for col in range(2, len(HEADERS) + 1):
            ws.cell(row=r, column=col).border = box
        r += 1
        for m in members:
            stt += 1
            ws.cell(row=r, column=1, value=stt).border = box
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
            for col, value in ((2, m.full_name), (3, m.official_id), (4, _specialty(m)),
                               (5, commune_title(m.from_kind, m.from_name, "vi")),
                               (6, commune_title(m.to_kind, m.to_name, "vi"))):
                text(r, col, value, border=box, alignment=Alignment(wrap_text=True))
            numbers(r, round(m.distance_km, 1), round(m.monthly_allowance_vnd), m.months)
            r += 1
        text(r, 1, "", border=box)
        text(r, 2, f"Cộng: {len(members)} người", font=bold, border=box)
        for col in range(3, 7):
            text(r, col, "", border=box)
        numbers(r, None, round(sum(m.monthly_allowance_vnd for m in members)), None, bold)
        r += 1
    text(r, 1, "", border=box)
    text(r, 2, f"Tổng cộng: {n} người", font=bold, border=box)
    for col in range(3, 7):
        text(r, col, "", border=box)
    numbers(r, None, round(monthly), None, bold)
    r += 2
    text(r, 2, "Tổng kinh phí hỗ trợ cả thời hạn (đồng)", font=bold)
    cell = ws.cell(row=r, column=8, value=round(total))
    cell.number_format = MONEY_FORMAT
    cell.font = bold
    if isinstance(target, Path | str):
        wb.save(Path(target))
    else:
        wb.save(target)


WRITER = "staffsim"


def written_by_staffsim(path: Path) -> bool:
    """Is ``path`` an annex staffsim wrote that nobody has saved since? Reads only the
    workbook's small core-properties part."""
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


def save_annex_xlsx(path: Path, rows: list[MoveRow], province: str,
                    made_on: dt.date | None = None) -> None:
    """``write_annex_xlsx`` to a file, whole or not at all (written aside, then renamed)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write_annex_xlsx(tmp, rows, province, made_on)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
