"""optimizer.constraints.deadline.date (short: optimizer.deadline) is a date: a TOML date
(2025-12-31) or the text "2025-12-31". A number was read as seconds since 1970 (0 was accepted
as 01/01/1970) or refused in pydantic's English ("Datetimes provided to dates should have zero
time", for 20251231); now a number, or anything else, is refused in one line naming the field
and what is allowed, in English and Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario, resolved_toml, validate_params

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli

FIELD = "optimizer.constraints.deadline.date"
ALLOWED = 'allowed: a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-12-31 or "31/12/2025"'
LAST_DAY = dt.date(2025, 12, 31)  # Công văn 171's deadline


def _deadline(params) -> dt.date | None:
    return params.optimizer.constraints.deadline.date


# the forms the README and the tests already use stay accepted

@pytest.mark.parametrize("body", [
    "[optimizer.constraints.deadline]\ndate = 2025-12-31\n",  # a TOML date
    '[optimizer.constraints.deadline]\ndate = "2025-12-31"\n',
])
def test_a_toml_date_or_iso_text_in_the_file_is_the_deadline(tmp_path, body):
    # (the short key optimizer.deadline is a --set name; a file gives the full key)
    assert _deadline(load_scenario(write_scenario(tmp_path, body)).params) == LAST_DAY


@pytest.mark.parametrize("value", [LAST_DAY, "2025-12-31"])
@pytest.mark.parametrize("key", [FIELD, "optimizer.deadline"])  # the README's short key
def test_a_date_or_iso_text_given_as_override_is_the_deadline(tiny, key, value):
    assert _deadline(load_scenario(tiny, {key: value}).params) == LAST_DAY


def test_no_deadline_by_default_and_a_resolved_scenario_reads_back(tiny):
    assert _deadline(load_scenario(tiny).params) is None
    params = load_scenario(tiny, {"optimizer.deadline": LAST_DAY}).params
    # the resolved scenario (written to every result folder) writes the date as text
    import tomllib

    again = validate_params(tomllib.loads(resolved_toml(params)), "resolved")
    assert _deadline(again) == LAST_DAY


# numbers are refused, whatever they look like

@pytest.mark.parametrize("value", [0, 20251231, 1735603200, 1735603200.0, 2025.5])
def test_a_number_is_refused_naming_the_field_and_what_is_allowed(tiny, value):
    with pytest.raises(ScenarioError) as e:
        load_scenario(tiny, {"optimizer.deadline": value})
    assert e.value.where == "optimizer.deadline"  # named as given (its short name)
    assert e.value.message.startswith(f"a date is required, not a number; {ALLOWED}")
    assert "Datetimes" not in str(e.value)


@pytest.mark.parametrize("value", ["0", "20251231", "31.12.2025", "2025-02-30", True, [],
                                   dt.datetime(2025, 12, 31, 10, 0)])
def test_other_values_are_refused_too(tiny, value):
    with pytest.raises(ScenarioError) as e:
        load_scenario(tiny, {FIELD: value})
    assert e.value.where == FIELD
    assert e.value.message.startswith(f"a date is required; {ALLOWED}")


def test_a_date_and_time_is_quoted_as_written_not_as_python_writes_it(tiny):
    with pytest.raises(ScenarioError) as e:
        load_scenario(tiny, {FIELD: dt.datetime(2025, 12, 31, 10, 0)})
    assert e.value.message.endswith("(got '2025-12-31T10:00:00')")


def test_a_number_in_the_file_names_the_file(tmp_path, capsys):
    path = write_scenario(tmp_path, "[optimizer.constraints.deadline]\ndate = 0\n")
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, f"{path}: {FIELD}: a date is required, not a number",
                          ALLOWED, "(got 0)")


@pytest.mark.parametrize("setting", [f"{FIELD}=0", f"{FIELD}=20251231",
                                     "optimizer.deadline=20251231"])
def test_a_number_given_with_set_is_one_line_in_english(tiny, capsys, setting):
    code, _out, err = run_cli(capsys, "validate", str(tiny), "--set", setting, "--lang", "en")
    key = setting.split("=")[0]  # the key as given: the full one or its short name
    assert_one_line_error(code, err, f"command line: {key}: a date is required, not a "
                          "number", ALLOWED)
    assert "Datetimes" not in err and "1970" not in err


def test_a_number_given_with_set_is_one_line_in_vietnamese(tiny, capsys):
    code, _out, err = run_cli(capsys, "validate", str(tiny), "--set", f"{FIELD}=20251231",
                              "--lang", "vi")
    # the catalogue's words; the number as Vietnamese groups it (20.251.231)
    assert_one_line_error(code, err, f"dòng lệnh: {FIELD}: cần một ngày, không phải một số",
                          '2025-12-31 hoặc "31/12/2025"', "(nhận được 20.251.231)")
    assert "allowed" not in err and "Datetimes" not in err


def test_a_text_that_is_no_date_is_one_line_in_vietnamese(tiny, capsys):
    code, _out, err = run_cli(capsys, "validate", str(tiny), "--set",
                              'optimizer.deadline="31.12.2025"', "--lang", "vi")
    assert_one_line_error(code, err, "dòng lệnh: optimizer.deadline: cần một ngày; hợp lệ:",
                          "(nhận được '31.12.2025')")


# as Vietnamese documents write a date (Công văn 171: 31/12/2025): an HR trial's was refused

@pytest.mark.parametrize(("text", "day"), [("31/12/2025", LAST_DAY), ("1/7/2025",
                                                                      dt.date(2025, 7, 1))])
def test_a_date_written_day_month_year_is_the_deadline(text, day):
    assert _deadline(validate_params({"optimizer": {"constraints": {"deadline": {
        "date": text}}}}, "s.toml")) == day


def test_no_such_day_written_day_month_year_is_refused():
    with pytest.raises(ScenarioError, match="a date is required"):
        validate_params({"optimizer": {"constraints": {"deadline": {"date": "30/02/2025"}}}},
                        "s.toml")


def test_a_past_deadline_is_said_as_what_stops_every_move(capsys):
    """A variant whose deadline is before the plan's month moves nobody, and says why."""
    from ..conftest import SCENARIOS

    code, out, err = run_cli(capsys, "whatif", str(SCENARIOS / "demo.toml"), "--set",
                             "optimizer.deadline=30/06/2025", "--lang", "en")
    assert code == 0, err
    assert out.splitlines()[0].endswith("(deadline for moves to take effect set to 30/06/2025)")
    assert ("Variant. Deadline: the plan's moves take effect in Jul 2025, after the deadline "
            "of 30 Jun 2025: nobody may move.") in out
