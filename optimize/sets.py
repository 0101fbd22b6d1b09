"""Sets and parameters of the transfer problem, derived from a province state and the policy.

Three constraint families act here, by leaving arcs out rather than adding rows:
specialty match (an arc moves specialty s into s, or into t only when cross-specialty moves are
on), maximum distance (no arc longer than the limit) and eligible recipients/donors (arcs only
between communes of the allowed zones). Protection acts on ``movable``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from staffsim.model.allowance import monthly_allowance
from staffsim.model.state import ProvinceState
from staffsim.scenarios.params import zone_mask
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

LEADERSHIP = INDEX["leadership"]


@dataclass
class PlanInputs:
    """Everything the formulation, the greedy baseline and the checker read."""

    state: ProvinceState
    in_post: np.ndarray  # communes x specialties
    deficit: np.ndarray  # max(0, required - in post)
    movable: np.ndarray  # officials that may move, communes x specialties
    movable_rows: dict[tuple[int, int], np.ndarray]  # official rows in the order they move
    max_out: np.ndarray  # most officials a commune may give per specialty (floor + movable)
    cap: np.ndarray  # recipient headcount cap per commune (inf if the family is off)
    share_cap: np.ndarray  # most officials a donor may give in all (inf if off)
    zone_weight: np.ndarray  # per commune
    essential: np.ndarray  # per specialty
    # arcs: one candidate move type each
    arc_from: np.ndarray
    arc_to: np.ndarray
    arc_spec_from: np.ndarray
    arc_spec_to: np.ndarray
    arc_productivity: np.ndarray
    arc_km: np.ndarray
    arc_allowance_month: np.ndarray  # VND per month
    arc_allowance_total: np.ndarray  # VND over the support period
    arc_upper: np.ndarray  # upper bound on the number moved along the arc
    arc_upper_km: np.ndarray  # ... with the distance limit MARGINAL_KM longer (superset)
    arc_upper_floor: np.ndarray  # ... with the donor floor MARGINAL_FLOOR lower (superset)
    max_out_floor: np.ndarray  # max_out with the donor floor MARGINAL_FLOOR lower
    arc_over_km: np.ndarray  # km beyond the distance limit (elastic arcs only; else 0)

    @property
    def n_arcs(self) -> int:
        return len(self.arc_from)


def movable_officials(state: ProvinceState) -> np.ndarray:
    """Boolean per official: not protected, not a leader (if so ruled), not near retirement."""
    prot = state.params.optimizer.constraints.protection
    ok = ~state.protected.astype(bool)
    if prot.enabled:
        if prot.leaders:
            ok &= ~state.leader.astype(bool)
        ok &= state.years_to_retirement() >= prot.years_to_retirement
    ok &= state.specialty != LEADERSHIP
    return ok


def donor_capacity(state: ProvinceState, movable: np.ndarray, in_post: np.ndarray,
                   share: float | None) -> np.ndarray:
    """Most officials each commune may give per specialty: movable, above the donor floor
    (``share`` of the requirement, None = no floor), and never an essential specialty's last."""
    if share is None:
        return movable.copy()
    essential = np.array([s.essential for s in state.params.workload.specialties.ordered()])
    keep = np.ceil(share * state.required - 1e-9)
    keep = np.where(essential[None, :] & (in_post > 0), np.maximum(keep, 1), keep)
    return np.minimum(movable, np.maximum(in_post - keep, 0)).astype(np.int64)


# Lever steps valued by the marginal re-solves (``optimize.explain``).
MARGINAL_KM = 10.0
MARGINAL_FLOOR = 0.01


