"""One row per move, with the official's name and current post: the single source of every
plan output (plan.csv, the decision annex, the dashboard's moves table, whatif's variant)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from staffsim.model.allowance import (
    allowance_parts,
    move_allowance,
    paid_months,
    term_months_left,
)
from staffsim.model.names import official_names
from staffsim.model.state import Move, ProvinceState
from staffsim.scenarios.params import ALL_KINDS, ZONES
from staffsim.scenarios.specialties import SPECIALTIES


@dataclass(frozen=True)
class MoveRow:
    official_id: str
    full_name: str
    specialty: str  # key in SPECIALTIES (the official's current post)
    to_specialty: str
    from_commune: str
    from_name: str
    from_kind: str  # key in KINDS
    to_commune: str
    to_name: str
    to_kind: str
    to_zone: str  # key in ZONES
    province_code: str
    distance_km: float
    monthly_allowance_vnd: float  # the first month, every part paid
    # the months the allowance is paid (the longest-paid part's, within the term); 0 for a
    # move paid nothing: the transfer's term is the annex's date line, one for every row
    months: int
    total_allowance_vnd: float  # each part for its own months (model.allowance)


def move_rows(state: ProvinceState, moves: list[Move],
              names: dict[str, str] | None = None) -> list[MoveRow]:
    """The moves as rows (in the order given); ``names`` from a roster table (official_id ->
    name), synthetic names for the others (``model.names``)."""
    km, monthly, total = move_allowance(state, moves)
    # each move's longest-paid part among those that pay it: Lạng Sơn's distance band is
    # paid 24 months, and its unused zone multiple's 36 made the annex say 36 beside a
    # 24-month total (a planner's trial)
    # (a move paid nothing: 0 months of support; it gave the term's 36 beside the paid rows'
    # 24, one column meaning two things under one date line: a planner's trial)
    rule = state.params.optimizer.allowance
    paid = paid_months(rule, term_months_left(state.params, state.month))
    level = state.communes.allowance_zone[np.array([m.to for m in moves], dtype=np.int64)]
    pays = (allowance_parts(rule, level, km) > 0) & (np.asarray(monthly)[:, None] > 0)
    months = np.where(pays, paid, 0).max(axis=1, initial=0).astype(int)
    full = official_names(state, [m.row for m in moves], names)
    c = state.communes
    out = []
    for m, k, a, tot, name, n in zip(moves, km, monthly, total, full, months, strict=True):
        frm = int(state.commune[m.row])
        out.append(MoveRow(
            official_id=state.official_id[m.row], full_name=name,
            specialty=SPECIALTIES[state.specialty[m.row]], to_specialty=SPECIALTIES[m.spec_to],
            from_commune=c.ids[frm], from_name=c.names[frm],
            from_kind=ALL_KINDS[c.kind[frm]], to_commune=c.ids[m.to], to_name=c.names[m.to],
            to_kind=ALL_KINDS[c.kind[m.to]], to_zone=ZONES[c.zone[m.to]],
            province_code=c.province[frm], distance_km=float(k), monthly_allowance_vnd=float(a),
            months=int(n), total_allowance_vnd=float(tot)))
    return out
