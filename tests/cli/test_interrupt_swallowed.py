"""A Ctrl-C that a library turned into its own error is still an interrupt (CI: Ctrl-C while
`plan --xlsx` wrote its annex ended 'staffsim: internal error: TypeError: expected <class
'bool'>', exit 1: openpyxl converts a cell's value under a bare ``except:``)."""

from __future__ import annotations

import pytest
from openpyxl.descriptors.base import _convert

from staffsim.cli import interrupts
from staffsim.optimize import planner

from ..conftest import SCENARIOS
from ..helpers import run_cli


class CtrlC:
    """A value whose conversion is cut by a Ctrl-C (the signal's handler raising there)."""

    def __bool__(self) -> bool:
        raise KeyboardInterrupt


def openpyxl_cut(*args, **kwargs):
    _convert(bool, CtrlC())  # what openpyxl does with the interrupt: TypeError


def os_error_cut(*args, **kwargs):
    try:
        raise interrupts.Terminated()
    except BaseException as e:
        raise OSError("write failed") from e


@pytest.mark.parametrize(("cut", "code", "word"), [(openpyxl_cut, 130, "interrupted"),
                                                     (os_error_cut, 143, "terminated")])
def test_a_signal_turned_into_a_library_error_is_said_as_the_signal(
        capsys, monkeypatch, tmp_path, cut, code, word):
    with pytest.raises(TypeError, match="expected"):  # (the library's own behaviour)
        openpyxl_cut()
    monkeypatch.setattr(planner, "plan_all", cut)
    got, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--lang", "en",
                          "--out", str(tmp_path / "p"), "--xlsx", str(tmp_path / "p.xlsx"))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert got == code, err
    assert len(lines) == 1 and lines[0].startswith(f"staffsim: {word}"), err
    assert "internal error" not in err
    assert not (tmp_path / "p").exists() and not (tmp_path / "p.xlsx").exists()


def test_an_error_without_a_signal_behind_it_is_still_an_error(capsys, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        _convert(bool, object.__new__(BrokenBool))

    monkeypatch.setattr(planner, "plan_all", broken)
    got, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--lang", "en",
                          "--out", str(tmp_path / "p"))
    assert got == 1 and "internal error: TypeError" in err, err


class BrokenBool:
    def __bool__(self) -> bool:
        raise ValueError("no truth")


def ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_ctrl_c_to_a_file_or_pipe_says_its_line_first(capsys, monkeypatch, tmp_path):
    """click answers a Ctrl-C with an empty line (the end of a terminal's '^C' echo): to a
    file or a pipe it came before staffsim's line (a trial: `timeout -s INT 1.5 staffsim plan
    ... 2>err` wrote '\\n' then the line). A terminal still gets it."""
    monkeypatch.setattr(planner, "plan_all", ctrl_c)
    args = ("plan", str(SCENARIOS / "demo.toml"), "--lang", "en", "--out", str(tmp_path / "p"))
    got, _, err = run_cli(capsys, *args)
    assert got == 130 and err.startswith("staffsim: interrupted"), repr(err)
    assert err.count("\n") == 1

    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    got, _, err = run_cli(capsys, *args)
    assert got == 130 and err.startswith("\nstaffsim: interrupted"), repr(err)
