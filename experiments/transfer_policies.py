"""Transfer policies that call the optimiser (or the greedy baseline) during a run.

They join the model and the optimiser, so they live above both and register themselves in the
model's policy registry by name: ``greedy_transfers``, ``optimised_transfers``,
``rolling_transfers`` and ``secondment``.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np

from staffsim.i18n import N_
from staffsim.model.allowance import move_allowance
from staffsim.model.policies import Policy, SolverPlan, register_policy
from staffsim.model.policies.solver_plans import solve_kind
from staffsim.model.state import Move, ProvinceState, planning_state, provinces
from staffsim.model.transfers import apply_moves
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.greedy import greedy_plan
from staffsim.optimize.levers import with_params
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.params import Params

if TYPE_CHECKING:
    from collections.abc import Callable

    from staffsim.model.model import StaffModel

# Plans for identical states are identical: replications share the month-0 plan. Each keeps
# what the solver said of it (None: the greedy rule, no solver)
_PLAN_CACHE: dict[str, tuple[list[tuple[int, int, int]], SolverPlan | None]] = {}


class Plan(list):
    """The moves of a plan (a ``list[Move]``) and what the solver said of each province's
    plan it is made of (``plans``; none for the greedy rule)."""

    plans: list[SolverPlan]
    spent: dict[str, float]  # allowance over the moves' terms (VND), by province code

    def __init__(self, moves: list[Move] = (), plans: list[SolverPlan] = (),
                 spent: dict[str, float] | None = None) -> None:
        super().__init__(moves)
        self.plans = list(plans)
        self.spent = dict(spent or {})


def _state_key(method: str, state: ProvinceState) -> str:
    h = hashlib.sha1(method.encode())
    for arr in (state.commune, state.specialty, state.protected, state.birth_month,
                state.leader, state.required):
        h.update(np.ascontiguousarray(arr).tobytes())
    h.update(state.params.model_dump_json().encode())
    return h.hexdigest()


def plan_moves(method: str, state: ProvinceState) -> Plan:
    """Optimised or greedy moves for a state (cached by state), with what the solver said of
    each province's plan (``Plan.plans``: optimal, stopped by ``optimizer.time_limit_s``
    with or without a plan, or infeasible; the moves of a plan without one are none); a
    state of several provinces is planned province by province (each its own budget and
    rules, no move crosses a border)."""
    parts = provinces(state)
    if len(parts) > 1:
        codes = np.array(state.communes.province)
        out = Plan()
        for code, sub in parts:
            unit = np.flatnonzero(codes == code)
            official = np.flatnonzero((codes == code)[state.commune])
            part = plan_moves(method, sub)
            out += [Move(int(official[m.row]), int(unit[m.to]), m.spec_to) for m in part]
            out.plans += getattr(part, "plans", [])
            out.spent.update(getattr(part, "spent", {}))
        return out
    key = _state_key(method, state)
    if key not in _PLAN_CACHE:
        said = None
        if method == "greedy":
            moves = greedy_plan(build_inputs(state))
        else:
            _, res, moves, _ = optimize_plan(state)
            said = SolverPlan(solve_kind(res.status, res.has_solution),
                              float(state.params.optimizer.time_limit_s))
        _PLAN_CACHE[key] = ([(m.row, m.to, m.spec_to) for m in moves], said)
    moves, said = _PLAN_CACHE[key]
    plan = [Move(*m) for m in moves]
    code = str(parts[0][0]) if parts else ""
    return Plan(plan, [said] if said else [],
                {code: float(move_allowance(state, plan)[2].sum())})


def _left(sub: ProvinceState, used: float) -> float | None:
    """The budget parameter (``optimizer.constraints.budget.vnd``) left in province ``sub``
    once ``used`` VND are committed; None when nothing is to change (nothing used, no budget
    or a budget of nothing). The parameter may be scaled (``budget.scale``): what is used is
    taken off in the parameter's own VND."""
    b = sub.params.optimizer.constraints.budget
    if used <= 0 or not b.enabled or b.vnd <= 0:
        return None
    per = budget_vnd(sub) / b.vnd  # budget VND per VND of the parameter
    return max(b.vnd - used / per, 0.0) if per > 0 else 0.0


def _budget_left(state: ProvinceState, spent: dict[str, float]) -> ProvinceState:
    """``state`` with each province's allowance budget less what earlier plans of the run
    committed there (``spent``: VND by province code), as the province's own override
    (``province.by_province``), so a scaled budget (``budget.scale``) is reduced in VND."""
    parts = provinces(state)
    if len(parts) == 1:  # (its own overrides are in its parameters already: the budget itself;
        # re-applying them over the policy's own changes undid a secondment's term)
        code, _ = parts[0]
        left = _left(state, spent.get(str(code), 0.0))
        if left is None:
            return state

        def less_one(p: Params) -> None:
            p.optimizer.constraints.budget.vnd = left
        return with_params(state, less_one)
    overrides = {}
    for code, sub in parts:
        left = _left(sub, spent.get(str(code), 0.0))
        if left is not None:
            overrides[str(code)] = {"optimizer.constraints.budget.vnd": left}
    if not overrides:
        return state

    def less(p: Params) -> None:
        by = {k: dict(v) for k, v in p.province.by_province.items()}
        for code, over in overrides.items():
            by.setdefault(code, {}).update(over)
        p.province.by_province = by
    return with_params(state, less)


