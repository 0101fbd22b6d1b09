"""Protection: protected officials, leaders and those near retirement never move.

Officials flagged protected in the roster never move, whatever this section says; the section
adds leaders and officials within ``years_to_retirement`` of the statutory age. The rule is
never relaxed, not even in the elastic problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, P
from staffsim.scenarios.specialties import SPECIALTIES

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class Protection(Family):
    leaders: bool = P(True, "", "leaders never move in ordinary plans (domain.md)")
    years_to_retirement: float = P(
        2.0, "years", "officials this close to the statutory age never move", ge=0, le=20)


def define_protection_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= movable_ds: only officials who may move do (never
    relaxed, not even in the elastic problem)."""
    inp = tp.inputs
    for d, s in tp.arcs_out:
        tp.prob += (tp.lin(tp.people_out(d, s)) <= float(inp.movable[d, s]),
                    f"protection_{tp.cid(d)}_{SPECIALTIES[s]}")


class ProtectionFamily(ConstraintFamily):
    name = "protection"
    params = Protection
    define_constraints = staticmethod(define_protection_constraints)

    def restrict_officials(self, state: ProvinceState, ok: np.ndarray) -> None:
        prot = self.settings(state.params)
        if prot.enabled:
            if prot.leaders:
                ok &= ~state.leader.astype(bool)
            ok &= state.years_to_retirement() >= prot.years_to_retirement

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        state, prot = ctx.state, self.settings(ctx.state.params)
        if state.protected[i]:
            return "flagged protected"
        if prot.enabled and prot.leaders and state.leader[i]:
            return "a leader"
        life = ctx.years_to_retirement
        if prot.enabled and life[i] < prot.years_to_retirement:
            return f"retires in {life[i]:.1f} years"
        if not ctx.movable[i]:
            return "not movable"
        return None

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        state, prot = ctx.state, self.settings(ctx.state.params)
        oid, i, out = state.official_id[m.official], m.official, []
        if state.protected[i]:
            out.append(Violation(m.row, self.name, f"{oid} is flagged protected"))
        if prot.enabled and prot.leaders and state.leader[i]:
            out.append(Violation(m.row, self.name, f"{oid} is a leader"))
        life = ctx.years_to_retirement
        if prot.enabled and life[i] < prot.years_to_retirement:
            out.append(Violation(m.row, self.name, f"{oid} retires in {life[i]:.1f} years "
                                 f"(< {prot.years_to_retirement})"))
        return out


FAMILY = ProtectionFamily()
