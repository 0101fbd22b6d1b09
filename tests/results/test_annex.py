"""The decision annex: Vietnamese headers, groups by receiving commune, subtotals and a total
written as values (each checked against the sums of exactly its rows, added up here from the
data cells, independently of the writer; read as any viewer reads them, with data_only), the
transfers' dates, number formats, widths, cells that cannot run as formulas, and
--force replacing only an annex nobody changed."""

import csv
import datetime as dt
import io
import re
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from staffsim.results.annex import (
    HEADER_ROW,
    HEADERS,
    AnnexContext,
    Term,
    annex_context,
    replaceable,
    write_annex_csv,
    write_annex_xlsx,
)
from staffsim.results.moves import MoveRow

from ..helpers import assert_one_line_error, run_cli


def move(oid, name, to, to_name, zone, km, monthly, spec="land", frm="W1", frm_name="Một",
         province="38", total=None):
    return MoveRow(official_id=oid, full_name=name, specialty=spec, to_specialty=spec,
                   from_commune=frm, from_name=frm_name, from_kind="phuong", to_commune=to,
                   to_name=to_name, to_kind="xa", to_zone=zone, province_code=province,
                   distance_km=km, monthly_allowance_vnd=monthly, months=36,
                   total_allowance_vnd=monthly * 36 if total is None else total)


ROWS = [
    move("W1-001", "Nguyễn Văn Hùng", "X1", "Núi", "mountain", 41.24, 2_925_000),
    move("W1-002", "Trần Thị Lan", "X2", "Cao", "high_mountain", 96.0, 4_095_000),
    move("W1-003", "=HYPERLINK(\"http://x\",\"y\")", "X2", "Cao", "high_mountain", 96.0,
         4_095_000, spec="finance"),
    move("W2-001", "Lê Văn An", "X1", "Núi", "mountain", 12.5, 2_925_000, frm="W2",
         frm_name="Hai"),
    move("@W2-002", "+Phạm Thị Mai", "X1", "Núi", "mountain", 30.0, 2_925_000, frm="W2",
         frm_name="Hai"),
]


# the formulas the annex may hold, and nothing else (a cell of the plan's data never is one)
SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")
SUMIF = re.compile(r'^=SUMIF\(\$C\$(\d+):\$C\$(\d+),"<>",([A-Z]+)(\d+):([A-Z]+)(\d+)\)$')
COUNT = re.compile(r'^="(Cộng|Tổng cộng): "&COUNTA\(\$?C\$?(\d+):\$?C\$?(\d+)\)&" người"$')


def computed(ws, cell):
    """What Excel shows in ``cell``: a value as it is, a formula of the annex computed here
    from the sheet's cells (SUM, SUMIF over the id column, COUNTA in the count text)."""
    v = cell.value
    if cell.data_type != "f":  # (a text beginning with "=" is text: quote-prefixed)
        return v
    if m := SUM.match(v):
        col, lo, col2, hi = m[1], int(m[2]), m[3], int(m[4])
        assert col == col2
        return sum(ws[f"{col}{r}"].value or 0 for r in range(lo, hi + 1))
    if m := SUMIF.match(v):
        lo, hi, col, lo2, hi2 = int(m[1]), int(m[2]), m[3], int(m[4]), int(m[6])
        assert (lo, hi) == (lo2, hi2) and m[3] == m[5]
        return sum(ws[f"{col}{r}"].value or 0 for r in range(lo, hi + 1)
                   if ws[f"C{r}"].value not in (None, ""))
    if m := COUNT.match(v):
        lo, hi = int(m[2]), int(m[3])
        n = sum(1 for r in range(lo, hi + 1) if ws[f"C{r}"].value not in (None, ""))
        return f"{m[1]}: {n} người"
    raise AssertionError(f"a formula the annex should not hold: {v}")


