"""Reading HR tables as they arrive: CSV (UTF-8 with or without BOM, or UTF-16 with its BOM as
Excel's 'Unicode text' saves it; comma, semicolon or tab) or Excel .xlsx (the sheet or sheets
holding the table), with headers matched regardless of case, spacing and Vietnamese
diacritics, Vietnamese headers and values mapped to ours, blank rows passed over (not counted
as rows), and every problem collected.

Header map (normalised: lower case, no diacritics, words joined by "_"): see ``HEADERS``.
Value maps for kind, zone, specialty, sex and yes/no: see ``VALUES``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from functools import cache
from pathlib import Path

from staffsim.scenarios import limits
from staffsim.scenarios.errors import InputErrors, ScenarioError, cut, quote


class InputWarning(UserWarning):
    """A data problem that does not stop a run (shown as one line by the CLI)."""


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), words joined by "_": 'Mã xã' -> 'ma_xa'."""
    text = unicodedata.normalize("NFD", str(text).strip().lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    out = "".join(ch if ch.isalnum() else " " for ch in text)
    return "_".join(out.split())


# Our column -> accepted spellings (folded). Our own names are always accepted.
HEADERS: dict[str, tuple[str, ...]] = {
    "commune_id": ("ma_xa", "ma_don_vi", "ma_dvhc", "ma_xa_phuong", "commune", "commune_code"),
    "name": ("ten_xa", "ten_don_vi", "ten", "ten_xa_phuong", "commune_name"),
    "kind": ("loai", "loai_don_vi", "cap"),
    "zone": ("vung", "khu_vuc", "dia_ban"),
    "population": ("dan_so", "so_dan", "pop"),
    "area_km2": ("dien_tich", "dien_tich_km2", "area"),
    "lat": ("vi_do", "latitude"),
    "lon": ("kinh_do", "longitude", "lng"),
    "province_code": ("ma_tinh",),
    "merged_units": ("so_don_vi_sap_nhap", "so_xa_sap_nhap"),
    "allowance_zone": ("vung_ho_tro", "muc_ho_tro", "dia_ban_ho_tro", "vung_huong_ho_tro"),
    # a unit's officials in post (the communes table's optional column; the pool's headcount)
    "officials": ("so_can_bo_cong_chuc_hien_co", "so_cbcc_hien_co", "so_can_bo_cong_chuc",
                  "so_cbcc", "cbcc_hien_co", "so_cong_chuc_hien_co", "so_nguoi_hien_co"),
    # positions a unit is allotted (kept, not used for communes: the quota is the norm)
    "quota": ("bien_che_duoc_giao", "so_bien_che_duoc_giao", "bien_che", "chi_tieu_bien_che"),
    "official_id": ("ma_can_bo", "ma_cb", "ma_cong_chuc", "so_hieu_cong_chuc", "ma_nhan_vien",
                    "id"),
    "full_name": ("ho_ten", "ho_va_ten", "ten_can_bo"),
    "specialty": ("chuyen_mon", "linh_vuc", "chuc_danh", "vi_tri_viec_lam"),
    "birth_year": ("nam_sinh", "year_of_birth"),
    "birth_month": ("thang_sinh", "month_of_birth"),
    "birth_date": ("ngay_sinh", "ngay_thang_nam_sinh", "date_of_birth"),
    "sex": ("gioi_tinh", "gender"),
    "leader": ("lanh_dao", "la_lanh_dao"),
    "protected": ("bao_ve", "khong_dieu_dong", "giu_lai"),
    "from_id": ("tu", "tu_xa"),
    "to_id": ("den", "den_xa"),
    "km": ("khoang_cach", "khoang_cach_km", "distance_km"),
    "to_commune": ("xa_den", "noi_den", "don_vi_dieu_dong_den"),  # the last: the annex's
    "from_commune": ("xa_di", "noi_di", "don_vi_hien_tai"),
    "to_specialty": ("chuyen_mon_moi",),
    # a plan's derived columns, as the decision annex heads them (results/annex.py): read by
    # evaluate and verify, which check them against what each move gives. (The distances
    # table's "Khoảng cách (km)" stays km: a table's own columns take a spelling first.)
    "distance_km": ("khoang_cach_km", "khoang_cach", "quang_duong_km"),
    "monthly_allowance_vnd": ("muc_ho_tro_dong_thang", "muc_ho_tro", "muc_ho_tro_dong",
                              "ho_tro_dong_thang", "muc_ho_tro_hang_thang_dong"),
    "months": ("thoi_han_thang", "so_thang", "so_thang_ho_tro", "thoi_gian_ho_tro_thang"),
    "total_allowance_vnd": ("thanh_tien", "thanh_tien_dong", "tong_ho_tro", "tong_ho_tro_dong",
                            "tong_kinh_phi_dong", "kinh_phi_ca_thoi_han_dong",
                            "tong_ho_tro_ca_thoi_han_dong", "kinh_phi_ho_tro_ca_thoi_han_dong",
                            "tong_kinh_phi_ho_tro_ca_thoi_han_dong"),
}

# Our column -> the spellings a planner writes and recognises, most usual first (the decision
# annex's own headers among them: 'Mã công chức'), each one of ``HEADERS``' spellings once
# folded: a missing column's hint names the first few (``HINTED``), and the messages' words
# write them back as here (results.words).
WRITTEN: dict[str, tuple[str, ...]] = {
    "commune_id": ("Mã xã", "Mã đơn vị", "Mã ĐVHC"),
    "name": ("Tên xã", "Tên đơn vị", "Tên"),
    "kind": ("Loại", "Loại đơn vị", "Cấp"),
    "zone": ("Vùng", "Khu vực", "Địa bàn"),
    "population": ("Dân số", "Số dân"),
    "area_km2": ("Diện tích", "Diện tích (km2)"),
    "lat": ("Vĩ độ", "latitude"),
    "lon": ("Kinh độ", "longitude"),
    "province_code": ("Mã tỉnh",),
    "merged_units": ("Số đơn vị sáp nhập", "Số xã sáp nhập"),
    "allowance_zone": ("Vùng hỗ trợ", "Mức hỗ trợ"),
    "officials": ("Số cán bộ, công chức hiện có", "Số CBCC hiện có"),
    "quota": ("Biên chế được giao",),
    "official_id": ("Mã cán bộ", "Mã công chức", "Số hiệu công chức"),
    "full_name": ("Họ tên", "Họ và tên", "Tên cán bộ"),
    "specialty": ("Chuyên môn", "Lĩnh vực", "Chức danh"),
    "birth_year": ("Năm sinh",),
    "birth_month": ("Tháng sinh",),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh"),
    "sex": ("Giới tính",),
    "leader": ("Lãnh đạo", "Là lãnh đạo"),
    "protected": ("Bảo vệ", "Không điều động", "Giữ lại"),
    "from_id": ("Từ", "Từ xã"),
    "to_id": ("Đến", "Đến xã"),
    "km": ("Khoảng cách", "Khoảng cách (km)"),
    "to_commune": ("Đơn vị điều động đến", "Xã đến", "Nơi đến"),
    "from_commune": ("Đơn vị hiện tại", "Xã đi", "Nơi đi"),
    "to_specialty": ("Chuyên môn mới",),
    "distance_km": ("Khoảng cách (km)", "Quãng đường (km)"),
    "monthly_allowance_vnd": ("Mức hỗ trợ (đồng/tháng)", "Mức hỗ trợ"),
    # (the annex's header since it says the allowance's months; its old "Thời hạn (tháng)"
    # still read)
    "months": ("Số tháng hỗ trợ", "Thời hạn (tháng)", "Số tháng"),
    "total_allowance_vnd": ("Kinh phí cả thời hạn (đồng)", "Thành tiền"),
}
HINTED = 3  # spellings a missing column's hint names


def hinted(column: str) -> list[str]:
    """The folded spellings a missing ``column``'s hint names: 'ma_can_bo, ma_cong_chuc,
    so_hieu_cong_chuc' for official_id (the first of ``HEADERS`` for a column not written
    in ``WRITTEN``)."""
    folded = [fold(w) for w in WRITTEN.get(column, ())] or list(HEADERS.get(column, ()))
    return list(dict.fromkeys(f for f in folded if f != column))[:HINTED]

# Folded Vietnamese (and common English) values -> ours, per column.
VALUES: dict[str, dict[str, str]] = {
    "kind": {"xa": "xa", "phuong": "phuong", "dac_khu": "dac_khu", "ward": "phuong",
             "commune": "xa", "special_zone": "dac_khu"},
    "zone": {"lowland": "lowland", "dong_bang": "lowland", "mountain": "mountain",
             "mien_nui": "mountain", "high_mountain": "high_mountain", "vung_cao": "high_mountain",
             "nui_cao": "high_mountain", "vung_cao_nui_cao": "high_mountain"},
    "specialty": {
        "lanh_dao": "leadership", "van_phong": "office", "van_phong_thong_ke": "office",
        "tu_phap": "justice", "tu_phap_ho_tich": "justice", "ho_tich": "justice",
        "chung_thuc": "notarisation", "cong_chung": "notarisation", "dia_chinh": "land",
        "dat_dai": "land", "dia_chinh_xay_dung": "land", "xay_dung": "construction",
        # planning (quy hoạch) is construction's work in the economic department
        "quy_hoach": "construction", "quy_hoach_xay_dung": "construction",
        "xay_dung_quy_hoach": "construction", "planning": "construction",
        "tai_chinh": "finance", "ke_toan": "finance", "tai_chinh_ke_toan": "finance",
        "cong_nghe_thong_tin": "it", "cntt": "it", "nong_nghiep": "agriculture",
        "nong_nghiep_moi_truong": "agriculture", "van_hoa": "culture_social",
        "van_hoa_xa_hoi": "culture_social", "phuc_vu_hanh_chinh_cong": "service_centre",
        "mot_cua": "service_centre"},
    "pool_kind": {"department": "department", "so_ban_nganh": "department", "so": "department",
                  "party_front": "party_front", "dang_mat_tran": "party_front",
                  "khoi_dang_mat_tran": "party_front"},
    "sex": {"m": "M", "f": "F", "nam": "M", "nu": "F", "male": "M", "female": "F"},
    "bool": {"true": "true", "false": "false", "1": "true", "0": "false", "yes": "true",
             "no": "false", "y": "true", "n": "false", "t": "true", "f": "false",
             "co": "true", "khong": "false", "x": "true", "": "false"},
}


@cache
def specialty_values() -> dict[str, str]:
    """``VALUES["specialty"]`` and every language's label of each specialty as staffsim
    writes it (the annex, reports, error messages: 'Văn phòng HĐND và UBND'), folded, so that
    what staffsim writes reads back (the catalogue is read on first use, not at import)."""
    from staffsim.i18n import LANGUAGES, gettext
    from staffsim.scenarios.specialties import LABELS

    labels = {fold(gettext(label, lang)): key
              for key, label in LABELS.items() for lang in LANGUAGES}
    return {**labels, **VALUES["specialty"]}


class Problems:
    """Every problem found in one file (errors stop the load; warnings are shown)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[ScenarioError] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(ScenarioError(self.path, where, message))

    def warn(self, where: str, message: str) -> None:
        warnings.warn(f"{self.path}: {where}: {message}", InputWarning, stacklevel=2)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InputErrors(self.errors)


EXCEL = (".xlsx", ".xlsm")

# OWASP CSV injection: a text cell starting with one of these is read as a formula by Excel
# and LibreOffice; staffsim writes it with a leading apostrophe and reads that back off.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula(value: object) -> bool:
    """Could a spreadsheet read this cell as a formula (OWASP CSV injection)? Numbers,
    negative ones included, are not."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value)


# the first characters of a text cell that may need the apostrophe (a formula's, or an
# apostrophe already there): other cells are written as they are without a closer look
_MAY_ESCAPE = frozenset(FORMULA_START + ("'",))


def escape_cell(value: object) -> object:
    """A cell as staffsim writes it: text that could be read as a formula gets a leading
    apostrophe; so does text that already starts with apostrophes before such a start
    ("'=x"), so that reading back removes exactly the one added."""
    # (every cell of every table written comes here: 28,000 for Thanh Hóa's plan folder)
    if isinstance(value, str) and value[:1] in _MAY_ESCAPE and is_formula(value.lstrip("'")):
        return "'" + value
    return value


# characters that show nothing (zero-width spaces and joiners, word joiners, byte-order
# marks): a cell of them and spaces is blank (``blank``), and none is kept in a cell's text
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DROPPED = dict.fromkeys(map(ord, _INVISIBLE))
_HAS_DROPPED = re.compile(f"[{_INVISIBLE}]")


def plain_cell(text: str) -> str:
    """A cell's text as compared: in Unicode's composed form (NFC) and without invisible
    characters (zero-width spaces and joiners, word joiners, byte-order marks), its ends
    stripped. A table saved on one machine in decomposed form ('Mường' as u + combining
    horn ...), or an id pasted with a zero-width space, read as another commune or official
    than the same text in another table (a trial); no table's text needs those marks."""
    if not text.isascii():  # (a translate of every cell took 0.09 s on the national table)
        text = unicodedata.normalize("NFC", text)
        if _HAS_DROPPED.search(text):
            text = text.translate(_DROPPED)
    return text.strip()


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell`` on a cell read back."""
    if text.startswith("'") and is_formula(text.lstrip("'")):
        return text[1:]
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return unescape_cell(plain_cell(str(v)))


class SheetRow(int):
    """A data row's number in its sheet of a workbook of several sheets, written with the
    sheet's name: every 'row {n}' message then says where ('row 5 (sheet 'Huyện A')'). It is
    the row number for arithmetic; rows of different sheets differ, and sort in the order of
    the sheets (``order``)."""

    sheet: str
    order: int

    def __new__(cls, n: int, sheet: str, order: int = 0) -> SheetRow:
        row = super().__new__(cls, n)
        row.sheet, row.order = sheet, order
        return row

    def __getnewargs__(self) -> tuple[int, str, int]:  # (copy, pickle)
        return int(self), self.sheet, self.order

    def __str__(self) -> str:
        return f"{int(self)} (sheet '{self.sheet}')"

    def __format__(self, spec: str) -> str:
        if spec and spec[-1] in "bcdoxXn,_":  # a number format: the number
            return format(int(self), spec)
        return format(str(self), spec)

    __repr__ = __str__

    def _key(self, other: object) -> tuple | None:
        if isinstance(other, SheetRow):
            return (self.order, int(self)), (other.order, int(other))
        return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SheetRow):
            return self.sheet == other.sheet and int(self) == int(other)
        return int(self) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = int.__hash__  # (equal rows hash alike; rows of two sheets may collide)

    def __lt__(self, other: object) -> bool:
        pair = self._key(other)
        return pair[0] < pair[1] if pair else int(self) < other

    def __le__(self, other: object) -> bool:
        pair = self._key(other)
        return pair[0] <= pair[1] if pair else int(self) <= other

    def __gt__(self, other: object) -> bool:
        pair = self._key(other)
        return pair[0] > pair[1] if pair else int(self) > other

    def __ge__(self, other: object) -> bool:
        pair = self._key(other)
        return pair[0] >= pair[1] if pair else int(self) >= other


def _sheet_rows(path: Path, ws, max_rows: limits.Limit) -> Iterator[list[str]]:
    """A sheet's cells as text, row by row, within the limits (its declared dimension is
    checked first, before any cell is read: a sheet claiming a million rows or columns is
    refused unread)."""
    for count, lim in ((ws.max_row, max_rows), (ws.max_column, limits.TABLE_COLUMNS)):
        # (a declared height counts the blank rows a table may hold: ``_bounded``)
        if count is not None and count > lim.value + (HEADER_SEARCH + 1 + BLANK_ROWS
                                                      if lim is max_rows else 0):
            what = "rows" if lim is max_rows else "columns"
            raise ScenarioError(path, f"sheet '{ws.title}'", f"the sheet declares {count:,} "
                                f"{what}, over the {lim.name} {lim.hint()}")
    return _bounded(path, _sheet_cells(ws), max_rows, ws.title)


def _sheet_cells(ws) -> Iterator[list[str]]:
    for row in ws.iter_rows(values_only=True):
        if row.count(None) == len(row):  # (a row of the sheet's gaps: openpyxl pads them)
            yield []
            continue
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:  # Excel pads rows to the sheet's width
            cells.pop()
        yield cells


def _looks_misspelled(header: list[str], missing: list[str]) -> bool:
    """Does a column of ``header`` read as a misspelling of a missing required column (or
    of one of its accepted spellings)? 'to_comune' for to_commune (0.95; a summary's 'Số lãnh
    đạo' against lanh_dao is 0.84): the sheet is meant to be the table."""
    names = [n for m in missing for n in (m, *HEADERS.get(m, ()))]
    return any(get_close_matches(fold(h), names, n=1, cutoff=0.9) for h in header if h)


XLSX_DAMAGED = "damaged, or another format named .xlsx; save it again from Excel as .xlsx"
XLSX_NO_WORKBOOK = "a zip archive with no Excel workbook in it"


def _xlsx_why(e: Exception) -> str:
    """Why openpyxl could not read a zip archive as a workbook, for people (its exception's
    name, 'KeyError', told them nothing): a part it looked for is missing (no workbook in the
    archive), else the file is damaged or not an Excel workbook."""
    return XLSX_NO_WORKBOOK if isinstance(e, KeyError) else XLSX_DAMAGED


@contextmanager
def _xlsx_rows(path: Path, max_rows: limits.Limit, required: tuple[str, ...] = ()
               ) -> Iterator[list[tuple[str, Iterator[list[str]]]]]:
    """(sheet name, cells) of each sheet that holds the table; the name is empty when the
    workbook has one sheet.

    In a workbook of several sheets, the table is on every visible sheet whose header names
    every ``required`` column and that has data below it (a roster kept one sheet per ward
    is read whole, and the command says which sheets it read). Nothing is passed over
    without a word: a hidden sheet holding the table, or a sheet with data whose header
    names some of the columns, is named in a warning (a summary sheet) or, when one of its
    columns reads as a misspelled required one, in an error. With no such sheet, the first
    sheet naming any required column is read (its error names the missing ones), else the
    first sheet. The workbook's unpacked size and its number of sheets are checked first,
    and each sheet's declared dimension before its cells are read; the rows are read while
    the caller reads them (the workbook stays open until then)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ScenarioError(path, "", "not a readable .xlsx workbook (not a zip archive)"
                            ) from None
    lim = limits.XLSX_UNCOMPRESSED
    if unpacked > lim.value * limits.MB:
        raise ScenarioError(path, "", f"unpacks to {unpacked / limits.MB:,.0f} MB, over the "
                            f"{lim.name} {lim.hint()}")
    from openpyxl import load_workbook

    _bound_openpyxl_dimension()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a broken file
        raise ScenarioError(path, "", f"not a readable .xlsx workbook ({_xlsx_why(e)})"
                            ) from None
    try:
        try:
            parts = _xlsx_parts(path, wb, max_rows, required)
        except ScenarioError:
            raise
        except Exception as e:  # a broken sheet inside a readable archive
            raise ScenarioError(path, "", f"not a readable .xlsx workbook ({_xlsx_why(e)})"
                                ) from None
        yield parts
    finally:
        wb.close()


def _xlsx_parts(path: Path, wb, max_rows: limits.Limit, required: tuple[str, ...]
                ) -> list[tuple[str, Iterator[list[str]]]]:
    """The sheets of ``wb`` that hold the table (``_xlsx_rows``), each with its rows to
    read."""
    sheets = wb.worksheets
    if not sheets:
        raise ScenarioError(path, "", "the workbook has no sheet")
    limits.XLSX_SHEETS.check(len(sheets), path, "", "sheets")
    if len(sheets) == 1 or not required:
        return [("" if len(sheets) == 1 else sheets[0].title,
                 _unbroken(path, _sheet_rows(path, sheets[0], max_rows)))]
    tables, notes, named_any, hidden = [], [], None, []
    for sheet in sheets:
        top = _top_rows(sheet)
        at = _header_at(top, required)
        if at is None:
            continue
        header = top[at]
        k = _named(header, required)
        has_data = any(any(c.strip() for c in row) for row in top[at + 1:])
        visible = sheet.sheet_state == "visible"
        if k and named_any is None and visible:
            named_any = sheet
        missing = [c for c in required if _named(header, (c,)) == 0]
        if not visible:
            if not missing and has_data:
                hidden.append(sheet.title)
                notes.append(f"the hidden sheet '{sheet.title}' holds the "
                             "table's columns but is not read (show it to include it)")
        elif not k:
            if sum(1 for row in top if sum(1 for c in row if c.strip()) > 1) > 1:
                notes.append(f"sheet '{sheet.title}' is not read: none of its first "
                             f"{HEADER_SEARCH} rows names the table's columns")
        elif not missing:
            if has_data:
                tables.append(sheet)
        elif k and has_data:
            if _looks_misspelled(header, missing):
                tables.append(sheet)  # read: its header error names the column
            else:
                notes.append(f"sheet '{sheet.title}' is not read: its header has no "
                             f"{', '.join(missing)} column")
    if not tables and hidden and named_any is None:
        raise ScenarioError(path, f"sheet '{hidden[0]}'", "holds the table but is hidden; "
                            "show it, or put the table on a visible sheet, to read it")
    if not tables:
        tables = [named_any or next((s for s in sheets if s.sheet_state == "visible"),
                                    sheets[0])]
    for note in notes:
        warnings.warn(f"{path}: {note}", InputWarning, stacklevel=2)
    return [(sheet.title, _unbroken(path, _sheet_rows(path, sheet, max_rows)))
            for sheet in tables]


def _top_rows(sheet) -> list[list[str]]:
    """A sheet's first ``HEADER_SEARCH`` + 2 rows below any blank ones (a sheet whose table
    starts below 40 empty rows was passed over without a word when its first 32 were
    looked at), as text; [] for a sheet of blank rows only."""
    top: list[list[str]] = []
    blanks = 0
    for row in _sheet_cells(sheet):
        if not top and blank(row):
            blanks += 1
            if blanks > BLANK_ROWS:
                break
            continue
        top.append(row)
        if len(top) >= HEADER_SEARCH + 2:
            break
    return top


def _bound_openpyxl_dimension() -> None:
    """openpyxl (3.1) reads a sheet's declared dimension when it opens a workbook read-only,
    looking for it until the end of the sheet's cells (it waits for the closing tag of
    sheetData): a sheet that declares none was read whole before any check, 472 MB of XML
    in 38 s. Here the search stops where the cells start, as the format places the dimension
    before them; a sheet without one reads as undeclared, as before, and its rows are
    counted while read (``_bounded``)."""
    from openpyxl.worksheet import _read_only
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    def _get_size(ws) -> None:
        with ws._get_source() as src:
            for _event, element in iterparse(src, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    if bounds is not None:
                        (ws._min_column, ws._min_row, ws._max_column,
                         ws._max_row) = bounds
                    return
                if element.tag == DATA_TAG:
                    return

    _read_only.ReadOnlyWorksheet._get_size = _get_size


def _unbroken(path: Path, rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """A sheet's rows, a broken sheet inside a readable archive said as one (openpyxl raises
    many types while it reads the cells)."""
    try:
        yield from rows
    except ScenarioError:
        raise
    except Exception as e:
        raise ScenarioError(path, "", f"not a readable .xlsx workbook ({_xlsx_why(e)})"
                            ) from None


def _bounded(path: Path, rows: Iterator[list[str]], max_rows: limits.Limit, sheet: str = ""
             ) -> Iterator[list[str]]:
    """``rows`` as they are read, each within the columns limit, and no more non-blank ones
    than the limit's data rows with room for the header and the title lines above it
    (``read_table`` counts the data rows exactly): reading stops at the first row over. Blank
    rows (``blank``: empty lines, rows of separators or spaces, as spreadsheets export them)
    are not counted, up to ``BLANK_ROWS`` of them."""
    most, columns = max_rows.value + HEADER_SEARCH + 1, limits.TABLE_COLUMNS
    widest = columns.value  # (the limits are read once: a row is cheap, os.environ is not)
    full = blanks = 0
    for n, row in enumerate(rows, start=1):
        if blank(row):
            blanks += 1
            if blanks > BLANK_ROWS:
                raise ScenarioError(path, f"sheet '{sheet}'" if sheet else "", _blanks())
        else:
            full += 1
            if full > most:
                raise ScenarioError(path, f"sheet '{sheet}'" if sheet else "", _over(max_rows))
        if len(row) > widest:
            where = f"row {SheetRow(n, sheet) if sheet else n}"
            raise ScenarioError(path, where, f"more than {widest:,} columns; {columns.hint()}")
        yield row


def _over(max_rows: limits.Limit) -> str:
    return f"more than {max_rows.value:,} data rows ({max_rows.name}); {max_rows.hint()}"


# blank rows a table may hold besides its data rows: a sheet's height (Excel's 1,048,576
# rows). They are passed over and not counted as data rows (a CSV exported from Excel ends
# in rows of separators; a sheet's formatted empty rows count in its declared height), but
# a file of more of them than a sheet holds is no table saved from one.
BLANK_ROWS = 1_048_576
def blank(row: list[str]) -> bool:
    """Is a row blank: no cells, or every cell empty or spaces (a row of only separators,
    ',,,,' or tabs, or of invisible characters)?"""
    return not any(c.strip() and c.strip().strip(_INVISIBLE + " ") for c in row)


def _blanks() -> str:
    return (f"more than {BLANK_ROWS:,} blank rows, more than a spreadsheet holds; not a "
            "table as a spreadsheet saves one")


@contextmanager
def _raw_rows(path: Path, max_rows: limits.Limit, required: tuple[str, ...] = ()
              ) -> Iterator[list[tuple[str, Iterator[list[str]]]]]:
    """(sheet name, rows as text) of each part of the table: one, unnamed, for a text file
    or a workbook of one sheet (``_xlsx_rows``). The rows are read as they are taken, and
    only while the context is open: a table over its limit is refused at its first row over,
    never read whole first."""
    limits.check_input_file(path)
    if path.suffix.lower() in EXCEL:
        with _xlsx_rows(path, max_rows, required) as parts:
            yield parts
        return
    if path.suffix.lower() == ".xls":
        raise ScenarioError(path, "", "old .xls workbooks are not read; save it as .xlsx or CSV")
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as f:  # "\r" in a cell stays
        lines = _text_lines(path, f, encoding)
        # the delimiter's lines: the first ones below any blank lines, which are counted,
        # not kept (a tab-separated table below 200 empty lines was read as one of commas)
        above, head = 0, []
        for line in lines:
            if not head and not line.strip():
                above += 1
                if above > BLANK_ROWS:
                    raise ScenarioError(path, "", _blanks())
                continue
            head.append(line)
            if len(head) >= 4 * HEADER_SEARCH:
                break
        delimiter = _delimiter("".join(head))
        if _line_count(path) > max_rows.value:  # it may be over: counted before it is built
            _count_csv_rows(path, delimiter, max_rows, required)
        yield [("", _csv_rows(path, itertools.chain(itertools.repeat("\n", above), head,
                                                    lines), delimiter, max_rows))]


def _line_count(path: Path) -> int:
    """Line ends in a file (a table has at most one record more), counted a block at a
    time (55 MB in 0.4 s on a loaded 2-core machine)."""
    n = 0
    # (in UTF-16 the line ends as encoded; a match across two characters only errs high)
    codec = _utf16_codec(path) if _encoding(path) == "utf-16" else "ascii"
    nl, cr, crlf = ("\n".encode(codec), "\r".encode(codec), "\r\n".encode(codec))
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            # '\n', '\r\n' or (old Mac files) '\r'; a '\r\n' split by a block end counts
            # twice, which only errs high
            n += block.count(nl) + block.count(cr) - block.count(crlf)
    return n


def _count_csv_rows(path: Path, delimiter: str, max_rows: limits.Limit,
                    required: tuple[str, ...]) -> None:
    """A CSV table of more data rows than ``max_rows`` refused before any row is kept: its
    records are counted as ``read_table`` counts them (from below the header; blank rows not
    counted), nothing else done with them, up to the first over. A file the count cannot
    parse is left to the reading, which says where."""
    most = max_rows.value
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        records = csv.reader(_text_lines(path, f, encoding), delimiter=delimiter)
        try:
            blanks, head = _head(([unescape_cell(plain_cell(c)) for c in row] for row in records),
                                 required)
            at = _header_at(head, required)
            if at is None:
                return
            data = sum(1 for row in head[at + 1:] if not blank(row))
            blanks += len(head) - at - 1 - data
            for row in records:
                if not blank(row):  # (unescaping changes no cell's blankness)
                    data += 1
                    if data > most:
                        raise ScenarioError(path, "", _over(max_rows))
                else:
                    blanks += 1
                    if blanks > BLANK_ROWS:
                        raise ScenarioError(path, "", _blanks())
        except csv.Error:
            return


# the encodings a text table is read in, as the refusals say them
ENCODINGS = ("the encodings read are UTF-8 and UTF-16 with a byte order mark: save it as CSV "
             "UTF-8, as Unicode text or as .xlsx")


def _encoding(path: Path) -> str:
    """The encoding a text table is read in, from its first bytes: UTF-16 when they are its
    byte order mark, either byte order (Excel's 'Unicode text', tab-separated), else UTF-8
    (with or without its byte order mark). UTF-32 is refused."""
    with open(path, "rb") as f:
        start = f.read(4)
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ScenarioError(path, "", f"UTF-32 text; {ENCODINGS}")
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # (the codec reads the mark for the byte order, and drops it)
    if len(start) >= 2 and (start[0] == 0) != (start[1] == 0):  # 'a\0,\0': no text table
        # starts with a NUL character in UTF-8; UTF-16 whose byte order is not said
        raise ScenarioError(path, "", f"UTF-16 text without a byte order mark; {ENCODINGS}")
    return "utf-8-sig"


def _utf16_codec(path: Path) -> str:
    """'utf-16-le' or 'utf-16-be', as a UTF-16 file's byte order mark says."""
    with open(path, "rb") as f:
        return "utf-16-le" if f.read(2) == codecs.BOM_UTF16_LE else "utf-16-be"


def _text_lines(path: Path, f: io.TextIOBase, encoding: str = "utf-8-sig"
                ) -> Iterator[str]:
    """A CSV file's lines as read (decoded a block at a time, as the file streams), a NUL
    character or a byte that is not of the file's encoding said where it is."""
    chars = 0
    try:
        for line in f:
            if "\x00" in line:
                raise ScenarioError(path, "", f"holds a NUL character at character "
                                    f"{chars + line.index(chr(0)):,}; not a text table (save "
                                    "it as CSV UTF-8 or .xlsx)")
            chars += len(line)
            yield line
    except UnicodeDecodeError:
        reason, at = _decode_fault(path, encoding)
        if encoding == "utf-16":
            raise ScenarioError(path, "", f"not UTF-16 text, though it begins with UTF-16's "
                                f"byte order mark ({reason} at byte {at:,}); {ENCODINGS}"
                                ) from None
        raise ScenarioError(path, "", f"not UTF-8 text ({reason} at byte {at:,}); "
                            f"{ENCODINGS}") from None


def _decode_fault(path: Path, encoding: str = "utf-8-sig") -> tuple[str, int]:
    """Why and at which byte (after a byte order mark) a file is not text of its encoding
    (``_encoding``), found a block at a time (the decoder reading lines knows only its own
    block's offset)."""
    if encoding == "utf-16":
        codec = _utf16_codec(path)
        mark = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    else:
        codec, mark = "utf-8", codecs.BOM_UTF8
    decoder = codecs.getincrementaldecoder(codec)()
    given = 0  # bytes given to the decoder
    with open(path, "rb") as f:
        block = f.read(1 << 16).removeprefix(mark)
        while True:
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as e:
                return e.reason, given - pending + e.start
            if not block:
                return "unreadable", given
            given += len(block)
            block = f.read(1 << 16)


def _csv_rows(path: Path, lines: Iterator[str], delimiter: str, max_rows: limits.Limit
              ) -> Iterator[list[str]]:
    read = 0
    try:
        for row in _bounded(path, ([unescape_cell(plain_cell(c)) for c in row] for row in
                                   csv.reader(lines, delimiter=delimiter)), max_rows):
            read += 1
            yield row
    except csv.Error as e:
        raise ScenarioError(path, f"row {read + 1}", f"malformed CSV ({cut(str(e))})"
                            ) from None


def _delimiter(text: str) -> str:
    """',', ';' or a tab: whichever the first ``HEADER_SEARCH`` non-blank lines hold most
    of (the table's lines outvote a title above it such as 'Danh sách điều động, tháng
    7/2025'; a tie is ','). A tab-separated file is Excel's and LibreOffice's 'Text (Tab
    delimited)'."""
    lines = [ln for ln in text.split("\n", 4 * HEADER_SEARCH)[:4 * HEADER_SEARCH]
             if ln.strip()][:HEADER_SEARCH]
    counts = {d: sum(ln.count(d) for ln in lines) for d in DELIMITERS}
    return max(counts, key=counts.__getitem__)  # (the first of the most: ',' on a tie)


DELIMITERS = (",", ";", "\t")


def csv_cells(text: str) -> tuple[list[list[str]], str]:
    """A CSV text's cells exactly as written (nothing stripped or unescaped) and its
    delimiter, as the table reader sees them."""
    delimiter = _delimiter(text)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), delimiter


