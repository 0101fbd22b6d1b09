"""Sets and parameters of the transfer problem, derived from a province state and the policy.

Three constraint families act here, by leaving arcs out rather than adding rows:
specialty match (an arc moves specialty s into s, or into t only when cross-specialty moves are
on), maximum distance (no arc longer than the limit) and eligible recipients/donors (arcs only
between communes of the allowed zones). Protection acts on ``movable``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.specialties import INDEX, N_SPECIALTIES
from optimize.state import ProvinceState
from scenarios.params import ZONES, AllowanceParams

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
    arc_over_km: np.ndarray  # km beyond the distance limit (elastic arcs only; else 0)

    @property
    def n_arcs(self) -> int:
        return len(self.arc_from)


def monthly_allowance(rule: AllowanceParams, recipient_zone: np.ndarray,
                      km: np.ndarray) -> np.ndarray:
    """VND per month: base salary x the recipient zone's multiple + the distance-band amount."""
    multiple = np.asarray(rule.zone_multiple.as_list())[recipient_zone]
    amount = rule.base_salary_vnd * multiple
    if rule.distance_bands_km:
        bands = np.asarray(rule.distance_bands_km)
        pay = np.concatenate([[0.0], np.asarray(rule.distance_band_vnd, float)])
        amount = amount + pay[np.searchsorted(bands, km, side="right")]
    return amount


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


def build_inputs(state: ProvinceState, elastic: bool = False) -> PlanInputs:
    """Candidate moves and bounds. ``elastic`` keeps arcs beyond the distance limit."""
    p = state.params.optimizer
    cons = p.constraints
    n = state.n_communes
    in_post = state.in_post()
    required = state.required
    deficit = np.maximum(required - in_post, 0.0)
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

    max_out = movable.copy()
    if cons.donor_floor.enabled:
        keep = np.ceil(cons.donor_floor.share * required - 1e-9)
        keep = np.where(essential[None, :] & (in_post > 0), np.maximum(keep, 1), keep)
        max_out = np.minimum(max_out, np.maximum(in_post - keep, 0)).astype(np.int64)
    if cons.eligible_recipients.enabled:
        donor_ok = np.isin(state.communes.zone,
                           [ZONES.index(z) for z in cons.eligible_recipients.donor_zones])
        recipient_ok = np.isin(state.communes.zone,
                               [ZONES.index(z) for z in cons.eligible_recipients.zones])
    else:
        donor_ok = recipient_ok = np.ones(n, bool)
    max_out[~donor_ok] = 0
    # Elastic problems may break the donor floor (at a price); never protection.
    avail = np.where(donor_ok[:, None], movable, 0) if elastic else max_out

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
            # Elastic problems keep arcs that break the distance limit or the recipient cap:
            # their slack, priced in the objective, says by how much a rule blocks.
            keep = (d != r) & (elastic | ((room[r] > 0) & (km <= limit)))
            d, r, km = d[keep], r[keep], km[keep]
            bounds = [avail[d, s_from].astype(float), np.ceil(deficit[r, s_to] / prod - 1e-9)]
            if not elastic:
                bounds += [room[r], share_cap[d]]
            upper = np.minimum.reduce(bounds)
            keep = upper >= 1
            parts.append((d[keep], r[keep], np.full(keep.sum(), s_from),
                          np.full(keep.sum(), s_to), np.full(keep.sum(), prod), km[keep],
                          upper[keep]))
    if parts:
        arc_from, arc_to, sf, st, prod, km, upper = (np.concatenate(x) for x in zip(*parts,
                                                                                     strict=True))
    else:
        arc_from = arc_to = sf = st = np.zeros(0, np.int64)
        prod = km = upper = np.zeros(0)
    monthly = monthly_allowance(p.allowance, state.communes.zone[arc_to], km)
    zone_w = np.asarray(p.objective.zone_weight.as_list())[state.communes.zone]
    return PlanInputs(
        state=state, in_post=in_post, deficit=deficit, movable=movable,
        movable_rows=movable_rows, max_out=max_out, cap=cap, share_cap=share_cap,
        zone_weight=zone_w, essential=essential, arc_from=arc_from.astype(np.int64),
        arc_to=arc_to.astype(np.int64), arc_spec_from=sf.astype(np.int64),
        arc_spec_to=st.astype(np.int64), arc_productivity=prod.astype(float), arc_km=km,
        arc_allowance_month=monthly, arc_allowance_total=monthly * p.allowance.months,
        arc_upper=upper.astype(np.int64),
        arc_over_km=np.maximum(km - limit, 0.0) if np.isfinite(limit) else np.zeros(len(km)))

