"""compare checks every arm it will write into its folder as validate does, before anything
runs, and names who gave a bad arm: an arm defined with --set and not run passed compare
(exit 0) and went into the folder's scenario.toml, which validate then refused; an arm's bad
set from --set was blamed on the scenario file; '--policies none,,optimised' ran two arms
without a word (a researcher's trial)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")
TINY_RUN = ("--replications", "1", "--months", "2", "--workers", "1")
ARM_X = 'compare.arms.x.policies=["optimised_transfers"]'
NEGATIVE = 'compare.arms.x.set={"optimizer.allowance.zone_multiple.high_mountain"=-2}'
OWN_SEED = 'compare.arms.x.set={"simulation.seed"=3}'


@pytest.fixture
def no_run(monkeypatch):
    from staffsim.experiments import compare

    def refuse(*args, **kwargs):
        raise AssertionError("simulated")
    monkeypatch.setattr(compare, "run_compare", refuse)


@pytest.mark.parametrize("policies", [[], ["--policies", "none,x"]])
@pytest.mark.parametrize("bad, said", [
    (NEGATIVE, ("compare.arms.x.set.optimizer.allowance.zone_multiple.high_mountain",
                "at least 0")),
    (OWN_SEED, ("compare.arms.x.set.simulation.seed", "remove it from the arm"))])
def test_a_bad_arm_from_the_command_line_is_refused_before_anything_runs(
        tmp_path, capsys, no_run, policies, bad, said):
    """Run or not (the default arms do not name x), the arm is refused in one line that
    names the command line, not the scenario file; nothing runs, no folder."""
    out = tmp_path / "X"
    code, _, err = run_cli(capsys, "compare", DEMO, *policies, "--set", ARM_X, "--set", bad,
                           *TINY_RUN, "--out", str(out), "--lang", "en")
    assert_one_line_error(code, err, "command line: ", *said)
    assert "demo.toml" not in err
    assert not out.exists()
    # validate says the same of the same settings
    code, _, err = run_cli(capsys, "validate", DEMO, "--set", ARM_X, "--set", bad,
                           "--lang", "en")
    assert_one_line_error(code, err, "command line: ", *said)


def test_a_bad_arm_of_the_scenario_file_names_the_file(tmp_path, capsys, no_run):
    path = tmp_path / "arms.toml"
    path.write_text((SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
        'communes_csv = "', f'communes_csv = "{SCENARIOS}/') + (
        '\n[compare.arms.x]\npolicies = ["optimised_transfers"]\n'
        '[compare.arms.x.set]\n"workload.intensity" = -3\n'), encoding="utf-8")
    out = tmp_path / "X"
    code, _, err = run_cli(capsys, "compare", str(path), "--policies", "none", *TINY_RUN,
                           "--out", str(out), "--lang", "en")
    assert_one_line_error(code, err, f"{path}: compare.arms.x.set.workload.intensity",
                          "more than 0")
    assert not out.exists()


def test_an_unknown_policy_given_on_the_command_line_names_it(tmp_path, capsys, no_run):
    code, _, err = run_cli(capsys, "compare", DEMO, "--policies", "none,x", "--set",
                           'compare.arms.x.policies=["optimised_tra"]', *TINY_RUN,
                           "--out", str(tmp_path / "X"), "--lang", "en")
    assert_one_line_error(code, err, "command line: compare.arms.x.policies",
                          "unknown policy 'optimised_tra'", "optimised_transfers")


def test_the_vietnamese_line_says_command_line(tmp_path, capsys, no_run):
    code, _, err = run_cli(capsys, "compare", DEMO, "--set", ARM_X, "--set", NEGATIVE,
                           *TINY_RUN, "--out", str(tmp_path / "X"), "--lang", "vi")
    assert_one_line_error(code, err, "dòng lệnh: compare.arms.x.set.", "phải từ 0 trở lên")


@pytest.mark.parametrize("policies", ["none,,optimised", "none,optimised,", ",none"])
@pytest.mark.parametrize("lang, said", [("en", "has an empty arm name"),
                                        ("vi", "có một tên phương án để trống")])
def test_an_empty_arm_name_is_refused(tmp_path, capsys, no_run, policies, lang, said):
    out = tmp_path / "X"
    code, _, err = run_cli(capsys, "compare", DEMO, "--policies", policies, *TINY_RUN,
                           "--out", str(out), "--lang", lang)
    assert_one_line_error(code, err, "--policies", f"'{policies}'", said, "optimised")
    assert not out.exists()
