"""Specialty match: an official moves into their own specialty, or into another one at a
lower productivity when cross-specialty moves are on (or the rule is off).

It acts by which arcs exist (``Bounds.productivity``), not by rows.
"""

from __future__ import annotations

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, P
from staffsim.scenarios.specialties import SPECIALTIES


class SpecialtyMatch(Family):
    cross_specialty: bool = P(False, "", "allow moving an official into another specialty")
    productivity: float = P(0.5, "share", "productivity of a cross-specialty move", ge=0, le=1)


class SpecialtyMatchFamily(ConstraintFamily):
    name = "specialty_match"
    params = SpecialtyMatch

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        match = self.settings(state.params)
        if match.cross_specialty or not match.enabled:
            b.productivity[~np.eye(len(SPECIALTIES), dtype=bool)] = match.productivity

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        match = self.settings(ctx.state.params)
        own, spec = SPECIALTIES[ctx.state.specialty[m.official]], SPECIALTIES[m.spec]
        if spec != own and match.enabled and not match.cross_specialty:
            return [Violation(m.row, self.name, f"{ctx.official(m)}, a {own} official, placed "
                              f"as {spec}")]
        return []


FAMILY = SpecialtyMatchFamily()
