"""The officials of a province as columns (numpy arrays), and the seeded roster generator.

One array entry per official ever present in a run: exits are marked, never deleted, so an
official keeps its row (and its id) for the whole run.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, fields
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.workload import required_fte
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.params import (
    KINDS,
    Params,
    RosterParams,
    StaffingParams,
    statutory_age,
    zone_mask,
)
from staffsim.scenarios.province import Communes, Pool, RosterTable
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

if TYPE_CHECKING:
    from staffsim.scenarios.loader import Scenario

# EXIT_BACK_TO_POOL: an official transferred from a department (province.pool_csv) went back
EXIT_NONE, EXIT_ATTRITION, EXIT_RETIREMENT, EXIT_CONTRACT_END, EXIT_BACK_TO_POOL = range(5)
LEADERSHIP = INDEX["leadership"]


def norm_quota(communes: Communes, s: StaffingParams) -> np.ndarray:
    """Positions per commune by the norm of Công văn 09/CV-BCĐ: 32 + population top-up, capped."""
    mountain = communes.zone > 0
    step = np.where(mountain, s.topup_per_residents_mountain, s.topup_per_residents_other)
    topup = np.floor(np.maximum(communes.population - s.topup_threshold, 0) / step)
    return np.minimum(s.base_positions + topup, quota_caps(communes, s)).astype(np.int64)


def quota_caps(communes: Communes, s: StaffingParams) -> np.ndarray:
    """Each commune's quota cap: 50 per xã, 70 per phường or đặc khu (Công văn 09/CV-BCĐ)."""
    return np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu])[communes.kind]


def quota(communes: Communes, s: StaffingParams) -> np.ndarray:
    """Positions per commune: the communes table's own (its quota column, biên chế được
    giao) where it gives one, else the norm (``norm_quota``); in a province whose quota
    is published (``staffing.quota_totals``) the norms are scaled so that the province
    totals it: proportionally, none above its cap (those at the cap stay there and the
    others share the rest), rounded by largest remainder. ``quota_problems`` refuses a
    total this cannot reach."""
    q = norm_quota(communes, s).astype(np.int64)
    given = ~np.isnan(communes.quota)
    q[given] = communes.quota[given].astype(np.int64)
    if not s.quota_totals:
        return q
    caps = quota_caps(communes, s)
    prov = np.asarray(communes.province, dtype=object).astype(str)
    for code, total in s.quota_totals.items():
        mine = (prov == code) & ~given
        left = total - int(q[(prov == code) & given].sum())
        if mine.any() and left > 0:
            q[mine] = _scaled_within_caps(q[mine], caps[mine], left)
    return q


def _scaled_within_caps(norm: np.ndarray, caps: np.ndarray, total: int) -> np.ndarray:
    """``norm`` scaled to sum to ``total`` (integers, largest remainder), none above its
    cap; all at their caps when the caps sum to less (``quota_problems`` then refuses)."""
    caps = np.maximum(caps, norm).astype(float)  # (a norm is never above its cap)
    if total >= caps.sum():
        return caps.astype(np.int64)
    raw = norm.astype(float)
    fixed = np.zeros(len(raw), bool)
    for _ in range(len(raw) + 1):  # each pass fixes at least one more at its cap, or ends
        free = ~fixed
        room = total - raw[fixed].sum()
        raw[free] = norm[free] * room / max(norm[free].sum(), 1e-12)
        over = free & (raw > caps)
        if not over.any():
            break
        raw[over] = caps[over]
        fixed |= over
    # (no commune passes its cap in the rounding: one at its cap has no remainder, and the
    # positions left to share are fewer than the communes with one)
    out = _largest_remainder(raw, total)
    for i in np.flatnonzero(out < 1):  # a commune has a position at least: from the largest
        j = int(np.argmax(out))
        if out[j] > 1:
            out[i], out[j] = 1, out[j] - 1
    return out


