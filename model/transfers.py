"""Carrying out moves in a running simulation: officials change post from the end of a month."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.allowance import move_costs
from staffsim.model.state import Move, ProvinceState

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


def apply_moves(model: StaffModel, state: ProvinceState, moves: list[Move], t: int,
                allowance_months: int, secondment_months: int | None = None) -> None:
    """Move officials from the end of month t; record the flows. ``state`` is the planning
    state the moves index (``planning_state``)."""
    if not moves:
        return
    r = model.roster
    n = len(model.communes)
    km, monthly = move_costs(state, moves)
    rows = state.roster_rows[[m.row for m in moves]]
    to = np.array([m.to for m in moves])
    spec = np.array([m.spec_to for m in moves], np.int8)
    model.series["moves_out"][t] += np.bincount(r.commune[rows], minlength=n)
    model.series["transfers_in"][t] += np.bincount(to, minlength=n)
    if secondment_months is not None:
        r.home_commune[rows] = r.commune[rows]
        r.home_specialty[rows] = r.specialty[rows]
        r.return_month[rows] = t + secondment_months
    r.commune[rows] = to
    r.specialty[rows] = spec
    r.post_start[rows] = t + 1
    r.transferred[rows] = True
    r.transfer_km[rows] = km
    r.allowance_monthly[rows] = monthly
    r.allowance_until[rows] = t + allowance_months
