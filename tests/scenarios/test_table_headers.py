"""Where a table's header is: below a title, in which sheet, and rows that are not data."""

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.province import read_plan_csv
from staffsim.scenarios.tables import InputWarning, SheetRow, read_table

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


# -- tables over several sheets (found by a cold review: nothing merged or dropped unsaid) --

def _book(path, sheets: list[tuple[str, list[list[object]]]], hidden: tuple[str, ...] = ()):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_a_hidden_sheet_is_not_merged_but_named(tmp_path):
    # a sheet of retired officials kept hidden in the roster workbook would have entered
    # every run; it is left out, and the warning says so
    p = _book(tmp_path / "r.xlsx", [
        ("Danh sách", [list(REQ), ["a", "1"], ["b", "2"]]),
        ("Đã nghỉ hưu", [list(REQ), ["old", "1"]])], hidden=("Đã nghỉ hưu",))
    with pytest.warns(InputWarning, match="hidden sheet 'Đã nghỉ hưu'.*not read"):
        col, body = read_table(p, REQ)
    assert [r[col["official_id"]] for _, r in body] == ["a", "b"]


def test_a_summary_sheet_is_passed_over_with_a_word_not_refused(tmp_path):
    # a transfer list and a summary sheet naming one of its two columns: read before this
    # round, then refused by it; now read, the summary named in a warning
    p = _book(tmp_path / "p.xlsx", [
        ("Danh sách", [list(REQ), ["16531-020", "14845"]]),
        ("Tổng hợp", [["to_commune", "Số người"], ["14845", 1]])])
    with pytest.warns(InputWarning, match="sheet 'Tổng hợp' is not read: its header has no "
                                          "official_id column"):
        col, body = read_table(p, REQ)
    assert body == [(2, ["16531-020", "14845"])]
    assert str(body[0][0]) == "2 (sheet 'Danh sách')"  # a workbook of several sheets


def test_a_data_sheet_whose_header_is_not_recognised_is_named(tmp_path):
    # 373 officials under headers the reader does not know were dropped without a word
    req = ("official_id", "commune_id", "specialty", "birth_year", "leader", "protected")
    good = [list(req), ["a", "W1", "land", 1980, 0, 0]]
    p = _book(tmp_path / "r.xlsx", [
        ("Phường", good),
        ("Xã", [["Mã số CBCC", "Đơn vị", "Chuyên ngành", "Năm sinh", "LĐ", "BV"],
                ["b", "X1", "land", 1985, 0, 0]])])
    with pytest.warns(InputWarning, match="sheet 'Xã' is not read: its header has no "
                                          "official_id, commune_id, specialty"):
        read_table(p, req)


def test_sheets_of_one_table_have_the_same_columns(tmp_path):
    # province_code on the first sheet only read as empty on the second: two provinces, and
    # no transfer between them
    req = ("official_id", "to_commune")
    p = _book(tmp_path / "p.xlsx", [
        ("A", [[*req, "to_specialty"], ["a", "1", "land"]]),
        ("B", [list(req), ["b", "2"]])])
    with pytest.raises(ScenarioError, match="sheet 'B', header: has no to_specialty column, "
                                            "which sheet 'A' has"):
        read_table(p, req, ("to_specialty",))


def test_a_misspelled_sheet_header_is_named_when_another_sheet_is_whole(tmp_path):
    p = _book(tmp_path / "p.xlsx", [
        ("A", [list(REQ), ["a", "1"]]),
        ("B", [["official_id", "to_comune"], ["b", "2"]])])
    with pytest.raises(ScenarioError, match="sheet 'B', header: missing column"):
        read_table(p, REQ)


def test_every_message_names_the_sheet(tmp_path):
    # a repeated column on sheet B; a row too wide; a cover sheet and one data sheet
    p = _book(tmp_path / "p.xlsx", [
        ("A", [list(REQ), ["a", "1"]]),
        ("B", [[*REQ, "Mã cán bộ"], ["b", "2", "b"]])])
    with pytest.raises(ScenarioError, match="sheet 'B', header: columns 1 .* and 3"):
        read_table(p, REQ)
    p = _book(tmp_path / "q.xlsx", [("Bìa", [["Hồ sơ điều động"]]),
                                    ("Danh sách", [list(REQ), ["a", "1"], ["b", "2", "x"]])])
    with pytest.raises(ScenarioError, match=r"row 3 \(sheet 'Danh sách'\): has 3 fields"):
        read_table(p, REQ)


