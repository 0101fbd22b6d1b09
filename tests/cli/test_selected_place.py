"""Commands name the provinces a scenario selects (province.provinces), not the scenario's
own name: provinces 38 and 40 of the national scenario are Thanh Hóa and Nghệ An, not
'Vietnam (34 provinces)'. Province names and codes: the national table's province_code and
province columns (scenarios/data/vietnam_communes.csv), the official codes of 2025."""

import json

import pytest

from staffsim.cli import main
from staffsim.i18n import language
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

NATIONAL = str(SCENARIOS / "vietnam.toml")
NATIONAL_NAME = "Vietnam (34 provinces)"  # [province] name in vietnam.toml
TWO = 'province.provinces=["38", "40"]'
TWO_NAMES = "Tỉnh Thanh Hóa, Tỉnh Nghệ An"
ONE = 'province.provinces=["38"]'


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_more_than_three_provinces_are_counted_and_the_first_three_named():
    # four of the table's 34: 01 Hà Nội, 04 Cao Bằng, 08 Tuyên Quang, 11 Điện Biên (the
    # table's order); 'Thành phố' and 'Tỉnh' left out after the count
    sc = load_scenario(NATIONAL, {"province.provinces": ["11", "08", "04", "01"]})
    with language("en"):
        assert sc.place == "4 provinces (Hà Nội, Cao Bằng, Tuyên Quang, …)"
    with language("vi"):
        assert sc.place == "4 tỉnh, thành phố (Hà Nội, Cao Bằng, Tuyên Quang, …)"
    # five, among them 46 Thành phố Huế: 38 Thanh Hóa, 40 Nghệ An, 42 Hà Tĩnh come first
    sc = load_scenario(NATIONAL, {"province.provinces": ["38", "40", "42", "44", "46"]})
    with language("vi"):
        assert sc.place == "5 tỉnh, thành phố (Thanh Hóa, Nghệ An, Hà Tĩnh, …)"


def test_few_or_all_provinces_keep_their_words():
    assert load_scenario(NATIONAL, {"province.provinces": ["38", "40"]}).place == TWO_NAMES
    assert load_scenario(NATIONAL).place == NATIONAL_NAME  # no selection
    every = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31",
             "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68",
             "75", "79", "80", "82", "86", "91", "92", "96"]
    assert len(every) == 34
    assert load_scenario(NATIONAL, {"province.provinces": every}).place == NATIONAL_NAME


def test_run_and_compare_name_the_selected_provinces(tmp_path, capsys):
    code, _, err = run(capsys, "run", NATIONAL, "--set", TWO, "--months", "1", "--set",
                       "output.figures=false", "--out", str(tmp_path / "run"), "--lang", "en")
    assert code == 0, err
    first = err.strip().splitlines()[0]
    assert first.startswith(f"{TWO_NAMES}: 296 communes"), first
    assert NATIONAL_NAME not in err
    code, _, err = run(capsys, "compare", NATIONAL, "--set", TWO, "--policies", "none",
                       "--replications", "1", "--months", "1", "--set",
                       "output.figures=false", "--out", str(tmp_path / "cmp"), "--lang", "en")
    assert code == 0, err
    assert err.strip().splitlines()[0].startswith(f"{TWO_NAMES}: 1 arm x 1 replication x "
                                                  "1 month"), err


@pytest.mark.slow  # three commands plan Thanh Hóa: about 10 s
def test_plan_whatif_and_frontier_name_the_selected_province(tmp_path, capsys):
    out = tmp_path / "plan"
    code, text, err = run(capsys, "plan", NATIONAL, "--set", ONE, "--no-marginals",
                          "--out", str(out), "--lang", "en")
    assert code == 0, err
    assert text.splitlines()[0].startswith("Tỉnh Thanh Hóa: "), text
    # the one province's plan is Thanh Hóa's in plan_summary.json too (model.state)
    per = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in per["by_province"].values()] == ["Tỉnh Thanh Hóa"], per
    code, text, err = run(capsys, "whatif", NATIONAL, "--set", ONE, "--set",
                          "optimizer.constraints.max_distance.km=60", "--lang", "en")
    assert code == 0, err
    assert text.splitlines()[0].startswith("Tỉnh Thanh Hóa: the optimal plan"), text
    code, text, err = run(capsys, "frontier", NATIONAL, "--set", ONE, "--lever",
                          "optimizer.constraints.max_distance.km", "--range", "60:60:1",
                          "--workers", "1", "--set", "output.figures=false",
                          "--out", str(tmp_path / "fr"), "--lang", "en")
    assert code == 0, err
    assert text.splitlines()[0].startswith("Tỉnh Thanh Hóa: the optimal plan at each"), text
    assert NATIONAL_NAME not in text
