"""Allowance budget: the support allowances of all moves, over the support period, stay
within the budget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.model.allowance import move_costs
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.families.base import (
    ConstraintFamily,
    ExplainContext,
    InfeasibleContext,
    Limit,
)
from staffsim.optimize.inputs import PlanInputs, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.params import ZONES, Family, P, Params

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


class Budget(Family):
    vnd: float = P(45e9, "VND", "allowance budget over the support period (Thanh Hóa draft: "
                   "over VND 45 bn for about 360 officials)", ge=0, le=1e14)


def define_budget_constraints(tp: TransferProblem) -> None:
    """sum_a allowance_a x_a <= budget  (in VND bn, over the support period; elastic:
    - slack). With pair flows, sum_k c_k N_k instead, N_k the integer moves into allowance
    class k."""
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
        # Moves per allowance class (a recipient zone): integer counts N_k. Given them, the
        # rest is a network flow with integer capacities, so branching on a handful of N_k
        # replaces a knapsack over hundreds of pair flows.
        classes: dict[float, list] = {}
        for v, c in terms:
            if v.name.startswith("y_"):
                classes.setdefault(round(c, 9), []).append(v)
        counts = []
        for k, (c, ys) in enumerate(sorted(classes.items())):
            n = tp.prob.add_variable_dict("moves_class_%s", [str(k)], lowBound=0,
                                          cat="Integer")[str(k)]
            tp.prob += tp.lin([(y, 1.0) for y in ys] + [(n, -1.0)]) == 0.0, f"class_{k}"
            counts.append((n, c))
            tp.branch_first.append(n)
        if not tp.elastic:  # a slack would let the row exceed the budget
            tp.knapsack_rows.append("budget")
        terms = counts + [t for t in terms if not t[0].name.startswith("y_")]
    tp.prob += tp.lin(terms) <= budget.vnd / 1e9, "budget"


class BudgetFamily(ConstraintFamily):
    name = "budget"
    params = Budget
    aliases = {"optimizer.budget_vnd": "vnd"}
    define_constraints = staticmethod(define_budget_constraints)

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        vnd = self.settings(ctx.state.params).vnd
        return (f"allowance budget short by VND {value:.2f} bn{ctx.target} "
                f"(limit VND {vnd / 1e9:.2f} bn)")

    def blocks_plan(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        budget = self.settings(ctx.state.params)
        if not budget.enabled:
            return None
        left = budget.vnd - ctx.outcome["allowance_vnd"]
        _, monthly = move_costs(ctx.state, [Move(i, r, int(ctx.state.specialty[i]))])
        if left < float(monthly[0]) * ctx.state.params.optimizer.allowance.months:
            return (f"budget left VND {max(left, 0) / 1e9:.2f} bn is less than this move's "
                    "allowance")
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        return ("add VND 2 bn to the budget", "optimizer.constraints.budget.vnd",
                self.settings(ctx.state.params).vnd + 2e9)

    def no_plan_tips(self, params: Params) -> list[str]:
        vnd = self.settings(params).vnd
        return [f"raise the budget (optimizer.budget_vnd, now {vnd / 1e9:g} bn)"]

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
        return [(i, model.lp_.row_upper_[i] + 1.0)]  # the row is in VND bn

    def greedy_limits(self, inputs: PlanInputs) -> list[Limit]:
        budget = self.settings(inputs.state.params)
        if not budget.enabled:
            return []
        return [Limit(np.zeros(inputs.n_arcs, np.int64), inputs.arc_allowance_total,
                      np.array([budget.vnd]))]

    def use_up(self, params: Params, state: ProvinceState, forced: list[Move]) -> None:
        _, monthly = move_costs(state, forced)
        spent = float(monthly.sum()) * state.params.optimizer.allowance.months
        budget = self.settings(params)
        budget.vnd = max(budget.vnd - spent, 0.0)

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        budget = self.settings(ctx.state.params)
        cost = 0.0
        for m in ctx.moved:
            cost += _allowance(ctx.state, m.to, m.km)
        if budget.enabled and cost > budget.vnd + 1e-3:
            return [Violation(0, self.name, f"allowances VND {cost / 1e9:.2f} bn exceed "
                              f"VND {budget.vnd / 1e9:.2f} bn")]
        return []


def _allowance(state: ProvinceState, to: int, km: float) -> float:
    """One move's allowance over the support period, recomputed from the parameters (the
    check shares no code with the optimiser's ``model.allowance``)."""
    a = state.params.optimizer.allowance
    monthly = a.base_salary_vnd * a.zone_multiple.as_list()[int(state.communes.zone[to])]
    band = 0.0
    for lower, amount in zip(a.distance_bands_km, a.distance_band_vnd, strict=True):
        if km >= lower:  # bands are increasing: the last one reached applies
            band = amount
    zone = ZONES[state.communes.zone[to]]
    if a.distance_threshold_vnd > 0 and km >= getattr(a.distance_threshold_km, zone):
        band += a.distance_threshold_vnd
    return (monthly + band) * a.months


FAMILY = BudgetFamily()
