"""Sets and parameters of the transfer problem, derived from a province state and the policy.

Candidate moves are arcs (donor, specialty) -> (recipient, specialty). The constraint
families narrow them through ``inputs.Bounds`` (``optimize.families``): who may move,
how many a commune may give, who may receive, how far, into which specialty.
"""

from __future__ import annotations

import numpy as np

from staffsim.model.allowance import allowance_parts, paid_months, term_months_left
from staffsim.model.state import ProvinceState
from staffsim.optimize.families import families
from staffsim.optimize.inputs import Bounds, PlanInputs, Variant
from staffsim.optimize.levers import moved
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

LEADERSHIP = INDEX["leadership"]


def movable_officials(state: ProvinceState) -> np.ndarray:
    """Boolean per official: not flagged protected, not in the leadership specialty, and
    not kept in place by any family (protection: leaders, near retirement)."""
    ok = ~state.protected.astype(bool) & (state.specialty != LEADERSHIP)
    for fam in families():
        fam.restrict_officials(state, ok)
    return ok


def movable_by_post(state: ProvinceState) -> tuple[np.ndarray, dict]:
    """Movable officials per commune and specialty, and their rows in the order they move:
    youngest first (furthest from retirement), then by id (a documented, stable order). The
    posts in the order their first official comes in that order. In numpy: a loop over
    Thanh Hóa's 6,230 officials took 30 ms of every plan and of every what-if's naming."""
    ok = movable_officials(state)
    order = np.lexsort((np.array(state.official_id), -state.birth_month))
    order = order[ok[order]]
    n = state.n_communes
    key = state.commune[order].astype(np.int64) * N_SPECIALTIES + state.specialty[order]
    movable = np.bincount(key, minlength=n * N_SPECIALTIES).reshape(n, N_SPECIALTIES)
    if not len(order):
        return movable.astype(np.int64), {}
    by_key = np.argsort(key, kind="stable")  # each post's officials keep their order
    sk = key[by_key]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    bounds = np.r_[starts, len(sk)]
    rows = order[by_key].astype(np.int64)
    first = by_key[starts]  # where each post's first official comes in ``order``
    return movable.astype(np.int64), {
        (int(sk[starts[g]] // N_SPECIALTIES), int(sk[starts[g]] % N_SPECIALTIES)):
            rows[bounds[g]:bounds[g + 1]] for g in np.argsort(first, kind="stable").tolist()}


def candidate_bounds(state: ProvinceState, in_post: np.ndarray,
                     movable: np.ndarray) -> Bounds:
    """No limits but who may move, then each family's."""
    n = state.n_communes
    b = Bounds(in_post=in_post, movable=movable, max_out=movable.copy(),
               max_give=np.full(n, np.inf), cap=np.full(n, np.inf), max_km=np.inf,
               may_give=np.ones(n, bool), may_receive=np.ones(n, bool),
               productivity=np.eye(N_SPECIALTIES))
    for fam in families():
        fam.restrict_moves(state, b)
    b.max_out[~b.may_give] = 0
    return b


def lever_bounds(state: ProvinceState, in_post: np.ndarray,
                 movable: np.ndarray) -> dict[str, Bounds]:
    """The bounds with each arc-changing marginal lever moved (who may move stays: the
    arcs' officials are named from the base problem's movable rows)."""
    out = {}
    for fam in families("levers"):
        lever = fam.lever(state.params) if fam.lever_arcs else None
        if lever is not None:
            out[lever.name] = candidate_bounds(moved(state, lever), in_post, movable)
    return out


def _arc_block(s_from: int, s_to: int, donors: np.ndarray, recips: np.ndarray,
               km_all: np.ndarray, deficit: np.ndarray, bounds: list[Bounds],
               rooms: list[np.ndarray], avail: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """Arcs from ``donors``' specialty s_from into ``recips``' s_to and their upper bound
    under each of ``bounds`` (``rooms``: their recipients' headroom per specialty);
    ``avail``: elastic problems (only the hard limits shape arcs)."""
    prod = bounds[0].productivity[s_from, s_to]
    d, r = np.meshgrid(donors, recips, indexing="ij")
    d, r = d.ravel(), r.ravel()
    km = km_all[d, r]
    keep = d != r
    if avail is None:
        keep &= np.logical_or.reduce([(room[r, s_to] > 0) & (km <= b.max_km)
                                      for b, room in zip(bounds, rooms, strict=True)])
    d, r, km = d[keep], r[keep], km[keep]
    need = np.ceil(deficit[r, s_to] / prod - 1e-9)
    if avail is not None:
        uppers = [np.minimum(avail[d, s_from], need)] * len(bounds)
    else:
        uppers = [np.where(km <= b.max_km, np.minimum.reduce(
                      [b.max_out[d, s_from], need, room[r, s_to], b.max_give[d]]), 0)
                  for b, room in zip(bounds, rooms, strict=True)]
    keep = np.maximum.reduce(uppers) >= 1
    return (d[keep], r[keep], np.full(keep.sum(), s_from), np.full(keep.sum(), s_to),
            np.full(keep.sum(), prod), km[keep], *[u[keep] for u in uppers])


def _cap_free(b: Bounds) -> np.ndarray:
    """Per recipient and specialty, 1 where one official received is outside the cap."""
    return (np.zeros(b.in_post.shape) if b.cap_free is None
            else b.cap_free.astype(float))


def candidate_arcs(state: ProvinceState, deficit: np.ndarray, bounds: list[Bounds],
                   elastic: bool) -> tuple[np.ndarray, ...]:
    """(from, to, specialty from, specialty to, productivity, km, upper bound per bounds)
    of every arc some of ``bounds`` allows; ``bounds[0]`` is the problem's own.

    Elastic problems keep the arcs that only the priced limits rule out (beyond the distance
    limit, the recipient cap, the donor floor, the donor share): their slack says how much a
    rule blocks.
    """
    base = bounds[0]
    # headroom per recipient and specialty: under the cap, plus the one official a vacant
    # essential post may take beyond it (``Bounds.cap_free``)
    rooms = [np.maximum(b.cap - base.in_post.sum(axis=1), 0.0)[:, None] + _cap_free(b)
             for b in bounds]
    avail = np.where(base.may_give[:, None], base.movable, 0) if elastic else None
    can_give = avail if elastic else np.maximum.reduce([b.max_out for b in bounds])
    parts: list[tuple[np.ndarray, ...]] = []
    for s_from in range(N_SPECIALTIES):
        donors = np.flatnonzero(can_give[:, s_from] > 0)
        if donors.size == 0:
            continue
        for s_to in range(N_SPECIALTIES):
            if s_to == LEADERSHIP or base.productivity[s_from, s_to] <= 0:
                continue
            recips = np.flatnonzero((deficit[:, s_to] > 0) & base.may_receive)
            if recips.size:
                parts.append(_arc_block(s_from, s_to, donors, recips, state.distance_km,
                                        deficit, bounds, rooms, avail))
    if parts:
        return tuple(np.concatenate(x) for x in zip(*parts, strict=True))
    ints, floats = np.zeros(0, np.int64), np.zeros(0)
    return (ints, ints, ints, ints, floats, floats) + (floats,) * len(bounds)


def build_inputs(state: ProvinceState, elastic: bool = False,
                 superset: bool = False) -> PlanInputs:
    """Candidate moves and bounds.

    ``elastic``: see ``candidate_arcs``. ``superset`` also keeps the arcs that the marginal
    levers which change arcs (a longer distance limit, a lower donor floor) would allow, with
    upper bound 0 in the base problem, so marginal values are re-solves with changed bounds.
    """
    p = state.params.optimizer
    in_post = state.in_post()
    deficit = np.maximum(state.required - in_post, 0.0)
    movable, movable_rows = movable_by_post(state)
    base = candidate_bounds(state, in_post, movable)
    levers = lever_bounds(state, in_post, movable) if superset else {}
    arcs = candidate_arcs(state, deficit, [base, *levers.values()], elastic)
    arc_from, arc_to, sf, st, prod, km, upper, *lever_upper = arcs
    parts = allowance_parts(p.allowance, state.communes.allowance_zone[arc_to], km)
    parts *= state.communes.allowance_eligible[arc_from][:, None]
    monthly = parts.sum(axis=1)
    total = parts @ paid_months(p.allowance, term_months_left(state.params, state.month))
    return PlanInputs(
        state=state, in_post=in_post, deficit=deficit, movable=movable,
        movable_rows=movable_rows, max_out=base.max_out, cap=base.cap,
        cap_free=_cap_free(base).astype(bool),
        max_give=base.max_give,
        zone_weight=np.asarray(p.objective.zone_weight.as_list())[state.communes.zone],
        essential=state.params.workload.specialties.essential_mask(),
        is_commune=state.communes.is_commune,
        arc_from=arc_from.astype(np.int64), arc_to=arc_to.astype(np.int64),
        arc_spec_from=sf.astype(np.int64), arc_spec_to=st.astype(np.int64),
        arc_productivity=prod.astype(float), arc_km=km, arc_allowance_month=monthly,
        arc_allowance_total=total, arc_upper=upper.astype(np.int64),
        variants={name: Variant(b, u.astype(np.int64))
                  for (name, b), u in zip(levers.items(), lever_upper, strict=True)})