def build_inputs(state: ProvinceState, elastic: bool = False,
                 superset: bool = False) -> PlanInputs:
    """Candidate moves and bounds.

    ``elastic`` keeps arcs beyond the distance limit, the recipient cap and the donor floor
    (their slack says how much a rule blocks). ``superset`` also keeps the arcs that a distance
    limit MARGINAL_KM longer or a donor floor MARGINAL_FLOOR lower would allow, with upper bound
    0 in the base problem, so marginal values are re-solves with changed bounds only.
    """
    p = state.params.optimizer
    cons = p.constraints
    n = state.n_communes
    in_post = state.in_post()
    deficit = np.maximum(state.required - in_post, 0.0)
    essential = np.array([s.essential for s in state.params.workload.specialties.ordered()])

    ok = movable_officials(state)
    # Youngest first (furthest from retirement), then by id: a documented, stable order.
    order = np.lexsort((np.array(state.official_id), -state.birth_month))
    movable = np.zeros((n, N_SPECIALTIES), np.int64)
    rows: dict[tuple[int, int], list[int]] = {}
    for i in order:
        if ok[i]:
            key = (int(state.commune[i]), int(state.specialty[i]))
            rows.setdefault(key, []).append(int(i))
            movable[key] += 1
    movable_rows = {k: np.array(v) for k, v in rows.items()}

    floor = cons.donor_floor.share if cons.donor_floor.enabled else None
    max_out = donor_capacity(state, movable, in_post, floor)
    max_out_loose = (donor_capacity(state, movable, in_post, max(floor - MARGINAL_FLOOR, 0.0))
                     if superset and floor is not None else max_out)
    if cons.eligible_recipients.enabled:
        donor_ok = zone_mask(state.communes.zone, cons.eligible_recipients.donor_zones)
        recipient_ok = zone_mask(state.communes.zone, cons.eligible_recipients.zones)
    else:
        donor_ok = recipient_ok = np.ones(n, bool)
    max_out[~donor_ok] = 0
    max_out_loose[~donor_ok] = 0
    # Elastic problems may break the donor floor (at a price); never protection.
    avail = np.where(donor_ok[:, None], movable, 0) if elastic else max_out_loose

    total = in_post.sum(axis=1)
    if cons.recipient_cap.enabled:
        if cons.recipient_cap.rule == "quota":
            cap = state.quota.astype(float)
        else:
            s = state.params.staffing
            cap = np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu], float)[state.communes.kind]
    else:
        cap = np.full(n, np.inf)
    room = np.maximum(cap - total, 0.0)
    share_cap = (np.floor(cons.max_donor_share.share * total + 1e-9)
                 if cons.max_donor_share.enabled else np.full(n, np.inf))

    km_all = state.distance_km
    limit = cons.max_distance.km if cons.max_distance.enabled else np.inf
    limit_loose = limit + MARGINAL_KM if superset else limit
    cross = cons.specialty_match.cross_specialty or not cons.specialty_match.enabled
    prod_cross = cons.specialty_match.productivity
    parts: list[tuple[np.ndarray, ...]] = []
    for s_from in range(N_SPECIALTIES):
        donors = np.flatnonzero(avail[:, s_from] > 0)
        if donors.size == 0:
            continue
        for s_to in range(N_SPECIALTIES):
            if s_to == LEADERSHIP or (s_to != s_from and not cross):
                continue
            prod = 1.0 if s_to == s_from else prod_cross
            if prod <= 0:
                continue
            recips = np.flatnonzero((deficit[:, s_to] > 0) & recipient_ok)
            if recips.size == 0:
                continue
            d, r = np.meshgrid(donors, recips, indexing="ij")
            d, r = d.ravel(), r.ravel()
            km = km_all[d, r]
            keep = (d != r) & (elastic | ((room[r] > 0) & (km <= limit_loose)))
            d, r, km = d[keep], r[keep], km[keep]
            need = np.ceil(deficit[r, s_to] / prod - 1e-9)
            if elastic:
                ub = ub_km = ub_floor = np.minimum(avail[d, s_from], need)
            else:
                rest = np.minimum.reduce([need, room[r], share_cap[d]])
                near = km <= limit
                ub = np.where(near, np.minimum(max_out[d, s_from], rest), 0)
                ub_km = np.minimum(max_out[d, s_from], rest)  # within limit + MARGINAL_KM
                ub_floor = np.where(near, np.minimum(max_out_loose[d, s_from], rest), 0)
            keep = np.maximum.reduce([ub, ub_km, ub_floor]) >= 1
            parts.append((d[keep], r[keep], np.full(keep.sum(), s_from),
                          np.full(keep.sum(), s_to), np.full(keep.sum(), prod), km[keep],
                          ub[keep], ub_km[keep], ub_floor[keep]))
    if parts:
        arc_from, arc_to, sf, st, prod, km, upper, upper_km, upper_floor = (
            np.concatenate(x) for x in zip(*parts, strict=True))
    else:
        arc_from = arc_to = sf = st = np.zeros(0, np.int64)
        prod = km = upper = upper_km = upper_floor = np.zeros(0)
    monthly = monthly_allowance(p.allowance, state.communes.zone[arc_to], km)
    zone_w = np.asarray(p.objective.zone_weight.as_list())[state.communes.zone]
    return PlanInputs(
        state=state, in_post=in_post, deficit=deficit, movable=movable,
        movable_rows=movable_rows, max_out=max_out, cap=cap, share_cap=share_cap,
        zone_weight=zone_w, essential=essential, arc_from=arc_from.astype(np.int64),
        arc_to=arc_to.astype(np.int64), arc_spec_from=sf.astype(np.int64),
        arc_spec_to=st.astype(np.int64), arc_productivity=prod.astype(float), arc_km=km,
        arc_allowance_month=monthly, arc_allowance_total=monthly * p.allowance.months,
        arc_upper=upper.astype(np.int64), arc_upper_km=upper_km.astype(np.int64),
        arc_upper_floor=upper_floor.astype(np.int64), max_out_floor=max_out_loose,
        arc_over_km=np.maximum(km - limit, 0.0) if np.isfinite(limit) else np.zeros(len(km)))

