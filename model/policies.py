"""Policy plug-ins acting on a running simulation (chosen per arm in the scenario).

Each plug-in has ``setup(model)`` (before month 0) and ``end_of_month(model, t)`` (after
service, exits and recruitment of month t; its effect starts in month t+1).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np

from model.model import POLICY
from model.roster import LEADERSHIP
from scenarios.params import zone_mask

if TYPE_CHECKING:
    from model.model import StaffModel
    from optimize.plan import Move
    from optimize.state import ProvinceState

TRAINING_STREAM_MONTH = 100_000  # stream index of the one-off training draw


class Policy:
    name = "policy"

    def setup(self, model: StaffModel) -> None:
        """Before month 0."""

    def end_of_month(self, model: StaffModel, t: int) -> None:
        """After month t."""


# Plans for identical states are identical: replications share the month-0 plan.
_PLAN_CACHE: dict[str, list[tuple[int, int, int]]] = {}


def _state_key(method: str, state: ProvinceState) -> str:
    h = hashlib.sha1(method.encode())
    for arr in (state.commune, state.specialty, state.protected, state.birth_month,
                state.leader, state.required):
        h.update(np.ascontiguousarray(arr).tobytes())
    h.update(state.params.model_dump_json().encode())
    return h.hexdigest()


def planning_state(model: StaffModel, t: int) -> ProvinceState:
    """The state the province plans on at the end of month t (for posts from month t+1).

    Secondees away, contract staff and officials still drawing a transfer allowance are not
    moved again.
    """
    from optimize.state import state_from_roster

    r = model.roster
    protect = r.contract | (r.home_commune >= 0) | (r.transferred & (r.allowance_until > t))
    return state_from_roster(model.scenario, r, month=t + 1, protect=protect)


def plan_moves(method: str, state: ProvinceState) -> list[Move]:
    """Optimised or greedy moves for a state (cached by state)."""
    from optimize.baseline import greedy_plan
    from optimize.inputs import build_inputs
    from optimize.plan import Move
    from optimize.solve import optimise

    key = _state_key(method, state)
    if key not in _PLAN_CACHE:
        if method == "greedy":
            moves = greedy_plan(build_inputs(state))
        else:
            _, res, moves, _ = optimise(state)
        _PLAN_CACHE[key] = [(m.row, m.to, m.spec_to) for m in moves]
    return [Move(*m) for m in _PLAN_CACHE[key]]


def apply_moves(model: StaffModel, state: ProvinceState, moves: list[Move], t: int,
                allowance_months: int, secondment_months: int | None = None) -> None:
    """Move officials from the end of month t; record the flows."""
    from optimize.plan import move_costs

    if not moves:
        return
    r = model.roster
    n = len(model.communes)
    km, monthly = move_costs(state, moves)
    rows = state.roster_rows[[m.row for m in moves]]
    to = np.array([m.to for m in moves])
    spec = np.array([m.spec_to for m in moves], np.int8)
    model.series["moves_out"][t] += np.bincount(r.commune[rows], minlength=n)
    model.series["transfers_in"][t] += np.bincount(to, minlength=n)
    if secondment_months is not None:
        r.home_commune[rows] = r.commune[rows]
        r.home_specialty[rows] = r.specialty[rows]
        r.return_month[rows] = t + secondment_months
    r.commune[rows] = to
    r.specialty[rows] = spec
    r.post_start[rows] = t + 1
    r.transferred[rows] = True
    r.transfer_km[rows] = km
    r.allowance_monthly[rows] = monthly
    r.allowance_until[rows] = t + allowance_months


class Transfers(Policy):
    """Transfers (điều động) by the optimiser or the greedy rule: once at the end of month
    ``start``, or every ``every`` months; as secondments (biệt phái) if ``secondment``."""

    def __init__(self, method: str, start: int = 0, every: int | None = None,
                 secondment: int | None = None) -> None:
        self.method, self.start, self.every, self.secondment = method, start, every, secondment
        self.name = f"{method}_transfers"

    def due(self, t: int) -> bool:
        if t < self.start:
            return False
        return t == self.start if self.every is None else (t - self.start) % self.every == 0

    def end_of_month(self, model: StaffModel, t: int) -> None:
        if not self.due(t):
            return
        state = planning_state(model, t)
        months = model.params.optimizer.allowance.months
        if self.secondment is not None:
            from optimize.explain import with_params

            months = self.secondment

            def shorter(p):
                p.optimizer.allowance.months = months
            state = with_params(state, shorter)
        moves = plan_moves(self.method, state)
        apply_moves(model, state, moves, t, months, self.secondment)


class Recruitment(Policy):
    """Faster, wider recruitment (Decree 170/2025): more vacancies opened, shorter lag; the
    mountain fill chance stays lower."""

    name = "recruitment"

    def setup(self, model: StaffModel) -> None:
        pol = model.params.policies
        model.opening_rate = pol.recruitment_opening_rate
        model.recruitment_lag = pol.recruitment_lag_months


class Contracts(Policy):
    """Labour contracts (Decree 173/2025): quick (short lag), costly, capped; given to the
    largest shortfalls of eligible communes, empty essential posts first."""

    name = "contracts"

    def __init__(self) -> None:
        self.pipeline: list[tuple[int, int, int]] = []  # (start month, commune, specialty)

    def end_of_month(self, model: StaffModel, t: int) -> None:
        pol = model.params.policies
        r = model.roster
        n = len(model.communes)
        due = [job for job in self.pipeline if job[0] <= t]
        self.pipeline = [job for job in self.pipeline if job[0] > t]
        rng = model.stream(POLICY, t)
        if due:
            commune = np.array([c for _, c, _ in due], np.int32)
            spec = np.array([s for _, _, s in due], np.int8)
            model.add_officials(commune, spec, t, rng, tag="C",
                                contract=np.ones(len(due), bool),
                                contract_until=np.full(len(due), t + pol.contract_months,
                                                       np.int16))
            model.series["hires"][t] += np.bincount(commune, minlength=n)
        slots = pol.contract_cap - int((r.active & r.contract).sum()) - len(self.pipeline)
        if slots <= 0:
            return
        staff = r.counts(n)
        gap = model.required - staff
        zones = zone_mask(model.communes.zone, pol.contract_zones)
        score = np.where(model.essential[None, :] & (staff == 0), gap + 10.0, gap)
        score[~zones] = -np.inf
        score[:, LEADERSHIP] = -np.inf
        flat = np.argsort(-score, axis=None, kind="stable")[:slots]
        for c, s in zip(*np.unravel_index(flat, score.shape), strict=True):
            if gap[c, s] < 0.5:
                break
            self.pipeline.append((t + pol.contract_lag_months, int(c), int(s)))


class Training(Policy):
    """Train a share of officials in eligible zones once: productivity rises after a delay."""

    name = "training"

    def setup(self, model: StaffModel) -> None:
        pol = model.params.policies
        r = model.roster
        zones = zone_mask(model.communes.zone, pol.training_zones)
        draw = model.stream(POLICY, TRAINING_STREAM_MONTH).random(r.n)
        chosen = np.flatnonzero(r.active & zones[r.commune] & (draw < pol.training_share))
        r.trained_from[chosen] = pol.training_delay_months
        model.series["policy_cost_vnd"][0] += np.bincount(
            r.commune[chosen], minlength=len(model.communes)) * pol.training_cost_vnd


class FixedPlan(Policy):
    """A given transfer list (official id, commune index, specialty index), made at the end of
    month 0; officials who left during month 0 are skipped."""

    name = "fixed_plan"

    def __init__(self, moves: list[tuple[str, int, int]]) -> None:
        self.moves = moves

    def end_of_month(self, model: StaffModel, t: int) -> None:
        from optimize.plan import Move

        if t != 0:
            return
        state = planning_state(model, t)
        index = {oid: i for i, oid in enumerate(state.official_id)}
        moves = [Move(index[o], to, s) for o, to, s in self.moves if o in index]
        apply_moves(model, state, moves, t, model.params.optimizer.allowance.months)


def make_policies(names: list[str], model_params) -> list[Policy]:
    """Plug-ins for an arm's policy names (see scenarios.params.PolicyName)."""
    pol = model_params.policies
    out: list[Policy] = []
    for name in names:
        if name == "greedy_transfers":
            out.append(Transfers("greedy"))
        elif name == "optimised_transfers":
            out.append(Transfers("optimised"))
        elif name == "rolling_transfers":
            out.append(Transfers("optimised", every=pol.rolling_every_months))
        elif name == "secondment":
            every = pol.secondment_months if pol.secondment_repeat else None
            out.append(Transfers("optimised", every=every, secondment=pol.secondment_months))
        elif name == "recruitment":
            out.append(Recruitment())
        elif name == "contracts":
            out.append(Contracts())
        elif name == "training":
            out.append(Training())
        else:
            raise ValueError(f"unknown policy {name!r}")
    return out
