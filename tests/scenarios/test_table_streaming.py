"""Tables are read a row at a time and refused at their first row over a limit (a planner's
trial: a communes CSV of a million rows took 434 MB before its refusal, a plan of a million
and one rows 17 s and 540 MB, an .xlsx without a declared dimension 38 s); and a tab-separated
file is read as ';' and ',' are."""

from __future__ import annotations

import csv
import re
import types
import zipfile

import pytest

from staffsim.scenarios import tables
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import TINY_COMMUNES, write_scenario
from ..helpers import assert_one_line_error, run_cli

LIMIT = 50


@pytest.fixture
def counted_csv(monkeypatch):
    """Every record any CSV reader of the table reader gives, counted."""
    taken = []

    def reader(lines, **kw):
        for row in csv.reader(lines, **kw):
            taken.append(row)
            yield row

    monkeypatch.setattr(tables, "csv", types.SimpleNamespace(reader=reader, Error=csv.Error))
    return taken


@pytest.mark.parametrize("above", ["", "DANH SÁCH ĐIỀU ĐỘNG\n\n"])
def test_a_csv_over_its_row_limit_is_refused_after_one_row_over(tmp_path, monkeypatch,
                                                                 counted_csv, above):
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", str(LIMIT))
    path = tmp_path / "plan.csv"
    path.write_text(above + "official_id,to_commune\n"
                    + "".join(f"a{i},W1\n" for i in range(1000)), encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"more than {LIMIT} data rows"):
        tables.read_table(path, ("official_id", "to_commune"))
    # the title lines and the header, then LIMIT + 1 data rows: no more is read
    assert len(counted_csv) <= above.count("\n") + 1 + LIMIT + 1


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_table_at_its_limit_with_more_lines_than_rows_is_read_whole(tmp_path, monkeypatch,
                                                                       end):
    """Blank lines make a file of more lines than the limit allows rows: counted first, it is
    still read, every row, whatever its line ends."""
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", str(LIMIT))
    path = tmp_path / "plan.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("official_id,to_commune" + end + "".join(
            f"a{i},W1{end}" + (end if i < 20 else "") for i in range(LIMIT)))
    _col, body = tables.read_table(path, ("official_id", "to_commune"))
    assert [row[0] for _n, row in body] == [f"a{i}" for i in range(LIMIT)]
    assert [n for n, _row in body][-1] == 1 + LIMIT + 20  # row numbers count blank lines


def test_the_communes_limit_refuses_at_the_first_commune_over(tmp_path, monkeypatch,
                                                               counted_csv, capsys):
    monkeypatch.setenv("STAFFSIM_MAX_COMMUNES", "3")
    rows = TINY_COMMUNES.splitlines(keepends=True)
    table = rows[0] + "".join(r.replace("W1,", f"W{i}x,", 1) for i in range(100)
                              for r in rows[1:2])
    code, _out, err = run_cli(capsys, "validate", str(write_scenario(tmp_path,
                                                                      communes=table)))
    assert_one_line_error(code, err, "communes.csv", "more than 3 data rows (communes)",
                          "STAFFSIM_MAX_COMMUNES")
    assert len(counted_csv) <= 1 + 3 + 1


