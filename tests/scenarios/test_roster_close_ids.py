"""A roster's commune id the communes table has not is said with the ids the planner may have
meant. The hint had no test, and difflib's likeness named codes alike in half their digits
('14779' got 14797 and 16549), and nothing for the slips a spreadsheet makes: a code of
digits whose leading zeros it dropped ('4' for '00004'), an id in another case ('w1' for
'W1'). The near misses below are made by hand from the table's ids."""

from __future__ import annotations

import pytest

from staffsim.scenarios.errors import InputErrors
from staffsim.scenarios.province import (
    CloseIds,
    _one_keystroke,
    read_communes,
    read_known_distances,
    read_roster,
)

from ..helpers import run_cli

COMMUNES = (
    "commune_id,name,kind,zone,population,area_km2,lat,lon,merged_units\n"
    "00004,Phường Một,phuong,lowland,60000,20,19.80,105.78,5\n"
    "00007,Phường Hai,phuong,lowland,30000,15,19.75,105.90,3\n"
    "14797,Xã Núi,xa,mountain,9000,150,20.10,105.30,2\n"
    "16549,Xã Cao,xa,high_mountain,5000,300,20.40,104.70,1\n"
    "W1,Xã Chữ,xa,high_mountain,5000,300,20.40,104.70,1\n"
)
IDS = ["00004", "00007", "14797", "16549", "W1"]

# typed -> what it may mean (by hand: one keystroke from, or a spreadsheet's rewriting of,
# the ids above; none for ids nothing is close to)
NEAR = {
    "14779": ["14797"],  # the last two digits swapped (16549 shares 3 digits: no typo)
    "1479": ["14797"],  # a digit missing
    "147970": ["14797"],  # a digit extra
    "14798": ["14797"],  # a digit wrong
    "16594": ["16549"],
    "00070": ["00007"],  # swapped (00004 differs in two digits)
    "w1": ["W1"],  # in another case
    "W2": ["W1"],
    "14797.0": ["14797"],  # a code read as a number and written back
    "4": ["00004"],  # its leading zeros dropped (as Excel does with a number)
    "7": ["00007"],
    "14.797": ["14797"],  # its thousands grouped, as a number column is exported
    "14,797": ["14797"],
    "16 549": ["16549"],
    "99999": [],  # nothing close: no suggestion at all
    "25813": [],
}


@pytest.mark.parametrize(("typed", "meant"), NEAR.items())
def test_the_ids_suggested_are_those_a_slip_gives(typed, meant):
    assert CloseIds(IDS)(typed)[0] == meant


def test_only_dropped_zeros_are_said_as_such():
    close = CloseIds(IDS)
    assert close("4") == (["00004"], True)
    assert close("14779") == (["14797"], False)


@pytest.mark.parametrize(("a", "b", "one"), [
    ("abc", "abd", True), ("abc", "acb", True), ("abc", "ab", True), ("ab", "abc", True),
    ("abc", "xbc", True), ("abc", "abc", False), ("abc", "cba", False), ("abcd", "badc", False),
    ("abc", "a", False), ("", "a", True), ("12345", "21354", False),
])
def test_one_keystroke(a, b, one):
    assert _one_keystroke(a, b) is one


def _roster(tmp_path, commune_ids: list[str]):
    (tmp_path / "communes.csv").write_text(COMMUNES, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(
        "official_id,commune_id,specialty,birth_year,leader,protected\n"
        + "".join(f"a{i},{c},office,1980,no,no\n" for i, c in enumerate(IDS))
        + "".join(f'b{i},"{c}",office,1980,no,no\n' for i, c in enumerate(commune_ids)),
        encoding="utf-8")
    return read_communes(tmp_path / "communes.csv"), tmp_path / "roster.csv"


def test_the_roster_reader_says_the_ids_meant(tmp_path):
    communes, path = _roster(tmp_path, list(NEAR))
    with pytest.raises(InputErrors) as e:
        read_roster(path, communes)
    said = {p.message.split("'")[1]: p.message for p in e.value.problems}
    assert set(said) == set(NEAR)
    for typed, meant in NEAR.items():
        message = said[typed]
        assert message.startswith(f"'{typed}' is not in the communes table")
        if meant:
            assert f"; closest: {', '.join(meant)}" in message, message
        else:
            assert "closest" not in message, message
    assert "leading zeros" in said["4"] and "leading zeros" not in said["14779"]


def test_a_roster_naming_one_unknown_commune_often_asks_once(tmp_path, monkeypatch):
    """A roster made for another province names its few communes on every row: each is
    looked at once (difflib was asked for every row: a million rows, a million times)."""
    communes, path = _roster(tmp_path, ["14779"] * 200 + ["16594"] * 200)
    asked = []
    real = CloseIds._close
    monkeypatch.setattr(CloseIds, "_close", lambda self, t: asked.append(t) or real(self, t))
    with pytest.raises(InputErrors) as e:
        read_roster(path, communes)
    assert len(e.value.problems) == 400
    assert sorted(asked) == ["14779", "16594"]


def test_a_distance_table_says_the_ids_meant_too(tmp_path):
    from staffsim.scenarios.province import read_distances

    communes, _path = _roster(tmp_path, [])
    table = tmp_path / "km.csv"
    table.write_text("from_id,to_id,km\n00004,14779,12\n", encoding="utf-8")
    with pytest.raises(InputErrors) as e:
        read_distances(table, communes)
    assert [p.message for p in e.value.problems] == [
        "'14779' is not in the communes table; closest: 14797"]


def test_known_distances_say_the_ids_meant_too(tmp_path):
    communes, _path = _roster(tmp_path, [])
    table = tmp_path / "known.csv"
    table.write_text("from_id,to_id,km\n4,14779,12\n", encoding="utf-8")
    with pytest.raises(InputErrors) as e:
        read_known_distances(table, communes)
    messages = [p.message for p in e.value.problems]
    assert any(m.startswith("'4' is not in the communes table; closest: 00004 (a "
                            "spreadsheet drops") for m in messages), messages
    assert "'14779' is not in the communes table; closest: 14797" in messages


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "roster.csv: row 7, column commune_id: '4' is not in the communes table; closest: "
           "00004 (a spreadsheet drops the leading zeros of a number: keep the column as text)"),
    ("vi", "roster.csv: dòng 7, cột Mã xã: '4' không có trong danh sách xã, phường; gần nhất: "
           "00004 (bảng tính bỏ các chữ số 0 ở đầu của một số: hãy để cột ở dạng văn bản)"),
])
def test_validate_says_it_in_both_languages(tmp_path, capsys, monkeypatch, lang, line):
    _roster(tmp_path, ["4", "w1"])
    (tmp_path / "t.toml").write_text('[province]\nname = "T"\ncommunes_csv = "communes.csv"\n'
                                     'roster_csv = "roster.csv"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "validate", "t.toml", "--lang", lang)
    assert code == 2 and not out
    lines = [ln.split(": ", 2)[2] for ln in err.strip().splitlines()]  # ('staffsim: error: ')
    assert lines[0] == line
    assert lines[1].endswith("W1")
