"""compare.default_arms are checked where they are used, and an error in them names who gave
them. ``staffsim compare scenarios/demo.toml --set 'compare.default_arms=["none","none"]'
--policies none,optimised`` stopped with 'scenarios/demo.toml: compare.default_arms: arm
'none' is named 2 times' (exit 2): the arms run were --policies', and the file names each
default arm once; the duplicate came from --set."""

from __future__ import annotations

import pytest

from staffsim.experiments import compare as compare_mod

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")
TWICE = 'compare.default_arms=["none","none"]'
TINY = ("--replications", "1", "--months", "1", "--workers", "1", "--set",
        "output.figures=false")


def test_policies_run_without_the_default_arms(tmp_path, capsys):
    out = tmp_path / "C"
    code, text, err = run_cli(capsys, "compare", DEMO, "--lang", "en", "--set", TWICE,
                              "--policies", "none,optimised", *TINY, "--out", str(out))
    assert code == 0, err
    assert (out / "comparison.json").is_file()


@pytest.mark.parametrize("command", ["compare", "validate"])
def test_default_arms_given_by_set_are_the_command_lines_fault(tmp_path, capsys,
                                                                monkeypatch, command):
    def no_run(*args, **kwargs):
        raise AssertionError("simulated")
    monkeypatch.setattr(compare_mod, "run_compare", no_run)
    args = (*TINY, "--out", str(tmp_path / "C")) if command == "compare" else ()
    code, _, err = run_cli(capsys, command, DEMO, "--lang", "en", "--set", TWICE, *args)
    assert_one_line_error(code, err, "command line: compare.default_arms: arm 'none' is "
                          "named 2 times")
    assert DEMO not in err
    assert not (tmp_path / "C").exists()


def test_the_files_own_default_arms_are_the_files_fault_whatever_set_changes(tmp_path,
                                                                              capsys):
    path = tmp_path / "twice.toml"
    path.write_text(
        (SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
            '"data/demo_communes.csv"', f'"{SCENARIOS / "data" / "demo_communes.csv"}"')
        + '\n[compare]\ndefault_arms = ["none", "greedy", "none"]\n', encoding="utf-8")
    for command, args in (("compare", (*TINY, "--out", str(tmp_path / "C"))),
                          ("validate", ())):
        code, _, err = run_cli(capsys, command, str(path), "--lang", "en",
                               "--set", "simulation.seed=3", *args)
        assert_one_line_error(code, err, f"{path}: compare.default_arms: arm 'none' is named "
                              "2 times")
    # --policies does not run them
    code, _, err = run_cli(capsys, "compare", str(path), "--lang", "en", "--policies", "none",
                           *TINY, "--out", str(tmp_path / "D"))
    assert code == 0, err
