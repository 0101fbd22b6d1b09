"""Tiny provinces built directly as optimiser states, and the feasibility assertion."""

from __future__ import annotations

import numpy as np

from staffsim.model.roster import quota
from staffsim.model.state import ProvinceState
from staffsim.optimize.check import check_plan
from staffsim.optimize.planner import ProvincePlan, plan_rows
from staffsim.scenarios.loader import set_dotted, validate_params
from staffsim.scenarios.params import KINDS, ZONES
from staffsim.scenarios.province import Communes
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

START = 2025 * 12 + 6  # July 2025


def tiny_state(communes: list[tuple[str, str, str]], officials: list[tuple],
               required: dict[tuple[str, str], float], km: dict[tuple[str, str], float],
               **overrides: object) -> ProvinceState:
    """communes: (id, zone, kind); officials: (commune id, specialty[, age, leader,
    protected]); required: FTE per (commune id, specialty), 0 elsewhere; km: road distance
    per unordered pair (missing pairs: 500 km)."""
    data: dict = {}
    for k, v in overrides.items():
        set_dotted(data, k, v)
    params = validate_params(data, "test")
    ids = [c[0] for c in communes]
    n = len(ids)
    c = Communes(
        ids=ids, names=[f"Commune {i}" for i in ids],
        kind=np.array([KINDS.index(x[2]) for x in communes], np.int8),
        zone=np.array([ZONES.index(x[1]) for x in communes], np.int8),
        population=np.full(n, 5000.0), area_km2=np.full(n, 50.0),
        lat=np.linspace(20, 20.5, n), lon=np.linspace(105, 105.5, n),
        province=["P"] * n, merged_units=np.full(n, np.nan))
    req = np.zeros((n, N_SPECIALTIES))
    for (cid, spec), fte in required.items():
        req[ids.index(cid), INDEX[spec]] = fte
    dist = np.full((n, n), 500.0)
    np.fill_diagonal(dist, 0.0)
    for (a, b), d in km.items():
        dist[ids.index(a), ids.index(b)] = dist[ids.index(b), ids.index(a)] = d
    rows = [(o + (40, False, False)[len(o) - 2:]) if len(o) < 5 else o for o in officials]
    return ProvinceState(
        params=params, communes=c, required=req, quota=quota(c, params.staffing),
        supplied_distance_km=dist,
        official_id=[f"{r[0]}-{k}" for k, r in enumerate(rows)],
        commune=np.array([ids.index(r[0]) for r in rows], np.int32),
        specialty=np.array([INDEX[r[1]] for r in rows], np.int8),
        birth_month=np.array([START - r[2] * 12 for r in rows], np.int32),
        female=np.zeros(len(rows), bool), leader=np.array([r[3] for r in rows], bool),
        protected=np.array([r[4] for r in rows], bool), calendar_month=START, name="tiny")


def assert_feasible(state: ProvinceState, moves) -> None:
    """The independent checker finds no rule broken."""
    violations = check_plan(state, plan_rows(state, moves))
    assert violations == [], [str(v) for v in violations]


def assert_plan_feasible(plan: ProvincePlan) -> None:
    assert_feasible(plan.state, plan.moves)
    if plan.greedy_moves:
        assert_feasible(plan.state, plan.greedy_moves)
