"""Text that looks the same is the same: a commune or an official written in Unicode's
decomposed form (as some machines save Vietnamese), or with a zero-width space pasted in, is
the one written plainly in another table (a trial: such ids were read as other communes and
officials)."""

from __future__ import annotations

import unicodedata

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import COMMUNES_HEADER, write_scenario

COMMUNES = (COMMUNES_HEADER
            + "Mường-1,Xã Mường Lát,xa,high_mountain,5000,300,20.40,104.70,1\n"
            + "W1,Phường Một,phuong,lowland,60000,20,19.80,105.78,5\n")
ROSTER_HEADER = "official_id,commune_id,specialty,birth_year,leader,protected\n"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_a_commune_written_decomposed_or_with_a_zero_width_space_is_the_same(tmp_path):
    assert _nfd("Mường-1") != "Mường-1"  # (the test's premise: two spellings of the id)
    roster = (ROSTER_HEADER + f"a,{_nfd('Mường-1')},land,1980,false,false\n"
              + "b,W\u200b1,land,1985,false,false\n"
              + "c,\ufeffW1,office,1990,false,false\n")
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    sc = load_scenario(write_scenario(tmp_path, 'roster_csv = "roster.csv"\n',
                                      communes=COMMUNES))
    ids = sc.communes.ids
    assert ids == ["Mường-1", "W1"]
    assert [ids[c] for c in sc.roster.commune] == ["Mường-1", "W1", "W1"]
    assert sc.communes.names[0] == "Xã Mường Lát"


@pytest.mark.parametrize("twin", [_nfd("Mường-1"), "Mường\u200b-1"])
def test_two_communes_that_differ_only_in_invisible_marks_are_one_id_given_twice(tmp_path,
                                                                               twin):
    communes = COMMUNES + f"{twin},Xã Khác,xa,mountain,9000,150,20.10,105.30,2\n"
    with pytest.raises(ScenarioError, match="Mường-1"):
        load_scenario(write_scenario(tmp_path, communes=communes))


def test_two_officials_that_differ_only_in_invisible_marks_are_one_id_given_twice(tmp_path):
    roster = (ROSTER_HEADER + "Nguyễn-7,W1,land,1980,false,false\n"
              + f"{_nfd('Nguyễn-7')},W1,office,1985,false,false\n")
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    with pytest.raises(ScenarioError, match="Nguyễn-7"):
        load_scenario(write_scenario(tmp_path, 'roster_csv = "roster.csv"\n',
                                     communes=COMMUNES))


def test_a_commune_typed_decomposed_or_with_a_zero_width_space_is_found(tmp_path):
    from staffsim.scenarios.names import find_commune

    sc = load_scenario(write_scenario(tmp_path, communes=COMMUNES))
    for typed in (_nfd("Mường-1"), "\u200bMường-1", "Mường-1\ufeff"):
        assert find_commune(sc.communes, typed) == 0, typed


def test_an_official_typed_with_a_zero_width_space_is_kept_and_moved(capsys):
    # the checks found the official, the what-if's lines then looked the id up as typed:
    # 'internal error: KeyError' (a trial)
    from ..conftest import SCENARIOS
    from ..helpers import run_cli

    code, out, err = run_cli(capsys, "whatif", str(SCENARIOS / "demo.toml"), "--lang", "en",
                             "--keep", "14797-001\u200b",
                             "--move", f"14797-002\ufeff={_nfd('Mường Chanh')}")
    assert code == 0, err
    assert "Kept in post (--keep): Nguyễn Xuân Long (14797-001, Hạc Thành)" in out, out
    assert "(14797-002) Hạc Thành → Mường Chanh" in out, out
    assert "typed" not in out  # (the commune typed decomposed is the one named)
