"""The transfer MIP, built PyPSA-style: variables, one function per constraint family, objective.

Notation: arcs a = (d, r, s, t) move officials of specialty s from donor d into specialty t of
recipient r (t = s unless cross-specialty moves are on), at productivity p_a; x_a is integer.
For every commune-specialty (c, s) an arc touches:

    after_cs  = in_post_cs - sum_{a out of (c,s)} x_a + sum_{a into (c,s)} p_a x_a      [FTE]
    u_cs     >= required_cs - after_cs,  u_cs >= 0                                      [unmet]
    u_cs     >= f_cs (ceil(g_cs) - y_cs)   where g = required - in_post, f = g - floor(g) and
               y the net inflow (only when y is integer: no cross-specialty arc)    [hull cut]
    z_cs     >= 1 - (in_post_cs - out_cs + in_cs),  0 <= z_cs <= 1    (essential s only)

Untouched pairs keep their unmet need and essential gaps as constants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pulp

from model.specialties import SPECIALTIES
from optimize.inputs import PlanInputs
from scenarios.params import ZONES

# Prices of breaking a rule in the elastic problem, per unit of slack. Relative sizes matter:
# leaving an essential target uncovered is worst; 10 km beyond the distance limit costs as much
# as one official beyond a headcount rule or VND 1 bn beyond the budget.
ELASTIC_PRICE = {
    "cover_essential": 1e5,
    "budget": 1e3,  # per VND bn
    "max_moves": 1e3,
    "max_donor_share": 1e3,
    "recipient_cap": 1e3,
    "donor_floor": 1e3,
    "max_distance": 1e2,  # per km beyond the limit
}


@dataclass
class TransferProblem:
    inputs: PlanInputs
    elastic: bool
    prob: pulp.LpProblem
    x: list[pulp.LpVariable] = field(default_factory=list)
    u: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)
    z: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)
    slack: dict[str, dict] = field(default_factory=dict)  # family -> {key: variable}
    unmet_constant: float = 0.0  # weighted unmet of untouched pairs
    infeasible_by_construction: list[str] = field(default_factory=list)

    # expressions filled in by ``define_objective``
    unmet_expr: pulp.LpAffineExpression | None = None
    cost_bn_expr: pulp.LpAffineExpression | None = None
    moves_expr: pulp.LpAffineExpression | None = None
    km_expr: pulp.LpAffineExpression | None = None
    slack_expr: pulp.LpAffineExpression | None = None


def _sum(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    return pulp.lpSum_vars_coefs(pairs)


def _cid(inputs: PlanInputs, c: int) -> str:
    return inputs.state.communes.ids[c]


def _groups(keys: np.ndarray) -> dict:
    """Arc indices grouped by key (rows of ``keys``)."""
    out: dict = {}
    for a, k in enumerate(map(tuple, keys.tolist()) if keys.ndim > 1 else keys.tolist()):
        out.setdefault(k, []).append(a)
    return out


def _add_slack(tp: TransferProblem, family: str, key: object, name: str) -> pulp.LpVariable:
    var = tp.prob.add_variable_dict(f"slack_{family}_%s", [name], lowBound=0)[name]
    tp.slack.setdefault(family, {})[key] = var
    return var


def define_variables(tp: TransferProblem) -> None:
    """x_a in {0, .., upper_a}: officials moved along each arc."""
    inp = tp.inputs
    names = [f"{a}" for a in range(inp.n_arcs)]
    xs = tp.prob.add_variable_dict("x_%s", names, lowBound=0, cat="Integer")
    tp.x = [xs[n] for n in names]
    for var, ub in zip(tp.x, inp.arc_upper.tolist(), strict=True):
        var.upBound = float(ub)


def define_unmet_accounting(tp: TransferProblem) -> None:
    """u_cs >= required_cs - after_cs and z_cs >= 1 - people_cs on every touched pair."""
    inp = tp.inputs
    req = inp.state.required
    touched: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
    for a in range(inp.n_arcs):
        d, r = int(inp.arc_from[a]), int(inp.arc_to[a])
        s, t = int(inp.arc_spec_from[a]), int(inp.arc_spec_to[a])
        touched.setdefault((d, s), []).append((a, -1.0, -1.0))
        touched.setdefault((r, t), []).append((a, float(inp.arc_productivity[a]), 1.0))
    keys = list(touched)
    names = [f"{_cid(inp, c)}_{SPECIALTIES[s]}" for c, s in keys]
    us = tp.prob.add_variable_dict("u_%s", names, lowBound=0)
    base_unmet = np.maximum(req - inp.in_post, 0.0)
    weighted = (base_unmet * inp.zone_weight[:, None]).sum()
    gaps = (inp.in_post == 0) & inp.essential[None, :]
    w_ess = inp.state.params.optimizer.objective.essential_gap_weight
    const_gaps = gaps.sum()
    for (c, s), name in zip(keys, names, strict=True):
        terms = touched[(c, s)]
        u = us[name]
        tp.u[(c, s)] = u
        weighted -= base_unmet[c, s] * inp.zone_weight[c]
        # u + sum(p x_in) - sum(x_out) >= required - in_post
        gap = float(req[c, s] - inp.in_post[c, s])
        tp.prob += (_sum([(u, 1.0)] + [(tp.x[a], coef) for a, coef, _ in terms])
                    >= gap), f"unmet_{name}"
        frac = gap - np.floor(gap)
        if frac > 1e-9 and all(coef in (1.0, -1.0) for _, coef, _ in terms):
            # Convex-hull cut: with integer net inflow y, u = max(0, gap - y) interpolates
            # linearly between floor(gap) and ceil(gap), so u >= frac (ceil(gap) - y).
            tp.prob += (_sum([(u, 1.0)] + [(tp.x[a], frac * coef) for a, coef, _ in terms])
                        >= frac * float(np.ceil(gap))), f"unmet_hull_{name}"
        if inp.essential[s]:
            z = tp.prob.add_variable_dict("z_%s", [name], lowBound=0, upBound=1)[name]
            tp.z[(c, s)] = z
            const_gaps -= int(gaps[c, s])
            # z + sum(x_in) - sum(x_out) >= 1 - in_post   (people, not FTE)
            tp.prob += (_sum([(z, 1.0)] + [(tp.x[a], people) for a, _, people in terms])
                        >= float(1 - inp.in_post[c, s])), f"gap_{name}"
    tp.unmet_constant = float(weighted + w_ess * const_gaps)


def define_protection_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= movable_ds: protected officials, leaders and those near
    retirement never move (never relaxed, not even in the elastic problem)."""
    inp = tp.inputs
    for (d, s), arcs in _groups(np.stack([inp.arc_from, inp.arc_spec_from], 1)).items():
        tp.prob += (_sum([(tp.x[a], 1.0) for a in arcs]) <= float(inp.movable[d, s]),
                    f"protection_{_cid(inp, d)}_{SPECIALTIES[s]}")


