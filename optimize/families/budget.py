"""Allowance budget: the support allowances of all moves, over the support period, stay
within the budget."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from staffsim.i18n import N_, Said
from staffsim.model.allowance import move_allowance
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    ExplainContext,
    InfeasibleContext,
    Limit,
    with_target,
)
from staffsim.optimize.inputs import PlanInputs, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import ZONES, Family, P, Params

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class Budget(Family):
    vnd: float = P(45e9, "VND", "allowance budget over the transfers' terms (Thanh Hóa draft: "
                   "over VND 45 bn for about 360 officials)", ge=0, le=1e14)
    scale: Literal["none", "mountain_communes"] = P(
        "none", "", "none: vnd is the province's budget; mountain_communes: vnd x the "
        "province's mountain and high-mountain communes / reference_communes (a rule for "
        "provinces with no budget of their own: Thanh Hóa's VND 45 bn for its 77)")
    reference_communes: float = P(
        77, "communes", "mountain and high-mountain communes vnd is for (Thanh Hóa: 47 + 30)",
        gt=0, le=10_000)


def budget_vnd(state: ProvinceState) -> float:
    """The province's budget under the scale rule."""
    return state.params.optimizer.constraints.budget.vnd * scale_factor(state)


def scale_factor(state: ProvinceState) -> float:
    """The budget in force per VND of the figure set (``vnd``): 1 without a scale rule, else
    the province's mountain and high-mountain communes / ``reference_communes`` (57 / 77 for
    Lạng Sơn); 0 for a province with none."""
    b = state.params.optimizer.constraints.budget
    if b.scale == "none":
        return 1.0
    return mountain_communes(state) / b.reference_communes


def mountain_communes(state: ProvinceState) -> int:
    """The province's mountain and high-mountain communes (not pool units): what the
    budget's ``mountain_communes`` scale counts."""
    return int(((state.communes.zone > 0) & state.communes.is_commune).sum())


def _per_bn(state: ProvinceState) -> float:
    """Budget VND per VND of the ``vnd`` parameter."""
    b = state.params.optimizer.constraints.budget
    return budget_vnd(state) / b.vnd if b.vnd > 0 else 1.0


def define_budget_constraints(tp: TransferProblem) -> None:
    """sum_a allowance_a x_a <= budget  (in VND bn, over the support period; elastic:
    - slack). With pair flows, sum_c c N_c instead: N_c = sum of the y_rtk whose allowance
    is c (each recipient pair's inflow at one cost class, ``formulation.define_variables``),
    an integer count per distinct positive allowance (a free class, c = 0, counts in none)."""
    inp = tp.inputs
    budget = inp.state.params.optimizer.constraints.budget
    if not budget.enabled or inp.n_arcs == 0:
        return
    terms = [(v, c) for v, c in tp.cost_terms() if c > 0]
    if tp.elastic:
        terms.append((tp.add_slack("budget", "province", "province"), -1.0))
    if not terms:
        return
    if tp.aggregated:
        # Moves per allowance class (a recipient zone): integer counts N_c. Given them, the
        # rest is a network flow with integer capacities, so branching on a handful of N_c
        # replaces a knapsack over hundreds of pair flows.
        # allowance (VND bn, to 1 VND) -> its pair flows' indices and exact allowances (VND)
        classes: dict[float, list[tuple[int, float]]] = {}
        for i, arcs in enumerate(tp.y_arcs.values()):
            vnd = float(inp.arc_allowance_total[arcs[0]])  # (every arc of the flow's)
            if vnd > 0:
                classes.setdefault(round(vnd / 1e9, 9), []).append((i, vnd))
        ys = list(tp.y.values())
        counts = []
        for k, (c, members) in enumerate(sorted(classes.items())):
            # at most the movable officials of the donors with an arc into the class (the
            # protection rows; every lever's arcs are here too): bounds the budget's hull
            # cuts (``branch.hull_cuts``) whatever the costs' unit. The class's arcs are
            # those at one of its flows' exact allowances (a flow's arcs all cost its own).
            into = np.isin(inp.arc_allowance_total, list({vnd for _, vnd in members}))
            donor = np.zeros(inp.movable.shape, bool)
            donor[inp.arc_from[into], inp.arc_spec_from[into]] = True
            most = float(inp.movable[donor].sum())
            n = tp.add_variable(f"moves_class_{k}", 0.0, most, integer=True)
            tp.prob += tp.lin([(ys[i], 1.0) for i, _ in members] + [(n, -1.0)]) == 0.0, \
                f"class_{k}"
            counts.append((n, c))
            tp.branch_first.append(n)
        if not tp.elastic:  # a slack would let the row exceed the budget
            tp.knapsack_rows.append("budget")
        terms = counts + [t for t in terms if not t[0].name.startswith("y_")]
    tp.prob += tp.lin(terms) <= budget_vnd(inp.state) / 1e9, "budget"


