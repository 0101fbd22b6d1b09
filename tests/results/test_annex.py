"""The decision annex: Vietnamese headers, groups by receiving commune, subtotals and a total
(summed here independently of the writer), number formats, widths, and cells that cannot run
as formulas."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from staffsim.results.annex import HEADER_ROW, HEADERS, write_annex_csv, write_annex_xlsx
from staffsim.results.moves import MoveRow


def move(oid, name, to, to_name, zone, km, monthly, spec="land", frm="W1", frm_name="Một"):
    return MoveRow(official_id=oid, full_name=name, specialty=spec, to_specialty=spec,
                   from_commune=frm, from_name=frm_name, from_kind="phuong", to_commune=to,
                   to_name=to_name, to_kind="xa", to_zone=zone, province_code="38",
                   distance_km=km, monthly_allowance_vnd=monthly, months=36,
                   total_allowance_vnd=monthly * 36)


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


def test_annex_workbook(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path).active
    assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
    assert HEADERS[:3] == ("STT", "Họ và tên", "Mã công chức")
    body = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    people = [r for r in body if isinstance(r[0], int)]
    assert len(people) == len(ROWS)
    assert [r[0] for r in people] == list(range(1, len(ROWS) + 1))
    # groups: the high-mountain commune first, then the mountain one
    headings = [r[1] for r in body if isinstance(r[0], str) and r[0]]
    assert headings == ["Xã Cao (vùng cao)", "Xã Núi (miền núi)"]
    assert {r[2] for r in people[:2]} == {"W1-002", "W1-003"}
    # subtotals and total of the monthly allowance, summed by hand from ROWS
    subtotals = [r[7] for r in body if isinstance(r[1], str) and r[1].startswith("Cộng")]
    assert subtotals == [2 * 4_095_000, 3 * 2_925_000]
    total = next(r for r in body if isinstance(r[1], str) and r[1].startswith("Tổng cộng"))
    assert total[1] == "Tổng cộng: 5 người" and total[7] == 2 * 4_095_000 + 3 * 2_925_000
    period = next(r for r in body if r[1] == "Tổng kinh phí hỗ trợ cả thời hạn (đồng)")
    assert period[7] == 36 * (2 * 4_095_000 + 3 * 2_925_000)
    lan = next(r for r in people if r[2] == "W1-002")
    assert lan[1:] == ("Trần Thị Lan", "W1-002", "Địa chính", "Phường Một", "Xã Cao", 96.0,
                       4_095_000, 36)
    # formats and widths a clerk expects
    row = HEADER_ROW + 1 + [r[2] for r in body].index("W1-002")
    assert ws.cell(row, 7).number_format == "#,##0.0"
    assert ws.cell(row, 8).number_format == "#,##0"
    assert ws.column_dimensions["B"].width >= 20 and ws.column_dimensions["F"].width >= 20
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"


def test_no_cell_of_the_annex_is_a_formula(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    ws = load_workbook(path).active
    texts = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for dangerous in ('=HYPERLINK("http://x","y")', "+Phạm Thị Mai", "@W2-002"):
        cell = texts[dangerous]
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


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
    Excel marks it) is left byte for byte; staffsim's own annex is replaced."""
    from openpyxl import Workbook

    from staffsim.cli import main

    from ..conftest import SCENARIOS

    theirs = tmp_path / "theirs.xlsx"
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = "Nguyễn Văn A"
    wb.save(theirs)
    before = theirs.read_bytes()
    demo = str(SCENARIOS / "demo.toml")
    code = main(["plan", demo, "--no-marginals", "--out", str(tmp_path / "p1"), "--xlsx",
                 str(theirs), "--force"])
    err = capsys.readouterr().err
    assert code == 2 and "not an annex staffsim wrote" in err and "Traceback" not in err
    assert theirs.read_bytes() == before
    ours = tmp_path / "ours.xlsx"
    for k in (2, 3):
        assert main(["plan", demo, "--no-marginals", "--out", str(tmp_path / f"p{k}"),
                     "--xlsx", str(ours), "--force"]) == 0
    capsys.readouterr()
