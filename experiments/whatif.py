"""What-if with simulation: the baseline and the variant plan simulated over common seeds."""

from __future__ import annotations

import dataclasses

from staffsim.experiments.compare import ArmSpec, run_compare, summarize_arms
from staffsim.scenarios.loader import override_params


def simulate_pair(sides: list[tuple], months: int, replications: int, workers: int,
                  month: int = 0) -> dict:
    """Simulate the baseline and the variant plan over common seeds, each carried out at the
    end of ``month``, the month they were planned on; ``sides`` holds (scenario, state, plan
    report) for the baseline, then the variant."""
    specs = []
    for key, (sc, st, rep) in zip(("baseline", "variant"), sides, strict=True):
        params = override_params(sc.params, {"simulation.months": months}, str(sc.path))
        fixed = [(st.official_id[m.row], m.to, m.spec_to) for m in rep["moves"]]
        specs.append(ArmSpec(key, key, [], dataclasses.replace(sc, params=params), fixed,
                             month))
    seed = sides[0][0].params.simulation.seed
    return summarize_arms(specs, run_compare(specs, replications, seed, workers))
