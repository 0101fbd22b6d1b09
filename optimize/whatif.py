"""Baseline against variant: two plans (and optionally two simulated policies) side by side."""

from __future__ import annotations

import numpy as np

from model.specialties import SPECIALTIES
from optimize.check import check_plan
from optimize.edits import Edits, plan_with_edits
from optimize.plan import Move, after_staffing, plan_outcome
from optimize.run import plan_rows
from optimize.state import ProvinceState
from scenarios.params import ZONES


def commune_unmet(state: ProvinceState, moves: list[Move]) -> np.ndarray:
    fte, _ = after_staffing(state, moves)
    return np.maximum(state.required - fte, 0.0).sum(axis=1)


def communes_lacking(state: ProvinceState, moves: list[Move]) -> int:
    essential = np.array([s.essential for s in state.params.workload.specialties.ordered()])
    _, people = after_staffing(state, moves)
    return int(((people == 0) & essential[None, :]).any(axis=1).sum())


def plan_report(state: ProvinceState, edits: Edits) -> dict:
    """One side of a what-if: the plan, its outcome, and rule violations of manual edits."""
    plan = plan_with_edits(state, edits)
    moves = plan.moves
    out = plan_outcome(state, moves)
    out["communes_lacking_essential"] = communes_lacking(state, moves)
    out["status"] = plan.status
    out["forced_moves"] = len(plan.forced)
    out["violations"] = [str(v) for v in check_plan(state, plan_rows(state, moves))]
    return {"outcome": out, "moves": moves, "unmet_by_commune": commune_unmet(state, moves)}


def changed_communes(base_state: ProvinceState, base: dict, var_state: ProvinceState,
                     var: dict, top: int = 8) -> list[dict]:
    """The communes whose unmet need after the plan changed most."""
    delta = var["unmet_by_commune"] - base["unmet_by_commune"]
    order = np.argsort(-np.abs(delta), kind="stable")[:top]
    c = base_state.communes
    return [{"commune_id": c.ids[i], "name": c.names[i], "zone": ZONES[c.zone[i]],
             "unmet_baseline": float(base["unmet_by_commune"][i]),
             "unmet_variant": float(var["unmet_by_commune"][i]), "change": float(delta[i])}
            for i in order if abs(delta[i]) > 1e-9]


def moves_table(state: ProvinceState, moves: list[Move]) -> list[dict]:
    ids, names = state.communes.ids, state.communes.names
    return [{"official_id": state.official_id[m.row],
             "specialty": SPECIALTIES[state.specialty[m.row]],
             "from": ids[state.commune[m.row]], "from_name": names[state.commune[m.row]],
             "to": ids[m.to], "to_name": names[m.to]} for m in moves]


def simulate_pair(sides: list[tuple], months: int, replications: int, workers: int) -> dict:
    """Simulate the baseline and the variant plan (made at the end of month 0) over common
    seeds; ``sides`` holds (scenario, state, plan report) for the baseline, then the variant."""
    import dataclasses

    from scenarios.compare import ArmSpec, run_compare, summarize_arms
    from scenarios.loader import override_params

    specs = []
    for key, (sc, st, rep) in zip(("baseline", "variant"), sides, strict=True):
        params = override_params(sc.params, {"simulation.months": months}, str(sc.path))
        fixed = [(st.official_id[m.row], m.to, m.spec_to) for m in rep["moves"]]
        specs.append(ArmSpec(key, key, [], dataclasses.replace(sc, params=params), fixed))
    seed = sides[0][0].params.simulation.seed
    return summarize_arms(specs, run_compare(specs, replications, seed, workers))
