"""A compare arm's ``set`` may not change what every arm shares (a researcher's trial: an arm
identical to 'no action' but ``set = {"simulation.seed" = 99}`` passed validate and compare
reported a paired effect of +81 'paired (the same seeds)'; ``set = {"simulation.months" = 5}``
was ignored yet written into the arm's scenario.toml as applied)."""

from __future__ import annotations

import pytest

from staffsim.experiments import compare as compare_mod

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli

ARM = """
[compare]
default_arms = ["none", "mine"]
[compare.arms.mine]
policies = []
set = {SET}
"""

CASES = [('{"simulation.seed" = 99}', "simulation.seed", "common random numbers"),
         ('{"simulation.months" = 5}', "simulation.months", "compare.months"),
         ('{"simulation.replications" = 3}', "simulation.replications", "compare.replications"),
         ('{"simulation.workers" = 2}', "simulation.workers", "--workers"),
         ('{simulation = {seed = 99}}', "simulation.seed", "common random numbers"),
         ('{"compare.replications" = 3}', "compare.replications", "not an input of a run"),
         ('{"output.figures" = false}', "output.figures", "not an input of a run")]


@pytest.mark.parametrize(("value", "key", "why"), CASES)
@pytest.mark.parametrize("command", ["validate", "compare"])
def test_an_arm_may_not_set_what_every_arm_shares(tmp_path, capsys, monkeypatch, value, key,
                                                  why, command):
    path = write_scenario(tmp_path, ARM.replace("{SET}", value))

    def no_run(*args, **kwargs):
        raise AssertionError("nothing may run")

    monkeypatch.setattr(compare_mod, "run_compare", no_run)
    out = tmp_path / "out"
    extra = ["--out", str(out), "--replications", "2", "--months", "2", "--workers", "1"] \
        if command == "compare" else []
    code, _, err = run_cli(capsys, command, "--lang", "en", str(path), *extra)
    assert_one_line_error(code, err, str(path), f"compare.arms.mine.set.{key}", why)
    assert not out.exists()


def test_an_arm_setting_a_scenario_parameter_is_still_allowed(tmp_path, capsys):
    path = write_scenario(tmp_path, ARM.replace("{SET}", '{"dynamics.attrition_annual" = '
                                                '0.05}'))
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    assert code == 0, err


def test_sweep_and_compare_refuse_the_same_keys():
    from staffsim.experiments import sweep

    assert set(sweep.SET_BY_SWEEP) == set(compare_mod.SHARED_KEYS) == set(
        compare_mod.SET_BY_COMPARE)
