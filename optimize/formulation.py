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

from staffsim.optimize.sets import PlanInputs
from staffsim.scenarios.params import zone_mask
from staffsim.scenarios.specialties import SPECIALTIES

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
    aggregated: bool = False  # integer pair flows y, w; arc flows x continuous
    x: list[pulp.LpVariable] = field(default_factory=list)
    y: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)  # into (r, t)
    w: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)  # out of (d, s)
    u: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)
    z: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)
    slack: dict[str, dict] = field(default_factory=dict)  # family -> {key: variable}
    unmet_constant: float = 0.0  # weighted unmet of untouched pairs
    infeasible_by_construction: list[str] = field(default_factory=list)
    arcs_in: dict = field(default_factory=dict)  # (r, t) -> arc indices
    arcs_out: dict = field(default_factory=dict)  # (d, s) -> arc indices

    # expressions filled in by ``define_objective``
    unmet_expr: pulp.LpAffineExpression | None = None
    cost_bn_expr: pulp.LpAffineExpression | None = None
    moves_expr: pulp.LpAffineExpression | None = None
    km_expr: pulp.LpAffineExpression | None = None
    slack_expr: pulp.LpAffineExpression | None = None

    def people_in(self, r: int, t: int) -> list[tuple[pulp.LpVariable, float]]:
        if self.aggregated:
            return [(self.y[(r, t)], 1.0)] if (r, t) in self.y else []
        return [(self.x[a], 1.0) for a in self.arcs_in.get((r, t), [])]

    def fte_in(self, r: int, t: int) -> list[tuple[pulp.LpVariable, float]]:
        if self.aggregated:
            return self.people_in(r, t)
        p = self.inputs.arc_productivity
        return [(self.x[a], float(p[a])) for a in self.arcs_in.get((r, t), [])]

    def people_out(self, d: int, s: int) -> list[tuple[pulp.LpVariable, float]]:
        if self.aggregated:
            return [(self.w[(d, s)], 1.0)] if (d, s) in self.w else []
        return [(self.x[a], 1.0) for a in self.arcs_out.get((d, s), [])]


