"""--set numbers and zones as a Vietnamese planner writes them. An HR officer of Thanh Hóa
was refused 'staffsim whatif scenarios/thanh_hoa.toml --set
optimizer.constraints.budget.vnd=26.000.000.000' ("không phải là số"), though staffsim
writes money as 15.840.000 đồng and its tables read thousands separators; so were
'zone_multiple.high_mountain=1,75' (the dashboard's own hint: "ví dụ 1,25"), '26 tỷ' and
'eligible_recipients.zones=vùng cao', the last with an English example. Expected values are
the numbers as written, read by hand."""

from __future__ import annotations

import csv
import re
import tomllib

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario, parse_value

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

THANH_HOA = str(SCENARIOS / "thanh_hoa.toml")
BUDGET = "optimizer.constraints.budget.vnd"  # VND
BAND = "optimizer.allowance.distance_threshold_vnd"  # VND / month
MULTIPLE = "optimizer.allowance.zone_multiple.high_mountain"  # x base salary
MONTHS = "optimizer.allowance.months"  # months, a whole number
MOVES = "optimizer.constraints.max_moves.moves"  # a whole number
ZONES = "optimizer.constraints.eligible_recipients.zones"


@pytest.mark.parametrize(("key", "text", "expected"), [
    (BUDGET, "26.000.000.000", 26_000_000_000),  # Vietnamese thousands
    (BUDGET, "26,000,000,000", 26_000_000_000),  # English thousands
    (BUDGET, "1.234.567,5", 1_234_567.5),
    (BUDGET, "1,234,567.5", 1_234_567.5),
    (BUDGET, "26 000 000 000", 26_000_000_000),
    (MULTIPLE, "1,75", 1.75),  # a decimal comma
    (MULTIPLE, "0,125", 0.125),
    (BUDGET, "26 tỷ", 26_000_000_000),
    (BUDGET, "26 tỉ", 26_000_000_000),
    (BUDGET, "1,5 tỷ", 1_500_000_000),
    (BUDGET, "1.5 tỷ đồng", 1_500_000_000),
    (BUDGET, "500 triệu", 500_000_000),
    (BAND, "300 nghìn", 300_000),
    (BAND, "300 ngàn", 300_000),
    (BAND, "15.840.000 đồng", 15_840_000),  # as staffsim writes money
    (MOVES, "1.200", 1200),  # a whole number: the only reading that is one
    (MOVES, "1,200", 1200),
    # TOML's values keep their meaning
    (BUDGET, "26e9", 26e9), (MULTIPLE, "1.75", 1.75), (MULTIPLE, "2", 2),
    (MULTIPLE, "0.125", 0.125), (BUDGET, "26_000_000_000", 26_000_000_000),
    # and so do the numbers Python writes that TOML does not ('.5', '1.')
    (MULTIPLE, ".5", 0.5), (MULTIPLE, "1.", 1.0),
])
def test_a_number_as_people_write_it_is_read(key, text, expected):
    value = parse_value(text, key)
    assert value == expected and not isinstance(value, str)
    assert isinstance(value, int) == (key == MOVES or "." not in text and "e" not in text
                                      and "," not in text and " " not in text)


def test_other_values_keep_their_toml_meaning():
    assert parse_value('"wisn"', "optimizer.rules") == "wisn"
    assert parse_value("[500000, 1000000]", "optimizer.allowance.distance_band_vnd") == [
        500000, 1000000]
    assert parse_value("true", "output.figures") is True
    assert parse_value("1.234") == 1.234  # no key: as before
    assert parse_value("abc", "simulation.nothing") == "abc"  # a key nothing lists


def _one_line(capsys, lang, *sets):
    args = [a for s in sets for a in ("--set", s)]
    return run_cli(capsys, "validate", THANH_HOA, *args, "--lang", lang)


@pytest.mark.parametrize(("text", "en", "vi"), [
    # 500.000 is half a million in Vietnamese, 500 in English: never guessed for money
    ("500.000", ["'500.000' reads two ways: 500,000 if '.' separates thousands, 500 if it is "
                 "the decimal mark; write 500000 or 500"],
     ["hai cách: 500.000 nếu '.' là dấu phân cách hàng nghìn, 500 nếu '.' là dấu thập phân",
      "hãy viết 500000 hoặc 500"]),
    ("26,000", ["26,000 if ',' separates thousands, 26 if it is the decimal mark"],
     ["26.000 nếu ',' là dấu phân cách hàng nghìn"]),
])
def test_an_ambiguous_amount_is_refused_naming_both_readings(capsys, text, en, vi):
    for lang, said in (("en", en), ("vi", vi)):
        code, _, err = _one_line(capsys, lang, f"{BUDGET}={text}")
        assert_one_line_error(code, err, BUDGET, *said)


