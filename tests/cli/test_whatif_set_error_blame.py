"""A mistake in a --set typed on the command line was blamed on the scenario file
('scenarios/thanh_hoa.toml: whatif.set: optimizer.budjet_vnd: ...'), which has no whatif.set:
a user opening the file finds nothing (an HR trial, F3). It is the command line's, as plan
says it; a whatif.set read from the file is still the file's
(tests/cli/test_question_reproduces.py)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize(("typed", "key"), [
    ("optimizer.budjet_vnd=36 tỷ", "optimizer.budjet_vnd"),
    ("optimizer.budget_vnd=-5 tỷ", "optimizer.budget_vnd"),  # (named as typed)
])
def test_a_typed_set_is_the_command_lines(capsys, typed, key):
    code, _, err = run_cli(capsys, "whatif", DEMO, "--set", typed, "--lang", "en")
    assert code == 2, err
    assert err.startswith(f"staffsim: error: command line: {key}: "), err
    assert "demo.toml" not in err and "whatif.set" not in err
    # the same words as plan's for the same --set
    code, _, plan_err = run_cli(capsys, "plan", DEMO, "--set", typed, "--lang", "en",
                                "--no-marginals")
    assert code == 2 and plan_err == err, (plan_err, err)
