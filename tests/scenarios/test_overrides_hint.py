"""Hints for a --set key that is not a parameter."""

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_a_short_key_read_as_a_section_says_it_is_a_value_not_itself_as_a_hint():
    """``optimizer.budget_vnd.x=1`` answered 'unknown key; did you mean optimizer.budget_vnd?'
    (the key it named)."""
    with pytest.raises(ScenarioError) as e:
        load_scenario(SCENARIOS / "demo.toml", {"optimizer.budget_vnd.x": 1})
    msg = str(e.value)
    assert "optimizer.budget_vnd" in msg and "not a section" in msg
    assert "optimizer.constraints.budget.vnd" in msg and "did you mean" not in msg


def test_an_unknown_key_never_suggests_itself():
    with pytest.raises(ScenarioError) as e:
        load_scenario(SCENARIOS / "demo.toml", {"optimizer.budgt_vnd": 1})
    msg = str(e.value)
    assert "did you mean" in msg
    hint = msg.split("did you mean", 1)[1].split("?")[0]
    assert "optimizer.budgt_vnd" not in hint
