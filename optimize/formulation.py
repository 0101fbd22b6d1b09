"""The transfer MIP, built PyPSA-style: variables, accounting, the rows of each constraint
family (``optimize.families``, one ``define_*_constraints`` each), objective.

Notation: arcs a = (d, r, s, t) move officials of specialty s from donor d into specialty t of
recipient r (t = s unless cross-specialty moves are on), at productivity p_a; x_a is integer.
For every commune-specialty (c, s) an arc touches:

    after_cs  = in_post_cs - sum_{a out of (c,s)} x_a + sum_{a into (c,s)} p_a x_a      [FTE]
    u_cs     >= required_cs - after_cs,  u_cs >= 0                                      [unmet]
    u_cs     >= f_cs (ceil(g_cs) - y_cs)   where g = required - in_post, f = g - floor(g) and
               y the net inflow (only when y is integer: no cross-specialty arc)    [hull cut]
    z_cs     >= 1 - (in_post_cs - out_cs + in_cs),  0 <= z_cs <= 1    (essential s only)

Untouched pairs keep their unmet need and essential gaps as constants.

Ties: plans whose objective terms are exactly equal (two specialties short by whole officials
in the same commune, reached from the same donor) would leave the choice to the solver's
path, which changes between HiGHS versions. Each arc a therefore carries a fixed preference
TIE_STEP x (rank_a + h_a / 2): rank_a orders the donor commune's posts by the id of the official
who would go first from each (``sets.build_inputs``: youngest first), h_a in [0, 1) is a hash of
the donor and recipient commune ids and specialties (for ties between commune pairs at equal
distance). So among equally good plans the nearer moves win (the km weight), then the moves
whose officials have the smaller ids; the optimum is unique and the same with any solver
version. The preference is at most 1.3e-4 per move (0.07 km of travel at the km weight): it
decides nothing but ties and near-ties below that."""

from __future__ import annotations

import hashlib

import numpy as np
import pulp

from staffsim.optimize.families import families, family
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.problem import TransferProblem, lin, neg
from staffsim.scenarios.specialties import SPECIALTIES

TIE_STEP = 1e-5  # objective units per rank; ties are 5e-6 apart at least, above HiGHS's
# optimality tolerances (1e-7 on reduced costs, 1e-6 absolute MIP gap)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: 64 well-mixed bits from 64 (uint64 arithmetic wraps)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def tie_break(inputs: PlanInputs) -> np.ndarray:
    """rank_a + h_a / 2 per arc (see the module's docstring): rank_a from official ids, h_a
    from commune ids and specialties (never from row order or indices, so that the same move
    gets the same preference in any scenario that holds it)."""
    state = inputs.state
    first_id = {key: state.official_id[rows[0]] for key, rows in inputs.movable_rows.items()
                if len(rows)}
    posts: dict[int, list[tuple[str, int]]] = {}
    for (d, s), oid in first_id.items():
        posts.setdefault(d, []).append((oid, s))
    rank = {(d, s): k for d, group in posts.items() for k, (_, s) in enumerate(sorted(group))}
    arc_rank = np.array([rank.get(k, 0) for k in zip(inputs.arc_from.tolist(),
                                                     inputs.arc_spec_from.tolist(),
                                                     strict=True)], dtype=float)
    ids = state.communes.ids
    code = np.array([int.from_bytes(hashlib.blake2b(str(i).encode(), digest_size=8).digest(),
                                    "little") for i in ids], dtype=np.uint64)
    spec = (inputs.arc_spec_from * len(SPECIALTIES) + inputs.arc_spec_to).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = _mix(code[inputs.arc_from] ^ _mix(code[inputs.arc_to] + np.uint64(1)))
        h = _mix(h ^ (spec + np.uint64(0x9E3779B97F4A7C15)))
    return arc_rank + (h >> np.uint64(11)).astype(np.float64) / float(2**54)


