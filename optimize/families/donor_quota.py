"""Donor quota: a donor keeps at least its norm quota in headcount; only officials above the
quota are surplus (the province's own definition, Decision 2623/QĐ-UBND: it moved officials
from units whose staff exceeded their quota). Part of the ``province_practice`` rule set."""

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
from staffsim.optimize.inputs import Bounds, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P, Params

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem

MARGINAL_SHARE = 0.05  # the lever: donors keep 5 points less of their quota (1 point
# moves nothing below a quota of 100: ceil(0.99 x 70) = 70)


class DonorQuota(Family):
    enabled: bool = P(False, "", "apply this constraint family (on in the province_practice "
                      "rule set)")
    share: float = P(1.0, "share of quota", "a donor keeps at least this share of its norm "
                     "quota in headcount: it gives at most its officials above that", ge=0,
                     le=2)


def surplus(in_post_total: np.ndarray, quota: np.ndarray, share: float) -> np.ndarray:
    """Officials above ceil(share x quota) per unit (0 at or below it)."""
    return np.maximum(in_post_total - np.ceil(share * quota - 1e-9), 0)


def room_above_quota(state: ProvinceState, in_post_total: np.ndarray,
                     share: float) -> np.ndarray:
    """Most officials each unit may still give: its surplus before any manual move, less the
    officials manual moves already made took from it (``in_post_total``: staff in
    ``state``, after them; none below 0). Manual moves count first, as for the donor share."""
    given, received = state.hand_moves()
    return np.maximum(surplus(in_post_total + given - received, state.quota, share) - given,
                      0)


def define_donor_quota_constraints(tp: TransferProblem) -> None:
    """sum_{a out of d} x_a <= max(0, in_post_d - ceil(share x quota_d)): a donor gives at
    most its officials above quota (elastic: - slack_d)."""
    inp = tp.inputs
    rule = inp.state.params.optimizer.constraints.donor_quota
    if not rule.enabled:
        return
    room = room_above_quota(inp.state, inp.in_post.sum(axis=1), rule.share)
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(tp.people_out(d, s))
    for d, terms in out.items():
        name = tp.cid(d)
        if tp.elastic:
            terms = terms + [(tp.add_slack("donor_quota", d, name), -1.0)]
        tp.prob += tp.lin(terms) <= float(room[d]), f"donor_quota_{name}"


class DonorQuotaFamily(ConstraintFamily):
    name = "donor_quota"
    params = DonorQuota
    aliases = {"optimizer.donor_quota": "share"}
    rule_sets = {"wisn": {"enabled": False}, "province_practice": {"enabled": True}}
    lever_arcs = True
    define_constraints = staticmethod(define_donor_quota_constraints)

    def lever(self, params: Params) -> Lever | None:
        rule = self.settings(params)
        if not (rule.enabled and rule.share > 0):
            return None
        return Lever("donor_quota_minus_5pt", "donors keep 5 points less of their quota",
                     "optimizer.constraints.donor_quota.share",
                     round(max(rule.share - MARGINAL_SHARE, 0.0), 6))

    def lever_rows(self, tp: TransferProblem, lever: Lever, variant: Variant | None,
                   row: dict[str, int], model: Any) -> list[tuple[int, float]] | None:
        if variant is None:
            return None
        inp = tp.inputs
        room = room_above_quota(inp.state, inp.in_post.sum(axis=1), float(lever.value))
        names = {d: tp.row_name(f"donor_quota_{tp.cid(d)}") for d, _ in tp.arcs_out}
        return [(row[name], float(room[d])) for d, name in sorted(names.items())
                if name in row]

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        rule = self.settings(state.params)
        if rule.enabled:
            b.max_give = np.minimum(b.max_give,
                                    room_above_quota(state, b.in_post.sum(axis=1), rule.share))

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        return Said(N_("{where} would give {n} more officials than it has above its quota"),
                    where=ctx.names[key], n=round(value))

    def blocks_donor(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        rule = self.settings(ctx.state.params)
        if not rule.enabled:
            return None
        d = int(ctx.state.commune[i])
        total = int(ctx.inputs.in_post[d].sum())
        keep = math.ceil(rule.share * ctx.state.quota[d] - 1e-9)
        if total <= keep:
            return (f"{ctx.names[d]} has no officials above its quota ({total} in post, "
                    f"quota {keep})")
        if ctx.gave[d] >= total - keep:
            return f"{ctx.names[d]} already gives its {total - keep} officials above quota"
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        share = max(self.settings(ctx.state.params).share - 0.05, 0.0)
        return (f"let donors keep only {share:.0%} of their quota",
                "optimizer.constraints.donor_quota.share", round(share, 4))

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        rule = self.settings(ctx.state.params)
        if not rule.enabled:
            return []
        out, total_before = [], ctx.before.sum(axis=1)
        for c in np.flatnonzero(ctx.gave):
            keep = math.ceil(rule.share * int(ctx.state.quota[c]) - 1e-9)
            above = max(int(total_before[c]) - keep, 0)
            if ctx.gave[c] > above:
                over = ctx.given_by(c)[above:]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} gives {ctx.gave[c]} officials but has {above} above its "
                    f"quota ({int(total_before[c])} in post, quota {keep}): "
                    f"{ctx.rows_words(over)} take officials it must keep")))
        return out


FAMILY = DonorQuotaFamily()