def shown(ws):
    """The sheet's rows as Excel shows them (formulas computed)."""
    return [tuple(computed(ws, c) for c in row) for row in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_annex_workbook(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path).active
    assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
    assert HEADERS[:3] == ("STT", "Họ và tên", "Mã công chức")
    body = shown(ws)
    people = [r for r in body if isinstance(r[0], int)]
    assert len(people) == len(ROWS)
    assert [r[0] for r in people] == list(range(1, len(ROWS) + 1))
    # groups: the high-mountain commune first, then the mountain one
    headings = [r[1] for r in body if isinstance(r[0], str) and r[0]]
    assert headings == ["Xã Cao (vùng cao)", "Xã Núi (miền núi)"]
    assert {r[2] for r in people[:2]} == {"W1-002", "W1-003"}
    # subtotals and total of the monthly allowance and over the term, summed by hand
    subtotals = [r for r in body if isinstance(r[1], str) and r[1].startswith("Cộng")]
    assert [r[1] for r in subtotals] == ["Cộng: 2 người", "Cộng: 3 người"]
    assert [r[7] for r in subtotals] == [2 * 4_095_000, 3 * 2_925_000]
    assert [r[9] for r in subtotals] == [36 * 2 * 4_095_000, 36 * 3 * 2_925_000]
    total = next(r for r in body if isinstance(r[1], str) and r[1].startswith("Tổng cộng"))
    assert total[1] == "Tổng cộng: 5 người" and total[7] == 2 * 4_095_000 + 3 * 2_925_000
    period = next(r for r in body if r[1] == "Tổng kinh phí hỗ trợ cả thời hạn (đồng)")
    assert period[9] == total[9] == 36 * (2 * 4_095_000 + 3 * 2_925_000)
    lan = next(r for r in people if r[2] == "W1-002")
    assert lan[1:] == ("Trần Thị Lan", "W1-002", "Địa chính", "Phường Một", "Xã Cao", 96.0,
                       4_095_000, 36, 36 * 4_095_000)
    # formats and widths a clerk expects
    row = HEADER_ROW + 1 + [r[2] for r in body].index("W1-002")
    assert ws.cell(row, 7).number_format == "#,##0.0"
    assert ws.cell(row, 8).number_format == ws.cell(row, 10).number_format == "#,##0"
    sub = HEADER_ROW + 1 + body.index(subtotals[0])
    assert ws.cell(sub, 8).number_format == ws.cell(sub, 10).number_format == "#,##0"
    assert ws.column_dimensions["B"].width >= 20 and ws.column_dimensions["F"].width >= 20
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    # the counts and sums are values: the same read as a preview, pandas or Protected View
    # reads them (the values stored, data_only), where a formula's cell was blank
    assert [tuple(c.value for c in row) for row in load_workbook(
        path, data_only=True).active.iter_rows(min_row=HEADER_ROW + 1)] == body


def test_each_total_is_the_sum_of_exactly_its_rows(tmp_path):
    """Read as the values stored (data_only): a subtotal's count and sums are those of
    exactly its group's officials (the rows between its heading and it); the total's, of
    every official, no subtotal counted twice; the total over the term, the same."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path, data_only=True).active
    groups, current, everyone = [], [], []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if isinstance(row[0], str) and row[0]:  # a heading: I, II, ...
            current = []
        elif isinstance(row[0], int):
            current.append(row)
            everyone.append(row)
        elif isinstance(row[1], str) and row[1].startswith("Cộng"):
            groups.append((current, row))
    assert [len(g) for g, _ in groups] == [2, 3]
    for officials, row in groups + [(everyone, next(
            r for r in ws.iter_rows(values_only=True)
            if isinstance(r[1], str) and r[1].startswith("Tổng cộng")))]:
        assert row[1].endswith(f": {len(officials)} người")
        assert row[7] == sum(o[7] for o in officials)  # H: monthly
        assert row[9] == sum(o[9] for o in officials)  # J: over the term
        assert all(isinstance(row[k], int) for k in (7, 9))
    period = next(r for r in ws.iter_rows(values_only=True)
                  if r[1] == "Tổng kinh phí hỗ trợ cả thời hạn (đồng)")
    assert period[9] == sum(o[9] for o in everyone) == 36 * (2 * 4_095_000 + 3 * 2_925_000)


def test_no_cell_of_the_plan_is_a_formula(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path).active
    texts = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for dangerous in ('=HYPERLINK("http://x","y")', "+Phạm Thị Mai", "@W2-002"):
        cell = texts[dangerous]
        assert cell.data_type == "s" and cell.quotePrefix
    # no formula at all: the counts and sums are values (previews show no formula's value)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r"<f>([^<]*)</f>", sheet) == []
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                computed(ws, c)  # one of the annex's shapes, else AssertionError


def test_deleting_a_row_keeps_the_reader_consistent(tmp_path):
    """A planner deletes an official's row: the plan reads back without them; the subtotal
    and total rows, which hold their values ('Cộng: 3 người', the sums), are passed over as
    the annex's own rows, not read as transfers with their id missing. (The totals are
    values: the planner corrects them, as the note says; a spreadsheet does not.)"""
    from staffsim.scenarios.province import read_plan_csv

    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    read = read_plan_csv(path)
    assert sorted(f["official_id"] for _, f in read) == sorted(r.official_id for r in ROWS)
    wb = load_workbook(path)
    ws = wb.active
    gone = next(c.row for c in ws["C"] if c.value == "W2-001")
    ws.delete_rows(gone)
    wb.save(path)
    read = read_plan_csv(path)
    left = [r for r in ROWS if r.official_id != "W2-001"]
    assert sorted(f["official_id"] for _, f in read) == sorted(r.official_id for r in left)


MADE_BEFORE = dt.date(2025, 6, 20)  # an annex made before its moves take effect


def term(start, end, months, plan_month=0, term_from="start", horizon=0, window=None):
    return Term(start, end, months, term_from, plan_month, dt.date(2025, 7, 1), horizon,
                window_start=window)


@pytest.mark.parametrize(("month", "end", "months", "dates", "assumed"), [
    (0, dt.date(2028, 6, 30), 36, "từ ngày 01/07/2025 đến ngày 30/06/2028 (36 tháng)",
     "tháng bắt đầu của kịch bản"),
    (12, dt.date(2028, 7, 31), 25, "từ ngày 01/07/2026 đến ngày 31/07/2028 (25 tháng)",
     "--month 12"),
])
def test_dates_of_the_transfers(tmp_path, month, end, months, dates, assumed):
    """The demo starts in July 2025; the support window of the NQ 34 draft runs 36 months
    from 1/8/2025, to 31/07/2028 (August 2025 to July 2028). A plan at the start takes
    effect before the window and gets the whole 36-month term, 01/07/2025-30/06/2028;
    `plan --month 12` takes effect on 01/07/2026 with the window's 25 months left (July 2026
    to July 2028). The sheet says what the dates assume and from which day the window
    counts."""
    from staffsim.experiments.states import plan_state
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    state = plan_state(load_scenario(SCENARIOS / "demo.toml"), month)
    context = annex_context([state])
    assert context.provinces == {"38": "Tỉnh Thanh Hóa"}
    start = dt.date(2025 + month // 12, 7, 1)
    # (the horizon: demo.toml's simulation.months = 24)
    assert context.terms == {"38": term(start, end, months, month, horizon=24,
                                        window=dt.date(2025, 8, 1))}
    path = tmp_path / "annex.xlsx"
    # made before the moves take effect (a plan made later leaves them to fill in:
    # test_annex_form.py)
    write_annex_xlsx(path, ROWS, "Thanh Hóa demo", MADE_BEFORE, context=context)
    wb = load_workbook(path)
    ws = wb.active
    assert ws["A4"].value == f"Thời gian điều động: {dates}"
    notes = ws["A4"].comment.text  # the planner's notes: not printed
    assert "Giả định" in notes and assumed in notes and "01/08/2025" in notes
    assert ws["A2"].value.endswith(" TRÊN ĐỊA BÀN TỈNH THANH HÓA")


def test_dates_from_each_move_and_left_blank_without_a_plan(tmp_path):
    """term_from = "move": the whole term from the month the moves take effect; without the
    plan's context the dates are dotted lines to fill in, never a guess."""
    path = tmp_path / "annex.xlsx"
    ctx = AnnexContext({"38": "Tỉnh Thanh Hóa"}, {"38": term(
        dt.date(2026, 7, 1), dt.date(2029, 6, 30), 36, 12, "move")}, 1)
    write_annex_xlsx(path, ROWS, "Thanh Hóa", MADE_BEFORE, context=ctx)
    wb = load_workbook(path)
    assert wb.active["A4"].value == ("Thời gian điều động: từ ngày 01/07/2026 đến ngày "
                                     "30/06/2029 (36 tháng)")
    assert "tính từ ngày điều động có hiệu lực" in wb.active["A4"].comment.text
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    assert "..../..../........" in load_workbook(path).active["A4"].value


