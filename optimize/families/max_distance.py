"""Maximum distance: no official moves further than the limit (road km).

Strict problems have no arcs longer than the limit; elastic ones keep them and price each km
beyond it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.i18n import N_, Said
from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    ExplainContext,
    InfeasibleContext,
    term,
)
from staffsim.optimize.inputs import Bounds, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, P, Params

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem

MARGINAL_KM = 10.0  # the lever: the limit this much longer


class MaxDistance(Family):
    km: float = P(300.0, "road km", "longest allowed move", gt=0, le=5000)


def define_max_distance_constraints(tp: TransferProblem) -> None:
    """Strict: arcs longer than the limit do not exist (``Bounds.max_km``). Elastic: they
    exist and sum_a max(0, km_a - limit) x_a <= slack (km beyond the limit)."""
    inp = tp.inputs
    limit = inp.state.params.optimizer.constraints.max_distance
    if not tp.elastic or not limit.enabled:
        return
    over_km = np.maximum(inp.arc_km - limit.km, 0.0)
    over = [(tp.x[a], float(over_km[a])) for a in np.flatnonzero(over_km > 0)]
    if over:
        var = tp.add_slack("max_distance", "province", "province")
        tp.prob += tp.lin(over + [(var, -1.0)]) <= 0.0, "max_distance_excess"


class MaxDistanceFamily(ConstraintFamily):
    name = "max_distance"
    params = MaxDistance
    aliases = {"optimizer.max_distance_km": "km"}
    elastic_price = 1e2  # per km: 10 km beyond the limit cost as much as one official
    lever_arcs = True
    define_constraints = staticmethod(define_max_distance_constraints)

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        limit = self.settings(state.params)
        if limit.enabled:
            b.max_km = min(b.max_km, limit.km)

    def solution_words(self, ctx: InfeasibleContext) -> list[str]:
        inp, limit = ctx.inputs, self.settings(ctx.state.params).km
        over = np.maximum(inp.arc_km - limit, 0.0)
        lines, seen = [], set()
        for a in np.flatnonzero((ctx.x > 0) & (over > 0)):
            r, s = int(inp.arc_to[a]), int(inp.arc_spec_to[a])
            if (r, s) in seen:
                continue
            seen.add((r, s))
            lines.append(Said(N_("no {specialty} official within {limit} km of {where}: "
                                 "nearest usable candidate is in {source} at {km} km"),
                              specialty=term(s), limit=float(limit), where=ctx.names[r],
                              source=ctx.names[inp.arc_from[a]],
                              km=round(float(inp.arc_km[a]))))
        return lines

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        limit = self.settings(ctx.state.params)
        km = float(ctx.state.distance_km[int(ctx.state.commune[i]), r])
        if limit.enabled and km > limit.km:
            return f"{km:.0f} km away (limit {limit.km:g} km)"
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        km = math.ceil(nearest["km"]) + 1
        return (f"raise the distance limit to {km} km",
                "optimizer.constraints.max_distance.km", float(km))

    def no_plan_tips(self, params: Params, state: ProvinceState | None = None) -> list[str]:
        km = self.settings(params).km
        return [Said(N_("raise the distance limit (optimizer.max_distance_km, now {km} km)"),
                     km=float(km))]

    def lever(self, params: Params) -> Lever | None:
        limit = self.settings(params)
        if not limit.enabled:
            return None
        return Lever("distance_plus_10km", f"distance limit {MARGINAL_KM:g} km longer",
                     "optimizer.constraints.max_distance.km", limit.km + MARGINAL_KM)

    def lever_rows(self, tp: TransferProblem, lever: Lever, variant: Variant | None,
                   row: dict[str, int], model: Any) -> list[tuple[int, float]] | None:
        return None if variant is None else []  # only arcs change

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        limit = self.settings(ctx.state.params)
        if limit.enabled and m.km > limit.km + 1e-9:
            # the limit is the scenario's (an assumption where no rule sets one: the
            # bundled scenarios take the province's farthest real move), named as such
            return [Violation(m.row, self.name, f"{ctx.official(m)} would travel {m.km:.0f} km "
                              f"from {ctx.where(m.frm)} to {ctx.where(m.to)}, beyond the "
                              f"distance limit the scenario sets, {limit.km:g} km")]
        return []


FAMILY = MaxDistanceFamily()
