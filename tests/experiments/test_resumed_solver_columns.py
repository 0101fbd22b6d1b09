"""A sweep resumed over runs of an older staffsim (no solver columns in their records): the
results table kept only the first record's columns, so the new runs' solver verdicts were
lost and the folder failed its own verify; and the old runs were counted as runs that
planned nothing."""

from staffsim.i18n import set_language
from staffsim.model.policies.solver_plans import (
    NO_PLAN,
    NOT_OPTIMAL,
    PLANS,
    TIME_LIMIT,
    runs_summary,
)
from staffsim.results.compare_lines import solver_lines
from staffsim.results.sweep_folder import results_table

OLD = [{"run": r, "moves|province": 3.0} for r in range(3)]
NEW = [{"run": r, "moves|province": 0.0, PLANS: 1, NOT_OPTIMAL: 1, NO_PLAN: 1,
        "solver_plans_infeasible": 0, TIME_LIMIT: 0.5} for r in range(3, 6)]


def test_the_results_table_has_every_runs_columns():
    table = results_table(OLD + NEW)
    assert PLANS in table.column_names and NO_PLAN in table.column_names
    assert table.column(PLANS).to_pylist() == [None, None, None, 1, 1, 1]
    assert table.column("moves|province").to_pylist() == [3.0] * 3 + [0.0] * 3


def test_runs_of_an_older_staffsim_are_counted_apart_and_said():
    s = runs_summary(OLD + NEW)
    assert (s["runs"], s["runs_planned"], s["runs_unrecorded"]) == (6, 3, 3)
    assert (s["runs_not_optimal"], s["runs_no_plan"]) == (3, 3)
    set_language("en")
    lines = solver_lines(s)
    assert any("3 of 3 runs carrying out the optimiser's plans" in ln for ln in lines)
    assert any("3 of the 6 runs were made by an older staffsim" in ln for ln in lines)
    s = runs_summary(NEW)  # all recorded: no such line
    assert s["runs_unrecorded"] == 0
    assert not any("older staffsim" in ln for ln in solver_lines(s))


def test_a_small_time_limit_is_not_said_as_zero():
    """optimizer.time_limit_s = 0.0001 read '= 0 s' in the warning line."""
    s = runs_summary([{**NEW[0], TIME_LIMIT: 0.0001}])
    set_language("en")
    line = solver_lines(s)[0]
    assert "optimizer.time_limit_s = 0.0001 s" in line, line
    s = runs_summary([{**NEW[0], TIME_LIMIT: 2.25}])
    assert "optimizer.time_limit_s = 2.25 s" in solver_lines(s)[0]
