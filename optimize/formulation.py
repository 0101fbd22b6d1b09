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

Pair flows (``can_aggregate``: no cross-specialty arc, no distance band or threshold): x is
continuous and the integers are the inflows y_rtk of each recipient pair (r, t) by the cost
class k of its arcs (one class unless donors into it cost different allowances, e.g. a pool
unit whose officials draw none) and the outflows w_ds of each donor pair; the allowance is
sum_{r,t,k} c_rtk y_rtk, exact since every arc of a class costs c_rtk (``define_variables``).

Ties: plans whose objective terms are equal (the same commune pairs carrying different
specialties, when every one fills a whole missing official) would leave the choice to the
solver's path, which changes between HiGHS versions; and round-off in summing unmet need
makes some of them differ by 1e-7, below the solver's tolerances. Each arc a therefore
carries a fixed preference TIE_BREAK x h_a, h_a in [0, 1) a hash of its donor and recipient
commune ids and specialties: tied plans then differ by about 1e-4, far above round-off and
tolerances, so the optimum is unique and the same with any solver version. The preference is
at most 1e-4 per move (0.05 km at the km weight of 0.002): over the national plan it changes
total travel by about 0.3 km of 232,000 and nothing else (measured against no preference)."""

from __future__ import annotations

import hashlib
import math

import numpy as np

from staffsim.optimize.families import families, family
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.linear import LinearModel, RowBatch, Var
from staffsim.optimize.problem import TransferProblem, lin, neg
from staffsim.scenarios.specialties import SPECIALTIES

TIE_BREAK = 1e-4  # objective units; see the module's docstring


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: 64 well-mixed bits from 64 (uint64 arithmetic wraps)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def tie_break(inputs: PlanInputs) -> np.ndarray:
    """h_a in [0, 1) per arc, from its donor and recipient commune ids and specialties (never
    from row order or indices, so that the same move gets the same preference in any scenario
    that holds it)."""
    code = np.array([int.from_bytes(hashlib.blake2b(str(i).encode(), digest_size=8).digest(),
                                    "little") for i in inputs.state.communes.ids],
                    dtype=np.uint64)
    spec = (inputs.arc_spec_from * len(SPECIALTIES) + inputs.arc_spec_to).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = _mix(code[inputs.arc_from] ^ _mix(code[inputs.arc_to] + np.uint64(1)))
        h = _mix(h ^ (spec + np.uint64(0x9E3779B97F4A7C15)))
    return (h >> np.uint64(11)).astype(np.float64) / float(2**53)


def _groups(keys: np.ndarray) -> dict[tuple[int, ...], list[int]]:
    """Arc indices grouped by key (the rows of ``keys``, n x k), in ascending order within a
    group and the groups in the order of their first arc (as a loop over the arcs would
    make them: rows and columns keep their order). Sorted in numpy: a loop over Thanh Hóa's
    52,000 arcs took 0.05 s of each plan."""
    if not len(keys):
        return {}
    order = np.lexsort(keys.T[::-1])  # stable: arcs ascending within a key
    sk = keys[order]
    starts = np.r_[0, np.flatnonzero((np.diff(sk, axis=0) != 0).any(axis=1)) + 1]
    bounds = np.r_[starts, len(order)].tolist()
    arcs = order.tolist()
    firsts = sk[starts].tolist()
    return {tuple(firsts[g]): arcs[bounds[g]:bounds[g + 1]]
            for g in np.argsort(order[starts], kind="stable").tolist()}


def cost_classes(inputs: PlanInputs) -> np.ndarray:
    """k_a per arc: the rank of its allowance among the distinct allowances of the arcs into
    its recipient pair (r, t), cheapest 0. One class per pair unless donors into it cost
    different allowances: a pool unit whose officials draw none
    (``Communes.allowance_eligible`` false) beside paid donors makes two, 0 (free) and 1.
    Allowances are compared exactly: two that differ by round-off only would make two classes,
    each priced at its own (exact, one more pair flow)."""
    n = inputs.n_arcs
    if not n:
        return np.zeros(0, np.int64)
    pair = inputs.arc_to.astype(np.int64) * len(SPECIALTIES) + inputs.arc_spec_to
    cost = inputs.arc_allowance_total.astype(float)
    order = np.lexsort((cost, pair))
    sp, sc = pair[order], cost[order]
    new_pair = np.r_[True, sp[1:] != sp[:-1]]
    distinct = np.cumsum(new_pair | np.r_[True, sc[1:] != sc[:-1]]) - 1
    rank = distinct - np.maximum.accumulate(np.where(new_pair, distinct, 0))
    out = np.empty(n, np.int64)
    out[order] = rank
    return out


def can_aggregate(inputs: PlanInputs) -> bool:
    """Pair flows suffice when every arc keeps its specialty at full productivity and an
    arc's allowance depends on its recipient and on whether its donor's officials draw it
    (no distance bands or thresholds). Arcs into a recipient pair at different allowances
    (a pool unit not eligible for the allowance, ``Communes.allowance_eligible``, beside
    paid donors) are split by cost class (``cost_classes``), each class its own inflow y_rtk
    at its own allowance: a single y_rt priced at its first arc's allowance charged a free
    donor's moves as paid ones, and a plan proven optimal left need that the greedy baseline
    met with the same money (a review, on Thanh Hóa with its Front's officials)."""
    a = inputs.state.params.optimizer.allowance
    return (inputs.n_arcs > 0 and bool(np.all(inputs.arc_spec_from == inputs.arc_spec_to))
            and not a.distance_bands_km and a.distance_threshold_vnd == 0)


def define_variables(tp: TransferProblem) -> None:
    """x_a in [0, upper_a]: officials moved along each arc; integer, unless pair flows are
    used (aggregated). Then, with k_a the arc's cost class (``cost_classes``: its allowance's
    rank among those of the arcs into its recipient pair),

        y_rtk = sum_{a into (r,t), k_a = k} x_a   integer   [inflow_<r>_<t>, _c<k> if several]
        w_ds  = sum_{a out of (d,s)} x_a          integer   [outflow_<d>_<s>]

    and x continuous; a recipient pair's inflow is sum_k y_rtk (``TransferProblem.people_in``),
    and y_rtk carries its class's allowance (``cost_terms``). A pair with one class (every
    arc into it at one allowance: the default rules) has one y, named and placed as before.

    Integrality: the arcs join donor nodes (d, s) to recipient-class nodes (r, t, k), each
    arc to exactly one of each, so the arcs with the x bounds form a bipartite network with
    integer capacities; its node-arc incidence matrix is totally unimodular, so integer y and
    w that some x meets are met by an integer x (``solve.integral_arc_flows`` recovers one).
    Branching on pairs instead of arcs removes the symmetry between interchangeable donors."""
    inp = tp.inputs
    active = np.flatnonzero(tp.active) if tp.active is not None else np.arange(inp.n_arcs)
    xs = tp.prob.add_vars([f"x_{a}" for a in active.tolist()], np.zeros(len(active)),
                          inp.arc_upper[active].tolist(), integer=not tp.aggregated)
    tp.x = [None] * inp.n_arcs
    for a, x in zip(active.tolist(), xs, strict=True):
        tp.x[a] = x
    tp.arcs_in = _groups(np.stack([inp.arc_to, inp.arc_spec_to], 1)) if inp.n_arcs else {}
    tp.arcs_out = _groups(np.stack([inp.arc_from, inp.arc_spec_from], 1)) if inp.n_arcs else {}
    if not tp.aggregated:
        return
    tp.arc_class = cost_classes(inp)
    nodes = (_groups(np.stack([inp.arc_to, inp.arc_spec_to, tp.arc_class], 1))
             if tp.arc_class.any() else {(r, t, 0): arcs for (r, t), arcs in tp.arcs_in.items()})
    several = {(r, t) for r, t, k in nodes if k > 0}
    names = [f"{tp.cid(r)}_{SPECIALTIES[t]}" + (f"_c{k}" if (r, t) in several else "")
             for r, t, k in nodes]
    ys = _pair_flows(tp, "y", "inflow", names, list(nodes.values()))
    for key, arcs, y, row in zip(nodes, nodes.values(), *ys, strict=True):
        tp.y[key] = y
        tp.y_arcs[key] = arcs
        tp.inflows.setdefault(key[:2], []).append(key)
        tp.flow_rows["in", key] = row
    names = [f"{tp.cid(d)}_{SPECIALTIES[s]}" for d, s in tp.arcs_out]
    ws = _pair_flows(tp, "w", "outflow", names, list(tp.arcs_out.values()))
    for key, w, row in zip(tp.arcs_out, *ws, strict=True):
        tp.w[key] = w
        tp.flow_rows["out", key] = row


def _pair_flows(tp: TransferProblem, var: str, row: str, names: list[str],
                arcs: list[list[int]]) -> tuple[list[Var], range]:
    """Integer pair flows ``<var>_<name>`` >= 0 and their rows ``<row>_<name>``:
    sum of the arcs' x (those with a column) - flow == 0; the flows and the rows' indices."""
    flows = tp.prob.add_vars([f"{var}_{n}" for n in names], [0.0] * len(names),
                             [math.inf] * len(names), integer=True)
    rows = RowBatch()
    for n, group, flow in zip(names, arcs, flows, strict=True):
        rows.add(f"{row}_{n}", [*((tp.x[a], 1.0) for a in group if tp.x[a] is not None),
                                (flow, -1.0)], 0.0, 0.0)
    return flows, rows.add_to(tp.prob)


def define_unmet_accounting(tp: TransferProblem) -> None:
    """u_cs >= required_cs - after_cs and z_cs >= 1 - people_cs on every touched pair."""
    inp = tp.inputs
    req = inp.state.required
    keys = list(dict.fromkeys([*tp.arcs_out, *tp.arcs_in]))
    names = [f"{tp.cid(c)}_{SPECIALTIES[s]}" for c, s in keys]
    us = dict(zip(names, tp.prob.add_vars([f"u_{n}" for n in names], [0.0] * len(names),
                                          [math.inf] * len(names)), strict=True))
    base_unmet = np.maximum(req - inp.in_post, 0.0)
    weighted = (base_unmet * inp.zone_weight[:, None]).sum()
    gaps = (inp.in_post == 0) & inp.essential[None, :] & inp.is_commune[:, None]
    w_gap = inp.state.params.optimizer.objective.gap_weight(inp.state.communes.zone)
    const_gaps = float((gaps.sum(axis=1) * w_gap).sum())  # weighted, less the touched ones
    # the rows added at once (``RowBatch``), in the order the pairs come: unmet, its hull
    # cut, its essential gap
    rows = RowBatch()
    gap_in = (req - inp.in_post).tolist()
    in_post = inp.in_post.tolist()
    essential = [bool(e) for e in inp.essential]
    is_commune = inp.is_commune.tolist()
    # z columns after every u, in the pairs' order (as one per pair in the loop made them)
    has_z = [essential[s] and is_commune[c] for c, s in keys]  # pool units: no essential posts
    zs = iter(tp.prob.add_vars([f"z_{n}" for n, e in zip(names, has_z, strict=True) if e],
                               [0.0] * sum(has_z), [1.0] * sum(has_z)))
    for (c, s), name, with_z in zip(keys, names, has_z, strict=True):
        u = us[name]
        tp.u[(c, s)] = u
        weighted -= base_unmet[c, s] * inp.zone_weight[c]
        out = neg(tp.people_out(c, s))
        fte = tp.fte_in(c, s) + out
        # u + sum(p x_in) - sum(x_out) >= required - in_post
        gap = gap_in[c][s]
        rows.add(f"unmet_{name}", [(u, 1.0), *fte], gap)
        frac = gap - math.floor(gap)
        if frac > 1e-9 and all(coef in (1.0, -1.0) for _, coef in fte):
            # Convex-hull cut: with integer net inflow y, u = max(0, gap - y) interpolates
            # linearly between floor(gap) and ceil(gap), so u >= frac (ceil(gap) - y).
            rows.add(f"unmet_hull_{name}",
                     [(u, 1.0), *((v, frac * coef) for v, coef in fte)],
                     frac * float(math.ceil(gap)))
        if with_z:
            z = next(zs)
            tp.z[(c, s)] = z
            const_gaps -= float(gaps[c, s]) * w_gap[c]
            # z + sum(x_in) - sum(x_out) >= 1 - in_post   (people, not FTE)
            rows.add(f"gap_{name}", [(z, 1.0), *tp.people_in(c, s), *out],
                     float(1 - in_post[c][s]))
    rows.add_to(tp.prob)
    tp.unmet_constant = float(weighted + const_gaps)


def define_objective(tp: TransferProblem) -> None:
    """Objective terms: weighted unmet need (+ essential gaps, each at its commune's weight:
    ``ObjectiveParams.gap_weight``), cost (VND bn), moves, km, and the tie-break preference
    (see the module's docstring)."""
    inp = tp.inputs
    w_gap = inp.state.params.optimizer.objective.gap_weight(inp.state.communes.zone)
    tp.unmet_expr = lin([(u, float(inp.zone_weight[c])) for (c, _), u in tp.u.items()]
                        + [(z, float(w_gap[c])) for (c, _), z in tp.z.items()])
    tp.cost_bn_expr = lin(tp.cost_terms())
    tp.moves_expr = lin(tp.all_moves())
    tp.km_expr = lin([(x, k) for x, k in zip(tp.x, inp.arc_km.tolist(), strict=True)
                      if x is not None])
    tp.slack_expr = lin([(v, family(fam).elastic_price) for fam, d in tp.slack.items()
                         for v in d.values()])
    tp.tiebreak = TIE_BREAK * tie_break(inp)
    tp.tiebreak_expr = lin([(x, h) for x, h in zip(tp.x, tp.tiebreak.tolist(), strict=True)
                            if x is not None])


def define_baseline_preference(tp: TransferProblem) -> None:
    """A what-if's preference for the baseline plan's commune pairs (``tp.keep``: b_a, the
    baseline's officials on arc a; weight omega = ``tp.keep_weight``, weighted FTE per
    official: ``whatif --keep-baseline-pairs``):

        0 <= k_a <= b_a,   k_a - x_a <= 0          [keep_<a>]
        objective (weighted unmet part)  - omega * sum_a k_a

    so each official sent along a baseline pair, up to the baseline's count, is worth omega
    weighted FTE; officials beyond b_a, or on other pairs, are worth nothing more (a bonus on
    x_a itself would pay for moves the baseline does not make). k_a = min(x_a, b_a) at the
    optimum. The baseline's arcs need their columns from the start (in the model, so that
    the rows can name them); the others are priced in as usual: their columns touch only
    their pair flows' rows. Nothing without ``tp.keep``."""
    tp.keep_expr = lin([])
    if tp.keep is None:
        return
    w = float(tp.keep_weight)
    terms = []
    for a in np.flatnonzero(tp.keep > 0).tolist():
        if tp.x[a] is None:
            continue
        k = tp.prob.add_var(f"k_{a}", 0.0, float(tp.keep[a]))
        tp.prob += lin([(k, 1.0), (tp.x[a], -1.0)]) <= 0.0, f"keep_{a}"
        terms.append((k, -w))
    tp.keep_expr = lin(terms)


def build_problem(inputs: PlanInputs, elastic: bool = False,
                  active: np.ndarray | None = None,
                  keep: np.ndarray | None = None, keep_weight: float = 0.0) -> TransferProblem:
    """The recipe: variables, accounting, each constraint family's rows, objective terms.

    ``active`` (pair flows only): the arcs that get a column now; the others are priced and
    added while solving (``solve.ArcPricer``). Rows and pair variables exist for every arc.
    ``keep``: a what-if's baseline officials per arc, preferred at ``keep_weight``
    (``define_baseline_preference``)."""
    if keep is not None and active is not None and (active < (keep > 0)).any():
        raise ValueError("the baseline preference needs the columns of the baseline's arcs")
    aggregated = can_aggregate(inputs)
    if active is not None and not (aggregated and not elastic):
        raise ValueError("columns are generated only for pair flows in a strict problem")
    tp = TransferProblem(inputs=inputs, elastic=elastic,
                         prob=LinearModel(),
                         aggregated=aggregated, active=active)
    define_variables(tp)
    define_unmet_accounting(tp)
    for fam in families("rows"):
        fam.define_constraints(tp)
    define_objective(tp)
    tp.keep, tp.keep_weight = keep, keep_weight
    define_baseline_preference(tp)
    return tp
