"""The commune staffing model: monthly workload, service, exits, recruitment and policies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.agents import Commune
from staffsim.model.deferred import import_mesa
from staffsim.model.outcomes import COST_PARTS, SERIES_NAMES
from staffsim.model.pay import recruit_monthly_vnd
from staffsim.model.roster import (
    EXIT_ATTRITION,
    EXIT_BACK_TO_POOL,
    EXIT_CONTRACT_END,
    EXIT_RETIREMENT,
    LEADERSHIP,
    Roster,
    quota,
)
from staffsim.model.workload import (
    base_hours,
    expected_dossiers,
    handling_minutes,
    productive_hours_per_month,
    required_fte,
    serve,
    working_days_per_month,
)
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import statutory_age
from staffsim.scenarios.specialties import N_SPECIALTIES

if TYPE_CHECKING:
    from staffsim.model.policies import Policy

mesa = import_mesa()  # (model.deferred)

# Random streams, one per process, each re-seeded every month from (replication seed, stream,
# month): arrivals and attrition draws then coincide across policy arms (common random numbers)
# whatever the arms do to the roster.
ARRIVALS, ATTRITION, RECRUITMENT, POLICY, RETURNS = range(5)


class StaffModel(mesa.Model):
    """A province's communes over monthly steps.

    Month t: dossiers arrive (seeded Poisson around the WISN workload); officials serve them at
    their productivity (newcomers ramp up, training adds) with cross-cover
    (``model.workload.serve``); outcomes are recorded; officials reach the statutory age or
    leave (attrition rising with overload, and for transferred officials with distance, falling
    with their allowance); recruits whose lag has passed arrive and communes open posts below
    quota. At the end of the month the policy plug-ins act (transfers, secondments and their
    returns, contracts, training): their effect starts next month.

    Officials are a columnar ``Roster``; communes are Mesa agents holding their own decisions.
    Recorded series (``model.outcomes.COMMUNE_SERIES``) are months x communes arrays.
    """

    def __init__(self, scenario: Scenario, roster: Roster,
                 rng: np.random.SeedSequence | int | None = None,
                 policies: list[Policy] | None = None) -> None:
        seed = rng if isinstance(rng, np.random.SeedSequence) else np.random.SeedSequence(rng)
        super().__init__(rng=np.random.default_rng(seed))
        self._seed = seed
        self.scenario = scenario
        p = scenario.params
        self.params = p
        self.communes = scenario.communes
        self.roster = roster
        n = len(self.communes)
        w = p.workload
        sp = w.specialties.ordered()
        self.hours_per_fte = productive_hours_per_month(w)
        self.days = working_days_per_month(w)
        self.handling = handling_minutes(w, self.communes.zone)
        self.base = base_hours(w)
        self.deadline = np.array([s.deadline_days for s in sp])
        self.essential = np.array([s.essential for s in sp])
        self.can_cover = np.arange(N_SPECIALTIES) != LEADERSHIP
        self.quota = quota(self.communes, p.staffing)
        self.away_share = np.asarray(w.away_share.as_list())[self.communes.zone]
        self.fill_probability = np.asarray(p.dynamics.fill_probability.as_list())[
            self.communes.zone]
        self.opening_rate = p.dynamics.recruitment_opening_rate
        self.recruitment_lag = p.dynamics.recruitment_lag_months
        self.start_month = p.province.start_year * 12 + p.province.start_month - 1
        self.month = 0
        self.backlog = np.zeros((n, N_SPECIALTIES))
        self.staff = roster.counts(n)
        self.required = required_fte(w, self.communes.population, self.communes.zone, 0)
        self.pending_by_specialty = np.zeros((n, N_SPECIALTIES))
        self._pipeline: list[tuple[int, int, int]] = []  # (due month, commune, specialty)
        self._serial = 0
        months = p.simulation.months
        self.series = {name: np.zeros((months, n)) for name in SERIES_NAMES}
        self.policies = list(policies or [])
        # one agent per commune, in order (what Commune.create_agents does, without its
        # isinstance check against pandas.Series, which would import pandas: 0.25 s)
        self.commune_agents: list[Commune] = [Commune(self, i) for i in range(n)]
        for policy in self.policies:
            policy.setup(self)

    def stream(self, kind: int, month: int) -> np.random.Generator:
        """The generator of one random stream for one month (see ARRIVALS, ...)."""
        return np.random.default_rng(np.random.SeedSequence(
            self._seed.entropy, spawn_key=(*self._seed.spawn_key, kind, month)))

    def productivity(self, t: int) -> np.ndarray:
        """Per roster row: ramp-up at a new post, times the training gain once it applies."""
        tr, pol = self.params.transfers, self.params.policies
        r = self.roster
        ramp = tr.ramp_up_months
        prod = np.ones(r.n)
        if ramp > 0:
            # new at their post: started less than ``ramp`` months ago; post_start -1 (long
            # ago) needs its own test only while t - ramp < -1
            new = r.post_start > t - ramp
            if t - ramp < -1:
                new &= r.post_start >= 0
            new = np.flatnonzero(new)
            since = t - r.post_start[new].astype(np.int64)
            p0 = tr.ramp_start_productivity
            prod[new] = p0 + (1.0 - p0) * np.clip(since, 0, ramp) / ramp
        if pol.training_gain:  # (a gain of 0 changes nobody)
            trained = (r.trained_from >= 0) & (t >= r.trained_from)
            prod[trained] *= 1.0 + pol.training_gain
        return prod

    # -- one month ------------------------------------------------------------------------
    def step(self) -> None:
        t = self.month
        w = self.params.workload
        n = len(self.communes)
        self.required = required_fte(w, self.communes.population, self.communes.zone, t)
        self.staff, fte = self.roster.counts_and_fte(n, self.productivity(t))
        arrivals = self.stream(ARRIVALS, t).poisson(
            expected_dossiers(w, self.communes.population, t)).astype(float)
        served, on_time, unfinished, _, overtime = serve(
            self.backlog, arrivals, fte, self.base, self.handling,
            self.deadline, self.hours_per_fte, self.days,
            w.cross_cover_productivity, self.can_cover,
            overtime_share=w.max_overtime_share, fixed_floor_share=w.fixed_task_floor_share,
            away_share=self.away_share)
        self.backlog = self.backlog + arrivals - served
        rec = self.series
        rec["required"][t] = self.required.sum(axis=1)
        rec["in_post"][t] = self.staff.sum(axis=1)
        rec["in_post_fte"][t] = fte.sum(axis=1)
        rec["unmet_fte"][t] = np.maximum(self.required - fte, 0.0).sum(axis=1)
        rec["arrivals"][t] = arrivals.sum(axis=1)
        rec["served"][t] = served.sum(axis=1)
        rec["on_time"][t] = (on_time * arrivals).sum(axis=1)
        rec["backlog"][t] = self.backlog.sum(axis=1)
        rec["unfinished_hours"][t] = unfinished.sum(axis=1)
        rec["overtime_hours"][t] = overtime.sum(axis=1)
        rec["essential_missing"][t] = ((self.staff == 0) & self.essential[None, :]).sum(axis=1)
        self._costs(t)
        self._exits(t)
        self._recruit(t)
        self._end_of_month(t)
        self.month += 1

    def _costs(self, t: int) -> None:
        """VND paid this month, part by part, per commune of current post (``_pay``); with
        training (paid when a policy trains) they make the month's cost."""
        rec = self.series
        for name, pay in self._pay(t).items():
            rec[name][t] += pay
        rec["policy_cost_vnd"][t] = sum(rec[name][t] for name in COST_PARTS)

    def _pay(self, t: int) -> dict[str, np.ndarray]:
        """Allowances, recruits' salaries (from the month after arrival) and contracts paid
        this month, per commune of current post."""
        r, n = self.roster, len(self.communes)
        # most months nobody is paid an allowance or a contract: skip the per-official work
        paid = (r.contract.any() or r.allowance_zone_vnd.any() or r.allowance_band_vnd.any()
                or r.allowance_threshold_vnd.any())
        parts = {"allowance_cost_vnd": np.where(r.active, r.allowance_paid(t), 0.0)
                 if paid else None,
                 "recruit_salary_vnd": np.where(r.active & r.recruited,
                                                recruit_monthly_vnd(self.params), 0.0)
                 if r.recruited.any() else None,
                 "contract_cost_vnd": np.where(r.active & r.contract,
                                               self.params.policies.contract_monthly_vnd, 0.0)
                 if paid else None}
        return {name: np.zeros(n) if pay is None
                else np.bincount(r.commune, weights=pay, minlength=n)
                for name, pay in parts.items()}

    def _exits(self, t: int) -> None:
        r, d = self.roster, self.params.dynamics
        n = len(self.communes)
        cal = self.start_month + t
        # every row is computed and the inactive ones masked out: cheaper than gathering the
        # active rows into new arrays first, and the same values for the active ones
        if d.retirement:
            # the age limit in months for women and for men this year; an official is due at
            # the lower limit if of that sex, else at the higher one (boolean arithmetic: 5x
            # faster than picking a limit per official)
            women, men = np.round(statutory_age(d, cal // 12, np.array([True, False])) * 12)
            lower_sex = r.female if women <= men else ~r.female
            # age >= limit, as born no later than cal - limit (one array operation less)
            due = ((r.birth_month <= cal - min(women, men))
                   & (lower_sex | (r.birth_month <= cal - max(women, men))))
            retiring = np.flatnonzero(due & r.active)
        else:
            retiring = np.zeros(0, np.int64)
        r.retire(retiring, t, EXIT_RETIREMENT)
        staff = self.staff.sum(axis=1).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            load = np.where(staff > 0, self.required.sum(axis=1) / staff, np.inf)
        mult = np.minimum(d.max_attrition_multiplier,
                          1.0 + d.overload_elasticity * np.maximum(load - 1.0, 0.0))
        # per commune, then per row (the same product for each row as per row first)
        hazard = (mult * (1.0 - (1.0 - d.attrition_annual) ** (1.0 / 12.0)))[r.commune]
        if r.transferred.any():  # otherwise the factor is 1 for everyone
            hazard = hazard * self._transfer_factor(np.arange(r.n), t)
        # one draw per roster row: a row keeps its draw whatever other arms did (CRN)
        draw = self.stream(ATTRITION, t).random(r.n)
        leaving = np.flatnonzero((draw < hazard) & r.active)
        r.retire(leaving, t, EXIT_ATTRITION)
        rec = self.series
        rec["exits_retirement"][t] = np.bincount(r.commune[retiring], minlength=n)
        rec["exits_attrition"][t] = np.bincount(r.commune[leaving], minlength=n)
        moved = leaving[r.transferred[leaving]]
        rec["transferred_exits"][t] = np.bincount(r.commune[moved], minlength=n)

    def _transfer_factor(self, rows: np.ndarray, t: int) -> np.ndarray:
        """Hazard multiplier of transferred officials: distance raises it, allowance lowers."""
        r, tr = self.roster, self.params.transfers
        out = np.ones(len(rows))
        moved = r.transferred[rows]
        if moved.any():
            km = r.transfer_km[rows[moved]]
            paid = r.allowance_paid(t)[rows[moved]]
            base = self.params.optimizer.allowance.base_salary_vnd or 1.0
            out[moved] = ((1.0 + tr.km_attrition_per_100km * km / 100.0)
                          / (1.0 + tr.allowance_retention_per_base_salary * paid / base))
        return out

    def _recruit(self, t: int) -> None:
        d = self.params.dynamics
        n = len(self.communes)
        hires = np.zeros(n)
        if d.recruitment:
            rng = self.stream(RECRUITMENT, t)
            # posts by the quota they fill: a seconded official holds the home post, not the
            # host's (``Roster.posts_held``). Counted where they worked, a batch of secondees
            # stopped the host's recruitment for their term and left its posts empty when it
            # went back (Thanh Hóa's high-mountain communes hired 256 recruits in 36 months
            # against 479 with no action, and ended with more unmet need), while the home
            # ward recruited for a post its secondee came back to
            self.staff = self.roster.posts_held(n)
            pending = self.pending_by_specialty.sum(axis=1)
            vacancies = np.maximum(self.quota - self.staff.sum(axis=1) - pending, 0).astype(
                np.int64)
            opened = rng.binomial(vacancies, self.opening_rate)
            filled = rng.binomial(opened, self.fill_probability)
            for c in np.flatnonzero(filled):
                for s in self.commune_agents[c].choose_hire_specialties(int(filled[c])):
                    self._pipeline.append((t + self.recruitment_lag, int(c), int(s)))
                    self.pending_by_specialty[c, s] += 1
            due = [job for job in self._pipeline if job[0] <= t]
            if due:
                self._pipeline = [job for job in self._pipeline if job[0] > t]
                commune = np.array([c for _, c, _ in due], np.int32)
                specialty = np.array([s for _, _, s in due], np.int8)
                np.subtract.at(self.pending_by_specialty, (commune, specialty), 1)
                self.add_officials(commune, specialty, t, rng, tag="R",
                                   recruited=np.ones(len(due), bool))
                hires = np.bincount(commune, minlength=n).astype(float)
        self.series["hires"][t] = hires

    def add_officials(self, commune: np.ndarray, specialty: np.ndarray, t: int,
                      rng: np.random.Generator, tag: str, **columns: np.ndarray) -> np.ndarray:
        """New officials (recruits or contract staff) at their posts from the end of month t."""
        k = len(commune)
        ages = np.clip(rng.normal(self.params.dynamics.hire_age, 2.0, k), 21.0, 60.0)
        birth = (self.start_month + t - np.floor(ages * 12)).astype(np.int32)
        female = rng.random(k) < self.params.roster.female_share
        ids = []
        for c in commune:
            self._serial += 1
            ids.append(f"{self.communes.ids[c]}-{tag}{self._serial:05d}")
        return self.roster.append(ids, commune, specialty, birth, female, t, **columns)

    def _end_of_month(self, t: int) -> None:
        """Terms end (secondees go back; transferred officials go back with their
        ``return_share``, else stay for good), contracts end, then each policy acts
        (effective next month)."""
        r = self.roster
        n = len(self.communes)
        ending = np.flatnonzero(r.active & (r.return_month == t) & (r.home_commune >= 0))
        if ending.size:
            # one draw per roster row: a row keeps its draw whatever other arms did (CRN)
            draw = self.stream(RETURNS, t).random(r.n)[ending]
            back = ending[draw < r.return_share[ending]]
            self.series["moves_out"][t] += np.bincount(r.commune[back], minlength=n)
            # back to a department or the Party/Front bloc: they leave the communes
            to_pool = back[r.home_pool[back]]
            r.retire(to_pool, t, EXIT_BACK_TO_POOL)
            back = back[~r.home_pool[back]]
            self.series["returns_in"][t] += np.bincount(r.home_commune[back], minlength=n)
            r.commune[back] = r.home_commune[back]
            r.specialty[back] = r.home_specialty[back]
            # back at the post they held before the term: no newcomer's ramp-up
            # (``transfers.ramp_up_months`` is for a transfer, a recruit, a contract)
            r.post_start[back] = -1
            r.transferred[back] = False
            r.home_commune[ending] = -1
            r.return_month[ending] = -1
            r.home_pool[ending] = False
            r.on_secondment[ending] = False
            for part in ("zone", "band", "threshold"):
                until = getattr(r, f"allowance_{part}_until")
                until[ending] = np.minimum(until[ending], t)
        ending = np.flatnonzero(r.active & r.contract & (r.contract_until <= t))
        if ending.size:
            r.retire(ending, t, EXIT_CONTRACT_END)
            self.series["contract_ends"][t] = np.bincount(r.commune[ending], minlength=n)
        for policy in self.policies:
            policy.end_of_month(self, t)

    def run(self) -> dict[str, np.ndarray]:
        """Run the whole horizon; returns the recorded series (months x communes)."""
        for _ in range(self.params.simulation.months):
            self.step()
        return self.series
