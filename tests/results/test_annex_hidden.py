"""Which rows of a workbook are hidden (``results.annex.hidden_rows``): evaluate says a hidden
transfer row is counted."""

from openpyxl import Workbook

from staffsim.results.annex import hidden_rows


def test_each_sheets_hidden_rows_are_read(tmp_path):
    wb = Workbook()
    first = wb.active
    first.title = "Phụ lục"
    for r in range(1, 8):
        first.cell(r, 1, r)
    first.row_dimensions[3].hidden = True
    first.row_dimensions[6].hidden = True
    first.row_dimensions[5].height = 30  # a row with attributes, not hidden
    other = wb.create_sheet("Xã B")
    other.cell(1, 1, "x")
    other.cell(4, 1, "y")
    other.row_dimensions[4].hidden = True
    wb.create_sheet("Trống")
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    assert hidden_rows(path) == {"Phụ lục": {3, 6}, "Xã B": {4}, "Trống": set()}


def test_a_file_that_is_no_workbook_has_none(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("official_id,to_commune\n", encoding="utf-8")
    assert hidden_rows(path) == {}
