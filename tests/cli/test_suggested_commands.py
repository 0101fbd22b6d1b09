"""The commands the output suggests run as printed. Each hint gave a fragment: 'staffsim plan
--month 12' and 'evaluate it with --month 12' (evaluate), 'staffsim whatif --move IDS=C'
(explain), 'a longer --time-limit may improve it' (plan), 'staffsim plan --month 17' (the
annex's notes): no scenario file, the user's own --set left out. Each is now the whole
command: the scenario as the user gave it, each of their settings its own --set, shell-quoted.

Every test works on the demo copied into a folder whose name a shell splits unless it is
quoted (a space, an apostrophe, parentheses) and gives a setting whose value has a space and
quotes: the printed line is parsed as a shell parses it (shlex) and run; it must be accepted."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ..conftest import SCENARIOS
from ..helpers import run_cli

NAME = 'province.name="Demo (thử) tỉnh"'  # a value with a space, quotes and parentheses


def _demo(tmp_path: Path) -> str:
    """The demo scenario in a folder named "kịch bản's demo (copy)"; its path."""
    folder = tmp_path / "kịch bản's demo (copy)"
    (folder / "data").mkdir(parents=True)
    shutil.copy(SCENARIOS / "demo.toml", folder / "demo.toml")
    shutil.copy(SCENARIOS / "data" / "demo_communes.csv", folder / "data")
    return str(folder / "demo.toml")


def _words(command: str, scenario: str, sets: bool = True) -> list[str]:
    """The printed command as a shell reads it: staffsim's arguments, checked to name the
    scenario as one word and (``sets``) to repeat the user's setting as its own --set."""
    words = shlex.split(command)
    assert words[0] == "staffsim" and words[2] == scenario, words
    if sets:
        assert words[words.index(NAME) - 1:words.index(NAME) + 1] == ["--set", NAME], words
    return words[1:]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a command without --out writes under ./runs


def test_evaluate_hints_whole_plan_and_evaluate_commands(tmp_path, capsys):
    """An annex of `plan --month 12` evaluated without --month: the hint's two commands
    (plan at month 12, evaluate with --month 12) run as printed, and the evaluate one finds
    the list clean (exit 0: it was planned at month 12). The annex's name has a space."""
    scenario = _demo(tmp_path)
    annex = tmp_path / "phụ lục m12 (bản 1).xlsx"
    code, _, err = run_cli(capsys, "plan", scenario, "--set", NAME, "--month", "12",
                           "--no-marginals", "--out", str(tmp_path / "p"), "--xlsx", str(annex))
    assert code == 0, err
    code, text, err = run_cli(capsys, "evaluate", scenario, "--set", NAME, "--plan", str(annex),
                              "--lang", "en")
    assert code == 1, err
    m = re.search(r"if the list was planned at month 12 \((staffsim plan .*)\), evaluate it "
                  r"with: (staffsim evaluate .*)$", text, re.M)
    assert m, text
    plan, evaluate = _words(m[1], scenario), _words(m[2], scenario)
    assert plan[-2:] == ["--month", "12"] and evaluate[-4:] == ["--plan", str(annex),
                                                                "--month", "12"]
    code, text, err = run_cli(capsys, *evaluate)
    assert code == 0, text + err
    code, _, err = run_cli(capsys, *plan)
    assert code == 0, err


def test_explain_gives_whatif_commands_that_run(tmp_path, capsys):
    """explain's 'what would help' lines on Mường Lát (the demo: a quota share and a move by
    hand help) each end with the whatif command that shows it; each runs as printed."""
    scenario = _demo(tmp_path)
    # (no --set: with one, whatif's baseline would not be explain's scenario, and explain
    # suggests no whatif command: tests/cli/test_set_tables_as_keys.py)
    code, text, err = run_cli(capsys, "explain", scenario, "--commune", "Mường Lát",
                              "--lang", "en")
    assert code == 0, err
    commands = re.findall(r"^ +compare it with whatif: (.*)$", text, re.M)
    assert any("--move" in c for c in commands) and any("optimizer." in c for c in commands), \
        text
    for command in commands:
        words = _words(command, scenario, sets=False)
        assert words[0] == "whatif"
        code, out, err = run_cli(capsys, *words)
        assert code == 0, (command, out, err)


def test_plan_stopped_by_its_time_limit_gives_the_whole_command_with_a_longer_limit(tmp_path,
                                                                                   capsys):
    """A plan stopped at --time-limit 0.001 s says 'a longer --time-limit may improve it' and
    then the whole command with four times the limit; the user's own optimizer.time_limit_s
    setting is left out of it (with the new --time-limit it would be refused: a flag and a
    --set of one key must agree)."""
    scenario = _demo(tmp_path)
    code, text, err = run_cli(capsys, "plan", scenario, "--set", NAME, "--set",
                              "optimizer.time_limit_s=0.001", "--time-limit", "0.001",
                              "--no-marginals", "--out", str(tmp_path / "p"), "--lang", "en")
    assert code == 0, err
    m = re.search(r"^to let the solver search longer: (.*)$", text, re.M)
    assert m, text
    words = _words(m[1], scenario)
    assert words[-2:] == ["--time-limit", "0.004"] and "--no-marginals" in words
    assert not any("time_limit_s" in w for w in words), words
    code, out, err = run_cli(capsys, *words)
    assert code == 0, out + err


def test_the_annex_replan_note_is_a_whole_command(tmp_path, capsys):
    """The annex of a plan for the scenario's start (July 2025), made later, tells to plan
    again for the first month not yet begun: that command, in the notes, runs as printed."""
    scenario = _demo(tmp_path)
    annex = tmp_path / "a.xlsx"
    code, _, err = run_cli(capsys, "plan", scenario, "--set", NAME, "--no-marginals", "--out",
                           str(tmp_path / "p"), "--xlsx", str(annex))
    assert code == 0, err
    notes = load_workbook(annex)["Phụ lục"]["A4"].comment.text
    m = re.search(r"\((staffsim plan .*) cho tháng \d\d/\d{4}\)", notes)
    assert m, notes
    words = _words(m[1], scenario)
    assert "--month" in words
    code, _, err = run_cli(capsys, *words)
    assert code == 0, err


def test_the_longer_limit_is_never_in_scientific_notation(tmp_path, capsys):
    # --time-limit 1e-9 was answered '--time-limit 4e-09' (a trial)
    scenario = _demo(tmp_path)
    code, text, err = run_cli(capsys, "plan", scenario, "--set", NAME, "--time-limit", "1e-9",
                              "--no-marginals", "--out", str(tmp_path / "p"), "--lang", "en")
    m = re.search(r"^to let the solver search longer: (.*)$", text, re.M)
    assert m, text + err
    words = _words(m[1], scenario)
    assert words[-2:] == ["--time-limit", "0.000000004"], words
