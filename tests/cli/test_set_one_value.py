"""A --set value is exactly one value (a hostile trial): 'simulation.months=2<newline>
simulation.seed=3' ran 2 months and dropped the seed without a word, while 'simulation.seed=
5<newline>3' was refused; and 'simulation.seed=5 3' became seed 53, the space read as a
thousands separator. A control character (Unicode's Cc: line break, tab, escape) in a --set
is refused in one line; a space in a number only separates its thousands."""

import pytest

from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize("given", [
    "simulation.months=2\nsimulation.seed=3",  # (was: 2 months, the seed dropped)
    "simulation.seed=5\n3",
    "simulation.seed=5\t3",
    "simulation.seed=5\r",
    "simulation.months=2\x1b",
])
def test_a_control_character_in_set_is_refused(capsys, given):
    code, out, err = run_cli(capsys, "validate", DEMO, "--set", given, "--lang", "en")
    assert_one_line_error(code, err, "staffsim: error: command line: --set: ",
                          "holds a line break, a tab or another control character; give "
                          "each KEY=VALUE on one line, in its own --set")
    assert "ok" not in out
    code, out, err = run_cli(capsys, "validate", DEMO, "--set", given, "--lang", "vi")
    assert_one_line_error(code, err, "staffsim: lỗi: dòng lệnh: --set: ",
                          "có dấu xuống dòng, dấu tab hoặc ký tự điều khiển khác")


@pytest.mark.parametrize("given", ["simulation.seed=5 3", "simulation.seed=12 34",
                                   "optimizer.budget_vnd=2 6 tỷ",
                                   "simulation={months=2, seed=5 3}"])
def test_a_space_that_does_not_separate_thousands_is_refused(capsys, given):
    code, out, err = run_cli(capsys, "validate", DEMO, "--set", given, "--lang", "en")
    assert_one_line_error(code, err, "staffsim: error: command line: ",
                          "is not one number: a space in a number may only separate its "
                          "thousands")
    code, out, err = run_cli(capsys, "validate", DEMO, "--set", given, "--lang", "vi")
    assert_one_line_error(code, err, "staffsim: lỗi: dòng lệnh: ", "không phải một số")


@pytest.mark.parametrize("given,key,value", [
    ("simulation.seed=5 300", "simulation.seed", 5300),
    ("optimizer.budget_vnd=26 000 000 000", "optimizer.budget_vnd", 26e9),
    ("optimizer.budget_vnd=26 tỷ", "optimizer.budget_vnd", 26e9),
    ("optimizer.budget_vnd=1 500 tỷ", "optimizer.budget_vnd", 1.5e12),
])
def test_spaces_between_thousands_still_read(given, key, value):
    from staffsim.cli.common import overrides_from

    assert overrides_from((given,))[key] == value
    # and the scenario takes it
    load_scenario(SCENARIOS / "demo.toml", overrides_from((given,)))