# Columns every new row starts with, by value and dtype (policy state included).
_DEFAULTS: dict[str, tuple[object, type]] = {
    "protected": (False, bool),
    "active": (True, bool),
    "start_month": (-1, np.int16),  # simulation month of arrival; -1 = at start
    "exit_month": (-1, np.int16),  # -1 while active
    "exit_reason": (EXIT_NONE, np.int8),
    "post_start": (-1, np.int16),  # month the current post began (ramp-up); -1 = long ago
    "home_commune": (-1, np.int32),  # within a term: the unit they may go back to
    "home_specialty": (-1, np.int8),  # within a term: the specialty they may go back to
    "return_month": (-1, np.int16),  # within a term: its last month (back or stay after it)
    "return_share": (0.0, np.float32),  # chance of going back at the term's end
    "home_pool": (False, bool),  # within a term: came from a pool unit (goes back = leaves)
    "seconded": (False, bool),  # ever seconded in this run
    # within a secondment's term (biệt phái): the official still holds the home unit's post,
    # in its quota (biên chế), and none of the host's (``Roster.posts_held``)
    "on_secondment": (False, bool),
    "transferred": (False, bool),  # moved by a transfer policy
    "transfer_km": (0.0, np.float32),
    # allowance parts (model.allowance.PARTS): VND a month, paid while *_until >= month
    "allowance_zone_vnd": (0.0, np.float64),
    "allowance_zone_until": (-1, np.int16),
    "allowance_band_vnd": (0.0, np.float64),
    "allowance_band_until": (-1, np.int16),
    "allowance_threshold_vnd": (0.0, np.float64),
    "allowance_threshold_until": (-1, np.int16),
    "recruited": (False, bool),  # a recruit of the run: their salary is counted as a cost
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
    return_share: np.ndarray
    home_pool: np.ndarray
    seconded: np.ndarray
    on_secondment: np.ndarray
    transferred: np.ndarray
    transfer_km: np.ndarray
    allowance_zone_vnd: np.ndarray
    allowance_zone_until: np.ndarray
    allowance_band_vnd: np.ndarray
    allowance_band_until: np.ndarray
    allowance_threshold_vnd: np.ndarray
    allowance_threshold_until: np.ndarray
    recruited: np.ndarray
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

    def copy(self) -> Roster:
        """An independent copy (a run changes its roster as officials move and leave)."""
        return Roster(**{f.name: getattr(self, f.name).copy() for f in fields(self)})

    def counts(self, n_communes: int, weights: np.ndarray | None = None) -> np.ndarray:
        """Active officials (or the sum of ``weights`` over them) per commune and specialty."""
        size = n_communes * N_SPECIALTIES
        if weights is None:
            return np.bincount(self._cells(), weights=self.active, minlength=size).astype(
                np.int64).reshape(n_communes, N_SPECIALTIES)
        return np.bincount(self._cells(), weights=np.where(self.active, weights, 0.0),
                           minlength=size).reshape(n_communes, N_SPECIALTIES)

    def _cells(self) -> np.ndarray:
        """commune x specialties + specialty of every row (int32: 3,321 communes x 11
        specialties is far below its range). The counts weight the rows by ``active``
        (exact in floats) rather than gathering the active ones: a fifth faster, and the
        same sums, as adding 0.0 for an inactive row changes none."""
        return self.commune * np.int32(N_SPECIALTIES) + self.specialty

    def counts_and_fte(self, n_communes: int, weights: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
        """``counts(n)`` and ``counts(n, weights)`` at once (one pass to find the active)."""
        cells = self._cells()
        size = n_communes * N_SPECIALTIES
        return (np.bincount(cells, weights=self.active, minlength=size).astype(np.int64)
                .reshape(n_communes, N_SPECIALTIES),
                np.bincount(cells, weights=np.where(self.active, weights, 0.0),
                            minlength=size).reshape(n_communes, N_SPECIALTIES))

    def posts_held(self, n_communes: int) -> np.ndarray:
        """Active officials per commune and specialty by the post they hold, the quota
        (biên chế) they count in: where they work, but a seconded official (biệt phái) still
        holds the home unit's post and none of the host's (docs/facts.md: a secondee stays
        in the sending unit's staff quota), and one from a department or the Party/Front
        bloc holds none of a commune's. ``counts(n)`` when nobody is on secondment."""
        away = self.active & self.on_secondment
        if not away.any():
            return self.counts(n_communes)
        commune = np.where(away, self.home_commune, self.commune)
        specialty = np.where(away, self.home_specialty, self.specialty)
        keep = self.active & (commune >= 0) & (commune < n_communes)  # (n: the pool)
        return np.bincount(commune[keep] * N_SPECIALTIES + specialty[keep],
                           minlength=n_communes * N_SPECIALTIES).astype(np.int64).reshape(
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

    def allowance_paid(self, month: int) -> np.ndarray:
        """VND of allowance each official draws in ``month`` (every part still running)."""
        return sum((np.where(getattr(self, f"allowance_{p}_until") >= month,
                             getattr(self, f"allowance_{p}_vnd"), 0.0)
                    for p in ("zone", "band", "threshold")), np.zeros(self.n))

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


def staffing_targets(communes: Communes, params: Params,
                     per_unit: np.ndarray | None = None) -> np.ndarray:
    """Officials in post per commune at the start (integers).

    A commune whose row of the communes table gives its officials (``Communes.officials``)
    has exactly that many. For the others, the generator's assumptions:
    in ``carry_over_zones``: min(officials per old unit x merged units, zone factor x quota),
    the officials per old unit ``per_unit`` given per commune (their midpoint without it).
    Elsewhere: zone factor x quota + quota x surplus rate x (merged units - 1), the rate
    ``ward_surplus_per_merged_unit`` for phường and đặc khu and ``xa_surplus_per_merged_unit``
    for xã. With ``target_total`` set, both surplus rates are scaled by one factor so the
    communes total it exactly (carry-over communes stay as the sources describe them, and
    communes with a figure of their own keep it: the others share what the figures leave;
    ``headcount_problems`` refuses a target_total the figures cannot meet).
    Fractions are rounded per province (largest remainder among its communes), so without
    ``target_total`` a province's headcounts do not depend on which other provinces are
    selected; with it, the total is first shared out among the provinces (largest
    remainder).
    """
    r: RosterParams = params.roster
    q = quota(communes, params.staffing).astype(float)
    target = np.asarray(r.staffing_factor.as_list())[communes.zone] * q
    merged = np.where(np.isnan(communes.merged_units), r.default_merged_units,
                      communes.merged_units)
    lo, hi = r.officials_per_old_unit
    if per_unit is None:
        per_unit = np.full(len(q), (lo + hi) / 2)
    given = reported(communes)
    carry = zone_mask(communes.zone, r.carry_over_zones) & ~given
    fixed = np.where(carry, np.round(np.minimum(per_unit * merged, target)), 0.0)
    fixed = np.where(given, np.nan_to_num(communes.officials), fixed)
    rate = np.where(communes.kind == KINDS.index("xa"), r.xa_surplus_per_merged_unit,
                    r.ward_surplus_per_merged_unit)
    free = ~carry & ~given
    surplus = np.where(free, q * rate * np.maximum(merged - 1.0, 0.0), 0.0)
    base = np.where(free, target, 0.0)
    codes, group = np.unique(np.asarray(communes.province, dtype=object).astype(str),
                             return_inverse=True)
    # provinces with a published count of their own (``province_totals``) are scaled to it
    # one by one; ``target_total`` then scales the rest to what is left of it
    own = {int(i): int(r.province_totals[c]) for i, c in enumerate(codes)
           if c in r.province_totals}
    for p, n in own.items():
        _scale_to(n, group == p, fixed, base, surplus)
    rest = ~np.isin(group, list(own))
    total = fixed[rest].sum() + base[rest].sum() + surplus[rest].sum()
    if r.target_total > 0:
        total = max(r.target_total - sum(own.values()), 0)
        _scale_to(total, rest, fixed, base, surplus)
    out = fixed.astype(np.int64)
    raw = np.where(free, base + surplus, 0.0)
    by_province = np.bincount(group, weights=raw, minlength=len(codes))
    if r.target_total > 0:
        shares = np.zeros(len(codes), np.int64)
        others = np.array([p not in own for p in range(len(codes))])
        shares[others] = _largest_remainder(by_province[others],
                                            int(round(total)) - int(out[rest].sum()))
    else:  # each province's own sum, rounded (half to even, as round() does)
        shares = np.round(by_province).astype(np.int64)
    for p, n in own.items():  # exactly its count (what the fixed communes leave)
        shares[p] = max(n - int(out[group == p].sum()), 0)
    for p in range(len(codes)):
        mine = free & (group == p)
        out[mine] = _largest_remainder(raw[mine], int(shares[p]))
    return out


def _scale_to(total: float, mask: np.ndarray, fixed: np.ndarray, base: np.ndarray,
              surplus: np.ndarray) -> None:
    """Scale the surplus (else the base) of the communes in ``mask`` in place so that they
    total ``total`` with their fixed headcounts."""
    room = total - fixed[mask].sum() - base[mask].sum()
    if surplus[mask].sum() > 0 and room >= 0:
        surplus[mask] *= room / surplus[mask].sum()
    elif base[mask].sum() > 0:  # no merged units to carry a surplus (or too many officials)
        base[mask] *= max(total - fixed[mask].sum() - surplus[mask].sum(), 0.0) / \
            base[mask].sum()


def reported(communes: Communes) -> np.ndarray:
    """True for each commune whose row of the communes table gives its officials in post."""
    return ~np.isnan(communes.officials)


def scaled_communes(communes: Communes, params: Params) -> np.ndarray:
    """True for each commune whose generated headcount ``target_total`` scales: neither
    given by the table nor in a carry-over zone (all False without target_total)."""
    if params.roster.target_total <= 0:
        return np.zeros(len(communes), bool)
    return ~reported(communes) & ~zone_mask(communes.zone, params.roster.carry_over_zones)


def quota_problems(communes: Communes, s: StaffingParams, source: object) -> None:
    """Refuse a published quota (``staffing.quota_totals``) the province's communes cannot
    total (ScenarioError, one line): the communes table's own quotas alone are more, or the
    caps (50 per xã, 70 per phường or đặc khu) hold less."""
    if not s.quota_totals:
        return
    q = quota(communes, s)
    prov = np.asarray(communes.province, dtype=object).astype(str)
    for code, n in s.quota_totals.items():
        mine = prov == code
        got = int(q[mine].sum())
        if mine.any() and got != n:
            given = mine & ~np.isnan(communes.quota)
            most = int(q[given].sum() + quota_caps(communes, s)[mine & ~given].sum())
            least = int(q[given].sum()) + int((mine & ~given).sum())
            raise ScenarioError(source, "staffing.quota_totals", (
                f"province {code}: a quota of {n:,} positions cannot be met: its "
                f"{int(mine.sum()):,} communes can total {least:,} to {most:,} (the "
                "communes table's own quotas stand, every other commune at least 1 and at "
                "most its cap); give a total in that range"))


def headcount_problems(communes: Communes, params: Params, totals: np.ndarray,
                       source: object) -> None:
    """Refuse a generated headcount no province reports (ScenarioError, one line): a
    ``target_total`` the communes table's own officials figures cannot meet, or one whose
    scaling gives a commune more than ``roster.max_quota_multiple`` times its quota (a
    province's total applied to another province's table: Thanh Hóa's 6,230 on Điện Biên's
    45 communes gave one ward 2,094 officials against a quota of 48). ``communes`` and
    ``totals``: the whole table and its headcounts (``staffing_targets``)."""
    r = params.roster
    prov = np.asarray(communes.province, dtype=object).astype(str)
    for code, n in r.province_totals.items():
        got = int(totals[prov == code].sum())
        if (prov == code).any() and got != n:  # (carry-over communes and figures stand)
            raise ScenarioError(source, "roster.province_totals", (
                f"province {code}: {n:,} officials cannot be met: its communes come to "
                f"{got:,} (carry-over communes keep what their old units brought, and the "
                "communes table's own figures stand); give a count its communes can reach"))
    if r.target_total <= 0:
        return
    given = reported(communes)
    figures = int(np.nan_to_num(communes.officials).sum())
    if given.all() and r.target_total != figures:
        raise ScenarioError(source, "roster.target_total", (
            f"{r.target_total:,} officials, but the communes table gives every commune's "
            f"officials, {figures:,} in all; allowed: 0 (no scaling) or {figures:,}"))
    if given.any() and r.target_total < figures:
        raise ScenarioError(source, "roster.target_total", (
            f"{r.target_total:,} officials, fewer than the {figures} the communes table "
            f"gives for {int(given.sum())} communes; allowed: 0 (no scaling) or at least "
            f"{figures}"))
    scaled = scaled_communes(communes, params)
    q = quota(communes, params.staffing)
    ratio = np.where(scaled & (q > 0), totals / np.maximum(q, 1), 0.0)
    if ratio.size and ratio.max() > r.max_quota_multiple:
        i = int(np.argmax(ratio))
        raise ScenarioError(source, "roster.target_total", (
            f"{r.target_total:,} officials would give {communes.names[i]} "
            f"({communes.ids[i]}) {int(totals[i]):,} officials in post against a quota of "
            f"{int(q[i]):,} ({ratio[i]:.1f} times); allowed: at most "
            f"{r.max_quota_multiple:g} times a commune's quota "
            f"(roster.max_quota_multiple): give this table's own total, its officials "
            f"column, or 0 (no scaling)"))


def table_targets(communes: Communes, params: Params, seed: int,
                  table: Communes | None = None, source: object = "scenario") -> np.ndarray:
    """Each commune's generated headcount, as ``generate_roster`` makes it (the whole
    table's when ``table`` is given and target_total set), checked (``headcount_problems``)."""
    r = params.roster
    quota_problems(communes, params.staffing, source)
    if table is not None and r.target_total > 0:
        where = {cid: i for i, cid in enumerate(table.ids)}
        whole = staffing_targets(table, params, _per_unit(
            unit_streams(seed, ROSTER_STREAM, table.ids), params)[0])
        headcount_problems(table, params, whole, source)
        return _within_limit(whole[[where[cid] for cid in communes.ids]], source)
    totals = staffing_targets(communes, params, _per_unit(
        unit_streams(seed, ROSTER_STREAM, communes.ids), params)[0])
    headcount_problems(communes, params, totals, source)
    return _within_limit(totals, source)


def _within_limit(totals: np.ndarray, source: object) -> np.ndarray:
    """``totals``, if the officials they make are within the limit (checked here, where
    ``validate`` counts them too: it said a scenario was valid that ``run`` refused)."""
    limits.OFFICIALS.check(float(totals.sum()), source, "roster", "officials the roster "
                           "generator would create (quota × staffing factors)")
    return totals


@dataclass
class HeadcountOrigin:
    """Where the officials in post per commune come from (``staffsim validate`` and the
    reports say it): the roster table, the communes table's officials column, or the
    generator's assumptions, and which of those assumptions stood in for missing data."""

    roster_table: int | None  # officials of the roster table; None when generated
    communes: int  # communes of the scenario (selected)
    given: int  # of them, with officials given by the communes table
    given_officials: int  # officials those figures give
    generated_officials: int  # officials the generator gives the others
    target_total: int  # roster.target_total (0: no scaling)
    merged_default: int  # generated communes without merged_units: default_merged_units used
    default_merged_units: float
    quota_given: int  # communes whose quota the communes table gives (its quota column)
    quota_total: int  # positions over the communes (the table's, else the norm's, scaled)
    quota_norm: int  # positions the norm of Công văn 09 gives the same communes
    # provinces whose published quota (staffing.quota_totals) scales the norm: their name
    # (the communes table's, else the code) -> total
    quota_published: dict[str, int] = field(default_factory=dict)


def headcount_origin(scenario: Scenario) -> HeadcountOrigin:
    """``HeadcountOrigin`` of a scenario; a generated headcount no province reports is
    refused here as in ``generate_roster`` (``headcount_problems``)."""
    p, c = scenario.params, scenario.communes
    given = reported(c)
    if scenario.roster is not None:  # (a generated roster's table_targets checks it)
        quota_problems(c, p.staffing, scenario.path)
    q = int(quota(c, p.staffing).sum())
    present, names = set(c.province), c.province_names()
    posts = (int((~np.isnan(c.quota)).sum()), q, int(norm_quota(c, p.staffing).sum()),
             {names.get(k) or k: v for k, v in p.staffing.quota_totals.items()
              if k in present})
    if scenario.roster is not None:
        return HeadcountOrigin(len(scenario.roster.official_id), len(c), int(given.sum()),
                               0, 0, p.roster.target_total, 0, p.roster.default_merged_units,
                               *posts)
    totals = table_targets(c, p, p.simulation.seed, scenario.table_communes, scenario.path)
    return HeadcountOrigin(
        None, len(c), int(given.sum()), int(totals[given].sum()), int(totals[~given].sum()),
        p.roster.target_total, int((~given & np.isnan(c.merged_units)).sum()),
        p.roster.default_merged_units, *posts)


def truncated_normal_ages(u: np.ndarray, mean: np.ndarray | float, sd: float, low: float,
                          high: np.ndarray | float) -> np.ndarray:
    """Ages from N(mean, sd) truncated to [low, high], by the inverse CDF of uniforms ``u``:
    no pile-up at either end, unlike clipping."""
    if sd <= 0:
        return np.clip(np.broadcast_to(mean, np.shape(u)).astype(float), low, high)
    # the bounds take a few values (mean: leaders or not; high: by sex), so each distinct
    # one is computed once: 2 x 206,000 calls of _ndtr_one were 0.2 s of the national roster
    a = _distinct(_ndtr, (low - mean) / sd)
    b = _distinct(_ndtr, (high - mean) / sd)
    return np.clip(mean + sd * _ndtri(a + u * (b - a)), low, high)


# The normal CDF and its inverse from the standard library (math.erf/erfc, and Wichura's
# AS241 in statistics.NormalDist, C-accelerated), not scipy.special: importing that takes
# 0.13 s, a tenth of every command's start-up. They agree with scipy's ndtr/ndtri to a few
# units in the last place: no birth month of 10 million drawn ages differed
# (tests/model/test_roster.py compares them).
_SQRT1_2 = math.sqrt(0.5)
_INV_CDF = NormalDist().inv_cdf


def _ndtr_one(x: float) -> float:
    t = x * _SQRT1_2
    z = abs(t)
    if z < _SQRT1_2:  # as Cephes' ndtr, which scipy uses: erf near 0, erfc in the tails
        return 0.5 + 0.5 * math.erf(t)
    y = 0.5 * math.erfc(z)
    return 1.0 - y if t > 0 else y


def _ndtri_one(p: float) -> float:
    return -math.inf if p <= 0.0 else math.inf if p >= 1.0 else _INV_CDF(p)


def _elementwise(fn, x) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    return np.fromiter(map(fn, arr.ravel().tolist()), float, arr.size).reshape(arr.shape)


def _distinct(fn, x) -> np.ndarray:
    """``fn(x)`` computed once per distinct value of ``x`` (the same values: fn is
    elementwise)."""
    arr = np.asarray(x, dtype=float)
    values, inverse = np.unique(arr, return_inverse=True)
    return fn(values)[inverse].reshape(arr.shape)


def _ndtr(x) -> np.ndarray:
    """P(Z <= x) for a standard normal Z, elementwise."""
    return _elementwise(_ndtr_one, x)


def _ndtri(p) -> np.ndarray:
    """The x with P(Z <= x) = p, elementwise (-inf at 0, inf at 1)."""
    return _elementwise(_ndtri_one, p)


@functools.cache
def _suffixes_upto(n: int) -> tuple[str, ...]:
    return tuple(f"-{k:03d}" for k in range(1, n + 1))


def _suffixes(n: int) -> tuple[str, ...]:
    """"-001" .. the n-th official's suffix (made once for the largest commune so far)."""
    size = 1 << max(n - 1, 0).bit_length()
    return _suffixes_upto(size)[:n]


def unit_streams(seed: int, stream: int, ids: list[str]) -> list[np.random.Generator]:
    """One random stream per unit (commune or pool unit), keyed by the seed and the unit's
    id: a unit's officials are the same whatever other units or provinces are selected and
    wherever the unit stands in the table. The key is the id's UTF-8 bytes as one integer
    (a leading 1 byte keeps leading zeros), so two ids never share a stream."""
    return [np.random.default_rng(np.random.SeedSequence(
        seed, spawn_key=(stream, int.from_bytes(b"\x01" + i.encode("utf-8"), "big"))))
        for i in ids]


def _per_unit(streams: list[np.random.Generator], params: Params) -> np.ndarray:
    """Each commune's first two draws of its stream: its officials per old unit, and the
    coin for its leaders' count."""
    head = np.array([g.random(2) for g in streams]).reshape(len(streams), 2)
    lo, hi = params.roster.officials_per_old_unit
    return np.minimum(lo + np.floor(head[:, 0] * (hi - lo + 1)), hi), head[:, 1]


def generate_roster(communes: Communes, params: Params, required: np.ndarray,
                    seed: int, source: object = "scenario",
                    table: Communes | None = None) -> Roster:
    """A plausible roster from staffing norms (see ``staffing_targets``).

    In each commune: 3 or 4 leaders (mean 3.5, Decree 300/2025); every other specialty gets one
    official, the rest follow the WISN requirement (largest remainder); a commune with fewer
    officials than specialties staffs those with the largest requirement (so the 10-15
    communes go without justice or notarisation first). Then each post of a hard-to-fill
    specialty is held by a specialist with the zone's ``specialist_fill_probability``;
    unfilled posts go to the office and culture-social (generalist) posts, so only a commune
    whose every post in a specialty is unfilled has nobody for it: small mountain communes,
    not a capital ward with fifteen accountants.
    Ages: a normal truncated to [min_age, the statutory age at the start), sampled by its
    inverse CDF (no pile-up at the retirement age); leaders ``leader_age_offset`` years older.

    Every draw of a commune comes from its own stream (``unit_streams``): its officials
    (ids, specialties, sex, ages, protection) do not depend on the other communes selected,
    ``table``: the whole communes table ``communes`` were selected from (by province), if
    they are part of one: ``target_total`` is the table's headcount, and each commune gets
    the headcount it has in the whole table's roster. So, with or without
    ``target_total``, a commune's officials are the same whatever is selected.
    """
    r = params.roster
    streams = unit_streams(seed, ROSTER_STREAM, communes.ids)
    _per, coin = _per_unit(streams, params)
    totals = table_targets(communes, params, seed, table, source)
    n_c = len(totals)
    others = np.array([i for i in range(N_SPECIALTIES) if i != LEADERSHIP])
    counts = np.zeros((n_c, N_SPECIALTIES), np.int64)
    counts[:, LEADERSHIP] = np.minimum(totals, 3 + (coin < 0.5))
    rest = totals - counts[:, LEADERSHIP]
    req = required[:, others]
    every = rest >= len(others)  # one official for each, the rest by the requirement
    counts[:, others] = every[:, None] + _largest_remainder_rows(
        np.where(every[:, None], np.maximum(req - 1.0, 0.0) + 1e-9, req),
        np.where(every, rest - len(others), rest))
    # per official of a commune, in its stream: a post's fill, sex, age, protection
    u = np.concatenate([g.random((t, 4)) for g, t in zip(streams, totals.tolist(),
                                                         strict=True)] or [np.zeros((0, 4))])
    first = np.concatenate([[0], np.cumsum(totals)[:-1]]).astype(np.int64)
    hard = np.array([INDEX[s] for s in r.hard_to_fill], np.int64)
    if hard.size:  # each post of a hard-to-fill specialty: its commune's official row
        by_pair = counts[:, hard]
        posts = by_pair.ravel()  # (commune, hard specialty) pairs, row-major
        pair = np.repeat(np.arange(len(posts)), posts)
        comm = pair // len(hard)
        row = (first[comm] + np.repeat((np.cumsum(by_pair, axis=1) - by_pair).ravel(), posts)
               + np.arange(len(pair)) - np.repeat(np.cumsum(posts) - posts, posts))
        fill = np.asarray(r.specialist_fill_probability.as_list())[communes.zone[comm]]
        held = np.bincount(pair, weights=u[row, 0] < fill, minlength=len(posts)
                           ).astype(np.int64).reshape(n_c, len(hard))
        unfilled = (counts[:, hard] - held).sum(axis=1)
        counts[:, hard] = held
        # _largest_remainder(np.ones(2), unfilled) per commune: the first gets the odd one
        counts[:, INDEX["office"]] += unfilled - unfilled // 2
        counts[:, INDEX["culture_social"]] += unfilled // 2
    specialty = np.repeat(np.tile(np.arange(N_SPECIALTIES, dtype=np.int8), n_c),
                          counts.ravel())
    commune = np.repeat(np.arange(n_c, dtype=np.int32), totals)
    ids: list[str] = []
    for cid, t in zip(communes.ids, totals.tolist(), strict=True):
        ids.extend(map(cid.__add__, _suffixes(t)))
    leader = specialty == LEADERSHIP
    female = u[:, 1] < r.female_share
    birth_month = birth_months(params, u[:, 2], female, leader)
    return Roster.new(ids, commune, specialty, birth_month, female, leader,
                      protected=u[:, 3] < r.protected_share)


def _largest_remainder_rows(weights: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """``_largest_remainder`` of each row of ``weights`` with its own total."""
    w_sum = weights.sum(axis=1)
    ok = (totals > 0) & (w_sum > 0)
    raw = np.where(ok[:, None], weights / np.where(ok, w_sum, 1.0)[:, None]
                   * np.maximum(totals, 0)[:, None], 0.0)
    out = np.floor(raw).astype(np.int64)
    rest = np.where(ok, totals - out.sum(axis=1), 0)
    order = np.argsort(-(raw - out), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(weights.shape[1])[None, :].repeat(
        len(weights), axis=0), axis=1)
    return out + (rank < rest[:, None])


def birth_months(params: Params, u: np.ndarray, female: np.ndarray,
                 leader: np.ndarray) -> np.ndarray:
    """Birth months (year x 12 + month - 1) from uniforms ``u``: the roster's truncated normal
    ages at the scenario's start, everyone below this year's statutory age."""
    r, d = params.roster, params.dynamics
    start = params.province.start_year * 12 + params.province.start_month - 1
    ret_age = statutory_age(d, params.province.start_year, female)
    age = truncated_normal_ages(u, r.mean_age + np.where(leader, r.leader_age_offset, 0.0),
                                r.sd_age, r.min_age, ret_age - 1.0 / 12)
    return (start - np.floor(age * 12)).astype(np.int32)


def generate_pool_roster(pool: Pool, params: Params, seed: int) -> Roster:
    """Officials of the donor units outside the communes: per unit its ``officials``, 3
    leaders (a director and about 2 deputies, NQ 332/NQ-CP), the rest spread over its
    specialties by their shares (largest remainder); ages and protection as in the communes,
    drawn from each unit's own stream (``unit_streams``). Commune indices count the pool's
    units from 0."""
    ids: list[str] = []
    com, spec, draws = [], [], []
    streams = unit_streams(seed, POOL_STREAM, pool.units.ids)
    for u in range(len(pool)):
        total = int(pool.officials[u])
        leaders = min(total, 3)
        counts = np.zeros(N_SPECIALTIES, np.int64)
        counts[LEADERSHIP] = leaders
        shares = np.zeros(N_SPECIALTIES)
        for s, w in pool.specialties[u].items():
            shares[s] = w
        counts += _largest_remainder(shares, total - leaders)
        spec_u = np.repeat(np.arange(N_SPECIALTIES), counts)
        ids.extend(f"{pool.units.ids[u]}-{k:03d}" for k in range(1, len(spec_u) + 1))
        com.append(np.full(len(spec_u), u, np.int32))
        spec.append(spec_u)
        draws.append(streams[u].random((len(spec_u), 3)))  # sex, age, protection
    commune = np.concatenate(com) if com else np.zeros(0, np.int32)
    specialty = np.concatenate(spec).astype(np.int8) if spec else np.zeros(0, np.int8)
    draw = np.concatenate(draws) if draws else np.zeros((0, 3))
    leader = specialty == LEADERSHIP
    female = draw[:, 0] < params.roster.female_share
    birth_month = birth_months(params, draw[:, 1], female, leader)
    return Roster.new(ids, commune, specialty, birth_month, female, leader,
                      protected=draw[:, 2] < params.roster.protected_share)


# Spawn keys of the roster streams, apart from the replication streams 0 .. replications-1
# (each unit's stream adds the unit's id: ``unit_streams``).
ROSTER_STREAM = 1_000_000
POOL_STREAM = 1_000_001


def pool_roster(scenario: Scenario) -> Roster | None:
    """The officials of the scenario's pool units (None without a pool): the roster table's,
    or generated from the root seed (the same in every replication and arm)."""
    if scenario.pool is None:
        return None
    if scenario.pool_roster is not None:
        return Roster.from_table(scenario.pool_roster)
    p = scenario.params
    return generate_pool_roster(scenario.pool, p, p.simulation.seed)


def initial_roster(scenario: Scenario) -> Roster:
    """The starting roster: the scenario's table, or one generated from its root seed.

    The generated roster depends on the root seed only, so every replication (and every
    policy arm) starts from the same officials.
    """
    if scenario.roster is not None:
        return Roster.from_table(scenario.roster)
    p = scenario.params
    c = scenario.communes
    return generate_roster(c, p, required_fte(p.workload, c.population, c.zone, 0),
                           p.simulation.seed, scenario.path, table=scenario.table_communes)
