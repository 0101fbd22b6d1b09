"""The warning of a budget likely in the wrong unit (VND 1,000 for a transfer's term) names
where the value was given, and its key as written there, wherever a budget can be given: a
province's entry, a what-if recorded in the file, a compare arm (a trial, F4: the first two
were blamed on the command line, the entry named by its full key; an arm was not warned
of at all)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = (SCENARIOS / "demo.toml").read_text(encoding="utf-8")
COMMUNES = (SCENARIOS / "data" / "demo_communes.csv").as_posix()
PAYS_NOBODY = "VND 1000 does not pay one official's allowance"


def _scenario(tmp_path, extra: str):
    text = DEMO.replace('communes_csv = "data/demo_communes.csv"',
                        f'communes_csv = "{COMMUNES}"')
    path = tmp_path / "s.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def _warned(err: str) -> str:
    (line,) = [ln for ln in err.splitlines() if "does not pay" in ln]  # said once
    return line


@pytest.mark.parametrize(("entry", "written"), [
    ('"optimizer.budget_vnd" = 1000', "optimizer.budget_vnd"),
    ("optimizer.constraints.budget.vnd = 1000", "optimizer.constraints.budget.vnd"),
])
@pytest.mark.parametrize("sets", [(), ("--set", "optimizer.max_moves=100")])
def test_a_province_entry_is_named_as_written_in_the_file(tmp_path, capsys, entry, written,
                                                          sets):
    # the demo's communes are all in province 38; another --set changes nothing of it
    path = _scenario(tmp_path, f'\n[province.by_province."38"]\n{entry}\n')
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", *sets)
    assert code == 0, err
    assert f"s.toml: province.by_province.38.{written}: {PAYS_NOBODY}" in _warned(err), err


def test_a_province_entry_given_by_set_is_the_command_lines(tmp_path, capsys):
    path = _scenario(tmp_path, "")
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", "--set",
                           "province.by_province.38.optimizer.budget_vnd=1000")
    assert code == 0, err
    assert (f"command line: province.by_province.38.optimizer.budget_vnd: {PAYS_NOBODY}"
            in _warned(err)), err


def test_a_what_if_recorded_in_the_file_is_the_files(tmp_path, capsys):
    path = _scenario(tmp_path, '\n[whatif]\nset = ["optimizer.budget_vnd=1000"]\n')
    code, _, err = run_cli(capsys, "whatif", str(path), "--lang", "en")
    assert code == 0, err
    assert f"s.toml: whatif.set: optimizer.budget_vnd: {PAYS_NOBODY}" in _warned(err), err
    # typed on the command line instead: the command line's
    code, _, err = run_cli(capsys, "whatif", str(_scenario(tmp_path, "")), "--lang", "en",
                           "--set", "optimizer.budget_vnd=1000")
    assert code == 0, err
    assert f"command line: optimizer.budget_vnd: {PAYS_NOBODY}" in _warned(err), err


@pytest.mark.parametrize("given", [
    'set = {"optimizer.budget_vnd" = 1000}\n',
    # as a nested table: it was named by its full key (a trial)
    '[compare.arms.cheap.set.optimizer]\nbudget_vnd = 1000\n'])
def test_a_compare_arm_is_warned_of_where_it_sets_the_budget(tmp_path, capsys, given):
    path = _scenario(tmp_path, '\n[compare.arms.cheap]\npolicies = ["optimised_transfers"]\n'
                     + given)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0, err
    assert (f"s.toml: compare.arms.cheap.set.optimizer.budget_vnd: {PAYS_NOBODY}"
            in _warned(err)), err
    # an arm that leaves the budget as the scenario has it is not warned of
    path = _scenario(tmp_path, '\n[compare.arms.fine]\npolicies = ["optimised_transfers"]\n'
                               'set = {"optimizer.max_moves" = 10}\n')
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0 and "does not pay" not in err, err


def _top(budget: int) -> str:
    """The demo's [optimizer] with a top-level budget (the demo's table holds it)."""
    return f'rules = "province_practice"\nbudget_vnd = {budget}'


@pytest.mark.parametrize(("top", "entry", "sets", "said"), [
    # a budget at the top and one in the entry: the entry's is the one in force
    (1000, '"optimizer.constraints.budget.vnd" = 2000', (),
     "s.toml: province.by_province.38.optimizer.constraints.budget.vnd: VND 2000"),
    (None, '"optimizer.budget_vnd" = 2000', ("--set", "optimizer.budget_vnd=1000"),
     "s.toml: province.by_province.38.optimizer.budget_vnd: VND 2000"),
    # --set gives the entry's budget: the command line's, whatever the file's top says
    (1000, None, ("--set", "province.by_province.38.optimizer.budget_vnd=2000"),
     "command line: province.by_province.38.optimizer.budget_vnd: VND 2000"),
    # --set gives the top-level budget the file gave too: the command line's
    (1000, None, ("--set", "optimizer.budget_vnd=2000"),
     "command line: optimizer.budget_vnd: VND 2000"),
])
def test_a_budget_given_in_two_places_is_named_where_the_one_in_force_was(
        tmp_path, capsys, top, entry, sets, said):
    # (trials: each was named by the other place, or by the file for the command line's)
    path = _scenario(tmp_path, f'\n[province.by_province."38"]\n{entry}\n' if entry else "")
    if top is not None:
        path.write_text(path.read_text(encoding="utf-8").replace(
            'rules = "province_practice"', _top(top), 1), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en", *sets)
    assert code == 0, err
    assert said + " does not pay" in _warned(err), err


def test_a_what_if_recorded_in_the_file_is_warned_of_in_the_language_and_by_validate(
        tmp_path, capsys):
    path = _scenario(tmp_path, '\n[whatif]\nset = ["optimizer.budget_vnd=1000"]\n')
    code, _, err = run_cli(capsys, "whatif", str(path), "--lang", "vi")
    assert code == 0, err
    (line,) = [ln for ln in err.splitlines() if "whatif.set" in ln]
    assert "s.toml: whatif.set: optimizer.budget_vnd: 1000 đồng không đủ trả" in line, line
    assert "does not pay" not in err
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0, err
    assert f"s.toml: whatif.set: optimizer.budget_vnd: {PAYS_NOBODY}" in _warned(err), err
