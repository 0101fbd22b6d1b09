"""Where a table's header is: below a title, in which sheet, and rows that are not data."""

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.province import read_plan_csv
from staffsim.scenarios.tables import read_table

REQ = ("official_id", "to_commune")


def test_a_row_without_id_is_an_error_even_with_no_name_column(tmp_path):
    """A transfer list in the Decision-2623 layout: a row with a note, names and a specialty
    but no id nor destination was passed over as if it were an annex subtotal."""
    p = tmp_path / "p.csv"
    p.write_text("official_id,from_commune,to_commune,to_specialty,from_name,to_name,note\n"
                 "16531-020,16531,14845,,Sầm Sơn,Mường Lát,\n"
                 ",,,,Hạc Thành,Mường Chanh,chưa có mã - bổ sung sau\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="row 3, column official_id: empty"):
        read_plan_csv(p)


def test_annex_subtotals_and_headings_are_passed_over_but_not_a_named_row(tmp_path):
    p = tmp_path / "annex.csv"
    p.write_text("PHỤ LỤC,,,,,\n"
                 ",,,,,\n"
                 "STT,Họ và tên,Mã công chức,Đơn vị hiện tại,Đơn vị điều động đến,Mức hỗ trợ\n"
                 "I,Xã Mường Lát (vùng cao),,,,\n"
                 "1,Lê Văn A,16531-020,Phường Sầm Sơn,Xã Mường Lát,4095000\n"
                 ",Cộng: 1 người,,,,4095000\n"
                 ",Tổng cộng: 1 người,,,,4095000\n", encoding="utf-8")
    rows = read_plan_csv(p)
    assert [(n, f["official_id"]) for n, f in rows] == [(5, "16531-020")]
    p.write_text(p.read_text(encoding="utf-8") + "2,Trần Thị B,,,Xã Mường Lát,\n",
                 encoding="utf-8")
    with pytest.raises(ScenarioError, match="row 8, column official_id: empty"):
        read_plan_csv(p)


def test_a_semicolon_table_below_a_title_is_read(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Danh sách điều động, tháng 7/2025\n"
                 "official_id;to_commune\n16531-020;14845\n", encoding="utf-8")
    col, body = read_table(p, REQ)
    assert body == [(3, ["16531-020", "14845"])] and col["to_commune"] == 1


def test_a_data_row_is_never_taken_for_the_header(tmp_path):
    """The header misspelled, a data cell reading as a column name ('Lãnh đạo' is an
    accepted spelling of the leader column): the first row is named, not the data row."""
    p = tmp_path / "r.csv"
    p.write_text("Số hiệu,Đơn vị\nX-1,Lãnh đạo\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        read_table(p, ("official_id", "leader"))
    assert ": header: missing column(s) official_id, leader" in str(e.value)


def test_the_sheet_with_a_misspelled_header_is_not_swapped_for_a_later_one(tmp_path):
    """A roster whose first sheet misspells a column and a later template sheet with the
    right header: the roster's error, not the template's one example row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["official_id", "to_comune"])
    ws.append(["16531-020", "14845"])
    template = wb.create_sheet("Mẫu")
    template.append(["official_id", "to_commune"])
    template.append(["MẪU-1", "00000"])
    cover = wb.create_sheet("Bìa", 0)  # and a cover sheet before both: passed over
    cover["A1"] = "Hồ sơ điều động"
    p = tmp_path / "r.xlsx"
    wb.save(p)
    with pytest.raises(ScenarioError, match="sheet 'Danh sách', header: missing column"):
        read_table(p, REQ)
