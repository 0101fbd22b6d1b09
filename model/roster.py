"""The officials of a province as columns (numpy arrays), and the seeded roster generator.

One array entry per official ever present in a run: exits are marked, never deleted, so an
official keeps its row (and its id) for the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.workload import required_fte
from staffsim.scenarios import limits
from staffsim.scenarios.params import KINDS, Params, RosterParams, StaffingParams, statutory_age
from staffsim.scenarios.province import Communes, RosterTable
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

if TYPE_CHECKING:
    from staffsim.scenarios.loader import Scenario

EXIT_NONE, EXIT_ATTRITION, EXIT_RETIREMENT, EXIT_CONTRACT_END = 0, 1, 2, 3
LEADERSHIP = INDEX["leadership"]


def quota(communes: Communes, s: StaffingParams) -> np.ndarray:
    """Positions per commune by the norm of Công văn 09/CV-BCĐ: 32 + population top-up, capped."""
    mountain = communes.zone > 0
    step = np.where(mountain, s.topup_per_residents_mountain, s.topup_per_residents_other)
    topup = np.floor(np.maximum(communes.population - s.topup_threshold, 0) / step)
    caps = np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu])[communes.kind]
    return np.minimum(s.base_positions + topup, caps).astype(np.int64)


# Columns every new row starts with, by value and dtype (policy state included).
_DEFAULTS: dict[str, tuple[object, type]] = {
    "protected": (False, bool),
    "active": (True, bool),
    "start_month": (-1, np.int16),  # simulation month of arrival; -1 = at start
    "exit_month": (-1, np.int16),  # -1 while active
    "exit_reason": (EXIT_NONE, np.int8),
    "post_start": (-1, np.int16),  # month the current post began (ramp-up); -1 = long ago
    "home_commune": (-1, np.int32),  # secondees: commune they return to
    "home_specialty": (-1, np.int8),  # secondees: specialty they return to
    "return_month": (-1, np.int16),  # secondees: month they return
    "transferred": (False, bool),  # moved by a transfer policy
    "transfer_km": (0.0, np.float32),
    "allowance_monthly": (0.0, np.float64),  # VND paid while allowance_until > month
    "allowance_until": (-1, np.int16),
    "contract": (False, bool),  # labour contract (Decree 173/2025), ends at contract_until
    "contract_until": (-1, np.int16),
    "trained_from": (-1, np.int16),  # month a training gain starts to apply
}


def _defaults(n: int) -> dict[str, np.ndarray]:
    return {k: np.full(n, v, dtype=t) for k, (v, t) in _DEFAULTS.items()}


@dataclass
class Roster:
    """Columnar roster owned by the model: one entry per official ever present in a run."""

    official_id: list[str]
    commune: np.ndarray
    specialty: np.ndarray
    birth_month: np.ndarray  # months since year 0 (year x 12 + month - 1)
    female: np.ndarray
    leader: np.ndarray
    protected: np.ndarray
    active: np.ndarray
    start_month: np.ndarray
    exit_month: np.ndarray
    exit_reason: np.ndarray
    post_start: np.ndarray
    home_commune: np.ndarray
    home_specialty: np.ndarray
    return_month: np.ndarray
    transferred: np.ndarray
    transfer_km: np.ndarray
    allowance_monthly: np.ndarray
    allowance_until: np.ndarray
    contract: np.ndarray
    contract_until: np.ndarray
    trained_from: np.ndarray

    @classmethod
    def new(cls, official_id: list[str], commune: np.ndarray, specialty: np.ndarray,
            birth_month: np.ndarray, female: np.ndarray, leader: np.ndarray,
            **columns: np.ndarray) -> Roster:
        cols = _defaults(len(official_id))
        cols.update(columns)
        return cls(official_id=list(official_id), commune=commune.astype(np.int32),
                   specialty=specialty.astype(np.int8), birth_month=birth_month.astype(np.int32),
                   female=female.astype(bool), leader=leader.astype(bool), **cols)

    @classmethod
    def from_table(cls, t: RosterTable) -> Roster:
        # Month of birth from the table (July, mid-year, where it gives the year only).
        return cls.new(t.official_id, t.commune, t.specialty,
                       t.birth_year.astype(np.int32) * 12 + t.birth_month.astype(np.int32) - 1,
                       t.female, t.leader,
                       protected=t.protected.astype(bool))

    @property
    def n(self) -> int:
        return len(self.official_id)

    def counts(self, n_communes: int, weights: np.ndarray | None = None) -> np.ndarray:
        """Active officials (or the sum of ``weights`` over them) per commune and specialty."""
        a = self.active
        flat = self.commune[a].astype(np.int64) * N_SPECIALTIES + self.specialty[a]
        w = None if weights is None else weights[a]
        return np.bincount(flat, weights=w, minlength=n_communes * N_SPECIALTIES).reshape(
            n_communes, N_SPECIALTIES)

    def append(self, ids: list[str], commune: np.ndarray, specialty: np.ndarray,
               birth_month: np.ndarray, female: np.ndarray, month: int,
               **columns: np.ndarray) -> np.ndarray:
        """Add officials arriving in ``month``; returns their row numbers."""
        k = len(ids)
        first = self.n
        extra = _defaults(k)
        extra["start_month"][:] = month
        extra["post_start"][:] = month
        extra.update(columns)
        self.official_id.extend(ids)
        self.commune = np.concatenate([self.commune, commune.astype(np.int32)])
        self.specialty = np.concatenate([self.specialty, specialty.astype(np.int8)])
        self.birth_month = np.concatenate([self.birth_month, birth_month.astype(np.int32)])
        self.female = np.concatenate([self.female, female.astype(bool)])
        self.leader = np.concatenate([self.leader, specialty == LEADERSHIP])
        for name, values in extra.items():
            setattr(self, name, np.concatenate([getattr(self, name), values]))
        return np.arange(first, first + k)

    def retire(self, rows: np.ndarray, month: int, reason: int) -> None:
        self.active[rows] = False
        self.exit_month[rows] = month
        self.exit_reason[rows] = reason


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``weights`` summing exactly to ``total``."""
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), np.int64)
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(np.int64)
    rest = total - out.sum()
    out[np.argsort(-(raw - out), kind="stable")[:rest]] += 1
    return out


