"""A lever that is a row bound, moved on one model, gives the plans of solving each value
from scratch."""

import numpy as np
import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.binding import binding_rules
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.sequence import row_lever, solve_row_lever
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import assert_feasible


@pytest.mark.parametrize(("name", "key", "values", "threads"), [
    ("demo", "optimizer.constraints.budget.vnd", [0.0, 1.2e9, 2.9e9, 0.4e9, 60e9], 1),
    ("demo", "optimizer.constraints.budget.vnd", [0.0, 1.2e9, 2.9e9, 0.4e9, 60e9], 2),
    ("demo", "optimizer.constraints.max_moves.moves", [0, 3, 11, 400, 7], 3),
    # a what-if's two values: the variant on a copy solved beside the baseline
    ("demo", "optimizer.constraints.budget.vnd", [2.9e9, 0.4e9], 2),
    ("demo", "optimizer.constraints.budget.vnd", [0.4e9, 2.9e9], 2),
    # two runs, each worked from both ends (four copies of the model)
    ("demo", "optimizer.constraints.budget.vnd",
     [0.0, 0.3e9, 0.7e9, 1.2e9, 1.6e9, 2.1e9, 2.9e9, 4e9, 60e9], 4),
    # copies of the model in two threads, each solving a run of values
    pytest.param("thanh_hoa", "optimizer.constraints.budget.vnd", [33e9, 36e9, 12e9], 2,
                 marks=pytest.mark.slow),  # 3 s of HiGHS: CI's second step
])
def test_one_model_gives_each_values_own_plan(name, key, values, threads, monkeypatch):
    from staffsim.optimize import sequence

    sc = load_scenario(SCENARIOS / f"{name}.toml")
    state = state_from_roster(sc, initial_roster(sc))
    assert row_lever(state.params, key)
    built = []

    def counted(*args, **kwargs):
        built.append(1)
        return optimize_plan(*args, **kwargs)

    monkeypatch.setattr(sequence, "optimize_plan", counted)
    points = solve_row_lever(state, key, values, threads)
    # one model built, whatever the threads (a first version rebuilt every value with one)
    assert len(built) == 1
    assert [p.value for p in points] == values
    for p in points:
        alone = with_params(state, set_param(key, p.value))
        inputs, res, moves, _ = optimize_plan(alone)
        assert p.status == res.status == "Optimal"
        assert p.moves == moves, p.value
        assert_feasible(p.state, p.moves)
        # the point's inputs (the model's, with its state) are those of its value built
        # alone, as the limits its plan meets read them (frontier's capped_by)
        assert p.inputs.state is p.state
        assert binding_rules(p.inputs, p.moves) == binding_rules(inputs, moves), p.value
        assert all(np.array_equal(getattr(p.inputs, f), getattr(inputs, f)) for f in (
            "arc_from", "arc_to", "arc_upper", "arc_allowance_total", "max_out", "cap",
            "max_give", "movable"))


def test_levers_that_are_not_row_bounds_are_not_taken():
    sc = load_scenario(SCENARIOS / "demo.toml")
    assert not row_lever(sc.params, "optimizer.constraints.max_distance.km")
    cbc = load_scenario(SCENARIOS / "demo.toml", {"optimizer.solver": "cbc"})
    assert not row_lever(cbc.params, "optimizer.constraints.budget.vnd")


def test_an_error_in_one_copy_ends_the_frontier(monkeypatch):
    """A copy that fails (here: its first value, the tightest) raises in the caller, and the
    other copy stops after the value it is solving instead of working through the run."""
    import time

    from staffsim.optimize import branch

    sc = load_scenario(SCENARIOS / "demo.toml")
    state = state_from_roster(sc, initial_roster(sc))
    solve, solved = branch.BranchAndBound.solve, []

    def failing(self, *args, **kwargs):
        if 0.0 in self.row_upper.values():
            raise RuntimeError("solver failed")
        time.sleep(0.05)  # every other value takes a while: 1.7 s for the whole run
        solved.append(1)
        return solve(self, *args, **kwargs)

    monkeypatch.setattr(branch.BranchAndBound, "solve", failing)
    values = [0.0, *(v * 1e8 for v in range(3, 37))]
    with pytest.raises(RuntimeError, match="solver failed"):
        solve_row_lever(state, "optimizer.constraints.budget.vnd", values, 2)
    assert len(solved) <= 5, len(solved)