def test_several_provinces_get_one_annex_each_signed_by_their_own_committee(tmp_path):
    """A decision annex is signed by one province's People's Committee: a plan over two
    provinces (each with a Xã Quảng Ninh) wrote one sheet whose committee was a dotted line
    ('của Ủy ban nhân dân ................'). Now each province has a sheet of its own,
    named by the province, with its own title and committee, its own dates, numbering from
    1 and totals (each move's own total, not monthly x months); the reader reads both
    sheets, and --force may replace the workbook."""
    from staffsim.model.roster import initial_roster
    from staffsim.model.state import provinces, state_from_roster
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.province import read_plan_csv

    from ..conftest import SCENARIOS

    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20", "44"],
                                                    "roster.target_total": 0})
    context = annex_context([s for _, s in provinces(state_from_roster(sc, initial_roster(sc)))])
    assert context.provinces == {"20": "Tỉnh Lạng Sơn", "44": "Tỉnh Quảng Trị"}
    rows = [move("A-1", "Nông Văn Tú", "X1", "Quảng Ninh", "mountain", 30, 1_000_000,
                 province="20", total=24_000_000),
            move("B-2", "Lê Thị Hoa", "X2", "Quảng Ninh", "mountain", 45, 1_000_000,
                 province="44"),
            move("B-1", "Trần Văn Bình", "X2", "Quảng Ninh", "mountain", 50, 2_000_000,
                 province="44")]
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, rows, sc.name, MADE_BEFORE, context=context)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Lạng Sơn", "Quảng Trị"]
    expected = {  # sheet: (place, committee, officials in order, total over the term)
        "Lạng Sơn": ("TỈNH LẠNG SƠN", "tỉnh Lạng Sơn", ["A-1"], 24_000_000),
        "Quảng Trị": ("TỈNH QUẢNG TRỊ", "tỉnh Quảng Trị", ["B-1", "B-2"],
                      (1_000_000 + 2_000_000) * 36)}
    for title, (place, committee, ids, total) in expected.items():
        ws = wb[title]
        assert ws["A1"].value == "Phụ lục"
        assert ws["A2"].value.endswith(f" TRÊN ĐỊA BÀN {place}")
        assert ws["A3"].value.endswith(f"của Ủy ban nhân dân {committee})")
        assert "...." not in ws["A3"].value.split(" của ")[-1]  # the committee is named
        assert ws["A4"].value == ("Thời gian điều động: từ ngày 01/07/2025 đến ngày "
                                  "30/06/2028 (36 tháng)")
        body = shown(ws)
        # one receiving commune (I), the heading without a province (the sheet's), its
        # officials numbered from 1 (Bình before Hoa: the given name's order)
        assert body[0][:2] == ("I", "Xã Quảng Ninh (miền núi)")
        assert [r[0] for r in body[1:1 + len(ids)]] == list(range(1, len(ids) + 1))
        assert [r[2] for r in body[1:1 + len(ids)]] == ids
        count = next(r for r in body if isinstance(r[1], str) and r[1].startswith("Tổng cộng"))
        assert count[1] == f"Tổng cộng: {len(ids)} người" and count[9] == total
        assert ws.print_area.replace("$", "") == f"'{title}'!A1:J{ws.max_row}"
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = read_plan_csv(path)
    assert sorted(f["official_id"] for _, f in got) == ["A-1", "B-1", "B-2"]
    # the sheets' rows counted as the officials they list, not their headings and totals
    # (the review: 'Lai Châu' (76 rows) for 51 officials)
    said = [str(w.message) for w in caught if "sheets" in str(w.message)]
    per_sheet = {t: sum(r.province_code == c for r in rows) for c, t in
                 (("20", "Lạng Sơn"), ("44", "Quảng Trị"))}
    assert len(said) == 1 and all(
        f"'{t}' ({n} row{'s' if n != 1 else ''})" in said[0] for t, n in per_sheet.items()), said
    assert replaceable(path) is None
    # terms that differ (a province's own term): each sheet gives its own
    other = AnnexContext(context.provinces, {
        "20": term(dt.date(2025, 7, 1), dt.date(2027, 6, 30), 24),
        "44": term(dt.date(2025, 7, 1), dt.date(2028, 6, 30), 36)}, 2)
    write_annex_xlsx(path, rows, sc.name, MADE_BEFORE, context=other)
    wb = load_workbook(path)
    assert wb["Lạng Sơn"]["A4"].value == ("Thời gian điều động: từ ngày 01/07/2025 đến ngày "
                                          "30/06/2027 (24 tháng)")
    assert wb["Quảng Trị"]["A4"].value == ("Thời gian điều động: từ ngày 01/07/2025 đến "
                                           "ngày 30/06/2028 (36 tháng)")
    # without the plan's context: still Vietnamese, the provinces by code, never the
    # scenario's English name
    write_annex_xlsx(path, rows, sc.name)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Mã tỉnh 20", "Mã tỉnh 44"]
    assert wb["Mã tỉnh 20"]["A2"].value.endswith(" TRÊN ĐỊA BÀN MÃ TỈNH 20")
    for ws in wb.worksheets:
        assert "Vietnam" not in ws["A2"].value and "PROVINCES" not in ws["A2"].value


