"""Which levers a frontier accepts: one the plan made at the start can depend on."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.experiments.frontier import changes_the_plan, lever_values
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS


def test_the_seed_changes_the_plan_only_when_it_generates_the_officials():
    """The reviewer's case: with a table of officials the seed changes nothing and three
    seeds solved three identical points; generated officials come from the seed."""
    assert changes_the_plan("simulation.seed", generated_roster=True)
    assert not changes_the_plan("simulation.seed", generated_roster=False)
    with pytest.raises(ScenarioError, match="does not change the plan"):
        lever_values("simulation.seed", np.array([1.0, 2.0, 3.0]), "1:3:3",
                     generated_roster=False)
    assert lever_values("simulation.seed", np.array([1.0, 2.0, 3.0]), "1:3:3") == [1, 2, 3]
    for key in ("simulation.months", "output.figures", "optimizer.time_limit_s"):
        assert not changes_the_plan(key)
    for key in ("optimizer.budget_vnd", "workload.intensity",
                "optimizer.constraints.max_moves.moves"):
        assert changes_the_plan(key)


def test_a_vietnamese_refusal_writes_the_point_with_a_decimal_comma(capsys):
    from staffsim.cli import main

    code = main(["frontier", str(SCENARIOS / "demo.toml"), "--lever",
                 "optimizer.constraints.max_moves.moves", "--range", "0:10.5:3",
                 "--lang", "vi"])
    err = capsys.readouterr().err
    assert code == 2 and "có điểm 5,25;" in err, err