def define_donor_floor_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= in_post_ds - ceil(share x required_ds) (and a donor keeps
    its last official of an essential specialty)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.donor_floor.enabled:
        return
    for (d, s), arcs in _groups(np.stack([inp.arc_from, inp.arc_spec_from], 1)).items():
        name = f"{_cid(inp, d)}_{SPECIALTIES[s]}"
        terms = [(tp.x[a], 1.0) for a in arcs]
        if tp.elastic:
            terms.append((_add_slack(tp, "donor_floor", (d, s), name), -1.0))
        tp.prob += _sum(terms) <= float(inp.max_out[d, s]), f"donor_floor_{name}"


def define_recipient_cap_constraints(tp: TransferProblem) -> None:
    """in_post_r + sum_{a into r} x_a - sum_{a out of r} x_a <= cap_r (headcount)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.recipient_cap.enabled:
        return
    outs = _groups(inp.arc_from)
    for r, arcs in _groups(inp.arc_to).items():
        name = _cid(inp, r)
        terms = [(tp.x[a], 1.0) for a in arcs] + [(tp.x[a], -1.0) for a in outs.get(r, [])]
        if tp.elastic:
            terms.append((_add_slack(tp, "recipient_cap", r, name), -1.0))
        room = float(inp.cap[r] - inp.in_post[r].sum())
        tp.prob += _sum(terms) <= room, f"recipient_cap_{name}"


def define_max_donor_share_constraints(tp: TransferProblem) -> None:
    """sum_{a out of d} x_a <= floor(share x in_post_d)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.max_donor_share.enabled:
        return
    for d, arcs in _groups(inp.arc_from).items():
        name = _cid(inp, d)
        terms = [(tp.x[a], 1.0) for a in arcs]
        if tp.elastic:
            terms.append((_add_slack(tp, "max_donor_share", d, name), -1.0))
        tp.prob += _sum(terms) <= float(inp.share_cap[d]), f"max_donor_share_{name}"


def define_budget_constraints(tp: TransferProblem) -> None:
    """sum_a allowance_a x_a <= budget  (in VND bn, over the support period)."""
    inp = tp.inputs
    budget = inp.state.params.optimizer.constraints.budget
    if not budget.enabled or inp.n_arcs == 0:
        return
    terms = [(x, c / 1e9) for x, c in zip(tp.x, inp.arc_allowance_total.tolist(), strict=True)
             if c > 0]
    if tp.elastic:
        terms.append((_add_slack(tp, "budget", "province", "province"), -1.0))
    if terms:
        tp.prob += _sum(terms) <= budget.vnd / 1e9, "budget"


