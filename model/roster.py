"""The officials of a province as columns (numpy arrays), and the seeded roster generator.

One array entry per official ever present in a run: exits are marked, never deleted, so an
official keeps its row (and its id) for the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.specialties import INDEX, N_SPECIALTIES
from model.workload import required_fte
from scenarios.params import KINDS, Params, RosterParams, StaffingParams
from scenarios.province import Communes, RosterTable

if TYPE_CHECKING:
    from scenarios.loader import Scenario

EXIT_NONE, EXIT_ATTRITION, EXIT_RETIREMENT = 0, 1, 2
LEADERSHIP = INDEX["leadership"]


def quota(communes: Communes, s: StaffingParams) -> np.ndarray:
    """Positions per commune by the norm of Công văn 09/CV-BCĐ: 32 + population top-up, capped."""
    mountain = communes.zone > 0
    step = np.where(mountain, s.topup_per_residents_mountain, s.topup_per_residents_other)
    topup = np.floor(np.maximum(communes.population - s.topup_threshold, 0) / step)
    caps = np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu])[communes.kind]
    return np.minimum(s.base_positions + topup, caps).astype(np.int64)


@dataclass
class Roster:
    """Columnar roster owned by the model. ``n`` rows are in use; arrays grow by doubling."""

    official_id: list[str]
    commune: np.ndarray
    specialty: np.ndarray
    birth_month: np.ndarray  # months since year 0 (year x 12 + month - 1)
    female: np.ndarray
    leader: np.ndarray
    protected: np.ndarray
    active: np.ndarray
    start_month: np.ndarray  # simulation month of arrival; -1 = at start
    exit_month: np.ndarray  # -1 while active
    exit_reason: np.ndarray

    @classmethod
    def from_table(cls, t: RosterTable) -> Roster:
        n = len(t.official_id)
        return cls(
            official_id=list(t.official_id), commune=t.commune.astype(np.int32),
            specialty=t.specialty.astype(np.int8),
            # Tables give the birth year only: assume mid-year (July) births.
            birth_month=t.birth_year.astype(np.int32) * 12 + 6,
            female=t.female.astype(bool), leader=t.leader.astype(bool),
            protected=t.protected.astype(bool), active=np.ones(n, bool),
            start_month=np.full(n, -1, np.int16), exit_month=np.full(n, -1, np.int16),
            exit_reason=np.zeros(n, np.int8),
        )

    @property
    def n(self) -> int:
        return len(self.official_id)

    def counts(self, n_communes: int) -> np.ndarray:
        """Active officials per commune and specialty (communes x specialties)."""
        a = self.active
        flat = self.commune[a].astype(np.int64) * N_SPECIALTIES + self.specialty[a]
        return np.bincount(flat, minlength=n_communes * N_SPECIALTIES).reshape(
            n_communes, N_SPECIALTIES)

    def append(self, ids: list[str], commune: np.ndarray, specialty: np.ndarray,
               birth_month: np.ndarray, female: np.ndarray, month: int) -> None:
        """Add new officials (recruits) arriving in ``month``."""
        k = len(ids)
        self.official_id.extend(ids)
        self.commune = np.concatenate([self.commune, commune.astype(np.int32)])
        self.specialty = np.concatenate([self.specialty, specialty.astype(np.int8)])
        self.birth_month = np.concatenate([self.birth_month, birth_month.astype(np.int32)])
        self.female = np.concatenate([self.female, female.astype(bool)])
        self.leader = np.concatenate([self.leader, specialty == LEADERSHIP])
        self.protected = np.concatenate([self.protected, np.zeros(k, bool)])
        self.active = np.concatenate([self.active, np.ones(k, bool)])
        self.start_month = np.concatenate([self.start_month, np.full(k, month, np.int16)])
        self.exit_month = np.concatenate([self.exit_month, np.full(k, -1, np.int16)])
        self.exit_reason = np.concatenate([self.exit_reason, np.zeros(k, np.int8)])

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
                    rng: np.random.Generator) -> Roster:
    """A plausible roster from staffing norms (see ``staffing_targets``).

    In each commune: 3 or 4 leaders (mean 3.5, Decree 300/2025); every other specialty gets one
    official, the rest follow the WISN requirement (largest remainder). Then, with a zone's
    ``missing_specialist_probability``, each hard-to-fill specialty loses its officials to the
    office and culture-social (generalist) posts, which leaves the commune with nobody for it.
    Ages are normal (clipped to 23 .. the retirement age); leaders are five years older.
    """
    r = params.roster
    totals = staffing_targets(communes, params)
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
    years = params.province.start_year - 2020
    ret_age = np.where(
        female,
        min(d.retirement_age_women_max, d.retirement_age_women_2020 + d.retirement_step_women
            * years),
        min(d.retirement_age_men_max, d.retirement_age_men_2020 + d.retirement_step_men * years))
    age = rng.normal(r.mean_age, r.sd_age, n) + np.where(leader, 5.0, 0.0)
    age = np.clip(age, 23.0, ret_age - 1.0 / 12)
    birth_month = (start - np.floor(age * 12)).astype(np.int32)
    return Roster(
        official_id=ids, commune=commune, specialty=specialty, birth_month=birth_month,
        female=female, leader=leader, protected=rng.random(n) < r.protected_share,
        active=np.ones(n, bool), start_month=np.full(n, -1, np.int16),
        exit_month=np.full(n, -1, np.int16), exit_reason=np.zeros(n, np.int8),
    )


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
    return generate_roster(c, p, required_fte(p.workload, c.population, c.zone, 0), rng)
