"""A plan that moves nobody is a plan: ``staffsim plan`` writes its plan.csv with the header
alone (a budget of 0, a distance limit no move meets), and ``evaluate`` of that file refused
it as 'no data rows' (a trial). It now finds no rule broken and the situation as it is."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize("setting", ["optimizer.budget_vnd=0", "optimizer.max_moves=0"])
def test_the_plan_of_no_moves_is_evaluated(tmp_path, capsys, setting):
    out = tmp_path / "p"
    code, _, err = run_cli(capsys, "plan", DEMO, "--set", setting, "--no-marginals",
                           "--out", str(out), "--lang", "en")
    assert code == 0, err
    assert (out / "plan.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # the header
    code, text, err = run_cli(capsys, "evaluate", DEMO, "--set", setting, "--plan",
                              str(out / "plan.csv"), "--lang", "en")
    assert code == 0, err
    assert "0 rule violations in 0 moves" in text, text
    # nothing moved: 'this plan' is 'before' on every line of the comparison
    lines = [ln.split() for ln in text.splitlines() if ln.startswith("Unmet need, province")]
    assert lines and lines[0][-3] == lines[0][-2], text


def test_a_file_of_no_rows_at_all_is_still_refused(tmp_path, capsys):
    empty = tmp_path / "plan.csv"
    empty.write_text("", encoding="utf-8")
    code, _, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(empty), "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
