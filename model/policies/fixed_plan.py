"""A given transfer list carried out at the end of the month it was made for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from staffsim.model.policies.base import Policy
from staffsim.model.policies.solver_plans import SolverPlan
from staffsim.model.state import Move, planning_state
from staffsim.model.transfers import apply_moves

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


class FixedPlan(Policy):
    """A given transfer list (official id, commune index, specialty index), carried out at
    the end of month ``month`` (the month it was planned on: ``whatif --month``); officials
    who left by then are skipped. Not registered by name: it carries its own list (what-if,
    sweeps planned once per design point). ``plans``: what the solver said of the plans the
    list was made of (a sweep's point plan, one per province), counted as this run's once it
    is carried out."""

    name = "fixed_plan"

    def __init__(self, moves: list[tuple[str, int, int]], month: int = 0,
                 plans: tuple[SolverPlan, ...] = ()) -> None:
        self.moves = moves
        self.month = month
        self.plans = tuple(plans)
        self.done = False

    def solver_plans(self) -> list[SolverPlan]:
        return list(self.plans) if self.done else []

    def end_of_month(self, model: StaffModel, t: int) -> None:
        if t != self.month:
            return
        self.done = True
        state = planning_state(model, t)
        index = {oid: i for i, oid in enumerate(state.official_id)}
        moves = [Move(index[o], to, s) for o, to, s in self.moves if o in index]
        apply_moves(model, state, moves, t)
