"""The same monthly update with one Mesa agent per official: the reference the simulation's
speed is measured against (benchmarks/bench_simulation.py; the ratio must be at least 50).

``AgentStaffModel`` is ``model.StaffModel`` with every step that touches officials done by
``Official`` agents, one per official, instead of on the columnar roster: counting staff and
FTE per commune and specialty, productivity (ramp-up at a new post), allowances and contract
pay, retirement at the statutory age, attrition, recruits joining, terms and contracts ending.
What concerns communes (dossiers, service, recruitment decisions, the records) is the model's
own code. It draws the same random numbers for the same officials (one draw per official and
month from the same streams), so it gives the same series: tests/model/test_agent_reference.py
checks that on the demo and Thanh Hóa, so the comparison is between two implementations of
one update. Runs without policies only (``staffsim run``).
"""

from __future__ import annotations

import mesa
import numpy as np

from staffsim.model.model import ATTRITION, StaffModel
from staffsim.model.pay import recruit_monthly_vnd
from staffsim.model.roster import EXIT_ATTRITION, EXIT_CONTRACT_END, EXIT_RETIREMENT, Roster
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import statutory_age
from staffsim.scenarios.specialties import N_SPECIALTIES


class Official(mesa.Agent):
    """One official: where, what, born when, and how their post and term stand."""

    def __init__(self, model: AgentStaffModel, row: int, official_id: str, commune: int,
                 specialty: int, birth_month: int, female: bool, post_start: int = -1) -> None:
        super().__init__(model)
        self.row = row  # order of arrival: the index of this official's random draws
        self.official_id = official_id
        self.commune = commune
        self.specialty = specialty
        self.birth_month = birth_month
        self.female = female
        self.active = True
        self.post_start = post_start
        self.trained_from = -1
        self.transferred = False
        self.contract = False
        self.contract_until = -1
        self.return_month = -1
        self.allowance_vnd = 0.0
        self.allowance_until = -1
        self.exit_month = -1
        self.exit_reason = -1
        self.recruited = False  # a recruit of the run: their salary is a cost

    # -- what each official does in a month (the model activates them with AgentSet.do) --
    def count_into(self, out: np.ndarray, weights: np.ndarray | None) -> None:
        if self.active:
            out[self.commune, self.specialty] += 1.0 if weights is None else weights[self.row]

    def count_both_into(self, staff: np.ndarray, fte: np.ndarray,
                        weights: np.ndarray) -> None:
        if self.active:
            staff[self.commune, self.specialty] += 1
            fte[self.commune, self.specialty] += weights[self.row]

    def productivity_into(self, out: np.ndarray, t: int, ramp: int, p0: float,
                          gain: float) -> None:
        prod = 1.0
        since = t - self.post_start
        if ramp > 0 and self.post_start >= 0 and since < ramp:
            prod = p0 + (1.0 - p0) * min(max(since, 0), ramp) / ramp
        if self.trained_from >= 0 and t >= self.trained_from:
            prod *= 1.0 + gain
        out[self.row] = prod

    def pay_into(self, pay: dict[str, np.ndarray], t: int, contract_vnd: float,
                 recruit_vnd: float) -> None:
        if self.active:
            if self.allowance_until >= t:
                pay["allowance_cost_vnd"][self.commune] += self.allowance_vnd
            if self.contract:
                pay["contract_cost_vnd"][self.commune] += contract_vnd
            if self.recruited:
                pay["recruit_salary_vnd"][self.commune] += recruit_vnd

    def retire_if_due(self, t: int, cal: int, limit: dict[bool, float],
                      retired: np.ndarray) -> None:
        if cal - self.birth_month >= limit[self.female]:
            self.retire(t, EXIT_RETIREMENT)
            retired[self.commune] += 1

    def leave_if_drawn(self, t: int, draw: np.ndarray, hazard: np.ndarray, left: np.ndarray,
                       moved: np.ndarray) -> None:
        if self.active and draw[self.row] < hazard[self.commune]:  # no transfers: factor 1
            self.retire(t, EXIT_ATTRITION)
            left[self.commune] += 1
            moved[self.commune] += self.transferred

    def end_contract(self, t: int, ended: np.ndarray) -> None:
        if self.active and self.contract and self.contract_until <= t:
            self.retire(t, EXIT_CONTRACT_END)
            ended[self.commune] += 1

    def retire(self, t: int, reason: int) -> None:
        self.active = False
        self.exit_month = t
        self.exit_reason = reason