def test_an_ambiguous_multiple_is_refused_with_an_unambiguous_spelling():
    with pytest.raises(ScenarioError) as e:
        parse_value("1,250", MULTIPLE)
    assert "1250 if ',' separates thousands, 1.25 if it is the decimal mark" in str(e.value)
    with pytest.raises(ScenarioError) as e:
        parse_value("1.125", MULTIPLE)
    # 1.1250 reads 1.125 in either language (no group of three after the mark)
    assert "write 1125 or 1.1250" in str(e.value)
    assert parse_value("1.1250", MULTIPLE) == parse_value("1,1250", MULTIPLE) == 1.125


def test_money_words_are_refused_for_a_key_that_is_no_amount(capsys):
    code, _, err = _one_line(capsys, "en", f"{MONTHS}=36 tỷ")
    assert_one_line_error(code, err, MONTHS, "'36 tỷ' is an amount of money, but this key "
                          "is in months; write a number, e.g. 36")
    code, _, err = _one_line(capsys, "vi", f"{MONTHS}=36 tỷ")
    assert_one_line_error(code, err, MONTHS, "'36 tỷ' là một số tiền, nhưng khóa này tính "
                          "bằng tháng; hãy viết một số, ví dụ: 36")
    code, _, err = _one_line(capsys, "vi", f"{MULTIPLE}=2 triệu")
    assert_one_line_error(code, err, "tính bằng lần mức lương cơ sở", "ví dụ: 1,75")


def test_a_bad_number_names_the_unit_and_an_example_in_the_language(capsys):
    code, _, err = _one_line(capsys, "en", f"{BUDGET}=26.000.000.000đ x")
    assert_one_line_error(code, err, BUDGET, "is not a number in VND; write e.g. "
                          "45,000,000,000 or 45e9 or 45 tỷ")
    code, _, err = _one_line(capsys, "vi", f"{BUDGET}=26 tỷ rưỡi")
    assert_one_line_error(code, err, BUDGET, "'26 tỷ rưỡi' không phải là số tính bằng đồng; "
                          "hãy viết, ví dụ: 45.000.000.000 hoặc 45e9 hoặc 45 tỷ")
    code, _, err = _one_line(capsys, "vi", f"{MULTIPLE}=1,7x")
    assert_one_line_error(code, err, "'1,7x' không phải là số tính bằng lần mức lương cơ "
                          "sở; hãy viết, ví dụ: 1,75")
    code, _, err = _one_line(capsys, "vi", "optimizer.allowance.base_salary_vnd=lương")
    assert_one_line_error(code, err, "tính bằng đồng/tháng", "2.340.000 hoặc 2.34e6")


def test_every_unit_of_a_number_key_has_vietnamese_words():
    from staffsim.i18n import gettext
    from staffsim.results.error_words import SET_UNITS
    from staffsim.scenarios.loader import _set_spec
    from staffsim.scenarios.params import leaf_keys

    units = {s.unit for s in map(_set_spec, leaf_keys())
             if s is not None and s.unit and s.kind != "zones"}
    assert "VND" in units and "x base salary" in units  # (the keys were found)
    missing = sorted(u for u in units if u not in SET_UNITS
                     or gettext(SET_UNITS[u], "vi") == u and u not in ("FTE", "km"))
    assert missing == []


@pytest.mark.parametrize(("text", "expected"), [
    ("vùng cao", ["high_mountain"]),
    ("miền núi, vùng cao", ["mountain", "high_mountain"]),
    ('["vùng cao", "miền núi"]', ["high_mountain", "mountain"]),
    ('["Đồng bằng"]', ["lowland"]),
    ("lowland", ["lowland"]),
    ('["mountain"]', ["mountain"]),
])
def test_zones_by_their_vietnamese_names(text, expected):
    params = load_scenario(THANH_HOA, {ZONES: parse_value(text, ZONES)}).params
    assert params.optimizer.constraints.eligible_recipients.zones == expected