def _sum(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    return pulp.lpSum_vars_coefs(pairs)


def _neg(pairs: list[tuple[pulp.LpVariable, float]]) -> list[tuple[pulp.LpVariable, float]]:
    return [(v, -c) for v, c in pairs]


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


def can_aggregate(inputs: PlanInputs) -> bool:
    """Pair flows suffice when every arc keeps its specialty at full productivity and an
    arc's allowance depends on its recipient only (no distance bands or thresholds)."""
    a = inputs.state.params.optimizer.allowance
    return (inputs.n_arcs > 0 and bool(np.all(inputs.arc_spec_from == inputs.arc_spec_to))
            and not a.distance_bands_km and a.distance_threshold_vnd == 0)


def define_variables(tp: TransferProblem) -> None:
    """x_a in [0, upper_a]: officials moved along each arc; integer, unless pair flows are
    used (aggregated): then y_rt = sum_{a into (r,t)} x_a and w_ds = sum_{a out of (d,s)} x_a
    are integer and x continuous. The arcs between donor-specialty and recipient-specialty
    nodes form a network with integer capacities, so integer y and w always admit integer x
    (``solve.integral_arc_flows`` recovers one); branching on pairs instead of arcs removes the
    symmetry between interchangeable donors."""
    inp = tp.inputs
    names = [f"{a}" for a in range(inp.n_arcs)]
    cat = "Continuous" if tp.aggregated else "Integer"
    xs = tp.prob.add_variable_dict("x_%s", names, lowBound=0, cat=cat)
    tp.x = [xs[n] for n in names]
    for var, ub in zip(tp.x, inp.arc_upper.tolist(), strict=True):
        var.upBound = float(ub)
    tp.arcs_in = _groups(np.stack([inp.arc_to, inp.arc_spec_to], 1)) if inp.n_arcs else {}
    tp.arcs_out = _groups(np.stack([inp.arc_from, inp.arc_spec_from], 1)) if inp.n_arcs else {}
    if not tp.aggregated:
        return
    for key, arcs in tp.arcs_in.items():
        name = f"{_cid(inp, key[0])}_{SPECIALTIES[key[1]]}"
        y = tp.prob.add_variable_dict("y_%s", [name], lowBound=0, cat="Integer")[name]
        tp.y[key] = y
        tp.prob += (_sum([(tp.x[a], 1.0) for a in arcs] + [(y, -1.0)]) == 0.0,
                    f"inflow_{name}")
    for key, arcs in tp.arcs_out.items():
        name = f"{_cid(inp, key[0])}_{SPECIALTIES[key[1]]}"
        w = tp.prob.add_variable_dict("w_%s", [name], lowBound=0, cat="Integer")[name]
        tp.w[key] = w
        tp.prob += (_sum([(tp.x[a], 1.0) for a in arcs] + [(w, -1.0)]) == 0.0,
                    f"outflow_{name}")


def define_unmet_accounting(tp: TransferProblem) -> None:
    """u_cs >= required_cs - after_cs and z_cs >= 1 - people_cs on every touched pair."""
    inp = tp.inputs
    req = inp.state.required
    keys = list(dict.fromkeys([*tp.arcs_out, *tp.arcs_in]))
    names = [f"{_cid(inp, c)}_{SPECIALTIES[s]}" for c, s in keys]
    us = tp.prob.add_variable_dict("u_%s", names, lowBound=0)
    base_unmet = np.maximum(req - inp.in_post, 0.0)
    weighted = (base_unmet * inp.zone_weight[:, None]).sum()
    gaps = (inp.in_post == 0) & inp.essential[None, :]
    w_ess = inp.state.params.optimizer.objective.essential_gap_weight
    const_gaps = gaps.sum()
    for (c, s), name in zip(keys, names, strict=True):
        u = us[name]
        tp.u[(c, s)] = u
        weighted -= base_unmet[c, s] * inp.zone_weight[c]
        fte = tp.fte_in(c, s) + _neg(tp.people_out(c, s))
        people = tp.people_in(c, s) + _neg(tp.people_out(c, s))
        # u + sum(p x_in) - sum(x_out) >= required - in_post
        gap = float(req[c, s] - inp.in_post[c, s])
        tp.prob += _sum([(u, 1.0)] + fte) >= gap, f"unmet_{name}"
        frac = gap - np.floor(gap)
        if frac > 1e-9 and all(coef in (1.0, -1.0) for _, coef in fte):
            # Convex-hull cut: with integer net inflow y, u = max(0, gap - y) interpolates
            # linearly between floor(gap) and ceil(gap), so u >= frac (ceil(gap) - y).
            tp.prob += (_sum([(u, 1.0)] + [(v, frac * coef) for v, coef in fte])
                        >= frac * float(np.ceil(gap))), f"unmet_hull_{name}"
        if inp.essential[s]:
            z = tp.prob.add_variable_dict("z_%s", [name], lowBound=0, upBound=1)[name]
            tp.z[(c, s)] = z
            const_gaps -= int(gaps[c, s])
            # z + sum(x_in) - sum(x_out) >= 1 - in_post   (people, not FTE)
            tp.prob += (_sum([(z, 1.0)] + people) >= float(1 - inp.in_post[c, s])), f"gap_{name}"
    tp.unmet_constant = float(weighted + w_ess * const_gaps)


def define_protection_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= movable_ds: protected officials, leaders and those near
    retirement never move (never relaxed, not even in the elastic problem)."""
    inp = tp.inputs
    for d, s in tp.arcs_out:
        tp.prob += (_sum(tp.people_out(d, s)) <= float(inp.movable[d, s]),
                    f"protection_{_cid(inp, d)}_{SPECIALTIES[s]}")


def define_donor_floor_constraints(tp: TransferProblem) -> None:
    """sum_{a out of (d,s)} x_a <= in_post_ds - ceil(share x required_ds) (and a donor keeps
    its last official of an essential specialty)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.donor_floor.enabled:
        return
    for d, s in tp.arcs_out:
        name = f"{_cid(inp, d)}_{SPECIALTIES[s]}"
        terms = tp.people_out(d, s)
        if tp.elastic:
            terms = terms + [(_add_slack(tp, "donor_floor", (d, s), name), -1.0)]
        tp.prob += _sum(terms) <= float(inp.max_out[d, s]), f"donor_floor_{name}"


def define_recipient_cap_constraints(tp: TransferProblem) -> None:
    """in_post_r + sum_{a into r} x_a - sum_{a out of r} x_a <= cap_r (headcount)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.recipient_cap.enabled:
        return
    into: dict[int, list] = {}
    for r, t in tp.arcs_in:
        into.setdefault(r, []).extend(tp.people_in(r, t))
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(_neg(tp.people_out(d, s)))
    for r, terms in into.items():
        name = _cid(inp, r)
        terms = terms + out.get(r, [])
        if tp.elastic:
            terms.append((_add_slack(tp, "recipient_cap", r, name), -1.0))
        room = float(inp.cap[r] - inp.in_post[r].sum())
        tp.prob += _sum(terms) <= room, f"recipient_cap_{name}"


def define_max_donor_share_constraints(tp: TransferProblem) -> None:
    """sum_{a out of d} x_a <= floor(share x in_post_d)."""
    inp = tp.inputs
    if not inp.state.params.optimizer.constraints.max_donor_share.enabled:
        return
    out: dict[int, list] = {}
    for d, s in tp.arcs_out:
        out.setdefault(d, []).extend(tp.people_out(d, s))
    for d, terms in out.items():
        name = _cid(inp, d)
        if tp.elastic:
            terms = terms + [(_add_slack(tp, "max_donor_share", d, name), -1.0)]
        tp.prob += _sum(terms) <= float(inp.share_cap[d]), f"max_donor_share_{name}"


def _cost_terms(tp: TransferProblem) -> list[tuple[pulp.LpVariable, float]]:
    """Allowance over the support period in VND bn, per arc (or per recipient pair)."""
    inp = tp.inputs
    if tp.aggregated:
        return [(tp.y[key], float(inp.arc_allowance_total[arcs[0]]) / 1e9)
                for key, arcs in tp.arcs_in.items()]
    return [(x, c / 1e9) for x, c in zip(tp.x, inp.arc_allowance_total.tolist(), strict=True)]


def define_budget_constraints(tp: TransferProblem) -> None:
    """sum_a allowance_a x_a <= budget  (in VND bn, over the support period)."""
    inp = tp.inputs
    budget = inp.state.params.optimizer.constraints.budget
    if not budget.enabled or inp.n_arcs == 0:
        return
    terms = [(v, c) for v, c in _cost_terms(tp) if c > 0]
    if tp.elastic:
        terms.append((_add_slack(tp, "budget", "province", "province"), -1.0))
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
            tp.prob += _sum([(y, 1.0) for y in ys] + [(n, -1.0)]) == 0.0, f"class_{k}"
            counts.append((n, c))
        terms = counts + [t for t in terms if not t[0].name.startswith("y_")]
    tp.prob += _sum(terms) <= budget.vnd / 1e9, "budget"


def define_max_moves_constraints(tp: TransferProblem) -> None:
    """sum_a x_a <= max moves."""
    inp = tp.inputs
    mm = inp.state.params.optimizer.constraints.max_moves
    if not mm.enabled or inp.n_arcs == 0:
        return
    terms = [t for key in tp.arcs_in for t in tp.people_in(*key)]
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
    targets = np.argwhere(inp.essential[None, :]
                          & zone_mask(inp.state.communes.zone, cover.zones)[:, None])
    for r, s in targets.tolist():
        have = float(inp.in_post[r, s])
        if have >= 1 and (r, s) not in tp.arcs_out:
            continue  # staffed and nobody can leave
        name = f"{_cid(inp, r)}_{SPECIALTIES[s]}"
        terms = tp.people_in(r, s) + _neg(tp.people_out(r, s))
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
    tp.cost_bn_expr = _sum(_cost_terms(tp))
    tp.moves_expr = _sum([t for key in tp.arcs_in for t in tp.people_in(*key)])
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
                         prob=pulp.LpProblem("transfers", pulp.LpMinimize),
                         aggregated=can_aggregate(inputs))
    define_variables(tp)
    define_unmet_accounting(tp)
    for family in CONSTRAINT_FAMILIES:
        family(tp)
    define_objective(tp)
    return tp
