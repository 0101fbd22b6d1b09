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


def test_each_sheet_is_read_only_as_far_as_the_table(tmp_path, monkeypatch):
    """A large sheet beside a short list (a trial's sheet of 2.3 million rows took 262 s) is
    not read through: every sheet's rows are looked at up to the table's last row."""
    import xml.etree.ElementTree as ET

    wb = Workbook()
    plan = wb.active
    plan.title = "Phụ lục"
    for r in range(1, 5):
        plan.cell(r, 1, r)
    plan.row_dimensions[3].hidden = True
    big = wb.create_sheet("Tra cứu")
    for r in range(1, 3001):
        big.cell(r, 1, r)
    big.row_dimensions[2].hidden = True
    big.row_dimensions[2000].hidden = True
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    starts = []
    parse = ET.iterparse

    def counting(source, events=None):
        for event, el in parse(source, events=events):
            if event == "start" and el.tag.endswith("}row"):
                starts.append(el.get("r"))
            yield event, el

    monkeypatch.setattr(ET, "iterparse", counting)
    assert hidden_rows(path, last=4) == {"Phụ lục": {3}, "Tra cứu": {2}}
    assert len(starts) <= 2 * (4 + 1)  # each sheet: its rows 1 to 4, and the one over
    starts.clear()  # by default, as far as the table reader reads (README, "Limits")
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", "100")
    assert hidden_rows(path) == {"Phụ lục": {3}, "Tra cứu": {2}}
    assert len(starts) <= 4 + (100 + 30 + 1 + 1)
