"""Donor floor: a donor keeps a share of its requirement per specialty and in total, and never
gives its last official of an essential specialty.

In total: a commune gives only the officials it has above that share of its whole WISN
requirement (counted before anything it receives), so a commune short overall gives none. A
planner's trial on Lạng Sơn found, under the per-specialty floor alone, short mountain
communes sending an official they had beyond one specialty's requirement 75 km away at an
allowance while receiving others: on the national plan 227 of 4,849 moves came from 163
communes short overall, 110 of which also received (measured before this rule). Leadership
would not sign such a list; the province's own practice (``donor_quota``) likewise takes only
from units above their quota."""

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
    in_total: bool = P(True, "", "a commune also keeps this share of its whole WISN "
                       "requirement: it gives only officials above it (one short overall "
                       "gives none)")


def total_room(state: ProvinceState, in_post: np.ndarray, share: float) -> np.ndarray:
    """Most officials each unit may still give in all under the total floor: its staff
    before any manual move less ceil(share x its total requirement), less the officials
    manual moves already took from it, none below 0 (``in_post``: staff in ``state``, after
    them; manual moves count first, as for the donor share and quota, and officials moved in
    by hand do not make a short commune a donor); a pool unit (no requirement of its own)
    is not limited (inf)."""
    given, received = state.hand_moves()
    before = in_post.sum(axis=1) + given - received
    keep = np.ceil(share * state.required.sum(axis=1) - 1e-9)
    room = np.maximum(before - keep - given, 0).astype(float)
    return np.where(state.communes.is_commune, room, np.inf)


def _total_on(params: Params) -> bool:
    floor = params.optimizer.constraints.donor_floor
    return bool(floor.enabled and floor.in_total and floor.share > 0)


def define_donor_floor_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= max_out_ds, where max_out_ds = in_post_ds -
    ceil(share x required_ds), at least 1 kept of an essential specialty the donor has, and
    no more than the movable officials (elastic: - slack_ds); and, in total (``in_total``),
    for a commune d

        sum_{a out of d} x_a <= max(in_post_d - ceil(share x sum_s required_ds), 0)

    written where it is tighter than the sum of d's specialty rows (elastic: - slack_d)."""
    inp = tp.inputs
    params = inp.state.params
    if not params.optimizer.constraints.donor_floor.enabled:
        return
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        name = f"{tp.cid(d)}_{SPECIALTIES[s]}"
        terms = tp.people_out(d, s)
        out.setdefault(d, []).extend(terms)
        if tp.elastic:
            terms = terms + [(tp.add_slack("donor_floor", (d, s), name), -1.0)]
        tp.prob += tp.lin(terms) <= float(inp.max_out[d, s]), f"donor_floor_{name}"
    if not _total_on(params):
        return
    room = total_room(inp.state, inp.in_post,
                      params.optimizer.constraints.donor_floor.share)
    for d, terms in out.items():
        if not np.isfinite(room[d]) or (room[d] >= inp.max_out[d].sum()
                                        and not (tp.elastic or inp.variants)):
            continue  # a pool unit, or the specialty rows already hold it (a superset
            # problem keeps every row: a lever's lower floor moves them, ``lever_rows``)
        name = tp.cid(d)
        if tp.elastic:
            terms = terms + [(tp.add_slack("donor_floor", (d, None), name), -1.0)]
        tp.prob += tp.lin(terms) <= float(room[d]), f"donor_floor_total_{name}"


