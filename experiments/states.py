"""The province state a question is asked about: the start, or month N of a simulation."""

from __future__ import annotations

from staffsim.model.roster import initial_roster
from staffsim.model.state import ProvinceState, single_province, state_from_roster
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import Scenario


def plan_state(scenario: Scenario, month: int) -> ProvinceState:
    """The province state to plan on: the start, or month N of replication 0 (N within the
    scenario's horizon, simulation.months)."""
    horizon = scenario.params.simulation.months
    if not 0 <= month <= horizon:
        raise ScenarioError("command line", "--month", f"{month} is beyond the horizon; "
                            f"allowed: 0 to {horizon} (simulation.months; raise it with --set "
                            "simulation.months=N)")
    roster = initial_roster(scenario)
    if month > 0:
        # deferred: Mesa (about 1 s to import) only when a month has to be simulated
        from staffsim.model.model import StaffModel
        from staffsim.model.replications import replication_seeds

        model = StaffModel(scenario, roster, rng=replication_seeds(
            scenario.params.simulation.seed, 1)[0])
        for _ in range(month):
            model.step()
        roster = model.roster
    return state_from_roster(scenario, roster, month=month)


def single_state(scenario: Scenario, month: int) -> ProvinceState:
    """``plan_state`` for a scenario holding one province (a clear error otherwise)."""
    return single_province(plan_state(scenario, month), str(scenario.path))