def test_a_province_sheets_name_is_one_excel_accepts():
    """Excel refuses a sheet name longer than 31 characters, with any of \\ / ? * [ ] :, or
    the same as another regardless of case."""
    from staffsim.results.annex import sheet_titles

    long = "Tỉnh " + "Một Tên Rất Dài Của Đơn Vị Hành Chính"  # 37 characters without 'Tỉnh '
    titles = sheet_titles(["01", "02", "03", "04", "05"], AnnexContext(
        {"01": long, "02": long, "03": "Thành phố Hà/Nội [cũ]: *?", "04": "hà nội cũ"}))
    assert titles[0] == "Một Tên Rất Dài Của Đơn Vị Hành"  # its first 31 characters
    assert titles[1] == "Một Tên Rất Dài Của Đơn Vị (2)"
    assert titles[2] == "Hà Nội cũ"
    assert titles[3] == "hà nội cũ (2)"
    assert titles[4] == "Mã tỉnh 05"
    for t in titles:
        assert 0 < len(t) <= 31 and not re.search(r"[\\/?*\[\]:']", t)
    assert len({t.casefold() for t in titles}) == len(titles)


def test_annex_csv_opens_in_excel_and_escapes_formulas():
    buf = io.BytesIO()
    write_annex_csv(buf, ROWS)
    raw = buf.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS and len(rows) == len(ROWS) + 1
    names = [r[1] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in names and "'+Phạm Thị Mai" in names
    assert all(not r[2].startswith("@") for r in rows[1:])
    assert sum(int(r[7]) for r in rows[1:]) == pytest.approx(2 * 4_095_000 + 3 * 2_925_000)


def test_force_replaces_only_an_annex_staffsim_wrote(tmp_path, capsys):
    """`plan --xlsx F --force`: the user's own workbook (here one saved by someone else, as
    Excel marks it) is left byte for byte; staffsim's own annex is replaced while nobody
    changed it, and refused, byte for byte, once a cell is edited with a tool that keeps
    the file's properties (openpyxl); the plan's annex reads back as the plan, and with a
    row deleted, as the plan without that row."""
    from openpyxl import Workbook

    from ..conftest import SCENARIOS

    theirs = tmp_path / "theirs.xlsx"
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = "Nguyễn Văn A"
    wb.save(theirs)
    before = theirs.read_bytes()
    demo = str(SCENARIOS / "demo.toml")
    code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out",
                           str(tmp_path / "p1"), "--xlsx", str(theirs), "--force")
    assert_one_line_error(code, err, "not an annex staffsim wrote")
    assert theirs.read_bytes() == before
    ours = tmp_path / "ours.xlsx"
    for k in (2, 3):
        code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out",
                               str(tmp_path / f"p{k}"), "--xlsx", str(ours), "--force")
        assert code == 0, err
    assert replaceable(ours) is None
    # evaluate reads the annex as the plan (formula rows passed over) ...
    moves = len((tmp_path / "p3" / "plan.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    code, out, err = run_cli(capsys, "evaluate", demo, "--plan", str(ours))
    assert code == 0, err
    assert f"0 rule violations in {moves} moves" in out
    # ... and with an official's row deleted, as the plan without them
    cut = tmp_path / "cut.xlsx"
    wb = load_workbook(ours)
    ws = wb.active
    ws.delete_rows(next(c.row for c in ws["A"] if c.value == 1))
    wb.save(cut)
    code, out, err = run_cli(capsys, "evaluate", demo, "--plan", str(cut))
    assert code == 0, err
    assert f"0 rule violations in {moves - 1} moves" in out
    # edited with openpyxl: the properties still say staffsim, the cells do not
    edited = tmp_path / "edited.xlsx"
    shutil.copy(ours, edited)
    wb = load_workbook(edited)
    cell = next(c for c in wb.active["B"] if c.row > HEADER_ROW and
                isinstance(wb.active.cell(c.row, 1).value, int))
    cell.value = "Nguyễn Văn Sửa"
    wb.save(edited)
    assert wb.properties.lastModifiedBy == "staffsim"
    before = edited.read_bytes()
    code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out",
                           str(tmp_path / "p4"), "--xlsx", str(edited), "--force")
    assert_one_line_error(code, err, str(edited), "was edited since staffsim wrote it",
                          "another name")
    assert edited.read_bytes() == before and not (tmp_path / "p4").exists()
    # saved again by openpyxl with no cell changed: still staffsim's, replaceable
    same = tmp_path / "same.xlsx"
    load_workbook(ours).save(same)
    assert replaceable(same) is None


def test_an_annex_without_its_fingerprint_is_not_replaced(tmp_path):
    """An annex whose fingerprint is gone (an older staffsim's, or a tool that dropped it)
    is not taken for one nobody changed."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    assert replaceable(path) is None
    wb = load_workbook(path)
    wb.custom_doc_props.props.clear()
    wb.save(path)
    assert replaceable(path) == "not staffsim's"


def test_a_plan_that_breaks_a_rule_says_so_on_the_annex(tmp_path):
    """A dashboard user forced a Hạc Thành leader to Na Mèo; the page warned, but the annex
    exported listed the move as any other (a trial): a signed decision could carry a broken
    rule unseen. Now the line above the table says how many findings and names them, and
    each such move's row is shaded with its findings in a note. The reader still reads
    the annex (the line is a title line) and the fingerprint covers what was written."""
    from openpyxl.styles.colors import Color

    from staffsim.results.annex import FINDING_FILL
    from staffsim.scenarios.province import read_plan_csv

    path = tmp_path / "annex.xlsx"
    findings = [("W1-002", "bảo vệ: W1-002 là lãnh đạo"), ("", "ngân sách: vượt 1,2 tỷ đồng")]
    write_annex_xlsx(path, ROWS, "Thanh Hóa", findings=findings)
    ws = load_workbook(path).active
    warning = ws["A7"].value
    assert warning.startswith("LƯU Ý: phương án trái quy tắc của tỉnh ở 2 điểm")
    assert "Trần Thị Lan (W1-002): bảo vệ: W1-002 là lãnh đạo" in warning
    assert "ngân sách: vượt 1,2 tỷ đồng" in warning
    # whose a finding is, each says (the dashboard's): the line does not call every one the
    # planner's own move (it did, beside the optimised plan's own findings)
    assert "người lập chỉ định" not in warning
    shaded = [r for r in range(HEADER_ROW + 1, ws.max_row + 1)
              if ws.cell(r, 1).fill.fgColor == Color(FINDING_FILL)]
    assert [ws.cell(r, 3).value for r in shaded] == ["W1-002"]  # that row only
    assert ws.cell(shaded[0], 2).comment.text == "Trái quy tắc: bảo vệ: W1-002 là lãnh đạo"
    assert sorted(f["official_id"] for _n, f in read_plan_csv(path)) == sorted(
        r.official_id for r in ROWS)
    assert replaceable(path) is None  # staffsim's own file, unedited: --force may replace it
    # without findings: no line, no shading (an optimal plan breaks no rule)
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path).active
    assert ws["A7"].value is None
    assert not any(ws.cell(r, 1).fill.fgColor == Color(FINDING_FILL)
                   for r in range(HEADER_ROW + 1, ws.max_row + 1))


def test_an_annex_of_a_generated_roster_says_on_the_sheet_its_people_are_invented(
        tmp_path, capsys):
    """With no roster table staffsim invents the officials (names, ids); the annex, the file
    meant to go with a signed decision, named them without saying so (only report.html
    did): a planner's trial. A red line above the table says it; an annex of the province's
    own roster has no such line."""
    from staffsim.experiments.states import plan_state
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    demo = SCENARIOS / "demo.toml"
    assert "roster_csv" not in demo.read_text(encoding="utf-8")  # generated

    def sheet_text(context: AnnexContext) -> str:
        path = tmp_path / "annex.xlsx"
        path.unlink(missing_ok=True)
        write_annex_xlsx(path, ROWS, "Thanh Hóa demo", MADE_BEFORE, context=context)
        ws = load_workbook(path).active
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row
                         if c.value is not None)

    said = sheet_text(annex_context([plan_state(load_scenario(demo), 0)]))
    line = next(x for x in said.splitlines() if x.startswith("LƯU Ý: họ tên"))
    assert "giả lập" in line and "trước khi trình ký" in line
    # the same scenario with a roster table (a run's roster.csv, read back as the province's)
    assert run_cli(capsys, "run", str(demo), "--months", "1", "--out", str(tmp_path / "r"))[0] \
        == 0
    own = load_scenario(demo, {"province.roster_csv": str(tmp_path / "r" / "roster.csv")})
    assert "giả lập" not in sheet_text(annex_context([plan_state(own, 0)]))