def _xlsx_without_dimension(path, rows: list[list[object]]) -> None:
    """An .xlsx whose sheet declares no dimension (openpyxl writes one; some programs do
    not, and the trial's 2.3 million-row workbook had none)."""
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    plain = path.with_suffix(".tmp.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb"<dimension [^>]*/>", b"", data)
                assert n == 1
            out.writestr(item, data)
    plain.unlink()


def test_an_xlsx_without_a_declared_dimension_is_refused_at_its_first_row_over(
        tmp_path, monkeypatch):
    """openpyxl looked for the dimension through every row of such a sheet when it opened
    the workbook: every XML row element parsed is counted here."""
    from openpyxl.worksheet import _reader
    from openpyxl.xml import functions

    parsed = []

    def counting(parse):
        def iterparse(source, *args, **kw):
            for event, element in parse(source, *args, **kw):
                if element.tag.endswith("}row"):
                    parsed.append(event)
                yield event, element
        return iterparse

    monkeypatch.setattr(_reader, "iterparse", counting(_reader.iterparse))
    monkeypatch.setattr(functions, "iterparse", counting(functions.iterparse))
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", str(LIMIT))
    path = tmp_path / "plan.xlsx"
    _xlsx_without_dimension(path, [["official_id", "to_commune"]]
                            + [[f"a{i}", "W1"] for i in range(2000)])
    with pytest.raises(ScenarioError, match=f"more than {LIMIT} data rows"):
        tables.read_table(path, ("official_id", "to_commune"))
    assert len(parsed) <= 1 + LIMIT + 1


def test_an_xlsx_without_a_declared_dimension_within_its_limit_is_read(tmp_path):
    path = tmp_path / "plan.xlsx"
    _xlsx_without_dimension(path, [["official_id", "to_commune"], ["a1", "W1"], ["a2", "X1"]])
    _col, body = tables.read_table(path, ("official_id", "to_commune"))
    assert body == [(2, ["a1", "W1"]), (3, ["a2", "X1"])]


def test_a_byte_that_is_not_utf8_far_into_a_file_is_said_at_its_byte(tmp_path, capsys):
    """The file is decoded a block at a time: the offset is the file's (after a BOM), a
    character split across two blocks included."""
    head = TINY_COMMUNES.encode()
    filler = b"x" * (65536 - len(head) - 4) + "ă".encode()  # 'ă' across the first block end
    at = 3 * 65536 + 17
    text = head + filler
    text += b"y" * (at - len(text)) + b"\xff\n"
    (tmp_path / "communes.csv").write_bytes(b"\xef\xbb\xbf" + text)
    path = tmp_path / "t.toml"
    path.write_text('[province]\nname = "T"\ncommunes_csv = "communes.csv"\n', encoding="utf-8")
    code, _out, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "communes.csv", f"not UTF-8 text (invalid start byte at "
                          f"byte {at:,})")


def _tab(text: str) -> str:
    return text.replace(",", "\t")


def test_a_tab_separated_table_reads_as_the_comma_one(tmp_path):
    comma = load_scenario(write_scenario(tmp_path, communes=TINY_COMMUNES)).communes
    tab = load_scenario(write_scenario(tmp_path, communes=_tab(TINY_COMMUNES))).communes
    assert tab.ids == comma.ids == ["W1", "W2", "X1", "X2"]
    assert list(tab.names) == list(comma.names)
    assert tab.population.tolist() == comma.population.tolist() == [60000, 30000, 9000, 5000]


def test_a_tab_separated_table_with_a_semicolon_in_a_note_is_not_read_as_semicolons(
        tmp_path, capsys):
    """The trial's file: tab-separated, a note in row 5 holding a ';'. It was read as
    ';'-separated, rows 1 to 4 as title lines of one cell, and its header said to be row 5
    and to miss every column."""
    lines = _tab(TINY_COMMUNES).splitlines()
    notes = ["Ghi chú", "", "", "", "population 9000 is 13% of the census sum; source value "
             "almost certainly wrong"]
    text = "".join(f"{line}\t{note}\n" for line, note in zip(lines, notes, strict=True))
    code, out, err = run_cli(capsys, "validate", str(write_scenario(tmp_path, communes=text)))
    assert code == 0, err
    assert "4" in out
    communes = load_scenario(tmp_path / "tiny.toml").communes
    assert communes.ids == ["W1", "W2", "X1", "X2"]


@pytest.mark.parametrize(("text", "expected"), [
    ("a,b;c\n1,2;3\n", ","),  # a tie between ',' and ';' stays ','
    ("a;b;c\n1;2,5;3\n", ";"),
    ("a\tb\tc\n1\t2,5\t3\n", "\t"),
    ("Danh sách, tháng 7/2025\na\tb\tc\n1\t2\t3\n", "\t"),  # a title's comma is outvoted
])
def test_the_delimiter_is_the_one_the_first_lines_hold_most_of(text, expected):
    assert tables._delimiter(text) == expected
