"""A whole run as a pure function: scenario + seed -> recorded series, one or many replications."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from staffsim.model.model import StaffModel
from staffsim.model.roster import Roster, initial_roster
from staffsim.model.workers import process_pool
from staffsim.scenarios.loader import Scenario


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence(seed).spawn(replications)


@dataclass
class ReplicationResult:
    replication: int
    series: dict[str, np.ndarray]  # months x communes
    roster: Roster  # final state (exits marked)


def run_replication(scenario: Scenario, replication: int,
                    seed: np.random.SeedSequence | None = None,
                    start: Roster | None = None) -> ReplicationResult:
    """Run one replication; the seed defaults to child ``replication`` of the root seed.
    ``start``: the scenario's ``initial_roster`` if the caller has it (a copy is run: on the
    national scenario building it takes 0.45 s)."""
    p = scenario.params.simulation
    if seed is None:
        seed = replication_seeds(p.seed, replication + 1)[replication]
    roster = start.copy() if start is not None else initial_roster(scenario)
    model = StaffModel(scenario, roster, rng=seed)
    return ReplicationResult(replication, model.run(), model.roster)


def run_scenario(scenario: Scenario, executor: Executor | None = None,
                 progress: Callable[[int], None] | None = None,
                 start: Roster | None = None) -> list[ReplicationResult]:
    """All replications of a scenario, in replication order whatever the executor
    (``start``: see ``run_replication``)."""
    p = scenario.params.simulation
    seeds = replication_seeds(p.seed, p.replications)
    if executor is None and p.workers > 1 and p.replications > 1:
        with process_pool(p.workers) as pool:
            return run_scenario(scenario, pool, progress, start)
    if executor is None:
        results = []
        for i, s in enumerate(seeds):
            results.append(run_replication(scenario, i, s, start))
            if progress:
                progress(1)
        return results
    futures = [executor.submit(run_replication, scenario, i, s, start)
               for i, s in enumerate(seeds)]
    results = []
    for f in futures:
        results.append(f.result())
        if progress:
            progress(1)
    return results
