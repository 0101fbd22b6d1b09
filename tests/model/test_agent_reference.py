"""The one-Mesa-agent-per-official reference (benchmarks/agent_reference.py) is the same
monthly update as the model: the same series, month by month, on the demo and Thanh Hóa."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from staffsim.model.model import StaffModel
from staffsim.model.outcomes import SERIES_NAMES
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import initial_roster
from staffsim.scenarios.loader import load_scenario

from ..conftest import REPO, SCENARIOS


def _reference():
    spec = importlib.util.spec_from_file_location(
        "agent_reference", REPO / "benchmarks" / "agent_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "months"), [("demo", 24), ("thanh_hoa", 12)])
def test_agent_per_official_gives_the_same_series(name, months):
    ref = _reference()
    sc = load_scenario(SCENARIOS / f"{name}.toml", {"simulation.months": months})
    seed = replication_seeds(sc.params.simulation.seed, 1)[0]
    fast = StaffModel(sc, initial_roster(sc), rng=seed).run()
    agents = ref.AgentStaffModel(sc, initial_roster(sc), rng=seed)
    slow = agents.run()
    assert len(agents.officials) > 100
    for series in SERIES_NAMES:
        assert np.allclose(slow[series], fast[series], rtol=1e-12, atol=1e-9), series
    assert fast["exits_retirement"].sum() + fast["exits_attrition"].sum() > 0
    assert fast["hires"].sum() > 0


def test_the_ratio_benchmark_runs(capsys):
    """benchmarks/bench_ratios.py times methods of both models by name: a renamed method
    must fail here, not in the next benchmark run."""
    spec = importlib.util.spec_from_file_location(
        "bench_ratios", REPO / "benchmarks" / "bench_ratios.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.simulation_ratio("demo", 3, repeat=1)
    assert "x; the part that visits officials" in capsys.readouterr().out
