"""A sweep factor's value that the scenario refuses is named as people write a number (15e9 is
15,000,000,000; 12.5 in Vietnamese is 12,5), not Python's repr (15000000000.0, and in
Vietnamese 15.000.000.000,0)."""

from __future__ import annotations

import pytest

from staffsim.experiments.sweep import plan_sweep
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli

BUDGET = "optimizer.constraints.budget.vnd"
MULTIPLE = "optimizer.allowance.zone_multiple.high_mountain"


def _sweep(tmp_path, key: str, low: str, high: str):
    return write_scenario(tmp_path, f"""[sweep]
design = "factorial"
samples = 2
replications = 1
months = 12

[sweep.levers."{key}"]
range = [{low}, {high}]
""")


def test_a_refused_budget_is_written_grouped_without_a_decimal_point(tmp_path):
    path = _sweep(tmp_path, BUDGET, "-15e9", "60e9")
    with pytest.raises(ScenarioError) as e:
        plan_sweep(load_scenario(path))
    assert e.value.where == f"sweep.levers.{BUDGET}"
    # -15e9 VND by hand: minus fifteen billion
    assert e.value.message.startswith("value -15,000,000,000 is not allowed: ")
    assert "15000000000" not in str(e.value)


def test_a_refused_text_value_stays_quoted(tmp_path):
    path = write_scenario(tmp_path, """[sweep]
design = "factorial"
samples = 1
replications = 1
months = 12

[sweep.levers."optimizer.rules"]
values = ["wisn", "no_such_rules"]
""")
    with pytest.raises(ScenarioError) as e:
        plan_sweep(load_scenario(path))
    assert e.value.message.startswith("value 'no_such_rules' is not allowed: ")


def test_the_line_in_english(tmp_path, capsys):
    path = _sweep(tmp_path, BUDGET, "-15e9", "60e9")
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, f"sweep.levers.{BUDGET}: value -15,000,000,000 is not "
                          "allowed")
    assert ".0 " not in err


def test_the_line_in_vietnamese(tmp_path, capsys):
    path = _sweep(tmp_path, BUDGET, "-15e9", "60e9")
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "vi")
    # Vietnamese groups thousands with '.', and 15e9 has no decimals to write
    assert_one_line_error(code, err, "giá trị -15.000.000.000 không hợp lệ")
    assert "15.000.000.000,0" not in err


def test_a_decimal_in_vietnamese_has_a_decimal_comma(tmp_path, capsys):
    # a zone multiple below 0 (scenarios.params.ByZone: ge=0); its decimals are kept
    path = _sweep(tmp_path, MULTIPLE, "-2.5", "1.5")
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "vi")
    assert_one_line_error(code, err, "giá trị -2,5 không hợp lệ")
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, "value -2.5 is not allowed")
