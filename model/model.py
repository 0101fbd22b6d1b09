"""The commune staffing model: monthly workload, service, exits and recruitment (Mesa)."""

from __future__ import annotations

import mesa
import numpy as np

from model.agents import Commune
from model.outcomes import SERIES_NAMES
from model.roster import EXIT_ATTRITION, EXIT_RETIREMENT, LEADERSHIP, Roster, quota
from model.specialties import N_SPECIALTIES
from model.workload import (
    base_hours,
    expected_dossiers,
    handling_minutes,
    productive_hours_per_month,
    required_fte,
    serve,
    working_days_per_month,
)
from scenarios.loader import Scenario


class StaffModel(mesa.Model):
    """A province's communes over monthly steps.

    Each step (month t): dossiers arrive (seeded Poisson around the WISN workload); officials
    serve them with cross-cover (``model.workload.serve``); outcomes are recorded; officials
    reach the statutory age or leave (attrition rising with overload); recruits whose lag has
    passed arrive and communes open new posts below quota.

    Officials are a columnar ``Roster``; communes are Mesa agents holding their own decisions.
    Recorded series (``model.outcomes.COMMUNE_SERIES``) are months x communes arrays.
    """

    def __init__(self, scenario: Scenario, roster: Roster,
                 rng: np.random.SeedSequence | int | None = None) -> None:
        super().__init__(rng=np.random.default_rng(rng))
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
        self.fill_probability = np.asarray(p.dynamics.fill_probability.as_list())[
            self.communes.zone]
        self.start_month = p.province.start_year * 12 + p.province.start_month - 1
        self.month = 0
        self.backlog = np.zeros((n, N_SPECIALTIES))
        self.staff = roster.counts(n)
        self.required = required_fte(w, self.communes.population, self.communes.zone, 0)
        self.pending_by_specialty = np.zeros((n, N_SPECIALTIES))
        self._pipeline: list[tuple[int, int, int]] = []  # (due month, commune, specialty)
        self._recruit_serial = 0
        months = p.simulation.months
        self.series = {name: np.zeros((months, n)) for name in SERIES_NAMES}
        Commune.create_agents(self, n, index=list(range(n)))
        self.commune_agents: list[Commune] = list(self.agents_by_type[Commune])

    # -- one month ------------------------------------------------------------------------
    def step(self) -> None:
        t = self.month
        p = self.params
        w = p.workload
        n = len(self.communes)
        self.required = required_fte(w, self.communes.population, self.communes.zone, t)
        self.staff = self.roster.counts(n)
        arrivals = self.rng.poisson(expected_dossiers(w, self.communes.population, t)).astype(
            float)
        served, on_time, unfinished, _ = serve(
            self.backlog, arrivals, self.staff.astype(float), self.base, self.handling,
            self.deadline, self.hours_per_fte * (1.0 + w.max_overtime_share), self.days,
            w.cross_cover_productivity, self.can_cover)
        self.backlog = self.backlog + arrivals - served
        rec = self.series
        rec["required"][t] = self.required.sum(axis=1)
        rec["in_post"][t] = self.staff.sum(axis=1)
        rec["unmet_fte"][t] = np.maximum(self.required - self.staff, 0.0).sum(axis=1)
        rec["arrivals"][t] = arrivals.sum(axis=1)
        rec["served"][t] = served.sum(axis=1)
        rec["on_time"][t] = (on_time * arrivals).sum(axis=1)
        rec["backlog"][t] = self.backlog.sum(axis=1)
        rec["unfinished_hours"][t] = unfinished.sum(axis=1)
        rec["essential_missing"][t] = ((self.staff == 0) & self.essential[None, :]).sum(axis=1)
        self._exits(t)
        self._recruit(t)
        self.month += 1

    def _exits(self, t: int) -> None:
        r, d = self.roster, self.params.dynamics
        n = len(self.communes)
        active = np.flatnonzero(r.active)
        cal = self.start_month + t
        if d.retirement:
            years = cal // 12 - 2020
            age_w = min(d.retirement_age_women_max,
                        d.retirement_age_women_2020 + d.retirement_step_women * years)
            age_m = min(d.retirement_age_men_max,
                        d.retirement_age_men_2020 + d.retirement_step_men * years)
            limit = np.where(r.female[active], age_w, age_m) * 12
            retiring = active[(cal - r.birth_month[active]) >= np.round(limit)]
        else:
            retiring = active[:0]
        r.retire(retiring, t, EXIT_RETIREMENT)
        staff = self.staff.sum(axis=1).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            load = np.where(staff > 0, self.required.sum(axis=1) / staff, np.inf)
        mult = np.minimum(d.max_attrition_multiplier,
                          1.0 + d.overload_elasticity * np.maximum(load - 1.0, 0.0))
        monthly = 1.0 - (1.0 - d.attrition_annual) ** (1.0 / 12.0)
        draw = self.rng.random(len(active))
        leaving = active[(draw < monthly * mult[r.commune[active]]) & r.active[active]]
        r.retire(leaving, t, EXIT_ATTRITION)
        self.series["exits_retirement"][t] = np.bincount(r.commune[retiring], minlength=n)
        self.series["exits_attrition"][t] = np.bincount(r.commune[leaving], minlength=n)

    def _recruit(self, t: int) -> None:
        d = self.params.dynamics
        n = len(self.communes)
        hires = np.zeros(n)
        if d.recruitment:
            self.staff = self.roster.counts(n)
            pending = self.pending_by_specialty.sum(axis=1)
            vacancies = np.maximum(self.quota - self.staff.sum(axis=1) - pending, 0).astype(
                np.int64)
            opened = self.rng.binomial(vacancies, d.recruitment_opening_rate)
            filled = self.rng.binomial(opened, self.fill_probability)
            for c in np.flatnonzero(filled):
                for s in self.commune_agents[c].choose_hire_specialties(int(filled[c])):
                    self._pipeline.append((t + d.recruitment_lag_months, int(c), int(s)))
                    self.pending_by_specialty[c, s] += 1
            due = [job for job in self._pipeline if job[0] <= t]
            if due:
                self._pipeline = [job for job in self._pipeline if job[0] > t]
                self._arrive(due, t)
                hires = np.bincount([c for _, c, _ in due], minlength=n).astype(float)
        self.series["hires"][t] = hires

    def _arrive(self, due: list[tuple[int, int, int]], t: int) -> None:
        d, r = self.params.dynamics, self.params.roster
        k = len(due)
        commune = np.array([c for _, c, _ in due], np.int32)
        specialty = np.array([s for _, _, s in due], np.int8)
        np.subtract.at(self.pending_by_specialty, (commune, specialty), 1)
        ages = np.clip(self.rng.normal(d.hire_age, 2.0, k), 21.0, 60.0)
        birth = (self.start_month + t - np.floor(ages * 12)).astype(np.int32)
        female = self.rng.random(k) < r.female_share
        ids = []
        for c in commune:
            self._recruit_serial += 1
            ids.append(f"{self.communes.ids[c]}-R{self._recruit_serial:05d}")
        self.roster.append(ids, commune, specialty, birth, female, t)

    def run(self) -> dict[str, np.ndarray]:
        """Run the whole horizon; returns the recorded series (months x communes)."""
        for _ in range(self.params.simulation.months):
            self.step()
        return self.series
