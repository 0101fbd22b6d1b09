"""--set values that are inline tables or lists, with numbers as a Vietnamese planner writes
them (1,75; 26.000.000.000). Inside an inline table a comma separates 'key = value' items,
so a comma not followed by one is a decimal comma: each item is read as if given alone
(``--set KEY.ITEM=VALUE``). Inside a list a comma separates the items, so '[1,75]' is two
numbers, as TOML reads it, and a list TOML cannot read is refused saying why."""

from __future__ import annotations

import pytest

from staffsim.cli.common import overrides_from
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import run_cli

THANH_HOA = str(SCENARIOS / "thanh_hoa.toml")


def test_numbers_in_an_inline_table_read_as_on_their_own():
    """Before: '{high_mountain=1,75}' was no TOML, so the whole text was passed on and
    refused ('Input should be a valid dictionary ... (got '{high_mountain=1,75}')')."""
    got = dict(overrides_from(
        ("optimizer.allowance.zone_multiple={high_mountain=1,75, mountain=1.25}",
         "optimizer.constraints={budget.vnd=26.000.000.000, max_distance={km=120}}")))
    assert got == {"optimizer.allowance.zone_multiple.high_mountain": 1.75,
                   "optimizer.allowance.zone_multiple.mountain": 1.25,
                   "optimizer.constraints.budget.vnd": 26_000_000_000,
                   "optimizer.constraints.max_distance.km": 120}


def test_an_ambiguous_number_in_an_inline_table_is_refused_as_on_its_own():
    """'26.000' is 26,000 to a Vietnamese reader and 26 to TOML: alone it was refused naming
    both; inside a table TOML read it as 26 VND, unsaid."""
    for pair in ("optimizer.constraints.budget.vnd=26.000",
                 "optimizer.constraints.budget={vnd=26.000}"):
        with pytest.raises(ScenarioError) as e:
            overrides_from((pair,))
        assert "reads two ways" in str(e.value) and "26,000" in str(e.value), pair


def test_text_in_an_inline_table_keeps_its_commas_and_equals_signs():
    got = dict(overrides_from(('province={name="Xã A, B = C", provinces=["38", "40"]}',)))
    assert got == {"province.name": "Xã A, B = C", "province.provinces": ["38", "40"]}


def test_a_comma_in_a_list_separates_its_items():
    got = dict(overrides_from(("optimizer.allowance.distance_bands_km=[1,75]",)))
    assert got == {"optimizer.allowance.distance_bands_km": [1, 75]}


@pytest.mark.parametrize("value", ["[1.000.000, 2.000.000]", "[1,5; 2]", "[1,5, 2.000.000]"])
def test_a_list_toml_cannot_read_is_refused_saying_why(capsys, value):
    """Before: 'Input should be a valid list (got ...)', not saying that a list's numbers
    are TOML's."""
    key = "optimizer.allowance.distance_band_vnd"
    code, out, err = run_cli(capsys, "validate", THANH_HOA, "--lang", "en", "--set",
                             f"{key}={value}")
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"staffsim: error: command line: {key}: '{value}' is not a "
                               "list as TOML writes one: inside [...] a comma separates "
                               "the items"), err
    assert f"e.g. --set '{key}=[1.75, 26_000_000_000]'" in lines[0]


@pytest.mark.parametrize("value", ["[1,2", "[1,2]]", "[1, 2}", "['a, 2]", "[{a=1]"])
def test_a_list_whose_brackets_do_not_pair_is_said_so_not_given_number_advice(capsys, value):
    """'[1,2' (a ']' forgotten) was told that numbers in a list are written 1.75 not 1,75:
    advice for another slip."""
    key = "optimizer.allowance.distance_bands_km"
    code, out, err = run_cli(capsys, "validate", THANH_HOA, "--lang", "en", "--set",
                             f"{key}={value}")
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert lines == [f"staffsim: error: command line: {key}: {value!r} is not a list as TOML "
                     f"writes one: its brackets or quotes do not pair up (e.g. --set "
                     f"'{key}=[1, 2]')"], err


def test_an_inline_table_under_a_quoted_key_sets_that_key(capsys):
    """'sweep.levers."optimizer.constraints.budget.vnd"={range=[...]}' set
    sweep.levers.optimizer.constraints.budget.vnd.range: the quotes were lost, and the key
    was refused as unknown."""
    key = 'sweep.levers."optimizer.constraints.budget.vnd"'
    got = dict(overrides_from((f"{key}={{range=[20e9, 50e9]}}",)))
    assert got == {f"{key}.range": [20e9, 50e9]}
    code, out, err = run_cli(capsys, "validate", THANH_HOA, "--lang", "en", "--set",
                             f"{key}={{range=[20.000.000.000, 50e9]}}")
    assert code == 2 and "is not a list as TOML writes one" in err, err
    code, out, err = run_cli(capsys, "validate", THANH_HOA, "--lang", "en", "--set",
                             f"{key}={{range=[20e9, 50e9]}}")
    assert code == 0, err
    assert ": ok (" in out


def test_the_list_refusal_is_in_the_commands_language(capsys):
    """It was in English inside Vietnamese output (no pattern in results.error_words)."""
    key = "optimizer.allowance.distance_band_vnd"
    code, out, err = run_cli(capsys, "validate", THANH_HOA, "--lang", "vi", "--set",
                             f"{key}=[1.000.000, 2.000.000]")
    assert code == 2 and not out
    [line] = err.strip().splitlines()
    assert line.startswith(f"staffsim: lỗi: dòng lệnh: {key}: '[1.000.000, 2.000.000]' không "
                           "phải là danh sách viết theo TOML: trong [...] dấu phẩy ngăn cách "
                           "các phần tử"), line
    assert f"(ví dụ --set '{key}=[1.75, 26_000_000_000]')" in line
    assert "is not a list" not in line
