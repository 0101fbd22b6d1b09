"""Maximum moves: at most this many officials move in all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.i18n import N_
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    ExplainContext,
    InfeasibleContext,
    Limit,
    with_target,
)
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P, Params

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class MaxMoves(Family):
    moves: int = P(400, "officials", "most officials moved", ge=0, le=1_000_000)


def define_max_moves_constraints(tp: TransferProblem) -> None:
    """sum_a x_a <= max moves  (elastic: - slack)."""
    inp = tp.inputs
    mm = inp.state.params.optimizer.constraints.max_moves
    if not mm.enabled or inp.n_arcs == 0:
        return
    terms = tp.all_moves()
    if tp.elastic:
        terms.append((tp.add_slack("max_moves", "province", "province"), -1.0))
    tp.prob += tp.lin(terms) <= float(mm.moves), "max_moves"


class MaxMovesFamily(ConstraintFamily):
    name = "max_moves"
    params = MaxMoves
    aliases = {"optimizer.max_moves": "moves"}
    define_constraints = staticmethod(define_max_moves_constraints)

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        moves = self.settings(ctx.state.params).moves
        return with_target(N_("needs {n} more moves than the limit of {limit}"),
                           N_("needs {n} more moves than the limit of {limit} {target}"),
                           ctx.target, n=round(value), limit=int(moves))

    def blocks_plan(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        mm = self.settings(ctx.state.params)
        if mm.enabled and mm.moves - len(ctx.moves) <= 0:
            return "the move limit is reached"
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        return ("allow 10 more moves", "optimizer.constraints.max_moves.moves",
                self.settings(ctx.state.params).moves + 10)

    def greedy_limits(self, inputs: PlanInputs) -> list[Limit]:
        mm = self.settings(inputs.state.params)
        if not mm.enabled:
            return []
        return [Limit(np.zeros(inputs.n_arcs, np.int64), np.ones(inputs.n_arcs),
                      np.array([float(mm.moves)]))]

    def use_up(self, params: Params, state: ProvinceState, forced: list[Move]) -> None:
        mm = self.settings(params)
        mm.moves = max(mm.moves - len(forced), 0)

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        mm = self.settings(ctx.state.params)
        if mm.enabled and len(ctx.seen) > mm.moves:
            over = ctx.moved[mm.moves:]
            row = over[0].row if over else 0
            return [Violation(row, self.name, f"{len(ctx.seen)} moves, limit {mm.moves}: "
                              + (ctx.rows_words(over) + " are beyond it" if over else ""))]
        return []


FAMILY = MaxMovesFamily()