def match_header(header: list[str], required: tuple[str, ...], optional: tuple[str, ...] = (),
                 path: Path | str = "table", where: str = "header") -> dict[str, int]:
    """Our column name -> its index in ``header``; unmatched columns are kept under their
    folded names. Two columns read as the same name are an error (which would be used?)."""
    lookup: dict[str, str] = {}
    for ours in (*required, *optional, *HEADERS):
        lookup.setdefault(ours, ours)
        for alias in HEADERS.get(ours, ()):
            lookup.setdefault(alias, ours)
    col: dict[str, int] = {}
    for i, h in enumerate(header):
        key = fold(h)
        ours = lookup.get(key, key or f"column_{i + 1}")
        if ours in col:
            first = header[col[ours]]
            same = f"both read as {ours}" if fold(first) != key else "the same name"
            raise ScenarioError(path, where, f"columns {col[ours] + 1} ({quote(first)}) and "
                                f"{i + 1} ({quote(h)}) are {same}; keep one")
        col[ours] = i
    return col


HEADER_SEARCH = 30  # rows searched for the header below a title


def _named(row: list[str], required: tuple[str, ...]) -> int:
    """How many of the required columns ``row`` names (ours or an accepted spelling)."""
    names = {fold(c) for c in row if c}
    return sum(1 for r in required if r in names or names & set(HEADERS.get(r, ())))


