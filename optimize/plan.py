"""A transfer plan (named moves) and its outcome, computed the same way for every plan source:
the optimiser, the greedy baseline or a hand-made list."""

from __future__ import annotations

import numpy as np

from staffsim.model.allowance import move_allowance
from staffsim.model.state import Move, ProvinceState
from staffsim.scenarios.params import ZONES


def after_staffing(state: ProvinceState, moves: list[Move]) -> tuple[np.ndarray, np.ndarray]:
    """Staff after the moves, communes x specialties: in FTE (cross-specialty moves count at
    their productivity) and in people."""
    p = state.params.optimizer.constraints.specialty_match.productivity
    fte = state.in_post().astype(float)
    people = state.in_post().copy()
    for m in moves:
        c, s = int(state.commune[m.row]), int(state.specialty[m.row])
        fte[c, s] -= 1
        people[c, s] -= 1
        fte[m.to, m.spec_to] += 1.0 if m.spec_to == s else p
        people[m.to, m.spec_to] += 1
    return fte, people


def _by_zone(values: np.ndarray, zone: np.ndarray) -> dict[str, float]:
    out = {z: float(values[zone == i].sum()) for i, z in enumerate(ZONES)}
    out["province"] = float(values.sum())
    return out


def plan_outcome(state: ProvinceState, moves: list[Move]) -> dict:
    """The plan measures (``model.outcomes.PLAN_MEASURES``): unmet need, essential specialties
    vacant and the communes with at least one, before and after, by area; weighted unmet
    need; moves, km and allowance cost. Counted as the simulation counts them at month 0."""
    obj = state.params.optimizer.objective
    essential = state.params.workload.specialties.essential_mask()
    essential = essential[None, :] & state.communes.is_commune[:, None]  # not pool units
    weight = np.asarray(obj.zone_weight.as_list())[state.communes.zone]
    before = state.in_post()
    fte, people = after_staffing(state, moves)
    unmet_before = np.maximum(state.required - before, 0.0).sum(axis=1)
    unmet_after = np.maximum(state.required - fte, 0.0).sum(axis=1)
    gaps_before = ((before == 0) & essential).sum(axis=1)
    gaps_after = ((people == 0) & essential).sum(axis=1)
    zone = state.communes.zone
    km, _, total = move_allowance(state, moves)
    return {
        # communes (not pool units) by zone: a zone with none has no unmet need to show, '–'
        "communes": _by_zone(state.communes.is_commune.astype(float), zone),
        "unmet_fte_before": _by_zone(unmet_before, state.communes.zone),
        "unmet_fte_after": _by_zone(unmet_after, state.communes.zone),
        "essential_missing_before": _by_zone(gaps_before, zone),
        "essential_missing_after": _by_zone(gaps_after, zone),
        "communes_lacking_essential_before": _by_zone(gaps_before > 0, zone),
        "communes_lacking_essential_after": _by_zone(gaps_after > 0, zone),
        "weighted_unmet_before": float((weight * unmet_before).sum()
                                       + (obj.gap_weight(zone) * gaps_before).sum()),
        "weighted_unmet_after": float((weight * unmet_after).sum()
                                      + (obj.gap_weight(zone) * gaps_after).sum()),
        "moves": len(moves),
        "km_total": float(km.sum()),
        "km_max": float(km.max()) if len(km) else 0.0,
        "allowance_vnd": float(total.sum()),
        "disruption": float(obj.move_weight * len(moves) + obj.km_weight * km.sum()),
    }
