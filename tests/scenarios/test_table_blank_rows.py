"""Blank rows (empty lines, rows of only separators or spaces, as Excel exports them; a sheet's
empty or formatted-but-empty rows) are passed over and not counted toward the row limit, the
same in a CSV, a tab-separated file and an .xlsx. They were counted while reading (a table of
as many data rows as its limit, with 40 blank rows, was refused as 'more than N data rows'),
and an .xlsx whose declared height counted its formatted empty rows was refused unread."""

from __future__ import annotations

import pytest

from staffsim.scenarios import tables
from staffsim.scenarios.errors import ScenarioError

from ..conftest import TINY_COMMUNES, write_scenario
from ..helpers import assert_one_line_error, run_cli

LIMIT = 6
DATA = [[f"a{i}", f"Xã Số {i}"] for i in range(LIMIT)]  # six rows: the limit
HEADER = ["official_id", "to_commune"]
BLANKS = 40  # more than the room for title lines the reading gives (HEADER_SEARCH + 1)
# row numbers by hand: header row 1; rows a0-a2 are 2-4; BLANKS blank rows; a3-a5 follow
ROWS = [2, 3, 4, 5 + BLANKS, 6 + BLANKS, 7 + BLANKS]


def _text(sep: str, blank_rows: list[str]) -> str:
    lines = [sep.join(HEADER)] + [sep.join(r) for r in DATA[:3]]
    lines += [blank_rows[k % len(blank_rows)] for k in range(BLANKS)]
    lines += [sep.join(r) for r in DATA[3:]]
    lines += [blank_rows[k % len(blank_rows)] for k in range(BLANKS)]  # trailing ones too
    return "\r\n".join(lines) + "\r\n"


