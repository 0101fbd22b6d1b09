"""Limits read from the environment, and when they are checked (a hostile trial, 2 December
2026): '1.5' and '1.000' (a Vietnamese thousand) were cut to 1; a limit on simulated months
below the file's own horizon refused every command, although the command asked for fewer;
validate said a scenario was valid that run refused for its officials."""

from __future__ import annotations

import pytest

from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.mark.parametrize("raw", ["1.5", "1.000", "1,000", "0", "-3", "abc", "1e-3", "1 000",
                                 "inf", "nan", "1.0"])
def test_only_whole_positive_numbers(monkeypatch, raw):
    monkeypatch.setenv("STAFFSIM_MAX_OFFICIALS", raw)
    with pytest.raises(ScenarioError, match="not a positive whole number"):
        limits.OFFICIALS.value  # noqa: B018


@pytest.mark.parametrize(("raw", "value"), [("12", 12), (" 300 ", 300), ("1e3", 1000)])
def test_whole_numbers_are_read(monkeypatch, raw, value):
    monkeypatch.setenv("STAFFSIM_MAX_OFFICIALS", raw)
    assert limits.OFFICIALS.value == value


def test_the_horizon_limit_holds_for_what_the_command_asks(monkeypatch, tmp_path, capsys):
    """demo.toml simulates 24 months; under a limit of 10, --months 3 runs (3 x 1 = 3), the
    file alone is refused naming the file, and --months 11 naming the command line."""
    monkeypatch.setenv("STAFFSIM_MAX_SIMULATED_MONTHS", "10")
    demo = SCENARIOS / "demo.toml"
    assert load_scenario(demo, {"simulation.months": 3}).params.simulation.months == 3
    with pytest.raises(ScenarioError) as e:
        load_scenario(demo)
    assert str(e.value).startswith(str(demo)) and "24 simulated months" in str(e.value)
    with pytest.raises(ScenarioError) as e:
        load_scenario(demo, {"simulation.months": 11})
    assert str(e.value).startswith("command line") and "11 simulated months" in str(e.value)
    code, _, err = run_cli(capsys, "run", str(demo), "--months", "3", "--out",
                           str(tmp_path / "r"), "--lang", "en")
    assert code == 0, err


def test_validate_counts_the_officials_limit(monkeypatch, capsys):
    """The demo's generated roster has 761 officials: under a limit of 100 validate refuses
    it as run does."""
    monkeypatch.setenv("STAFFSIM_MAX_OFFICIALS", "100")
    code, _, err = run_cli(capsys, "validate", "--lang", "en", str(SCENARIOS / "demo.toml"))
    assert_one_line_error(code, err, "roster", "(761)", "STAFFSIM_MAX_OFFICIALS")
