"""Carrying out moves in a running simulation: officials change post from the end of a month,
for a term (after which they go back with a stated chance, or stay), drawing each part of the
allowance for its own months within the term."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.allowance import PARTS, allowance_parts, paid_months, term_months_left
from staffsim.model.state import Move, ProvinceState
from staffsim.scenarios.loader import province_params

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


def apply_moves(model: StaffModel, state: ProvinceState, moves: list[Move], t: int,
                secondment_months: int | None = None) -> None:
    """Move officials from the end of month t; record the flows. ``state`` is the planning
    state the moves index (``planning_state``, month t + 1).

    A transfer's term is ``term_months_left`` (the scenario's ``transfers`` section); a
    secondment's is ``secondment_months`` and it always ends with the official going back.
    A move with no term left (start-based terms after the window) is permanent, without
    allowance.
    """
    if not moves:
        return
    r = model.roster
    n = len(model.communes)
    idx = np.array([m.row for m in moves])
    rows = state.roster_rows[idx].copy()
    frm = state.commune[idx]
    from_pool = rows < 0
    if from_pool.any():
        # officials of a department or the Party/Front bloc join the simulated roster at their
        # old unit's place, outside every commune (commune index -1), and move from there
        k = idx[from_pool]
        rows[from_pool] = r.append(
            [state.official_id[i] for i in k], np.full(len(k), -1), state.specialty[k],
            state.birth_month[k], state.female[k], t, protected=state.protected[k],
            home_pool=np.ones(len(k), bool))
    to = np.array([m.to for m in moves])
    spec = np.array([m.spec_to for m in moves], np.int8)
    km = state.distance_km[frm, to]
    p = state.params
    codes = np.array(state.communes.province)[to]
    if secondment_months is not None:
        r.seconded[rows] = True
    # a secondee keeps the home post (and its place in the home quota) for the term; a
    # transfer (điều động) takes the post at the new unit
    r.on_secondment[rows] = secondment_months is not None
    out = r.commune[rows][~from_pool]
    model.series["moves_out"][t] += np.bincount(out, minlength=n)
    model.series["transfers_in"][t] += np.bincount(to, minlength=n)
    r.home_pool[rows] = from_pool
    r.home_commune[rows] = np.where(from_pool, n, r.commune[rows])  # n: the pool
    r.home_specialty[rows] = r.specialty[rows]
    r.commune[rows] = to
    r.specialty[rows] = spec
    r.post_start[rows] = t + 1
    r.transferred[rows] = True
    r.transfer_km[rows] = km
    for code in dict.fromkeys(codes.tolist()):  # each province's own rules (by_province)
        g = codes == code
        pp = province_params(p, code)
        if secondment_months is not None:
            term, back = secondment_months, 1.0
        else:
            term, back = term_months_left(pp, t + 1), pp.transfers.return_share
        if term > 0:
            r.return_month[rows[g]] = t + term
            r.return_share[rows[g]] = back
        else:  # a permanent move: nothing to go back to
            r.home_commune[rows[g]] = -1
            r.home_pool[rows[g]] = False
        rule = pp.optimizer.allowance
        parts = allowance_parts(rule, model.communes.allowance_zone[to[g]], km[g])
        parts *= state.communes.allowance_eligible[frm[g]][:, None]
        for k, (part, months) in enumerate(zip(PARTS, paid_months(rule, term), strict=True)):
            getattr(r, f"allowance_{part}_vnd")[rows[g]] = parts[:, k]
            getattr(r, f"allowance_{part}_until")[rows[g]] = t + months