def staffing_targets(communes: Communes, params: Params) -> np.ndarray:
    """Officials in post per commune at the start (integers).

    Quota x a zone factor; phường gain ``ward_surplus_per_merged_unit`` per merged old unit
    beyond the first. With ``target_total`` set, lowland factors are scaled so the province
    totals it exactly (mountain staffing is left as the sources describe it).
    """
    r: RosterParams = params.roster
    q = quota(communes, params.staffing).astype(float)
    factor = np.asarray(r.staffing_factor.as_list())[communes.zone]
    merged = np.where(np.isnan(communes.merged_units), r.default_merged_units,
                      communes.merged_units)
    ward = communes.kind == KINDS.index("phuong")
    factor = factor * np.where(ward, 1.0 + r.ward_surplus_per_merged_unit * (merged - 1), 1.0)
    raw = q * factor
    if r.target_total > 0:
        lowland = communes.zone == 0
        fixed = raw[~lowland].sum()
        if lowland.any() and r.target_total > fixed:
            raw = np.where(lowland, raw * (r.target_total - fixed) / raw[lowland].sum(), raw)
        return _largest_remainder(raw, r.target_total)
    return _largest_remainder(raw, int(round(raw.sum())))


def generate_roster(communes: Communes, params: Params, required: np.ndarray,
                    rng: np.random.Generator, source: object = "scenario") -> Roster:
    """A plausible roster from staffing norms (see ``staffing_targets``).

    In each commune: 3 or 4 leaders (mean 3.5, Decree 300/2025); every other specialty gets one
    official, the rest follow the WISN requirement (largest remainder). Then, with a zone's
    ``missing_specialist_probability``, each hard-to-fill specialty loses its officials to the
    office and culture-social (generalist) posts, which leaves the commune with nobody for it.
    Ages are normal (clipped to 23 .. the retirement age); leaders are five years older.
    """
    r = params.roster
    totals = staffing_targets(communes, params)
    limits.OFFICIALS.check(float(totals.sum()), source, "roster", "officials the roster "
                           "generator would create (quota x staffing factors)")
    hard = [INDEX[s] for s in r.hard_to_fill]
    p_missing = np.asarray(r.missing_specialist_probability.as_list())
    generalists = np.array([INDEX["office"], INDEX["culture_social"]])
    others = np.array([i for i in range(N_SPECIALTIES) if i != LEADERSHIP])
    ids: list[str] = []
    com, spec = [], []
    for c, total in enumerate(totals):
        leaders = min(int(total), 3 + int(rng.random() < 0.5))
        rest = int(total) - leaders
        counts = np.zeros(N_SPECIALTIES, np.int64)
        counts[LEADERSHIP] = leaders
        if rest >= len(others):
            counts[others] = 1 + _largest_remainder(
                np.maximum(required[c, others] - 1.0, 0.0) + 1e-9, rest - len(others))
        else:
            counts[others] = _largest_remainder(required[c, others], rest)
        for h in hard:
            if counts[h] and rng.random() < p_missing[communes.zone[c]]:
                moved = counts[h]
                counts[h] = 0
                counts[generalists] += _largest_remainder(np.ones(2), int(moved))
        cid = communes.ids[c]
        spec_c = np.repeat(np.arange(N_SPECIALTIES), counts)
        ids.extend(f"{cid}-{k:03d}" for k in range(1, len(spec_c) + 1))
        com.append(np.full(len(spec_c), c, np.int32))
        spec.append(spec_c)
    commune = np.concatenate(com) if com else np.zeros(0, np.int32)
    specialty = np.concatenate(spec).astype(np.int8) if spec else np.zeros(0, np.int8)
    n = len(ids)
    leader = specialty == LEADERSHIP
    female = rng.random(n) < r.female_share
    d = params.dynamics
    start = params.province.start_year * 12 + params.province.start_month - 1
    ret_age = statutory_age(d, params.province.start_year, female)
    age = rng.normal(r.mean_age, r.sd_age, n) + np.where(leader, 5.0, 0.0)
    age = np.clip(age, 23.0, ret_age - 1.0 / 12)
    birth_month = (start - np.floor(age * 12)).astype(np.int32)
    return Roster.new(ids, commune, specialty, birth_month, female, leader,
                      protected=rng.random(n) < r.protected_share)


# Spawn key of the roster stream, apart from the replication streams 0 .. replications-1.
ROSTER_STREAM = 1_000_000


def initial_roster(scenario: Scenario) -> Roster:
    """The starting roster: the scenario's table, or one generated from its root seed.

    The generated roster depends on the root seed only, so every replication (and every
    policy arm) starts from the same officials.
    """
    if scenario.roster is not None:
        return Roster.from_table(scenario.roster)
    p = scenario.params
    rng = np.random.default_rng(np.random.SeedSequence(p.simulation.seed,
                                                       spawn_key=(ROSTER_STREAM,)))
    c = scenario.communes
    return generate_roster(c, p, required_fte(p.workload, c.population, c.zone, 0), rng,
                           scenario.path)
