"""A run's table dates a level at the first and the last month: a one-month run, whose first
month is its last, shows each level once (it had two identical rows)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.mark.parametrize(("months", "rows_per_level"), [(1, 1), (2, 2)])
def test_each_level_is_dated_once_per_distinct_month(tmp_path, capsys, months,
                                                     rows_per_level):
    code, out, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months",
                             str(months), "--out", str(tmp_path / "r"), "--lang", "en")
    assert code == 0, err
    backlog = [ln for ln in out.splitlines() if ln.startswith("Backlog at month end, ")]
    unmet = [ln for ln in out.splitlines() if ln.startswith("Unmet need, ")]
    assert len(backlog) == len(unmet) == rows_per_level, out
    # the dates are the run's months, each once
    assert len({ln.split(" (")[0] for ln in backlog}) == rows_per_level


@pytest.mark.parametrize(("reps", "corner"), [(1, ""), (3, "mean of 3 replications")])
def test_a_table_of_several_replications_says_its_figures_are_means(tmp_path, capsys, reps,
                                                                     corner):
    """With --replications 3 every figure of the table is the mean of the replications, and
    it said so nowhere (a researcher's trial); one replication's figures are its own."""
    code, out, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                             "--replications", str(reps), "--out", str(tmp_path / "r"),
                             "--lang", "en")
    assert code == 0, err
    head = next(ln for ln in out.splitlines() if "lowland" in ln and "province" in ln)
    assert head.split("lowland")[0].strip() == corner
    report = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert (corner in report) if corner else "mean of" not in report