class BudgetFamily(ConstraintFamily):
    name = "budget"
    params = Budget
    aliases = {"optimizer.budget_vnd": "vnd"}
    define_constraints = staticmethod(define_budget_constraints)

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        vnd = budget_vnd(ctx.state)
        return with_target(
            N_("allowance budget short by VND {short} bn (limit VND {limit} bn)"),
            N_("allowance budget short by VND {short} bn {target} (limit VND {limit} bn)"),
            ctx.target, short=round(float(value), 2), limit=round(vnd / 1e9, 2))

    def blocks_plan(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        budget = self.settings(ctx.state.params)
        if not budget.enabled:
            return None
        left = budget_vnd(ctx.state) - ctx.outcome["allowance_vnd"]
        _, _, total = move_allowance(ctx.state, [Move(i, r, int(ctx.state.specialty[i]))])
        if left < float(total[0]):
            # whole đồng, as the plan's allowances are counted: the remainder is often a few
            # million of a VND 45 bn budget, which a rounding to VND bn would hide
            return (f"budget left VND {max(round(left), 0):,} is less than this move's "
                    f"allowance (VND {round(float(total[0])):,})")
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        budget = self.settings(ctx.state.params)
        if budget.scale == "none":
            return ("add VND 2 bn to the budget", "optimizer.constraints.budget.vnd",
                    budget.vnd + 2e9)
        factor = scale_factor(ctx.state)
        if factor <= 0:  # no mountain commune: no figure set gives the province a budget
            return None
        # VND 2 bn more in force: the figure to set is the budget in force needed / the scale
        # (Lạng Sơn, 57 of 77 communes, at 3 bn set: (2.22 + 2) x 77 / 57 = 5.70 bn, not the
        # 5 bn that gave it 1.48 bn more), up to VND 10 m, a figure said to two decimals of
        # a bn (and never below the budget in force needed)
        needed = (budget_vnd(ctx.state) + 2e9) / factor
        return ("add VND 2 bn to the budget in force", "optimizer.constraints.budget.vnd",
                float(math.ceil(needed / 1e7 - 1e-9) * 1e7))

    def no_plan_tips(self, params: Params, state: ProvinceState | None = None) -> list[str]:
        budget = self.settings(params)
        if not budget.enabled:
            return []
        if state is None or budget.scale == "none":
            return [Said(N_("raise the budget (optimizer.budget_vnd, now {vnd})"),
                         vnd=float(budget.vnd))]
        # the figure set and, scaled for the province, the budget the plan has (a raise is
        # typed as the figure set: 57 / 77 of it reaches Lạng Sơn)
        mountain = mountain_communes(state)
        return [Said(N_("raise the budget (optimizer.budget_vnd, now {vnd} set for {reference} "
                        "mountain and high-mountain communes; the province has {communes}, "
                        "so {in_force_vnd} in force)"), vnd=float(budget.vnd),
                     reference=float(budget.reference_communes), communes=mountain,
                     in_force_vnd=budget_vnd(state))]

    def lever(self, params: Params) -> Lever | None:
        budget = self.settings(params)
        if not budget.enabled:
            return None
        return Lever("budget_plus_1bn", "one more VND 1 bn of allowance budget",
                     "optimizer.constraints.budget.vnd", budget.vnd + 1e9)

    def lever_rows(self, tp: TransferProblem, lever: Lever, variant: Variant | None,
                   row: dict[str, int], model: Any) -> list[tuple[int, float]] | None:
        if "budget" not in row:  # no move costs anything: the budget cannot bind
            return []
        i = row["budget"]
        # the row is in VND bn; the lever adds VND 1 bn to vnd, scaled by the budget rule
        return [(i, model.lp_.row_upper_[i] + _per_bn(tp.inputs.state))]

    def greedy_limits(self, inputs: PlanInputs) -> list[Limit]:
        budget = self.settings(inputs.state.params)
        if not budget.enabled:
            return []
        return [Limit(np.zeros(inputs.n_arcs, np.int64), inputs.arc_allowance_total,
                      np.array([budget_vnd(inputs.state)]))]

    def use_up(self, params: Params, state: ProvinceState, forced: list[Move]) -> None:
        _, _, total = move_allowance(state, forced)
        spent = float(total.sum())
        budget = self.settings(params)
        budget.vnd = max(budget.vnd - spent / _per_bn(state), 0.0)

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        budget = self.settings(ctx.state.params)
        limit = budget.vnd
        if budget.scale == "mountain_communes":  # recounted here, not by budget_vnd
            c = ctx.state.communes
            limit = budget.vnd * sum(1 for z, pool in zip(c.zone, c.pool, strict=True)
                                     if z > 0 and not pool) / budget.reference_communes
        cost, over = 0.0, []
        for m in ctx.moved:
            cost += _allowance(ctx.state, m.frm, m.to, m.km)
            if cost > limit + 1e-3:
                over.append(m)
        if budget.enabled and over:
            return [Violation(over[0].row, self.name, (
                f"allowances VND {cost / 1e9:.2f} bn exceed the budget of VND "
                f"{limit / 1e9:.2f} bn from {ctx.rows_words(over)} on"))]
        return []


def _allowance(state: ProvinceState, frm: int, to: int, km: float) -> float:
    """One move's allowance over its term, each part for its own months, recomputed from the
    parameters (the check shares no code with the optimiser's ``model.allowance``); none for
    officials of a pool unit that is not eligible."""
    if not state.communes.allowance_eligible[frm]:
        return 0.0
    a, t = state.params.optimizer.allowance, state.params.transfers
    prov = state.params.province
    month = state.calendar_month - (prov.start_year * 12 + prov.start_month - 1)
    if t.term_from == "start":  # to the window's end (its first month + term), no longer
        window = (t.window_start_year * 12 + t.window_start_month
                  - prov.start_year * 12 - prov.start_month)
        term = max(min(window + t.term_months - month, t.term_months), 0)
    else:
        term = t.term_months
    # the support level of the recipient (the communes table's allowance_zone, else its zone)
    paid_zone = int(state.communes.allowance_zone[to])
    multiple = a.base_salary_vnd * a.zone_multiple.as_list()[paid_zone]
    band = 0.0
    for lower, amount in zip(a.distance_bands_km, a.distance_band_vnd, strict=True):
        if km >= lower:  # bands are increasing: the last one reached applies
            band = amount
    zone = ZONES[paid_zone]
    far = (a.distance_threshold_vnd
           if a.distance_threshold_vnd > 0 and km >= getattr(a.distance_threshold_km, zone)
           else 0.0)
    return (multiple * min(a.months, term) + band * min(a.distance_band_months, term)
            + far * min(a.distance_threshold_months, term))


FAMILY = BudgetFamily()