def define_max_moves_constraints(tp: TransferProblem) -> None:
    """sum_a x_a <= max moves."""
    inp = tp.inputs
    mm = inp.state.params.optimizer.constraints.max_moves
    if not mm.enabled or inp.n_arcs == 0:
        return
    terms = [(x, 1.0) for x in tp.x]
    if tp.elastic:
        terms.append((_add_slack(tp, "max_moves", "province", "province"), -1.0))
    tp.prob += _sum(terms) <= float(mm.moves), "max_moves"


def define_max_distance_constraints(tp: TransferProblem) -> None:
    """Strict: arcs longer than the limit do not exist (``build_inputs``). Elastic: they exist
    and each official moved along one costs its km beyond the limit."""
    inp = tp.inputs
    if not tp.elastic or not inp.state.params.optimizer.constraints.max_distance.enabled:
        return
    over = [(tp.x[a], float(inp.arc_over_km[a])) for a in np.flatnonzero(inp.arc_over_km > 0)]
    if over:
        var = _add_slack(tp, "max_distance", "province", "province")
        tp.prob += _sum(over + [(var, -1.0)]) <= 0.0, "max_distance_excess"


def define_cover_essential_constraints(tp: TransferProblem) -> None:
    """Hard target: in_post_rs + sum_{a into (r,s)} x_a - sum_{a out of (r,s)} x_a >= 1 for
    every commune r of the listed zones and every essential specialty s."""
    inp = tp.inputs
    cover = inp.state.params.optimizer.constraints.cover_essential
    if not cover.enabled:
        return
    zones = [ZONES.index(z) for z in cover.zones]
    into = _groups(np.stack([inp.arc_to, inp.arc_spec_to], 1)) if inp.n_arcs else {}
    out = _groups(np.stack([inp.arc_from, inp.arc_spec_from], 1)) if inp.n_arcs else {}
    targets = np.argwhere(inp.essential[None, :]
                          & np.isin(inp.state.communes.zone, zones)[:, None])
    for r, s in targets.tolist():
        have = float(inp.in_post[r, s])
        if have >= 1 and (r, s) not in out:
            continue  # staffed and nobody can leave
        name = f"{_cid(inp, r)}_{SPECIALTIES[s]}"
        terms = ([(tp.x[a], 1.0) for a in into.get((r, s), [])]
                 + [(tp.x[a], -1.0) for a in out.get((r, s), [])])
        if tp.elastic:
            terms.append((_add_slack(tp, "cover_essential", (r, s), name), 1.0))
        elif not any(c > 0 for _, c in terms) and have < 1:
            tp.infeasible_by_construction.append(name)
            continue
        tp.prob += _sum(terms) >= 1.0 - have, f"cover_essential_{name}"


def define_objective(tp: TransferProblem) -> None:
    """Objective terms: weighted unmet need (+ essential gaps), cost (VND bn), moves, km."""
    inp = tp.inputs
    w_ess = inp.state.params.optimizer.objective.essential_gap_weight
    tp.unmet_expr = _sum([(u, float(inp.zone_weight[c])) for (c, _), u in tp.u.items()]
                         + [(z, w_ess) for z in tp.z.values()])
    tp.cost_bn_expr = _sum([(x, c / 1e9) for x, c in
                            zip(tp.x, inp.arc_allowance_total.tolist(), strict=True)])
    tp.moves_expr = _sum([(x, 1.0) for x in tp.x])
    tp.km_expr = _sum([(x, k) for x, k in zip(tp.x, inp.arc_km.tolist(), strict=True)])
    tp.slack_expr = _sum([(v, ELASTIC_PRICE[fam]) for fam, d in tp.slack.items()
                          for v in d.values()])


CONSTRAINT_FAMILIES = (
    define_protection_constraints,
    define_donor_floor_constraints,
    define_recipient_cap_constraints,
    define_max_donor_share_constraints,
    define_budget_constraints,
    define_max_moves_constraints,
    define_max_distance_constraints,
    define_cover_essential_constraints,
)


def build_problem(inputs: PlanInputs, elastic: bool = False) -> TransferProblem:
    """The recipe: variables, accounting, each constraint family, objective terms."""
    tp = TransferProblem(inputs=inputs, elastic=elastic,
                         prob=pulp.LpProblem("transfers", pulp.LpMinimize))
    define_variables(tp)
    define_unmet_accounting(tp)
    for family in CONSTRAINT_FAMILIES:
        family(tp)
    define_objective(tp)
    return tp
