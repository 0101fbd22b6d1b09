"""Which limits a plan runs into: how much of the budget, the move limit, the donors' surplus
and the recipients' room it uses, and whether each binds (no further move would fit it).

A limit binds when it, and not the others, stops the next move: the budget binds when what is
left of it is less than the cheapest candidate move's allowance (of those that cost one: a
free move is never stopped by it); the move limit when it is reached; the donors when every
unit that may give gives all the rules let it give; the recipients' caps when every
recipient still short of staff is at its cap (counted apart: those the plan brought to it,
and those at it before the plan). These are read off
the plan and the candidate moves (``sets.build_inputs``); the marginal values of ``plan``
(a re-solve with one lever moved) say what relaxing a limit would buy.
"""

from __future__ import annotations

import numpy as np

from staffsim.model.allowance import move_allowance
from staffsim.model.state import Move
from staffsim.optimize.families.budget import budget_vnd, mountain_communes
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.plan import after_staffing
from staffsim.optimize.sets import candidate_bounds
from staffsim.scenarios.specialties import INDEX


def limits_in_use(inputs: PlanInputs, moves: list[Move]) -> list[dict]:
    """One entry per limit: ``rule``, ``used``, ``limit``, ``unit``, ``binds`` (and what
    decided it)."""
    state = inputs.state
    cons = state.params.optimizer.constraints
    out: list[dict] = []
    if cons.budget.enabled:
        limit = budget_vnd(state)
        _, _, total = move_allowance(state, moves)
        used = float(total.sum())
        usable = inputs.arc_allowance_total[inputs.arc_upper > 0]
        # the cheapest move that costs something: a free one (a pool unit whose officials
        # draw none, ``Communes.allowance_eligible``) is never stopped by the budget, and
        # counted here it made a spent budget 'not bind' whenever such a unit had an arc
        paid = usable[usable > 0]
        # no candidate move that costs anything (none at all: a distance limit of 1 km, a
        # province of high-mountain communes): the budget stops nothing (with no move it was
        # said to bind, 0 of VND 45 bn spent; a trial)
        cheapest = float(paid.min()) if paid.size else None
        entry = {"rule": "budget", "used": used, "limit": limit, "unit": "VND",
                 "cheapest_move_vnd": cheapest,
                 "binds": cheapest is not None and bool(limit - used < cheapest - 1e-6)}
        if cons.budget.scale == "mountain_communes":
            # the budget set, the communes it is for and the province's: the reports say
            # how the limit came from the figure the planner set (it read 3 bn, used 2.22)
            entry["scaled"] = {"set_vnd": float(cons.budget.vnd),
                               "reference_communes": float(cons.budget.reference_communes),
                               "communes": mountain_communes(state)}
        out.append(entry)
    deadline = cons.deadline.date if cons.deadline.enabled else None
    if deadline is not None and state.calendar_month > deadline.year * 12 + deadline.month - 1:
        # past the deadline nobody may move: said, not left to be guessed from a plan of no
        # moves (an HR trial's variant with a deadline of 30/06/2025)
        m = state.calendar_month
        out.append({"rule": "deadline", "used": 0.0, "limit": 0.0, "unit": "date",
                    "binds": True, "date": deadline.isoformat(),
                    "effect": f"{m // 12:04d}-{m % 12 + 1:02d}"})
    if cons.max_moves.enabled:
        limit = float(cons.max_moves.moves)
        out.append({"rule": "max_moves", "used": float(len(moves)), "limit": limit,
                    "unit": "officials", "binds": len(moves) >= limit})
    # donors: what each unit may give by the rules (per specialty and in all), and what it gives
    gave, received, came = _tallies(inputs, moves)
    may = np.minimum(inputs.max_out, inputs.movable).sum(axis=1).astype(float)
    may = np.minimum(may, inputs.max_give)
    donors = np.flatnonzero(may > 0)
    spent = gave.sum(axis=1)[donors] >= may[donors]
    out.append({"rule": "donors", "used": float(spent.sum()), "limit": float(len(donors)),
                "unit": "units", "officials_given": float(gave.sum()),
                "officials_may_give": float(may[donors].sum()),
                "binds": bool(len(donors) > 0 and spent.all())})
    # recipients: those still short after the plan, and how many of them are at their cap:
    # ``used`` those the plan brought there (they received: the cap, not the budget or
    # another limit, stops more coming), ``full_before`` those at it with no one received
    # (at their cap before the plan: none may receive, whatever the other limits). A plan
    # that moves nobody brings no commune to its cap (a budget of VND 45 said '72 of the 149
    # communes still short are at their cap').
    after = inputs.in_post.sum(axis=1) + received - gave.sum(axis=1)
    fte, _ = after_staffing(state, moves)
    short = (np.maximum(state.required - fte, 0.0).sum(axis=1) > 1e-9) & inputs.is_commune
    capped = np.isfinite(inputs.cap) & (after - _free_used(inputs.cap_free, came)
                                         >= inputs.cap)
    # (a vacant essential post still empty may take one official beyond the cap)
    capped &= ~(inputs.cap_free & (came == 0)).any(axis=1)
    out.append({"rule": "recipient_cap", "used": float((short & capped & (received > 0)).sum()),
                "full_before": float((short & capped & (received == 0)).sum()),
                "limit": float(short.sum()), "unit": "communes",
                "binds": bool(short.any() and (capped | ~short).all())})
    return out


