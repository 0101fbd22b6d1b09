"""--set keys are TOML dotted keys: a quoted part is one key and may hold dots. A sweep's
factors are named by quoted keys (``[sweep.uncertainties."workload.intensity"]`` in
scenarios/thanh_hoa.toml), and ``--set 'sweep.uncertainties."workload.intensity".range=...'``
was split at every dot, ending in "unknown key ... allowed here: " with nothing listed. An
unknown key inside a table's entry now lists the entry's own keys; a key no section lists is
"unknown key" without an empty list."""

from __future__ import annotations

import tomllib

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import _describe, load_scenario, set_dotted

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

THANH_HOA = SCENARIOS / "thanh_hoa.toml"
QUOTED = 'sweep.uncertainties."workload.intensity".range'


@pytest.mark.parametrize("key", [
    QUOTED,
    "sweep.uncertainties.'workload.intensity'.range",  # a literal string
    'sweep . uncertainties . "workload.intensity" . range',  # spaces around the dots
    'sweep.levers."optimizer.constraints.budget.vnd".label',
    '"a.b"',
    '"a\\u002eb".c',  # an escape: \u002e is a dot
    "'a\\b'.c",  # a literal string keeps its backslash
    '"".x',  # an empty quoted key
    "simulation.months",
    "province.by_province.38.name",
])
def test_a_key_is_split_as_toml_splits_it(key):
    # the TOML reader itself is the reference: `key = 1` in a file
    expected = tomllib.loads(f"{key} = 1")
    data: dict = {}
    set_dotted(data, key, 1)
    assert data == expected


def test_the_quoted_factor_key_reaches_the_factor():
    data: dict = {}
    set_dotted(data, QUOTED, [0.9, 1.1])
    assert data == {"sweep": {"uncertainties": {"workload.intensity": {"range": [0.9, 1.1]}}}}


def test_a_short_name_is_still_its_full_key():
    data: dict = {}
    set_dotted(data, "optimizer.budget_vnd", 5)
    assert data == {"optimizer": {"constraints": {"budget": {"vnd": 5}}}}


def test_a_quoted_factor_set_on_the_command_line_changes_that_factor_only():
    params = load_scenario(THANH_HOA, {QUOTED: [0.9, 1.1]}).params
    factor = params.sweep.uncertainties["workload.intensity"]
    assert factor.range == [0.9, 1.1]
    assert factor.label == "workload intensity"  # the file's own label kept
    # the file's other factors are as the file gives them
    assert params.sweep.uncertainties["dynamics.attrition_annual"].range == [0.015, 0.06]
    assert set(params.sweep.uncertainties) == {"dynamics.attrition_annual",
                                               "workload.intensity",
                                               "transfers.km_attrition_per_100km"}


def test_the_quoted_key_is_accepted_by_staffsim_validate(capsys):
    code, out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--set",
                             f"{QUOTED}=[0.9,1.1]", "--lang", "en")
    assert code == 0, err
    assert ": ok (" in out


@pytest.mark.parametrize("key", ['sweep.uncertainties."workload.intensity.range',
                                 'sweep.uncertainties"workload.intensity".range',
                                 "sweep.uncertainties.'workload.intensity.range"])
def test_a_quote_not_closed_or_out_of_place_is_one_line(capsys, key):
    code, _out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--set",
                              f"{key}=[0.9,1.1]", "--lang", "en")
    assert_one_line_error(code, err, f"command line: {key}: not a dotted key",
                          QUOTED)


def test_a_quote_not_closed_is_one_line_in_vietnamese(capsys):
    key = 'sweep.uncertainties."workload.intensity.range'
    code, _out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--set",
                              f"{key}=[0.9,1.1]", "--lang", "vi")
    assert_one_line_error(code, err, "dòng lệnh:", "dấu ngoặc kép chưa đóng", QUOTED)


# "allowed here:" followed by nothing

def test_an_unknown_key_inside_a_factor_lists_the_factor_s_keys(capsys):
    # the key unquoted: workload is read as the factor and intensity as its key
    code, _out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--set",
                              "sweep.uncertainties.workload.intensity.range=[0.9,1.1]",
                              "--lang", "en")
    # a factor's keys (scenarios.params.FactorParams): integer, label, range, values
    assert_one_line_error(code, err, "sweep.uncertainties.workload.intensity: unknown key",
                          "allowed here: integer, label, range, values")


def test_an_unknown_key_no_section_lists_has_no_empty_list():
    # a province's own overrides are a free table: nothing to list
    error = {"type": "extra_forbidden", "loc": ("province", "by_province", "38", "x", "y"),
             "msg": "Extra inputs are not permitted", "input": 1}
    key, message = _describe(error)
    assert key == "province.by_province.38.x.y"
    assert "allowed here" not in message and message.startswith("unknown key")


def test_unknown_key_alone_is_worded_in_vietnamese():
    from staffsim.results.error_words import error_line
    from staffsim.results.words import Words

    line = error_line(Words("vi"), ScenarioError("command line", "a.b", "unknown key"))
    assert line == "dòng lệnh: a.b: khóa không tồn tại"
    line = error_line(Words("vi"), ScenarioError("command line", "a.b",
                                                 "unknown key; did you mean a.c or a.d?"))
    assert line == "dòng lệnh: a.b: khóa không tồn tại; có phải là a.c hoặc a.d?"
