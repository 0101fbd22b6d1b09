"""Recipient cap: a commune's headcount after the plan stays within its cap (50 per xã and 70
per phường or đặc khu, or its norm quota), but for one official into each essential specialty
it has nobody in (a vacant essential post: ``essential_vacancy``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

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


class RecipientCap(Family):
    rule: Literal["kind_cap", "quota"] = P(
        "kind_cap", "", "kind_cap: 50 per xã / 70 per phường (staffing caps); quota: the "
        "commune's norm quota")
    essential_vacancy: bool = P(
        True, "", "one official received into an essential specialty the commune has nobody "
        "in does not count against its cap (assumption: in the transition after the 2025 "
        "mergers many communes hold more officials than their cap, as Điện Biên's 60-80 per "
        "xã; a vacant essential post is filled rather than left empty); false: the cap "
        "counts everyone")


def define_recipient_cap_constraints(tp: TransferProblem) -> None:
    """sum_{a into r} x_a - sum_{a out of r} x_a - sum_{t in F_r} v_rt
    <= max(cap_r - in_post_r, 0) (headcount; elastic: - slack_r), where F_r are r's vacant
    essential posts (``Bounds.cap_free``) and 0 <= v_rt <= 1, v_rt <= sum_{a into (r,t)} x_a:
    the first official into each is outside the cap (v_rt = min(1, inflow) where the cap
    binds; the set stays convex: -min is convex), and a commune already above its cap may
    not grow but by them."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.recipient_cap.enabled:
        return
    into: dict[int, list] = {}
    for r, t in tp.arcs_in:
        into.setdefault(r, []).extend(tp.people_in(r, t))
        if inp.cap_free[r, t]:
            free = tp.add_variable(f"cap_free_{tp.cid(r)}_{t}", 0.0, 1.0)
            tp.prob += tp.lin([(free, 1.0)] + tp.neg(tp.people_in(r, t))) <= 0.0, \
                f"cap_free_{tp.cid(r)}_{t}"
            into[r].append((free, -1.0))
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(tp.neg(tp.people_out(d, s)))
    for r, terms in into.items():
        name = tp.cid(r)
        terms = terms + out.get(r, [])
        if tp.elastic:
            terms.append((tp.add_slack("recipient_cap", r, name), -1.0))
        # (a commune above its cap gets arcs only into its vacant essential posts: it may not
        # grow but by them; ``sets.candidate_arcs`` builds no other arc into it)
        room = max(float(inp.cap[r] - inp.in_post[r].sum()), 0.0)
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
            b.cap_free = vacant_essential(state, b.in_post) if cap.essential_vacancy else None

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        return Said(N_("{where} would exceed its headcount cap by {n}"),
                    where=ctx.names[key], n=round(value))

    def commune_rule(self, ctx: ExplainContext, r: int) -> str | None:
        room = ctx.inputs.cap[r] - ctx.inputs.in_post[r].sum()
        if self.settings(ctx.state.params).enabled and room <= 0:
            if ctx.inputs.cap_free[r].any():
                return (f"already at its cap of {ctx.inputs.cap[r]:.0f}, but for one official "
                        "into each essential specialty it has nobody in")
            return f"already at its cap of {ctx.inputs.cap[r]:.0f}"
        return None

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        state, cap = ctx.state, self.settings(ctx.state.params)
        if not cap.enabled:
            return []
        s, out = state.params.staffing, []
        total_after, total_before = ctx.after.sum(axis=1), ctx.before.sum(axis=1)
        # the first official into a vacant post of an essential specialty the commune needs is
        # outside the cap (counted here from the specialties' table, apart from the rows')
        vacant = np.zeros(ctx.before.shape, bool)
        if cap.essential_vacancy:
            for k, spec in enumerate(state.params.workload.specialties.ordered()):
                if spec.essential:
                    vacant[:, k] = ((ctx.before[:, k] == 0) & (state.required[:, k] > 0)
                                    & state.communes.is_commune)
        free = (vacant & (ctx.after > 0)).sum(axis=1)
        what = "its norm quota" if cap.rule == "quota" else "the headcount cap"
        for c in np.flatnonzero(ctx.received):
            caps = (s.cap_xa, s.cap_phuong, s.cap_dac_khu, 0, 0)  # pool units: none
            limit = (state.quota[c] if cap.rule == "quota"
                     else caps[state.communes.kind[c]])
            came = ctx.received_by(int(c))
            if total_before[c] >= limit:
                # at or above its cap before the plan: it receives no one but the first
                # official into each vacant essential post, whatever it gives (the optimiser
                # builds no other arc into it, ``sets.candidate_arcs``); counting only the
                # net change let a list send someone into a ward 79 over its quota as long as
                # the ward sent someone out (an HR trial)
                first: set[int] = set()
                over = []
                for m in came:
                    if vacant[c, m.spec] and m.spec not in first:
                        first.add(m.spec)
                    else:
                        over.append(m)
                if over:
                    out.append(Violation(over[0].row, self.name, (
                        f"{ctx.where(c)} had {total_before[c]} officials before the plan, at "
                        f"or above its cap of {limit} ({what}): it may receive no one but the "
                        "first official into each essential specialty it has nobody in, so "
                        f"{ctx.rows_words(over)} are beyond it")))
                    continue
            counted = int(total_after[c] - free[c])
            # a commune above its cap before the plan may not grow (but by vacant posts)
            most = max(limit, int(total_before[c]))
            if counted > most:
                over = came[max(len(came) - (counted - most), 0):]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} would have {total_after[c]} officials, cap {limit} "
                    f"({what}): {ctx.rows_words(over)} are beyond it")))
        return out


def vacant_essential(state: ProvinceState, in_post: np.ndarray) -> np.ndarray:
    """Communes x specialties: an essential specialty a commune (not a pool unit) needs and
    has nobody in (``in_post``: officials per commune and specialty before the plan)."""
    essential = state.params.workload.specialties.essential_mask()
    return ((in_post == 0) & (state.required > 0) & essential[None, :]
            & state.communes.is_commune[:, None])


def _cap(state: ProvinceState, rule: str) -> np.ndarray:
    if rule == "quota":
        return state.quota.astype(float)
    s = state.params.staffing
    # pool units (departments, Party/Front) receive nobody: cap 0
    return np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu, 0.0, 0.0], float)[
        state.communes.kind]


FAMILY = RecipientCapFamily()