def _tallies(inputs: PlanInputs, moves: list[Move]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the plan's moves take and bring: officials given per unit and specialty,
    received per unit, and received per unit and the specialty they take up."""
    state = inputs.state
    gave = np.zeros_like(inputs.max_out)
    received = np.zeros(state.n_communes)
    came = np.zeros_like(inputs.max_out)
    for m in moves:
        gave[state.commune[m.row], state.specialty[m.row]] += 1
        received[m.to] += 1
        came[m.to, m.spec_to] += 1
    return gave, received, came


def _free_used(cap_free: np.ndarray, came: np.ndarray) -> np.ndarray:
    """Per commune, the officials received outside its cap: one per vacant essential post
    filled (``families.recipient_cap``)."""
    return (cap_free & (came > 0)).sum(axis=1)


def binding_rules(inputs: PlanInputs, moves: list[Move]) -> list[str]:
    """The limits that stop the plan's next move, by name: those of ``limits_in_use`` that
    bind (``budget``, ``max_moves``, ``donors``, ``recipient_cap``), ``max_distance`` when
    every move still wanted is too long (``distance_binds``), and ``deadline`` when the
    plan's month is past the transfer deadline (nobody may move at all)."""
    out = [u["rule"] for u in limits_in_use(inputs, moves) if u["binds"]]
    if distance_binds(inputs, moves):
        out.append("max_distance")
    rule = inputs.state.params.optimizer.constraints.deadline
    if rule.enabled and rule.date is not None and (
            inputs.state.calendar_month > rule.date.year * 12 + rule.date.month - 1):
        out.append("deadline")
    return out


def distance_binds(inputs: PlanInputs, moves: list[Move]) -> bool:
    """Whether the distance limit stops the next move: some unit still has officials the
    rules let it give (``max_out``, ``max_give``, less what the plan takes) whom a commune
    still short, below its cap and eligible, could use (their specialty, or one the rules
    let them take up), but every such pair of units is farther apart than the limit."""
    state = inputs.state
    limit = state.params.optimizer.constraints.max_distance
    if not limit.enabled:
        return False
    b = candidate_bounds(state, inputs.in_post, inputs.movable)
    gave, received, came = _tallies(inputs, moves)
    spare = np.maximum(np.minimum(b.max_out, inputs.movable) - gave, 0) > 0
    spare &= (b.max_give - gave.sum(axis=1) >= 1)[:, None]
    fte, _ = after_staffing(state, moves)
    head = (inputs.in_post.sum(axis=1) + received - gave.sum(axis=1)
            - _free_used(inputs.cap_free, came))
    open_ = b.may_receive & inputs.is_commune & (head < b.cap - 1e-9)
    # (or a vacant essential post, whose first official is outside the cap)
    wanted = (state.required - fte > 1e-9) & (open_[:, None] | (
        b.may_receive[:, None] & inputs.cap_free & (came == 0)))
    wanted[:, INDEX["leadership"]] = False  # (nobody moves into leadership)
    # donor x recipient: an official d may give could do a job r still lacks
    can = (spare.astype(int) @ (b.productivity > 0).astype(int)) > 0  # donor x specialty to
    pair = (can.astype(int) @ wanted.T.astype(int)) > 0
    np.fill_diagonal(pair, False)
    if not pair.any():
        return False
    return not (pair & (state.distance_km <= limit.km + 1e-9)).any()
