"""One row per move, with the official's name and current post: the single source of every
plan output (plan.csv, the decision annex, the dashboard's moves table, whatif's variant)."""

from __future__ import annotations

from dataclasses import dataclass

from staffsim.model.allowance import move_allowance, paid_months, term_months_left
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
    months: int  # the longest-paid part's months within the term
    total_allowance_vnd: float  # each part for its own months (model.allowance)


def move_rows(state: ProvinceState, moves: list[Move],
              names: dict[str, str] | None = None) -> list[MoveRow]:
    """The moves as rows (in the order given); ``names`` from a roster table (official_id ->
    name), synthetic names for the others (``model.names``)."""
    km, monthly, total = move_allowance(state, moves)
    months = int(paid_months(state.params.optimizer.allowance,
                             term_months_left(state.params, state.month)).max())
    full = official_names(state, [m.row for m in moves], names)
    c = state.communes
    out = []
    for m, k, a, tot, name in zip(moves, km, monthly, total, full, strict=True):
        frm = int(state.commune[m.row])
        out.append(MoveRow(
            official_id=state.official_id[m.row], full_name=name,
            specialty=SPECIALTIES[state.specialty[m.row]], to_specialty=SPECIALTIES[m.spec_to],
            from_commune=c.ids[frm], from_name=c.names[frm],
            from_kind=ALL_KINDS[c.kind[frm]], to_commune=c.ids[m.to], to_name=c.names[m.to],
            to_kind=ALL_KINDS[c.kind[m.to]], to_zone=ZONES[c.zone[m.to]],
            province_code=c.province[frm], distance_km=float(k), monthly_allowance_vnd=float(a),
            months=months, total_allowance_vnd=float(tot)))
    return out
