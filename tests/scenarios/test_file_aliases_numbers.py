"""A scenario file may use the levers' short names (an HR trial: ``budget_vnd = 36e9`` under
[optimizer] was refused as 'a value, not a section: write optimizer.budget_vnd = VALUE',
which is what the file said); a number written as text that --set would read ('36 tỷ') is
refused, as any number in quotes is, with the number to write."""

from __future__ import annotations

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = (SCENARIOS / "demo.toml").read_text(encoding="utf-8")
COMMUNES = (SCENARIOS / "data" / "demo_communes.csv").as_posix()


def _scenario(tmp_path, optimizer_lines: str):
    text = DEMO.replace('communes_csv = "data/demo_communes.csv"',
                        f'communes_csv = "{COMMUNES}"')
    text = text.replace('rules = "province_practice"',
                        'rules = "province_practice"\n' + optimizer_lines, 1)
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "expected"), [
    ("budget_vnd = 36e9", 36_000_000_000),
    ("budget_vnd = 36_000_000_000", 36_000_000_000),
    ("max_distance_km = 150.5", 150.5),
])
def test_short_names_and_written_numbers(tmp_path, line, expected):
    params = load_scenario(_scenario(tmp_path, line)).params
    key = "budget" if "budget" in line else "max_distance"
    got = (params.optimizer.constraints.budget.vnd if key == "budget"
           else params.optimizer.constraints.max_distance.km)
    assert got == expected


def test_a_short_and_a_full_key_together_are_refused(tmp_path):
    path = _scenario(tmp_path, "budget_vnd = 5e9\n[optimizer.constraints.budget]\nvnd = 6e9")
    with pytest.raises(ScenarioError, match="given twice") as e:
        load_scenario(path)
    assert str(path) in str(e.value) or path.name in str(e.value)


def test_a_number_in_text_that_reads_two_ways_names_the_file(tmp_path, capsys):
    path = _scenario(tmp_path, 'budget_vnd = "500.000"')
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    # (read two ways by --set: no one number to suggest)
    assert ("s.toml: optimizer.budget_vnd: a number is required, not the text "
            "'500.000'; write the number without quotes") in err, err


@pytest.mark.parametrize(("line", "written"), [
    ("budget_vnd = -5", "optimizer.budget_vnd"),
    ("max_distance_km = -1", "optimizer.max_distance_km"),
])
def test_a_bad_value_under_a_short_name_is_named_as_the_file_writes_it(tmp_path, capsys,
                                                                     line, written):
    """(A review: the line named optimizer.constraints.budget.vnd, a key the file does not
    have.)"""
    path = _scenario(tmp_path, line)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert f"s.toml: {written}: " in err and "optimizer.constraints." not in err, err


def test_a_bad_value_set_by_its_short_name_is_named_so_and_the_full_key_as_written(
        tmp_path, capsys):
    path = _scenario(tmp_path, "")
    for key in ("optimizer.budget_vnd", "optimizer.constraints.budget.vnd"):
        code, _, err = run_cli(capsys, "validate", str(path), "--set", f"{key}=-5",
                               "--lang", "en")
        assert code != 0 and len(err.strip().splitlines()) == 1, err
        assert f"command line: {key}: " in err, err


@pytest.mark.parametrize(("line", "key", "written"), [
    ('budget_vnd = "36 tỷ"', "optimizer.budget_vnd", "36_000_000_000"),    # 36 x 10^9 đồng
    ('budget_vnd = "36.000.000.000"', "optimizer.budget_vnd", "36_000_000_000"),
    ('max_distance_km = "150,5"', "optimizer.max_distance_km", "150.5"),   # decimal comma
])
def test_a_number_written_as_text_is_refused_with_the_number_to_write(tmp_path, capsys,
                                                                     line, key, written):
    path = _scenario(tmp_path, line)
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert f"{key}: a number is required, not the text" in err, err
    assert err.strip().endswith(f"write the number without quotes: {written}"), err


def test_a_budget_in_the_wrong_unit_is_warned_of_under_the_name_written(tmp_path, capsys):
    """The warning of a budget that pays nobody (VND 1,000 for a transfer's term) names the
    key as the file or --set wrote it, as an error does."""
    path = _scenario(tmp_path, "budget_vnd = 1000")
    code, _, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert code == 0, err
    (line,) = [ln for ln in err.splitlines() if "does not pay" in ln]
    assert "s.toml: optimizer.budget_vnd: VND 1000 does not pay" in line, line
    code, _, err = run_cli(capsys, "validate", str(_scenario(tmp_path, "")), "--lang", "en",
                           "--set", "optimizer.budget_vnd=1000")
    (line,) = [ln for ln in err.splitlines() if "does not pay" in ln]
    assert "command line: optimizer.budget_vnd: VND 1000 does not pay" in line, line


@pytest.mark.parametrize("extra", [
    "",  # the two by --set
    '\n[whatif]\nset = ["optimizer.budget_vnd=5e9", "optimizer.constraints.budget.vnd=6e9"]\n',
    '\n[province.by_province."38"]\n"optimizer.budget_vnd" = 5e9\n'
    '"optimizer.constraints.budget.vnd" = 6e9\n',
])
def test_a_short_and_a_full_key_together_are_refused_wherever_given(tmp_path, capsys, extra):
    """Given by --set, in [whatif] set or in a province's overrides, the later of the two won
    silently (a trial: plan used 10 bn of '5e9 and 10e9'); refused as a file's top level
    refuses them, naming both."""
    path = _scenario(tmp_path, "")
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if extra.startswith("\n[whatif]"):
        args = ["whatif", str(path)]
    else:
        args = ["validate", str(path)]
        if not extra:
            args += ["--set", "optimizer.budget_vnd=5e9",
                     "--set", "optimizer.constraints.budget.vnd=10e9"]
    code, _, err = run_cli(capsys, *args, "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert ("given twice, as optimizer.budget_vnd and as optimizer.constraints.budget.vnd"
            in err), err