class AgentRoster:
    """What the model's step asks of its roster, answered by the officials themselves."""

    def __init__(self, model: AgentStaffModel) -> None:
        self.model = model

    @property
    def n(self) -> int:
        return len(self.model.officials)

    def counts(self, n_communes: int, weights: np.ndarray | None = None) -> np.ndarray:
        out = np.zeros((n_communes, N_SPECIALTIES))
        self.model.official_agents.do("count_into", out, weights)
        return out if weights is not None else out.astype(np.int64)

    def posts_held(self, n_communes: int) -> np.ndarray:
        """``Roster.posts_held``: this model runs no policy, so nobody is on secondment and
        every official holds a post where they work."""
        return self.counts(n_communes)

    def counts_and_fte(self, n_communes: int, weights: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
        staff = np.zeros((n_communes, N_SPECIALTIES), np.int64)
        fte = np.zeros((n_communes, N_SPECIALTIES))
        self.model.official_agents.do("count_both_into", staff, fte, weights)
        return staff, fte


class AgentStaffModel(StaffModel):
    """``StaffModel`` with one Mesa agent per official (see the module's docstring)."""

    def __init__(self, scenario: Scenario, roster: Roster,
                 rng: np.random.SeedSequence | int | None = None) -> None:
        self.officials: list[Official] = []
        super().__init__(scenario, roster, rng=rng)
        for k in range(roster.n):
            self.officials.append(Official(
                self, k, roster.official_id[k], int(roster.commune[k]),
                int(roster.specialty[k]), int(roster.birth_month[k]), bool(roster.female[k]),
                int(roster.post_start[k])))
        self.official_agents = self.agents_by_type[Official]  # in order of arrival
        self.roster = AgentRoster(self)

    def productivity(self, t: int) -> np.ndarray:
        tr, pol = self.params.transfers, self.params.policies
        out = np.ones(len(self.officials))
        self.official_agents.do("productivity_into", out, t, tr.ramp_up_months,
                                tr.ramp_start_productivity, pol.training_gain)
        return out

    def _pay(self, t: int) -> dict[str, np.ndarray]:
        pay = {name: np.zeros(len(self.communes))
               for name in ("allowance_cost_vnd", "recruit_salary_vnd", "contract_cost_vnd")}
        self.official_agents.do("pay_into", pay, t, self.params.policies.contract_monthly_vnd,
                                recruit_monthly_vnd(self.params))
        return pay

    def _exits(self, t: int) -> None:
        d = self.params.dynamics
        n = len(self.communes)
        cal = self.start_month + t
        limit = {s: float(np.round(statutory_age(d, cal // 12, np.array(s)) * 12))
                 for s in (False, True)}
        active = self.official_agents.select(lambda a: a.active)
        retired, left, moved = np.zeros(n), np.zeros(n), np.zeros(n)
        if d.retirement:
            active.do("retire_if_due", t, cal, limit, retired)
        staff = self.staff.sum(axis=1).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            load = np.where(staff > 0, self.required.sum(axis=1) / staff, np.inf)
        mult = np.minimum(d.max_attrition_multiplier,
                          1.0 + d.overload_elasticity * np.maximum(load - 1.0, 0.0))
        hazard = mult * (1.0 - (1.0 - d.attrition_annual) ** (1.0 / 12.0))
        draw = self.stream(ATTRITION, t).random(len(self.officials))
        active.do("leave_if_drawn", t, draw, hazard, left, moved)
        rec = self.series
        rec["exits_retirement"][t] = retired
        rec["exits_attrition"][t] = left
        rec["transferred_exits"][t] = moved

    def add_officials(self, commune: np.ndarray, specialty: np.ndarray, t: int,
                      rng: np.random.Generator, tag: str, **columns: np.ndarray) -> np.ndarray:
        k = len(commune)
        ages = np.clip(rng.normal(self.params.dynamics.hire_age, 2.0, k), 21.0, 60.0)
        birth = (self.start_month + t - np.floor(ages * 12)).astype(np.int32)
        female = rng.random(k) < self.params.roster.female_share
        rows = []
        for c, s, b, f in zip(commune.tolist(), specialty.tolist(), birth.tolist(),
                              female.tolist(), strict=True):
            self._serial += 1
            row = len(self.officials)
            self.officials.append(Official(self, row, f"{self.communes.ids[c]}-{tag}"
                                           f"{self._serial:05d}", c, s, b, f, post_start=t))
            self.officials[-1].recruited = bool(columns.get("recruited", np.zeros(k))[len(rows)])
            rows.append(row)
        return np.array(rows)

    def _end_of_month(self, t: int) -> None:
        if self.policies:
            raise NotImplementedError("the reference runs without policies")
        ended = np.zeros(len(self.communes))
        self.official_agents.do("end_contract", t, ended)
        if ended.any():
            self.series["contract_ends"][t] = ended