def _xlsx(path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in DATA[:3]:
        ws.append(r)
    for k in range(BLANKS):  # empty rows, rows of spaces, rows only formatted
        row = 5 + k
        if k % 3 == 1:
            ws.cell(row=row, column=1, value="  ")
            ws.cell(row=row, column=2, value="\u00a0")
        elif k % 3 == 2:
            ws.cell(row=row, column=2).font = Font(bold=True)
    for i, r in enumerate(DATA[3:]):
        for j, v in enumerate(r):
            ws.cell(row=5 + BLANKS + i, column=1 + j, value=v)
    last = 5 + BLANKS + 3
    for k in range(BLANKS):  # trailing formatted empty rows: in the declared height
        ws.cell(row=last + k, column=1).font = Font(bold=True)
    wb.save(path)


def _write(tmp_path, kind: str):
    if kind == "xlsx":
        path = tmp_path / "plan.xlsx"
        _xlsx(path)
        return path
    path = tmp_path / "plan.csv"
    if kind == "csv":
        text = _text(",", ["", ",", " , ", ",,,", "\t", " \u200b "])
    elif kind == "semicolon":
        text = _text(";", ["", ";", " ; ", ";;;"])
    else:  # tab-separated, as Excel's Text (Tab delimited) and Unicode text
        text = _text("\t", ["", "\t", " \t ", "\t\t\t"])
    path.write_bytes(text.encode("utf-16" if kind == "utf-16" else "utf-8"))
    return path


KINDS = ["csv", "semicolon", "tsv", "utf-16", "xlsx"]


@pytest.mark.parametrize("kind", KINDS)
def test_blank_rows_are_passed_over_and_not_counted(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", str(LIMIT))
    col, body = tables.read_table(_write(tmp_path, kind), tuple(HEADER))
    assert [[row[col[c]] for c in HEADER] for _n, row in body] == DATA
    assert [int(n) for n, _row in body] == ROWS  # row numbers count the blank rows


@pytest.mark.parametrize("kind", KINDS)
def test_one_data_row_over_the_limit_is_still_refused(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", str(LIMIT - 1))
    with pytest.raises(ScenarioError, match=f"more than {LIMIT - 1} data rows"):
        tables.read_table(_write(tmp_path, kind), tuple(HEADER))


@pytest.mark.parametrize("rows", [[""], ["", ",", " ,\t, "]])
def test_blank_rows_above_the_header_are_not_kept_and_the_header_is_found(tmp_path, rows):
    """The rows above the header were kept whole before it was looked for."""
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(rows[k % len(rows)] for k in range(100)) + "\n"
                    "official_id,to_commune\na1,X1\n", encoding="utf-8")
    col, body = tables.read_table(path, tuple(HEADER))
    assert body == [(102, ["a1", "X1"])]  # 100 blank rows, the header (101), then a1


def test_a_wrong_header_below_blank_rows_is_said_at_its_row(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("\n" * 50 + "official_id,to_comune\na1,X1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"header \(row 51\): missing column\(s\) "
                                            r"to_commune"):
        tables.read_table(path, tuple(HEADER))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_blank_rows_than_a_sheet_holds_are_refused(tmp_path, monkeypatch, kind):
    """Blank rows are free up to a sheet's height (Excel's 1,048,576 rows; lowered here):
    a file of more is no table saved from a spreadsheet, refused without reading on."""
    monkeypatch.setattr(tables, "BLANK_ROWS", 100)
    if kind == "csv":
        path = tmp_path / "plan.csv"
        path.write_text("official_id,to_commune\na1,X1\n" + ",\n" * 101 + "a2,X2\n",
                        encoding="utf-8")
    else:
        from openpyxl import Workbook

        path = tmp_path / "plan.xlsx"
        wb = Workbook()
        wb.active.append(HEADER)
        wb.active.append(["a1", "X1"])
        wb.active.cell(row=3 + 101, column=1, value="a2")  # a gap of 101 rows
        wb.active.cell(row=3 + 101, column=2, value="X2")
        wb.save(path)
    with pytest.raises(ScenarioError, match="more than 100 blank rows, more than a "
                                            "spreadsheet holds"):
        tables.read_table(path, tuple(HEADER))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_validate_reads_a_communes_table_at_its_limit_with_blank_rows(tmp_path, capsys,
                                                                      monkeypatch, lang):
    """The trial's case through the command: four communes at a communes limit of 4, with
    Excel's rows of separators between and after them."""
    monkeypatch.setenv("STAFFSIM_MAX_COMMUNES", "4")
    lines = TINY_COMMUNES.splitlines()
    width = lines[0].count(",")
    table = "\n".join(lines[:3] + ["," * width] * 40 + lines[3:] + ["," * width] * 40) + "\n"
    code, _out, err = run_cli(capsys, "validate", str(write_scenario(tmp_path, communes=table)),
                              "--lang", lang)
    assert code == 0, err
    monkeypatch.setenv("STAFFSIM_MAX_COMMUNES", "3")
    code, _out, err = run_cli(capsys, "validate", str(write_scenario(tmp_path, communes=table)),
                             "--lang", lang)
    assert_one_line_error(code, err, "communes.csv", "STAFFSIM_MAX_COMMUNES",
                          "more than 3 data rows" if lang == "en" else "có hơn 3 dòng dữ liệu")


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_tab_separated_table_below_many_blank_lines_is_read_as_one(tmp_path, end):
    """The separator was guessed from the first 120 lines, all blank here: the table was
    read as one of commas, its header one column."""
    path = tmp_path / "plan.tsv.csv"
    path.write_text(end * 200 + " \t " + end + f"official_id\tto_commune{end}a1\tXã Ả{end}",
                    encoding="utf-8")
    col, body = tables.read_table(path, tuple(HEADER))
    assert col == {"official_id": 0, "to_commune": 1}
    assert body == [(203, ["a1", "Xã Ả"])]  # 200 blank, 1 of spaces, the header (202)


def test_every_sheet_of_a_table_below_blank_rows_is_read(tmp_path):
    """A roster kept one sheet per ward, each table below 40 empty rows: only the first 32
    rows of each sheet were looked at, and the second sheet was passed over without a
    word."""
    import warnings

    from openpyxl import Workbook

    wb = Workbook()
    sheets = [wb.active, wb.create_sheet("Xã B")]
    sheets[0].title = "Phường A"
    for k, ws in enumerate(sheets):
        ws.cell(row=41, column=1, value="official_id")
        ws.cell(row=41, column=2, value="to_commune")
        for i in range(3):
            ws.cell(row=42 + i, column=1, value=f"a{10 * k + i}")
            ws.cell(row=42 + i, column=2, value="X1")
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        col, body = tables.read_table(path, tuple(HEADER))
    assert [(getattr(n, "sheet", ""), int(n), row[col["official_id"]]) for n, row in body] == [
        ("Phường A", 42, "a0"), ("Phường A", 43, "a1"), ("Phường A", 44, "a2"),
        ("Xã B", 42, "a10"), ("Xã B", 43, "a11"), ("Xã B", 44, "a12")]