def _header_at(rows: list[list[str]], required: tuple[str, ...]) -> int | None:
    """Where the header is: the first non-empty row, or, below title lines (rows of one
    cell, as a merged title is, and blank rows: the decision annex has four), the first row
    of several cells; the first row naming every required column wins at any point. None:
    no non-empty row."""
    top = next((i for i, row in enumerate(rows) if not blank(row)), None)
    if top is None:
        return None
    window = range(top, min(len(rows), top + HEADER_SEARCH))
    if required:  # (a title of two cells above the header, 'DANH SÁCH ... | Tháng 7/2025')
        whole = next((i for i in window if _named(rows[i], required) == len(required)), None)
        if whole is not None:
            return whole
    for i in window:
        if sum(1 for c in rows[i] if c.strip()) > 1:
            return i
    return top


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
               max_rows: limits.Limit = limits.TABLE_ROWS, empty_ok: bool = False
               ) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Column index by our name, and (row number, cells) for every non-empty data row;
    more than ``max_rows`` data rows is an error (README, "Limits").

    The header is the first row of several cells (``_header_at``: title lines of one cell
    may stand above it, as in the decision annex); its missing columns are named. In a
    workbook of several sheets, row numbers name their sheet (``SheetRow``), and a table over
    several sheets (``_xlsx_rows``) is read as one: each sheet's columns found by name,
    whatever their order, every sheet with the same known columns (an optional column on
    one sheet only would read as empty on the others), and a warning names the sheets read.
    A table of no data rows is refused unless ``empty_ok``."""
    path = Path(path)
    with _raw_rows(path, max_rows, required) as parts:
        return _read_parts(path, parts, required, optional, max_rows, empty_ok)


def _head(rows: Iterator[list[str]], required: tuple[str, ...]
          ) -> tuple[int, list[list[str]]]:
    """(the blank rows above the first non-blank one, counted, not kept; the rows
    ``_header_at`` looks at: ``HEADER_SEARCH`` from the first non-blank one, or up to the
    first that names every required column, the header, whatever follows)."""
    head: list[list[str]] = []
    above = 0
    for row in rows:
        if not head and blank(row):
            above += 1
            continue
        head.append(row)
        if len(head) >= HEADER_SEARCH or (required and _named(row, required) == len(required)):
            break
    return above, head


def _read_parts(path: Path, parts: list[tuple[str, Iterator[list[str]]]],
                required: tuple[str, ...], optional: tuple[str, ...], max_rows: limits.Limit,
                empty_ok: bool = False
                ) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """``read_table`` on the parts of a table (``_raw_rows``), each read as it streams."""
    most = max_rows.value  # (read once: os.environ is slow to ask a million times)
    labelled = any(sheet for sheet, _ in parts)  # a workbook of several sheets
    known = {*required, *optional, *HEADERS}
    names: list[str] = []  # our column names, in the order of the first sheet's header
    first: tuple[str, set[str]] | None = None  # the first sheet and its known columns
    body: list[tuple[int, list[str]]] = []
    counts = []
    excel = path.suffix.lower() in EXCEL
    for order, (sheet, stream) in enumerate(parts):
        above, rows = _head(stream, required)
        at = _header_at(rows, required)
        if at is None:
            raise ScenarioError(path, f"sheet '{sheet}'" if sheet else "", "empty; expected "
                                "a header row with " + ", ".join(required))
        header = rows[at]
        where = (f"sheet '{sheet}', " if sheet else "") + (
            f"header (row {above + at + 1})" if above + at else "header")
        col = match_header(header, required, optional, path, where)
        missing = [c for c in required if c not in col]
        if missing:
            hint = "; ".join(f"{c} (or {', '.join(hinted(c))})" for c in missing
                             if hinted(c))
            raise ScenarioError(path, where, f"missing column(s) {', '.join(missing)}; "
                                f"required: {', '.join(required)}" + (f"; accepted: {hint}"
                                                                      if hint else ""))
        mine = {c for c in col if c in known}
        if first is None:
            first = (sheet, mine)
        elif mine != first[1]:
            lacks = sorted(first[1] - mine)
            if lacks:
                problem = (f"has no {', '.join(lacks)} column, which sheet '{first[0]}' has "
                           "(it would read as empty here)")
            else:
                problem = (f"has a {', '.join(sorted(mine - first[1]))} column, which sheet "
                           f"'{first[0]}' has not")
            raise ScenarioError(path, where, f"{problem}; give every sheet of the table the "
                                "same columns")
        names += [c for c in sorted(col, key=col.get) if c not in names]
        source = [col.get(c) for c in names]
        n_before = len(body)
        for n, row in enumerate(itertools.chain(rows[at + 1:], stream), start=above + at + 2):
            if blank(row):  # (not counted: ``_bounded``)
                continue
            label = SheetRow(n, sheet, order) if labelled else n
            # Excel drops trailing empty cells (padded here); a short CSV row is an error
            short = len(row) < len(header) and not excel
            if short or any(c.strip() for c in row[len(header):]):
                raise ScenarioError(path, f"row {label}",
                                    f"has {len(row)} fields, header has {len(header)}")
            row = row + [""] * (len(header) - len(row))
            body.append((label, [row[i] if i is not None else "" for i in source]
                         if len(parts) > 1 else row))
            if len(body) > most:  # (refused at the first row over: nothing more is read)
                raise ScenarioError(path, "", _over(max_rows))
        counts.append((sheet, len(body) - n_before))
    if len(parts) > 1:  # rows of earlier sheets get the unknown columns later ones add
        body = [(n, row + [""] * (len(names) - len(row))) for n, row in body]
        warnings.warn(SheetsRead(path, counts), InputWarning, stacklevel=2)
    if not body and not empty_ok:  # (``empty_ok``: a list of moves may hold none)
        raise ScenarioError(path, "", "no data rows")
    return ({c: i for i, c in enumerate(names)} if len(parts) > 1 else col), body


class SheetsRead(str):
    """The warning that a table was read from several sheets, with each sheet's data rows;
    ``counts`` kept for a reader that passes over some rows (``province.read_plan_csv``
    counts the annex's officials, not its headings and subtotals)."""

    def __new__(cls, path: Path | str, counts: list[tuple[str, int]]) -> SheetsRead:
        text = f"{path}: the table is read from {len(counts)} sheets: " + ", ".join(
            f"'{sheet}' ({n:,} row{'s' if n != 1 else ''})" for sheet, n in counts)
        out = super().__new__(cls, text)
        out.path, out.counts = path, counts
        return out


def unique_id(problems: Problems, n: int, column: str, value: str, seen: dict[str, int],
              what: str) -> None:
    """Report an empty or repeated id; ``seen`` maps ids to their first row."""
    if not value:
        problems.error(f"row {n}, column {column}", f"empty; every {what} needs an id")
    elif value in seen:
        problems.error(f"row {n}, column {column}",
                       f"{quote(value)} repeats row {seen[value]}; ids must be unique")
    seen.setdefault(value, n)


def choice(problems: Problems, n: int, column: str, text: str, allowed: tuple[str, ...],
           values: dict[str, str] | None = None) -> int | None:
    """Index of ``text`` in ``allowed`` (our names or mapped Vietnamese ones), else a problem
    naming the closest allowed values."""
    if text in allowed:
        return allowed.index(text)
    mapped = (values or {}).get(fold(text), fold(text))
    if mapped in allowed:
        return allowed.index(mapped)
    # a word of a name first ('nui' is in 'mien nui' and in 'nui cao': both, not only the
    # one spelled nearest, which gave high mountain alone: an HR trial)
    words = [c for c in [*allowed, *(values or {})] if fold(text) in c.split("_")]
    close = words + get_close_matches(fold(text), [*allowed, *(values or {})], n=3,
                                      cutoff=0.6)
    close = list(dict.fromkeys((values or {}).get(c, c) for c in close))
    hint = f"; closest: {', '.join(close)}" if close else ""
    problems.error(f"row {n}, column {column}",
                   f"{quote(text)} is not allowed{hint}; allowed: {'|'.join(allowed)}")
    return None


def number(problems: Problems, n: int, column: str, text: str, lo: float, hi: float,
           integer: bool = False, what: str = "") -> float | None:
    """A number in [lo, hi]. Accepts a decimal comma ('12,5') and, for whole numbers,
    thousands separators as Excel exports them ('12.345' or '12,345')."""
    kind = "a whole number" if integer else "a number"
    low, high = _bound(lo), _bound(hi)
    t = text.replace(" ", "").replace("\u00a0", "")
    if integer and _THOUSANDS.fullmatch(t):
        t = t.replace(".", "").replace(",", "")
    elif t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    if not t:
        problems.error(f"row {n}, column {column}",
                       f"missing; allowed: {kind} from {low} to {high}{what}")
        return None
    try:
        value = float(t)
    except ValueError:
        problems.error(f"row {n}, column {column}",
                       f"{quote(text)} is not {kind}; allowed: {low} to {high}{what}")
        return None
    if value != value or not lo <= value <= hi or (integer and not value.is_integer()):
        problems.error(f"row {n}, column {column}",
                       f"{text} is out of range; allowed: {kind} from {low} to {high}{what}")
        return None
    return value


_THOUSANDS = re.compile(r"-?\d{1,3}([.,]\d{3})+")


def _bound(x: float) -> str:
    """A range's bound as ``number``'s messages write it: as '%g' writes it (0.1, 5000), but
    a large one in full digits (1000000000000000, never 1e+15: no scientific notation for
    people; the words in the language group its thousands)."""
    text = f"{x:g}"
    return f"{x:.0f}" if "e" in text and float(x).is_integer() else text
