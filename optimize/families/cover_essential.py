"""Cover essential (a hard target, off by default): after the plan every commune of the listed
zones has someone in every essential specialty."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.i18n import N_, Said, Term
from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    InfeasibleContext,
    term,
)
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P, Params, ZoneName, zone_mask
from staffsim.scenarios.specialties import SPECIALTIES

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class CoverEssential(Family):
    enabled: bool = P(False, "", "hard target: apply this constraint family")
    zones: list[ZoneName] = P(["high_mountain"], "zones",
                              "every commune here must have someone in every essential "
                              "specialty after the plan")


def define_cover_essential_constraints(tp: TransferProblem) -> None:
    """Hard target: in_post_rs + sum_{a into (r,s)} x_a - sum_{a out of (r,s)} x_a >= 1 for
    every commune r of the listed zones and every essential specialty s (elastic: + slack)."""
    inp = tp.inputs
    cover = inp.state.params.optimizer.constraints.cover_essential
    if not cover.enabled:
        return
    targets = np.argwhere(inp.essential[None, :]
                          & (zone_mask(inp.state.communes.zone, cover.zones)
                             & inp.is_commune)[:, None])
    for r, s in targets.tolist():
        have = float(inp.in_post[r, s])
        if have >= 1 and (r, s) not in tp.arcs_out:
            continue  # staffed and nobody can leave
        name = f"{tp.cid(r)}_{SPECIALTIES[s]}"
        terms = tp.people_in(r, s) + tp.neg(tp.people_out(r, s))
        if tp.elastic:
            terms.append((tp.add_slack("cover_essential", (r, s), name), 1.0))
        elif not any(c > 0 for _, c in terms) and have < 1:
            tp.infeasible_by_construction.append(name)
            continue
        tp.prob += tp.lin(terms) >= 1.0 - have, f"cover_essential_{name}"


class CoverEssentialFamily(ConstraintFamily):
    name = "cover_essential"
    params = CoverEssential
    elastic_price = 1e5  # leaving a target uncovered is the worst break
    define_constraints = staticmethod(define_cover_essential_constraints)

    def target_words(self, params: Params) -> str:
        cover = self.settings(params)
        if not cover.enabled:
            return ""
        zones = "/".join(cover.zones)
        return Said(N_("to give every {zones} commune someone in every essential specialty"),
                    zones=Term("zones", zones, zones.replace("_", "-")))

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        r, s = key
        return Said(N_("no movable {specialty} official anywhere in the province for {where} "
                       "(all are protected, leaders, near retirement or their commune's "
                       "last)"), specialty=term(s), where=ctx.names[r])

    def no_plan_tips(self, params: Params, state: ProvinceState | None = None) -> list[str]:
        if not self.settings(params).enabled:
            return []
        return [Said(N_("drop the hard target (optimizer.constraints.cover_essential.enabled "
                        "= false)"))]

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        cover = self.settings(ctx.state.params)
        if not cover.enabled:
            return []
        out = []
        communes = ~ctx.state.communes.pool  # departments have no essential commune posts
        for c in np.flatnonzero(zone_mask(ctx.state.communes.zone, cover.zones) & communes):
            for s in ctx.essential:
                if ctx.after[c, SPECIALTIES.index(s)] == 0:
                    out.append(Violation(0, self.name, f"{ctx.where(c)} has no {s} official "
                                         "after the plan"))
        return out


FAMILY = CoverEssentialFamily()
