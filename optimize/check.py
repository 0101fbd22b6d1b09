"""Independent feasibility check of a transfer plan against every rule of the scenario.

Deliberately shares no code with the formulation or ``build_inputs``: it recomputes staff
counts, allowances and rule limits from the roster and the parameters, so a plan that the
optimiser got wrong is caught here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.scenarios.params import ZONES, zone_mask
from staffsim.scenarios.specialties import SPECIALTIES


@dataclass(frozen=True)
class PlanRow:
    """One move as a planner writes it."""

    official_id: str
    to_commune: str  # commune id
    to_specialty: str = ""  # empty = the official's own specialty
    from_commune: str = ""  # optional: checked against the roster when given


@dataclass(frozen=True)
class Violation:
    row: int  # 1-based plan row; 0 for rules on the whole plan
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "plan"
        return f"{where}: {self.rule}: {self.message}"


def _allowance(state: ProvinceState, to: int, km: float) -> float:
    a = state.params.optimizer.allowance
    monthly = a.base_salary_vnd * a.zone_multiple.as_list()[int(state.communes.zone[to])]
    band = 0.0
    for lower, amount in zip(a.distance_bands_km, a.distance_band_vnd, strict=True):
        if km >= lower:  # bands are increasing: the last one reached applies
            band = amount
    zone = ZONES[state.communes.zone[to]]
    if a.distance_threshold_vnd > 0 and km >= getattr(a.distance_threshold_km, zone):
        band += a.distance_threshold_vnd
    return (monthly + band) * a.months


def check_plan(state: ProvinceState, plan: list[PlanRow]) -> list[Violation]:
    """Every rule broken by ``plan`` (empty list = feasible)."""
    p = state.params
    cons = p.optimizer.constraints
    out: list[Violation] = []
    index = {oid: i for i, oid in enumerate(state.official_id)}
    commune = {cid: i for i, cid in enumerate(state.communes.ids)}
    essential = {s for s, sp in zip(SPECIALTIES, p.workload.specialties.ordered(), strict=True)
                 if sp.essential}
    n = state.n_communes
    before = np.zeros((n, len(SPECIALTIES)), int)
    np.add.at(before, (state.commune, state.specialty), 1)
    after = before.copy()
    gave = np.zeros(n, int)
    received = np.zeros(n, bool)
    seen: dict[str, int] = {}
    cost = 0.0
    life = state.years_to_retirement()
    for k, row in enumerate(plan, start=1):
        i = index.get(row.official_id)
        if i is None:
            out.append(Violation(k, "conservation", f"{row.official_id} is not in the roster"))
            continue
        if row.official_id in seen:
            out.append(Violation(k, "conservation",
                                 f"{row.official_id} already moves in row {seen[row.official_id]}"))
            continue
        seen[row.official_id] = k
        to = commune.get(row.to_commune)
        if to is None:
            out.append(Violation(k, "conservation", f"commune {row.to_commune} is unknown"))
            continue
        frm = int(state.commune[i])
        if row.from_commune and row.from_commune != state.communes.ids[frm]:
            out.append(Violation(k, "conservation", f"{row.official_id} works in "
                                 f"{state.communes.ids[frm]}, not {row.from_commune}"))
        if to == frm:
            out.append(Violation(k, "conservation", "moves to the commune it is in"))
        own = SPECIALTIES[state.specialty[i]]
        spec = row.to_specialty or own
        if spec not in SPECIALTIES:
            out.append(Violation(k, "specialty_match", f"unknown specialty {spec}"))
            continue
        match = cons.specialty_match
        if spec != own and match.enabled and not match.cross_specialty:
            out.append(Violation(k, "specialty_match", f"{own} official placed as {spec}"))
        if state.protected[i]:
            out.append(Violation(k, "protection", f"{row.official_id} is flagged protected"))
        if cons.protection.enabled and cons.protection.leaders and state.leader[i]:
            out.append(Violation(k, "protection", f"{row.official_id} is a leader"))
        if cons.protection.enabled and life[i] < cons.protection.years_to_retirement:
            out.append(Violation(k, "protection", f"{row.official_id} retires in "
                                 f"{life[i]:.1f} years (< {cons.protection.years_to_retirement})"))
        km = float(state.distance_km[frm, to])
        if cons.max_distance.enabled and km > cons.max_distance.km + 1e-9:
            out.append(Violation(k, "max_distance", f"{km:.0f} km > {cons.max_distance.km:g} km"))
        if cons.eligible_recipients.enabled:
            zt, zf = ZONES[state.communes.zone[to]], ZONES[state.communes.zone[frm]]
            if zt not in cons.eligible_recipients.zones:
                out.append(Violation(k, "eligible_recipients", f"recipient zone {zt} not in "
                                     f"{cons.eligible_recipients.zones}"))
            if zf not in cons.eligible_recipients.donor_zones:
                out.append(Violation(k, "eligible_recipients", f"donor zone {zf} not in "
                                     f"{cons.eligible_recipients.donor_zones}"))
        after[frm, state.specialty[i]] -= 1
        after[to, SPECIALTIES.index(spec)] += 1
        gave[frm] += 1
        received[to] = True
        cost += _allowance(state, to, km)

    total_before, total_after = before.sum(axis=1), after.sum(axis=1)
    if total_before.sum() != total_after.sum() or (after < 0).any():
        out.append(Violation(0, "conservation", "officials are not conserved"))
    ids = state.communes.ids
    if cons.donor_floor.enabled:
        for c, s in np.argwhere(after < before):
            floor = cons.donor_floor.share * state.required[c, s]
            if after[c, s] < floor - 1e-9:
                out.append(Violation(0, "donor_floor", f"{ids[c]} keeps {after[c, s]} "
                                     f"{SPECIALTIES[s]}, below {floor:.2f}"))
            if SPECIALTIES[s] in essential and after[c, s] == 0:
                out.append(Violation(0, "donor_floor", f"{ids[c]} gives its last "
                                     f"{SPECIALTIES[s]} official"))
    if cons.recipient_cap.enabled:
        s = p.staffing
        for c in np.flatnonzero(received):
            cap = (state.quota[c] if cons.recipient_cap.rule == "quota"
                   else (s.cap_xa, s.cap_phuong, s.cap_dac_khu)[state.communes.kind[c]])
            if total_after[c] > cap:
                out.append(Violation(0, "recipient_cap", f"{ids[c]} would have "
                                     f"{total_after[c]} officials, cap {cap}"))
    if cons.max_donor_share.enabled:
        for c in np.flatnonzero(gave):
            limit = math.floor(cons.max_donor_share.share * total_before[c] + 1e-9)
            if gave[c] > limit:
                out.append(Violation(0, "max_donor_share", f"{ids[c]} gives {gave[c]} of "
                                     f"{total_before[c]} officials (limit {limit})"))
    if cons.budget.enabled and cost > cons.budget.vnd + 1e-3:
        out.append(Violation(0, "budget", f"allowances VND {cost / 1e9:.2f} bn exceed "
                             f"VND {cons.budget.vnd / 1e9:.2f} bn"))
    if cons.max_moves.enabled and len(seen) > cons.max_moves.moves:
        out.append(Violation(0, "max_moves", f"{len(seen)} moves > {cons.max_moves.moves}"))
    if cons.cover_essential.enabled:
        for c in np.flatnonzero(zone_mask(state.communes.zone, cons.cover_essential.zones)):
            for s in essential:
                j = SPECIALTIES.index(s)
                if after[c, j] == 0:
                    out.append(Violation(0, "cover_essential", f"{ids[c]} has no {s} official"))
    return out