def secondment_term(months: int) -> Callable[[Params], None]:
    """The change that makes a plan's moves secondments of ``months`` months: their costs
    stop when the secondment ends, and the host's headcount cap does not count them (a
    secondee keeps the sending unit's post, not the host's: docs/facts.md). Set in every
    province's own overrides too (``province.by_province``), which are applied over the
    scenario's parameters: a province whose override gives its own transfer term (36
    months, say) kept it and was costed 36 months of allowances for a 12-month secondment."""
    term = {"transfers.term_months": months, "transfers.term_from": "move",
            "optimizer.constraints.recipient_cap.enabled": False}

    def change(p: Params) -> None:
        p.transfers.term_months = months
        p.transfers.term_from = "move"
        p.optimizer.constraints.recipient_cap.enabled = False
        if p.province.by_province:  # (appended last: they win over the province's own)
            p.province.by_province = {
                k: {**{key: x for key, x in v.items() if key not in term}, **term}
                for k, v in p.province.by_province.items()}
    return change


class Transfers(Policy):
    """Transfers (điều động) by the optimiser or the greedy rule: once at the end of month
    ``start``, or every ``every`` months; as secondments (biệt phái) if ``secondment``."""

    def __init__(self, method: str, start: int = 0, every: int | None = None,
                 secondment: int | None = None) -> None:
        self.method, self.start, self.every, self.secondment = method, start, every, secondment
        self.name = f"{method}_transfers"
        self.plans: list[SolverPlan] = []  # what the solver said of each plan carried out
        self.spent: dict[str, float] = {}  # allowances committed so far, by province (VND)

    def solver_plans(self) -> list[SolverPlan]:
        return list(self.plans)

    def due(self, t: int) -> bool:
        if t < self.start:
            return False
        return t == self.start if self.every is None else (t - self.start) % self.every == 0

    def end_of_month(self, model: StaffModel, t: int) -> None:
        if not self.due(t):
            return
        state = planning_state(model, t)
        if self.secondment is not None:
            months = self.secondment

            state = with_params(state, secondment_term(months))
            if not model.params.policies.secondment_same_officials:
                # each official is seconded at most once in a run
                rows = state.roster_rows  # -1: a pool official, never seconded yet
                done = np.where(rows >= 0, model.roster.seconded[np.maximum(rows, 0)], False)
                state.protected = state.protected | done
        if model.params.policies.replan_budget == "shared":
            # the budget is the programme's (Thanh Hóa's VND 45 bn for its three years): a
            # re-plan spends what the earlier plans left, not the whole budget again
            state = _budget_left(state, self.spent)
        moves = plan_moves(self.method, state)
        self.plans += getattr(moves, "plans", [])
        for code, vnd in getattr(moves, "spent", {}).items():
            self.spent[code] = self.spent.get(code, 0.0) + vnd
        apply_moves(model, state, moves, t, self.secondment)


@register_policy("greedy_transfers")
def greedy_transfers(params: Params) -> Policy:
    """Greedy transfers once, at the end of month 0."""
    return Transfers("greedy")


@register_policy("optimised_transfers")
def optimised_transfers(params: Params) -> Policy:
    """Optimised transfers once, at the end of month 0."""
    return Transfers("optimised")


@register_policy("rolling_transfers")
def rolling_transfers(params: Params) -> Policy:
    """Transfers re-optimised on the simulated state every K months."""
    return Transfers("optimised", every=params.policies.rolling_every_months)


def rolling_label(params: Params) -> tuple[str, dict[str, int]]:
    """The rolling arm as people name it, its K stated (``policies.rolling_every_months``):
    (catalogue message, its values)."""
    k = params.policies.rolling_every_months
    return (N_("re-optimised every month"), {}) if k == 1 else (
        N_("re-optimised every {k} months"), {"k": k})


def rolling_horizon_note(params: Params) -> tuple[str, dict[str, int]] | None:
    """What the horizon leaves of re-optimising every K months (``policies.
    rolling_every_months``), when no re-plan after the first takes effect within it:
    (catalogue message, its values: months, every, last (the last month), more (the fewest
    months for a re-plan that takes effect)); None when one does. The plans are made at the
    end of months 0, K, 2K, ... of months 0 to H - 1 (``Transfers.due``) and take effect the
    month after: with K >= H there is no re-plan, with K = H - 1 one whose month never comes."""
    months, k = params.simulation.months, params.policies.rolling_every_months
    values = {"months": months, "every": k, "last": months - 1, "more": k + 2}
    if k >= months:
        return (N_("{arm}: with a run of {months}, re-optimising every {every} never re-plans "
                   "after the first plan (month 0), so this arm is the same as optimised "
                   "transfers once; for a re-plan that takes effect, give --months {more} or "
                   "more, or a smaller policies.rolling_every_months"), values)
    if k == months - 1:
        return (N_("{arm}: with a run of {months}, re-optimising every {every} re-plans only "
                   "at the end of the last month (month {last}), which takes effect after the "
                   "run, so this arm's outcomes are those of optimised transfers once but for "
                   "that plan's moves; for a re-plan that takes effect, give --months {more} "
                   "or more, or a smaller policies.rolling_every_months"), values)
    return None


def secondment_label(params: Params) -> tuple[str, dict[str, int]]:
    """The secondment arm as people name it, the length of its secondments stated
    (``policies.secondment_months``): (catalogue message, its values)."""
    m = params.policies.secondment_months
    return (N_("optimised secondments (1 month)"), {}) if m == 1 else (
        N_("optimised secondments ({m} months)"), {"m": m})


# arm labels that stand for a parameter's value (the scenario defaults' rolling and
# secondment arms), and how to state it from the arm's own parameters
STATED_LABELS = {"re-optimised every K months": rolling_label,
                 "optimised secondments": secondment_label}


@register_policy("secondment")
def secondment(params: Params) -> Policy:
    """Optimised secondments (biệt phái) for M months, repeated when a batch returns if asked."""
    pol = params.policies
    every = pol.secondment_months if pol.secondment_repeat else None
    return Transfers("optimised", every=every, secondment=pol.secondment_months)