def test_a_zone_of_no_name_is_refused_with_an_example_in_the_language(capsys):
    code, _, err = _one_line(capsys, "vi", f"{ZONES}=vùng caoo")
    assert_one_line_error(code, err, ZONES, "không phải là vùng (nhận được 'vùng caoo')",
                          "đồng bằng, miền núi, vùng cao", 'ví dụ ["miền núi", "vùng cao"]')
    assert "lowland\", \"mountain\"]" not in err
    code, _, err = _one_line(capsys, "vi", f"{ZONES}=5")
    assert_one_line_error(code, err, 'phải là một danh sách vùng, ví dụ ["miền núi", '
                          '"vùng cao"] (nhận được 5)')
    code, _, err = _one_line(capsys, "en", f"{ZONES}=[\"hills\"]")
    assert_one_line_error(code, err, "is not a zone (got 'hills'); allowed: lowland, "
                          "mountain, high_mountain or their Vietnamese names")


def _plan(folder):
    with open(folder / "plan.csv", encoding="utf-8") as f:
        return sorted(map(tuple, csv.reader(f)))


def test_a_plan_with_a_vietnamese_budget_reproduces_the_plan_with_toml_s(tmp_path, capsys):
    """The folder's scenario.toml holds the number read (1e9), not the text typed, and a plan
    on it is the plan of --set ...=1e9."""
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 3\nseed = 5\n")
    plans = {}
    for name, text in (("vi", "1.000.000.000"), ("words", "1 tỷ"), ("toml", "1e9")):
        out = tmp_path / name
        code, _, err = run_cli(capsys, "plan", str(scenario), "--no-marginals", "--set",
                               f"{BUDGET}={text}", "--out", str(out))
        assert code == 0, err
        written = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))
        assert written["optimizer"]["constraints"]["budget"]["vnd"] == 1e9
        plans[name] = _plan(out)
    replay = tmp_path / "replay"
    code, _, err = run_cli(capsys, "plan", str(tmp_path / "vi" / "scenario.toml"),
                           "--no-marginals", "--out", str(replay))
    assert code == 0, err
    assert len(plans["toml"]) > 1  # (a header and some moves)
    assert plans["vi"] == plans["words"] == plans["toml"] == _plan(replay)


def test_short_names_and_scenario_files_take_the_same_spellings(tmp_path):
    assert parse_value("26.000.000.000", "optimizer.budget_vnd") == 26_000_000_000
    params = load_scenario(THANH_HOA, {"optimizer.recipient_zones": parse_value(
        "vùng cao", "optimizer.recipient_zones")}).params
    assert params.optimizer.constraints.eligible_recipients.zones == ["high_mountain"]
    # a scenario file's list of zones takes the tables' Vietnamese names too
    path = write_scenario(tmp_path, '[roster]\ncarry_over_zones = ["Vùng cao", "miền núi"]\n')
    assert load_scenario(path).params.roster.carry_over_zones == ["high_mountain", "mountain"]


ZONE_WORDS = ("lowland", "mountain", "đồng bằng", "miền núi", "vùng cao")


@pytest.mark.parametrize(("key", "text", "kind"), [
    ("optimizer.allowance.distance_band_vnd", "1,75", "amounts"),
    ("optimizer.allowance.distance_bands_km", "10", "km"),
    ("optimizer.constraints.eligible_recipients.pool_kinds", "department", "kinds"),
    ("roster.officials_per_old_unit", "5", "counts"),
])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_list_given_without_brackets_gets_an_example_of_its_own_field(capsys, key, text,
                                                                         kind, lang):
    """The trial: '--set optimizer.allowance.distance_band_vnd=1,75' was refused with 'e.g.
    ["lowland", "mountain"]', a zone list, whatever the field. The example is now of the
    field's own values, and the example itself is a value the field takes."""
    code, _, err = _one_line(capsys, lang, f"{key}={text}")
    assert_one_line_error(code, err, key)
    assert not any(z in err for z in ZONE_WORDS), err
    example = re.search(r"(\[[^\]]*\])", err.split(key, 1)[1])[1]
    values = tomllib.loads(f"v = {example}")["v"]
    if kind == "amounts":  # amounts in đồng, as the allowance bands pay them
        assert all(isinstance(v, int) and v >= 100_000 for v in values), example
    elif kind in ("km", "counts"):
        assert all(isinstance(v, int) and 0 < v < 1000 for v in values), example
    else:
        assert values and set(values) <= {"department", "party_front"}, example
    # what the example says is taken (the bands' two lists go together: one amount a band,
    # and the two examples are of one length)
    pair = {"optimizer.allowance.distance_band_vnd": "optimizer.allowance.distance_bands_km",
            "optimizer.allowance.distance_bands_km": "optimizer.allowance.distance_band_vnd"}
    given = {key: values}
    if key in pair:
        from staffsim.results.error_words import list_example

        given[pair[key]] = tomllib.loads(f"v = {list_example(pair[key])}")["v"]
    load_scenario(THANH_HOA, given)