def _groups(keys: np.ndarray) -> dict:
    """Arc indices grouped by key (rows of ``keys``)."""
    out: dict = {}
    for a, k in enumerate(map(tuple, keys.tolist()) if keys.ndim > 1 else keys.tolist()):
        out.setdefault(k, []).append(a)
    return out


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
        name = f"{tp.cid(key[0])}_{SPECIALTIES[key[1]]}"
        y = tp.prob.add_variable_dict("y_%s", [name], lowBound=0, cat="Integer")[name]
        tp.y[key] = y
        tp.prob += (lin([(tp.x[a], 1.0) for a in arcs] + [(y, -1.0)]) == 0.0,
                    f"inflow_{name}")
    for key, arcs in tp.arcs_out.items():
        name = f"{tp.cid(key[0])}_{SPECIALTIES[key[1]]}"
        w = tp.prob.add_variable_dict("w_%s", [name], lowBound=0, cat="Integer")[name]
        tp.w[key] = w
        tp.prob += (lin([(tp.x[a], 1.0) for a in arcs] + [(w, -1.0)]) == 0.0,
                    f"outflow_{name}")


def define_unmet_accounting(tp: TransferProblem) -> None:
    """u_cs >= required_cs - after_cs and z_cs >= 1 - people_cs on every touched pair."""
    inp = tp.inputs
    req = inp.state.required
    keys = list(dict.fromkeys([*tp.arcs_out, *tp.arcs_in]))
    names = [f"{tp.cid(c)}_{SPECIALTIES[s]}" for c, s in keys]
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
        fte = tp.fte_in(c, s) + neg(tp.people_out(c, s))
        people = tp.people_in(c, s) + neg(tp.people_out(c, s))
        # u + sum(p x_in) - sum(x_out) >= required - in_post
        gap = float(req[c, s] - inp.in_post[c, s])
        tp.prob += lin([(u, 1.0)] + fte) >= gap, f"unmet_{name}"
        frac = gap - np.floor(gap)
        if frac > 1e-9 and all(coef in (1.0, -1.0) for _, coef in fte):
            # Convex-hull cut: with integer net inflow y, u = max(0, gap - y) interpolates
            # linearly between floor(gap) and ceil(gap), so u >= frac (ceil(gap) - y).
            tp.prob += (lin([(u, 1.0)] + [(v, frac * coef) for v, coef in fte])
                        >= frac * float(np.ceil(gap))), f"unmet_hull_{name}"
        if inp.essential[s]:
            z = tp.prob.add_variable_dict("z_%s", [name], lowBound=0, upBound=1)[name]
            tp.z[(c, s)] = z
            const_gaps -= int(gaps[c, s])
            # z + sum(x_in) - sum(x_out) >= 1 - in_post   (people, not FTE)
            tp.prob += (lin([(z, 1.0)] + people) >= float(1 - inp.in_post[c, s])), f"gap_{name}"
    tp.unmet_constant = float(weighted + w_ess * const_gaps)


def define_objective(tp: TransferProblem) -> None:
    """Objective terms: weighted unmet need (+ essential gaps), cost (VND bn), moves, km, and
    the tie-break preference (see the module's docstring)."""
    inp = tp.inputs
    w_ess = inp.state.params.optimizer.objective.essential_gap_weight
    tp.unmet_expr = lin([(u, float(inp.zone_weight[c])) for (c, _), u in tp.u.items()]
                        + [(z, w_ess) for z in tp.z.values()])
    tp.cost_bn_expr = lin(tp.cost_terms())
    tp.moves_expr = lin(tp.all_moves())
    tp.km_expr = lin([(x, k) for x, k in zip(tp.x, inp.arc_km.tolist(), strict=True)])
    tp.slack_expr = lin([(v, family(fam).elastic_price) for fam, d in tp.slack.items()
                         for v in d.values()])
    tp.tiebreak_expr = lin([(x, TIE_STEP * h)
                            for x, h in zip(tp.x, tie_break(inp).tolist(), strict=True)])


def build_problem(inputs: PlanInputs, elastic: bool = False) -> TransferProblem:
    """The recipe: variables, accounting, each constraint family's rows, objective terms."""
    tp = TransferProblem(inputs=inputs, elastic=elastic,
                         prob=pulp.LpProblem("transfers", pulp.LpMinimize),
                         aggregated=can_aggregate(inputs))
    define_variables(tp)
    define_unmet_accounting(tp)
    for fam in families("rows"):
        fam.define_constraints(tp)
    define_objective(tp)
    return tp
