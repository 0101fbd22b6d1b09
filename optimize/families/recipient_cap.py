"""Recipient cap: a commune's headcount after the plan stays within its cap (50 per xã and 70
per phường or đặc khu, or its norm quota)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext, InfeasibleContext
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import Family, P

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class RecipientCap(Family):
    rule: Literal["kind_cap", "quota"] = P(
        "kind_cap", "", "kind_cap: 50 per xã / 70 per phường (staffing caps); quota: the "
        "commune's norm quota")


def define_recipient_cap_constraints(tp: TransferProblem) -> None:
    """in_post_r + sum_{a into r} x_a - sum_{a out of r} x_a <= cap_r (headcount;
    elastic: - slack_r)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.recipient_cap.enabled:
        return
    into: dict[int, list] = {}
    for r, t in tp.arcs_in:
        into.setdefault(r, []).extend(tp.people_in(r, t))
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(tp.neg(tp.people_out(d, s)))
    for r, terms in into.items():
        name = tp.cid(r)
        terms = terms + out.get(r, [])
        if tp.elastic:
            terms.append((tp.add_slack("recipient_cap", r, name), -1.0))
        room = float(inp.cap[r] - inp.in_post[r].sum())
        tp.prob += tp.lin(terms) <= room, f"recipient_cap_{name}"


class RecipientCapFamily(ConstraintFamily):
    name = "recipient_cap"
    params = RecipientCap
    rule_sets = {"wisn": {"rule": "kind_cap"}, "province_practice": {"rule": "quota"}}
    define_constraints = staticmethod(define_recipient_cap_constraints)

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        cap = self.settings(state.params)
        if cap.enabled:
            b.cap = np.minimum(b.cap, _cap(state, cap.rule))

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        return f"{ctx.names[key]} would exceed its headcount cap by {value:.0f}"

    def commune_rule(self, ctx: ExplainContext, r: int) -> str | None:
        room = ctx.inputs.cap[r] - ctx.inputs.in_post[r].sum()
        if self.settings(ctx.state.params).enabled and room <= 0:
            return f"already at its cap of {ctx.inputs.cap[r]:.0f}"
        return None

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        state, cap = ctx.state, self.settings(ctx.state.params)
        if not cap.enabled:
            return []
        s, out = state.params.staffing, []
        total_after = ctx.after.sum(axis=1)
        for c in np.flatnonzero(ctx.received):
            caps = (s.cap_xa, s.cap_phuong, s.cap_dac_khu, 0, 0)  # pool units: none
            limit = (state.quota[c] if cap.rule == "quota"
                     else caps[state.communes.kind[c]])
            if total_after[c] > limit:
                came = ctx.received_by(int(c))
                over = came[max(len(came) - int(total_after[c] - limit), 0):]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} would have {total_after[c]} officials, cap {limit} "
                    f"({'its norm quota' if cap.rule == 'quota' else 'the headcount cap'}): "
                    f"{ctx.rows_words(over)} are beyond it")))
        return out


def _cap(state: ProvinceState, rule: str) -> np.ndarray:
    if rule == "quota":
        return state.quota.astype(float)
    s = state.params.staffing
    # pool units (departments, Party/Front) receive nobody: cap 0
    return np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu, 0.0, 0.0], float)[
        state.communes.kind]


FAMILY = RecipientCapFamily()
