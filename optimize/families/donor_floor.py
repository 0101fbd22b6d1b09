"""Donor floor: a donor keeps a share of its requirement per specialty, and never gives its
last official of an essential specialty."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    ExplainContext,
    InfeasibleContext,
    label,
)
from staffsim.optimize.inputs import Bounds, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P, Params
from staffsim.scenarios.specialties import SPECIALTIES

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem

MARGINAL_FLOOR = 0.01  # the lever: the floor this much lower


class DonorFloor(Family):
    share: float = P(1.0, "share of requirement",
                     "a donor keeps at least this share of its WISN requirement per specialty, "
                     "and never its last official of an essential specialty", ge=0, le=2)


def define_donor_floor_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= max_out_ds, where max_out_ds = in_post_ds -
    ceil(share x required_ds), at least 1 kept of an essential specialty the donor has, and
    no more than the movable officials (elastic: - slack_ds)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.donor_floor.enabled:
        return
    for d, s in tp.arcs_out:
        name = f"{tp.cid(d)}_{SPECIALTIES[s]}"
        terms = tp.people_out(d, s)
        if tp.elastic:
            terms = terms + [(tp.add_slack("donor_floor", (d, s), name), -1.0)]
        tp.prob += tp.lin(terms) <= float(inp.max_out[d, s]), f"donor_floor_{name}"


class DonorFloorFamily(ConstraintFamily):
    name = "donor_floor"
    params = DonorFloor
    aliases = {"optimizer.donor_floor": "share"}
    # province practice counts surplus in headcount (donor_quota); only the essential rule stays
    rule_sets = {"wisn": {"enabled": True, "share": 1.0},
                 "province_practice": {"enabled": True, "share": 0.0}}
    lever_arcs = True
    define_constraints = staticmethod(define_donor_floor_constraints)

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        floor = self.settings(state.params)
        if not floor.enabled:
            return
        essential = state.params.workload.specialties.essential_mask()
        keep = np.ceil(floor.share * state.required - 1e-9)
        last = essential[None, :] & (b.in_post > 0) & state.communes.is_commune[:, None]
        keep = np.where(last, np.maximum(keep, 1), keep)
        b.max_out = np.minimum(b.max_out, np.maximum(b.in_post - keep, 0)).astype(np.int64)

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        c, s = key
        share = self.settings(ctx.state.params).share
        return (f"{ctx.names[c]} would keep {value:.0f} {label(s)} official(s) fewer than its "
                f"floor ({share:.0%} of requirement)")

    def blocks_donor(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        inp, d = ctx.inputs, int(ctx.state.commune[i])
        if inp.max_out[d, s] <= 0:
            return (f"{ctx.names[d]} needs its {int(inp.in_post[d, s])} {SPECIALTIES[s]} "
                    f"official(s) (requires {ctx.state.required[d, s]:.1f})")
        if ctx.out_used[d, s] >= inp.max_out[d, s]:
            return (f"{ctx.names[d]}'s {int(inp.max_out[d, s])} spare {SPECIALTIES[s]} "
                    "official(s) all move elsewhere")
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        share = self.settings(ctx.state.params).share
        return (f"lower the donor floor to {max(share - 0.1, 0):.2f}",
                "optimizer.constraints.donor_floor.share", round(max(share - 0.1, 0.0), 4))

    def lever(self, params: Params) -> Lever | None:
        floor = self.settings(params)
        if not (floor.enabled and floor.share > 0):
            return None
        return Lever("donor_floor_minus_1pt", "donor floor one point lower",
                     "optimizer.constraints.donor_floor.share",
                     round(max(floor.share - MARGINAL_FLOOR, 0.0), 6))

    def lever_rows(self, tp: TransferProblem, lever: Lever, variant: Variant | None,
                   row: dict[str, int], model: Any) -> list[tuple[int, float]] | None:
        if variant is None:
            return None
        inp, ids = tp.inputs, tp.inputs.state.communes.ids
        rows = []
        for d, s in set(zip(inp.arc_from.tolist(), inp.arc_spec_from.tolist(), strict=True)):
            key = tp.row_name(f"donor_floor_{ids[d]}_{SPECIALTIES[s]}")
            if key in row:
                rows.append((row[key], float(variant.bounds.max_out[d, s])))
        return rows

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        floor = self.settings(ctx.state.params)
        if not floor.enabled:
            return []
        out, after = [], ctx.after
        for c, s in np.argwhere(after < ctx.before):
            least = floor.share * ctx.state.required[c, s]
            # the rows that take officials below the floor: the last ones out of (c, s)
            out_cs = ctx.given_by(int(c), int(s))
            if after[c, s] < least - 1e-9:
                short = min(math.ceil(least - 1e-9) - int(after[c, s]), len(out_cs))
                over = out_cs[len(out_cs) - short:]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} keeps {after[c, s]} {SPECIALTIES[s]} official(s), below "
                    f"its floor of {least:.2f} ({floor.share:.0%} of a requirement of "
                    f"{ctx.state.required[c, s]:.2f}): {ctx.rows_words(over)}")))
            commune = not ctx.state.communes.pool[c]
            if commune and SPECIALTIES[s] in ctx.essential and after[c, s] == 0 and out_cs:
                out.append(Violation(out_cs[-1].row, self.name, (
                    f"{ctx.where(c)} gives its last {SPECIALTIES[s]} official: "
                    f"{ctx.rows_words(out_cs[-1:])}")))
        return out


FAMILY = DonorFloorFamily()