@pytest.mark.filterwarnings("ignore:.*the table is read from 2 sheets")  # (said, as meant)
def test_the_row_limit_counts_data_rows_over_all_sheets(tmp_path, monkeypatch):
    # title lines above a header are not data rows (a sheet with two of them was refused at
    # exactly the limit)
    p = _book(tmp_path / "p.xlsx", [
        ("A", [["Danh sách điều động"], [], list(REQ), ["a", "1"], ["b", "2"]]),
        ("B", [list(REQ), ["c", "3"]])])
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", "3")
    col, body = read_table(p, REQ)
    assert len(body) == 3
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", "2")
    with pytest.raises(ScenarioError, match="more than 2 data rows"):
        read_table(p, REQ)
    monkeypatch.setenv("STAFFSIM_MAX_SHEETS", "1")
    with pytest.raises(ScenarioError, match="sheets \\(2\\) exceeds the workbook sheets limit"):
        read_table(p, REQ)


def test_a_sheet_row_is_its_number_and_its_sheet():
    import copy
    import pickle

    a, b = SheetRow(3, "A", 0), SheetRow(3, "B", 1)
    assert a == 3 and a != b and len({a, b}) == 2
    assert sorted([SheetRow(9, "B", 1), SheetRow(5, "A", 0), SheetRow(2, "B", 1)]) == \
        [SheetRow(5, "A", 0), SheetRow(2, "B", 1), SheetRow(9, "B", 1)]
    for c in (copy.deepcopy(b), pickle.loads(pickle.dumps(b))):
        assert c == b and c.sheet == "B" and c.order == 1
    assert f"{a}" == "3 (sheet 'A')" and f"{a:,}" == "3" and a + 1 == 4


def test_a_title_of_two_cells_above_a_header_hides_no_sheet(tmp_path):
    # 'DANH SÁCH CÁN BỘ | Tháng 7/2025' above the header of the second sheet: it was taken
    # for the header, and the sheet's officials were left out without a word
    p = _book(tmp_path / "r.xlsx", [
        ("A", [list(REQ), ["a", "1"]]),
        ("B", [["DANH SÁCH CÁN BỘ", None, "Tháng 7/2025"], list(REQ), ["b", "2"]])])
    with pytest.warns(InputWarning, match="read from 2 sheets"):
        col, body = read_table(p, REQ)
    assert [r[col["official_id"]] for _, r in body] == ["a", "b"]


def test_a_sheet_whose_header_is_too_far_down_is_named(tmp_path):
    p = _book(tmp_path / "r.xlsx", [
        ("A", [list(REQ), ["a", "1"]]),
        ("B", [["ghi chú", "x"]] * 40 + [list(REQ), ["b", "2"]])])
    with pytest.warns(InputWarning, match="sheet 'B' is not read: none of its first 30 rows"):
        read_table(p, REQ)


def test_a_table_only_on_a_hidden_sheet_is_refused_by_name(tmp_path):
    # a visible cover and the table on a hidden sheet: read from the hidden sheet while a
    # warning said it was not
    p = _book(tmp_path / "r.xlsx", [("Bìa", [["Hồ sơ"]]), ("Data", [list(REQ), ["a", "1"]])],
              hidden=("Data",))
    with pytest.raises(ScenarioError, match="sheet 'Data': holds the table but is hidden"):
        read_table(p, REQ)


def test_a_summary_column_like_a_required_one_refuses_nothing(tmp_path):
    # 'Số lãnh đạo' (number of leaders) in a summary is not a misspelled 'Lãnh đạo' column
    req = ("official_id", "commune_id", "specialty", "birth_year", "leader", "protected")
    p = _book(tmp_path / "r.xlsx", [
        ("Danh sách", [list(req), ["a", "W1", "land", 1980, 0, 0]]),
        ("Tổng hợp", [["Mã xã", "Tên xã", "Số cán bộ", "Số lãnh đạo"], ["W1", "Một", 1, 0]])])
    with pytest.warns(InputWarning, match="sheet 'Tổng hợp' is not read"):
        col, body = read_table(p, req)
    assert len(body) == 1


def test_a_sheet_name_with_an_apostrophe_reads_in_messages():
    assert str(SheetRow(2, "Cán bộ 'cũ'")) == "2 (sheet 'Cán bộ 'cũ'')"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_specialty_label_staffsim_writes_reads_back(tmp_path, lang):
    """The annex, the reports and the error messages name a specialty by its label in the
    language ('Văn phòng HĐND và UBND', 'Lãnh đạo (Chủ tịch, Phó Chủ tịch)'): a table that
    holds those labels, as a planner copies them, reads as the same specialties. Three
    labels were refused as 'not allowed; closest: <the same label>'."""
    import csv

    from staffsim import i18n
    from staffsim.scenarios.specialties import LABELS, SPECIALTIES

    p = tmp_path / "plan.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["official_id", "to_commune", "to_specialty"])
        w.writerows([f"16531-{k:03d}", "14845", i18n.gettext(LABELS[s], lang)]
                    for k, s in enumerate(SPECIALTIES, start=20))
    assert [f["to_specialty"] for _, f in read_plan_csv(p)] == list(SPECIALTIES)
