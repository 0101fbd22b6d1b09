"""Every --set value is validated even when a flag gives the same key (a researcher's trial:
'run --months 2 --set simulation.months=abc', '=-3', '=true', 'compare --seed 1 --set
simulation.seed=abc', 'compare --replications 2 --set compare.replications=-5', 'sweep --seed
3 --set simulation.seed=-1', 'run --workers 1 --set simulation.workers=0' each exited 0, the
flag silently winning); two valid values that disagree are refused, naming both."""

from __future__ import annotations

import pytest

from staffsim.cli.common import overrides_from
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")

BAD = [  # (command, flag, --set, what the refusal names)
    ("run", ["--months", "2"], "simulation.months=abc", "simulation.months"),
    ("run", ["--months", "2"], "simulation.months=-3", "at least 1"),
    ("run", ["--months", "2"], "simulation.months=true", "boolean"),
    ("compare", ["--seed", "1"], "simulation.seed=abc", "simulation.seed"),
    ("compare", ["--replications", "2"], "compare.replications=-5", "at least 1"),
    ("sweep", ["--seed", "3"], "simulation.seed=-1", "at least 0"),
    ("run", ["--workers", "1"], "simulation.workers=0", "at least 1"),
]


@pytest.mark.parametrize(("command", "flag", "setting", "said"), BAD)
def test_a_bad_set_value_is_refused_with_or_without_its_flag(tmp_path, capsys, command, flag,
                                                             setting, said):
    out = tmp_path / "out"
    key = setting.partition("=")[0]
    for flags in ([], flag):  # the same refusal either way
        code, _, err = run_cli(capsys, command, "--lang", "en", DEMO, "--out", str(out),
                               *flags, "--set", setting)
        assert_one_line_error(code, err, "command line", key, said)
        assert not out.exists()


@pytest.mark.parametrize(("command", "flag", "setting"), [
    ("run", ["--months", "2"], "simulation.months=3"),
    ("compare", ["--seed", "1"], "simulation.seed=2"),
    ("sweep", ["--seed", "3"], "simulation.seed=4"),
    ("plan", ["--no-marginals"], "optimizer.marginals=true"),
])
def test_a_flag_and_a_set_that_disagree_are_refused_naming_both(tmp_path, capsys, command,
                                                                 flag, setting):
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, command, "--lang", "en", DEMO, "--out", str(out), *flag,
                           "--set", setting)
    assert_one_line_error(code, err, setting, " ".join(flag), "different values")
    assert not out.exists()


def test_a_flag_and_a_set_that_agree_are_one_value():
    sc = load_scenario(DEMO, overrides_from(("simulation.months=3",),
                                            **{"simulation.months": 3}))
    assert sc.params.simulation.months == 3
    with pytest.raises(ScenarioError):
        load_scenario(DEMO, overrides_from(("simulation.months=3",),
                                           **{"simulation.months": 4}))


@pytest.mark.parametrize("key", ['simulation."months"', "simulation . months",
                                 "'simulation'.months"])
def test_a_set_of_the_flags_key_spelled_otherwise_is_checked_too(tmp_path, capsys, key):
    """The review: 'simulation."months"=4' beside --months 3 was dropped silently (the flag's
    value won), since the keys were compared as typed; TOML reads them as one key."""
    code, _, err = run_cli(capsys, "run", "--lang", "en", str(SCENARIOS / "demo.toml"),
                           "--months", "3", "--set", f"{key}=4", "--out", str(tmp_path / "o"))
    assert_one_line_error(code, err, "--set", "simulation.months=4", "--months 3")
    assert not (tmp_path / "o").exists()
    code, _, err = run_cli(capsys, "run", "--lang", "en", str(SCENARIOS / "demo.toml"),
                           "--months", "3", "--set", f"{key}=abc", "--out", str(tmp_path / "p"))
    assert code == 2 and not (tmp_path / "p").exists()