class DonorFloorFamily(ConstraintFamily):
    name = "donor_floor"
    params = DonorFloor
    aliases = {"optimizer.donor_floor": "share"}
    # province practice counts surplus in headcount (donor_quota); only the essential rule stays
    rule_sets = {"wisn": {"enabled": True, "share": 1.0, "in_total": True},
                 "province_practice": {"enabled": True, "share": 0.0, "in_total": False}}
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
        if _total_on(state.params):
            b.max_give = np.minimum(b.max_give, total_room(state, b.in_post, floor.share))

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        c, s = key
        share = self.settings(ctx.state.params).share
        if s is None:
            return Said(N_("{where} would give {n} more officials than it has above {share_pct}% "
                           "of its total requirement"), where=ctx.names[c], n=round(value),
                        share_pct=round(100 * share, 1))
        essential = ctx.state.params.workload.specialties.essential_mask()[s]
        keep = math.ceil(share * float(ctx.state.required[c, s]) - 1e-9)
        if essential and keep <= 1 and round(value) == 1:
            # the floor is the one official an essential specialty keeps (the province's
            # practice sets the share to 0): "fewer than its floor (0% of requirement)" was
            # what a planner read
            return Said(N_("{where} would have to give its last {specialty} official, whom "
                           "a unit keeps in an essential specialty"), where=ctx.names[c],
                        specialty=term(s))
        return Said(N_("{where} would keep {n} {specialty} official(s) fewer than its floor "
                       "({share_pct}% of requirement)"), where=ctx.names[c], n=round(value),
                    specialty=term(s), share_pct=round(100 * share, 1))

    def blocks_donor(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        inp, d = ctx.inputs, int(ctx.state.commune[i])
        if _total_on(ctx.state.params):
            share = self.settings(ctx.state.params).share
            room = total_room(ctx.state, inp.in_post, share)[d]
            if room <= 0:
                given, received = ctx.state.hand_moves()
                staff = int(inp.in_post[d].sum() + given[d] - received[d])  # before any
                need = float(ctx.state.required[d].sum())  # manual move, as the room
                if staff < share * need - 1e-9:
                    return (f"{ctx.names[d]} is short overall: {staff} officials for a "
                            f"requirement of {need:.1f}")
                return (f"{ctx.names[d]} has none above its total requirement: {staff} "
                        f"officials, of whom it keeps {math.ceil(share * need - 1e-9)}")
            if ctx.gave[d] >= room:
                return (f"{ctx.names[d]} already gives its {room:.0f} officials above its "
                        "total requirement")
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
        inp = tp.inputs
        rows = []
        for d, s in set(zip(inp.arc_from.tolist(), inp.arc_spec_from.tolist(), strict=True)):
            key = tp.row_name(f"donor_floor_{tp.cid(d)}_{SPECIALTIES[s]}")
            if key in row:
                rows.append((row[key], float(variant.bounds.max_out[d, s])))
        if _total_on(inp.state.params):
            room = total_room(inp.state, inp.in_post, float(lever.value))
            for d in set(inp.arc_from.tolist()):
                key = tp.row_name(f"donor_floor_total_{tp.cid(d)}")
                if key in row:
                    rows.append((row[key], float(min(room[d], 1e9))))
        return sorted(rows)

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        floor = self.settings(ctx.state.params)
        if not floor.enabled:
            return []
        out, after = [], ctx.after
        if floor.in_total and floor.share > 0:
            out += self._check_total(ctx, floor.share)
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

    def _check_total(self, ctx: CheckContext, share: float) -> list[Violation]:
        """A commune gives no more than its officials above share x its total requirement
        (counted from the roster, before anything it receives)."""
        out, total_before = [], ctx.before.sum(axis=1)
        for c in np.flatnonzero(ctx.gave):
            if ctx.state.communes.pool[c]:
                continue
            need = float(ctx.state.required[c].sum())
            keep = math.ceil(share * need - 1e-9)
            above = max(int(total_before[c]) - keep, 0)
            if ctx.gave[c] > above:
                over = ctx.given_by(int(c))[above:]
                out.append(Violation(over[0].row, self.name, (
                    f"{ctx.where(c)} gives {ctx.gave[c]} officials but has {above} above "
                    f"{share:.0%} of its total requirement ({int(total_before[c])} in post, "
                    f"requirement {need:.2f}): {ctx.rows_words(over)} take officials it must "
                    "keep")))
        return out


FAMILY = DonorFloorFamily()
