"""The decision annex as a document attached to a signed decision (a planner's trial of the
Thanh Hóa annex): no retroactive dates, no planner's notes on the printed sheet, the province
named with its kind, and the form of Nghị định 30/2020/NĐ-CP (Times New Roman, A4, the page
number centred in the top margin from page 2, the header row repeated). The planner's
notes are a note on the dates line: shown on screen, not printed."""

import datetime as dt

from openpyxl import load_workbook

from staffsim.results.annex import (
    HEADER_ROW,
    AnnexContext,
    Term,
    replaceable,
    write_annex_xlsx,
)

from .test_annex import ROWS

JULY_2025 = dt.date(2025, 7, 1)  # the scenario's start (province.start_year, start_month)


def _context(start=JULY_2025, end=dt.date(2028, 6, 30), months=36, plan_month=0,
             name="Thanh Hóa"):
    return AnnexContext({"38": name}, {"38": Term(start, end, months, "start", plan_month,
                                                  JULY_2025)}, 1)


def _printed(ws) -> list[str]:
    """The texts of the print area (A1 to J and the table's last row)."""
    assert ws.print_area.replace("$", "") == f"'Phụ lục'!A1:J{ws.max_row}"
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _notes(ws) -> str:
    return ws["A4"].comment.text


def test_a_plan_for_a_past_month_leaves_the_dates_to_fill_in(tmp_path):
    """Made on 01/12/2026 for the scenario's start (July 2025), the annex said 'từ ngày
    01/07/2025 đến ngày 30/06/2028': a decision signed in December 2026 cannot take effect
    17 months earlier. The printed dates are dotted lines; the notes give the plan's dates
    and the month to plan on: December 2026 is 17 months after July 2025 (--month 17)."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 12, 1), _context())
    ws = load_workbook(path)["Phụ lục"]
    assert ws["A4"].value == ("Thời gian điều động: từ ngày ..../..../........ đến ngày "
                              "..../..../........")
    assert not any("2025" in t or "2028" in t for t in _printed(ws))
    notes = _notes(ws)
    assert "từ ngày 01/07/2025 đến ngày 30/06/2028 (36 tháng)" in notes
    assert "staffsim plan --month 17 cho tháng 12/2026" in notes
    # made in the middle of a month: the first month not yet begun, January 2027 (18)
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 12, 15), _context())
    assert "--month 18 cho tháng 01/2027" in _notes(load_workbook(path)["Phụ lục"])


def test_a_plan_for_a_month_to_come_keeps_its_dates(tmp_path):
    """Made on 20/11/2026 for December 2026 (--month 17, 19 months left of the 36 counted
    from July 2025): the dates are printed, 01/12/2026 to 30/06/2028."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 11, 20), _context(
        dt.date(2026, 12, 1), dt.date(2028, 6, 30), 19, 17))
    ws = load_workbook(path)["Phụ lục"]
    assert ws["A4"].value == ("Thời gian điều động: từ ngày 01/12/2026 đến ngày 30/06/2028 "
                              "(19 tháng)")


def test_the_printed_annex_carries_no_planners_notes(tmp_path):
    """The assumptions, the day and tool it was made with and how the formulas behave are
    for the planner: a note on the dates line (shown on screen, not printed), not on the
    attachment (one sheet: the table's readers name no sheet in their rows)."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), _context())
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phụ lục"]
    ws = wb.active
    assert ws.max_column == 10 and ws.print_options.gridLines in (None, False)
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.comment] == ["A4"]
    printed = " ".join(_printed(ws))
    for word in ("staffsim", "Giả định", "mô phỏng", "công thức", "Lập ngày", "LibreOffice"):
        assert word not in printed, word
    notes = _notes(ws)
    for word in ("Lập ngày 20/06/2025 bằng staffsim", "Giả định", "công thức"):
        assert word in notes, word
    assert replaceable(path) is None  # the notes are fingerprinted with the rest


def test_the_title_names_the_province_with_its_kind(tmp_path):
    """'— THANH HÓA' was the scenario's name: the title reads 'TỈNH THANH HÓA', a
    centrally-run city 'THÀNH PHỐ HÀ NỘI', and the committee of the decision is the
    province's; a name of unknown kind is given as it is."""
    from staffsim.results.annex import province_title

    path = tmp_path / "annex.xlsx"
    for context, place, issuer in (
            (_context(), "TỈNH THANH HÓA", "tỉnh Thanh Hóa"),
            (None, "TỈNH THANH HÓA", "tỉnh Thanh Hóa"),
            (_context(name="Hà Nội"), "THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội")):
        write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), context)
        ws = load_workbook(path)["Phụ lục"]
        assert ws["A1"].value == "Phụ lục"
        assert ws["A2"].value == ("DANH SÁCH CÔNG CHỨC ĐƯỢC ĐIỀU ĐỘNG ĐẾN CÔNG TÁC TẠI CÁC "
                                  f"XÃ, PHƯỜNG TRÊN ĐỊA BÀN {place}")
        assert ws["A3"].value.endswith(f"của Ủy ban nhân dân {issuer})")
    assert province_title("Tỉnh Thanh Hóa") == "Tỉnh Thanh Hóa"
    assert province_title("TP.HCM") == "Thành phố Hồ Chí Minh"
    assert province_title("Thanh Hoa demo") == "Thanh Hoa demo"


def test_the_thanh_hoa_plan_names_its_province():
    """The Thanh Hóa scenario (with its department pool, whose state keeps no province
    column) named the province 'Thanh Hóa' without its kind."""
    from staffsim.experiments.states import plan_state
    from staffsim.results.annex import annex_context
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    state = plan_state(load_scenario(SCENARIOS / "thanh_hoa.toml"), 0)
    assert annex_context([state]).provinces == {"38": "Tỉnh Thanh Hóa"}


def test_the_form_of_nghi_dinh_30(tmp_path):
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: Times New Roman; 'Phụ lục' and the title 14 bold;
    A4 (paper size 9), the table across the page; margins top and bottom 20 mm, left 30,
    right 15; the page number centred in the top margin, none on the first page; the header
    row on every page."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), _context())
    wb = load_workbook(path)
    ws = wb["Phụ lục"]
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                assert c.font.name == "Times New Roman", c.coordinate
    assert (ws["A1"].font.sz, ws["A1"].font.b, ws["A2"].font.sz, ws["A2"].font.b) == (
        14, True, 14, True)
    assert ws["A3"].font.i and ws["A3"].font.sz == 14
    assert all(12 <= (c.font.sz or 0) <= 14 for row in ws.iter_rows(min_row=HEADER_ROW)
               for c in row if c.value is not None)
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    mm = 25.4
    assert (round(ws.page_margins.top * mm), round(ws.page_margins.bottom * mm),
            round(ws.page_margins.left * mm), round(ws.page_margins.right * mm)) == (
        20, 20, 30, 15)
    assert ws.oddHeader.center.text == "&P" and ws.oddHeader.center.size == 13
    assert ws.HeaderFooter.differentFirst and not ws.firstHeader.center.text
    assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"
