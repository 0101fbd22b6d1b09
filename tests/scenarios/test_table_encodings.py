"""A text table in UTF-16 with a byte order mark (Excel's 'Unicode text' save: UTF-16 LE,
tab-separated; BE too) is read, its Vietnamese intact, a block at a time as UTF-8 is; it was
refused as 'not UTF-8 text'. A file in neither encoding is refused in one line naming the
file and the encodings read."""

from __future__ import annotations

import codecs
import csv
import io
import types
from pathlib import Path

import pytest

from staffsim.scenarios import tables
from staffsim.scenarios.errors import ScenarioError

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli

ROWS = [["official_id", "to_commune", "full_name"],
        ["14797-011", "Tam Chung", "Trần Ngọc Vinh"],
        ["14797-007", "Mường Lát", "Nguyễn Kim Thảo"],
        ["16531-086", "Pù Nhi", "Lê Thị Hằng"]]
TSV = "".join("\t".join(r) + "\r\n" for r in ROWS)  # as Excel writes 'Unicode text'


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                            (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_a_byte_order_mark_is_read_with_its_diacritics(tmp_path, bom, codec):
    path = tmp_path / "plan.csv"  # (Excel names it .txt; a planner renames it .csv)
    path.write_bytes(bom + TSV.encode(codec))
    col, body = tables.read_table(path, ("official_id", "to_commune"), ("full_name",))
    assert [[row[col[c]] for c in ("official_id", "to_commune", "full_name")]
            for _n, row in body] == ROWS[1:]
    assert [n for n, _row in body] == [2, 3, 4]


def test_a_utf16_plan_is_evaluated_as_its_utf8_copy(tmp_path, capsys):
    from ..conftest import SCENARIOS

    rows = [["official_id", "to_commune"], ["14797-011", "Tam Chung"],
            ["14797-007", "Tam Chung"]]
    text = "".join("\t".join(r) + "\r\n" for r in rows)
    (tmp_path / "u8.csv").write_text(text, encoding="utf-8")
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))  # (its BOM, the machine's order)
    outs = []
    for name in ("u8.csv", "u16.csv"):
        code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"), "--plan",
                                 str(tmp_path / name), "--lang", "en")
        assert code in (0, 1), err
        outs.append(out.replace(name, "PLAN"))
    assert outs[0] == outs[1]
    assert "in 2 moves" in outs[1]


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


def test_a_utf16_table_over_its_limit_is_refused_after_one_row_over(tmp_path, monkeypatch,
                                                                     counted_csv):
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", "50")
    path = tmp_path / "plan.csv"
    path.write_bytes(("official_id\tto_commune\r\n" + "".join(
        f"a{i}\tXã Ả{i}\r\n" for i in range(5000))).encode("utf-16"))
    with pytest.raises(ScenarioError, match="more than 50 data rows"):
        tables.read_table(path, ("official_id", "to_commune"))
    assert len(counted_csv) <= 1 + 50 + 1  # the header and 51 data rows: no more is read


def test_a_utf16_file_is_decoded_as_it_streams(tmp_path, monkeypatch):
    """No more of the file is read than the lines taken: a few blocks of a 5 MB file refused
    at its 51st row (the line ends counted before, a block at a time, left out here)."""
    monkeypatch.setenv("STAFFSIM_MAX_ROWS", "50")
    monkeypatch.setattr(tables, "_line_count", lambda path: 0)
    path = tmp_path / "plan.csv"
    path.write_bytes(("official_id\tto_commune\r\n" + "".join(
        f"a{i}\tXã Ả{i}\r\n" for i in range(200_000))).encode("utf-16"))
    read = []

    class Raw(io.FileIO):
        def readinto(self, b):
            n = super().readinto(b)
            read.append(n or 0)
            return n

    def counting_open(file, mode="r", encoding=None, newline=None):
        buffer = io.BufferedReader(Raw(file, "rb"))
        return buffer if "b" in mode else io.TextIOWrapper(buffer, encoding=encoding,
                                                            newline=newline)

    monkeypatch.setattr(tables, "open", counting_open, raising=False)

    def whole(*_a, **_k):
        raise AssertionError("the file was read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    monkeypatch.setattr(Path, "read_text", whole)
    with pytest.raises(ScenarioError, match="more than 50 data rows"):
        tables.read_table(path, ("official_id", "to_commune"))
    assert 0 < sum(read) < 100_000 < path.stat().st_size


@pytest.mark.parametrize(("content", "said"), [
    # half a character at the end: the BOM, then 'a,b\r\n' (10 bytes), then one byte
    (codecs.BOM_UTF16_LE + "a,b\r\n".encode("utf-16-le") + b"x",
     "not UTF-16 text, though it begins with UTF-16's byte order mark (truncated data at byte "
     "10)"),
    # a lone high surrogate after 'a,b\n' (8 bytes)
    (codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le") + b"\x00\xd8" + "c\n".encode("utf-16-le"),
     "not UTF-16 text, though it begins with UTF-16's byte order mark (illegal UTF-16 "
     "surrogate at byte 8)"),
    ("a,b\n".encode("utf-32"), "UTF-32 text"),
    ("a,b\n".encode("utf-16-le"), "UTF-16 text without a byte order mark"),
    ("a,b\n".encode("utf-16-be"), "UTF-16 text without a byte order mark"),
    (b"a,b\n\xe1\xba,c\n", "not UTF-8 text (invalid continuation byte at byte 4)"),
])
def test_a_file_in_neither_encoding_is_refused_in_one_line(tmp_path, content, said):
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as e:
        tables.read_table(path, ("a",))
    assert str(e.value) == (f"{path}: {said}" + ("" if said.endswith(")") else "") + "; the "
                            "encodings read are UTF-8 and UTF-16 with a byte order mark: save "
                            "it as CSV UTF-8, as Unicode text or as .xlsx")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "communes.csv: not UTF-16 text, though it begins with UTF-16's byte order mark "
           "(truncated data at byte 10); the encodings read are UTF-8 and UTF-16 with a byte "
           "order mark: save it as CSV UTF-8, as Unicode text or as .xlsx"),
    ("vi", "communes.csv: không phải văn bản UTF-16 dù bắt đầu bằng dấu thứ tự byte (BOM) của "
           "UTF-16 (dữ liệu bị cắt cụt tại byte 10); các bảng mã đọc được là UTF-8 và UTF-16 có "
           "dấu thứ tự byte (BOM): hãy lưu thành CSV UTF-8, Unicode Text hoặc .xlsx"),
])
def test_the_refusal_is_one_line_in_both_languages(tmp_path, capsys, lang, said):
    path = write_scenario(tmp_path)
    (tmp_path / "communes.csv").write_bytes(codecs.BOM_UTF16_LE
                                            + "a,b\r\n".encode("utf-16-le") + b"x")
    code, out, err = run_cli(capsys, "validate", str(path), "--lang", lang)
    assert not out
    assert_one_line_error(code, err, said)
