"""Maximum donor share: a commune gives at most a share of its officials."""

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
)
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class MaxDonorShare(Family):
    share: float = P(0.2, "share of staff", "largest share of a donor's officials moved",
                     ge=0, le=1)


def give_limit(state: ProvinceState, in_post_total: np.ndarray, share: float) -> np.ndarray:
    """Most officials each unit may still give: floor(share x its staff before any manual
    move), less the officials manual moves already made took from it (``in_post_total``:
    staff in ``state``, after them; none below 0). Manual moves count first, so the
    optimiser's part and theirs together keep the share whenever theirs alone do."""
    given, received = state.hand_moves()
    before = in_post_total + given - received
    return np.maximum(np.floor(share * before + 1e-9) - given, 0)


def define_max_donor_share_constraints(tp: TransferProblem) -> None:
    """sum_{a out of d} x_a <= floor(share x in_post_d)  (elastic: - slack_d)."""
    inp = tp.inputs
    rule = inp.state.params.optimizer.constraints.max_donor_share
    if not rule.enabled:
        return
    # its own limit, not ``max_give``: that holds the other families' limits on what a unit
    # gives in all too (the donor floor in total, the quota), which have rows of their own
    # (a marginal lever moves those; in an elastic problem each is priced as itself)
    limit = give_limit(inp.state, inp.in_post.sum(axis=1), rule.share)
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(tp.people_out(d, s))
    for d, terms in out.items():
        name = tp.cid(d)
        if tp.elastic:
            terms = terms + [(tp.add_slack("max_donor_share", d, name), -1.0)]
        tp.prob += tp.lin(terms) <= float(limit[d]), f"max_donor_share_{name}"


class MaxDonorShareFamily(ConstraintFamily):
    name = "max_donor_share"
    params = MaxDonorShare
    aliases = {"optimizer.max_donor_share": "share"}
    rule_sets = {"wisn": {"enabled": True}, "province_practice": {"enabled": False}}
    define_constraints = staticmethod(define_max_donor_share_constraints)

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        most = self.settings(state.params)
        if most.enabled:
            b.max_give = np.minimum(b.max_give,
                                    give_limit(state, b.in_post.sum(axis=1), most.share))

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        share = self.settings(ctx.state.params).share
        return Said(N_("{where} would have to give {n} more officials than {share_pct}% of "
                       "its staff"), where=ctx.names[key], n=round(value),
                    share_pct=round(100 * share, 1))

    def blocks_donor(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        d = int(ctx.state.commune[i])
        if ctx.gave[d] >= ctx.inputs.max_give[d]:
            return f"{ctx.names[d]} already gives its limit of {ctx.inputs.max_give[d]:.0f} " \
                   "officials"
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        share = min(self.settings(ctx.state.params).share + 0.05, 1.0)
        return (f"let donors give up to {share:.0%} of their staff",
                "optimizer.constraints.max_donor_share.share", round(share, 4))

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        most = self.settings(ctx.state.params)
        if not most.enabled:
            return []
        out, total_before = [], ctx.before.sum(axis=1)
        for c in np.flatnonzero(ctx.gave):
            limit = math.floor(most.share * total_before[c] + 1e-9)
            if ctx.gave[c] > limit:
                over = ctx.given_by(c)[limit:]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} gives {ctx.gave[c]} of its {total_before[c]} officials, "
                    f"limit {limit} ({most.share:.0%}): {ctx.rows_words(over)} are beyond it")))
        return out


FAMILY = MaxDonorShareFamily()
