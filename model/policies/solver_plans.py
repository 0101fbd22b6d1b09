"""What the solver said of each plan a run carried out, and the counts a run's record keeps.

A policy that carries out an optimiser's plan (``experiments.transfer_policies``, or a plan
made once and handed to the runs: ``FixedPlan``) records one ``SolverPlan`` per province's
plan; ``plan_counts`` turns a run's into the columns of its record, and ``runs_summary`` the
records of many runs into what a command says of them. A plan stopped by
``optimizer.time_limit_s`` depends on the machine's speed and load: these counts let a
researcher see which numbers do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# What became of one solve
OPTIMAL = "optimal"  # a plan, proven optimal
UNPROVEN = "unproven"  # a plan, but a limit (the time limit) stopped the solver before proof
NONE = "none"  # a limit stopped the solver before it found any plan: nobody is moved
INFEASIBLE = "infeasible"  # no plan meets the rules (proven): nobody is moved
KINDS = (OPTIMAL, UNPROVEN, NONE, INFEASIBLE)

# The columns of a run's record (sweep runs, compare's replications.csv), in this order:
PLANS = "solver_plans"  # optimiser plans the run carried out (one per province and time)
NOT_OPTIMAL = "solver_plans_not_optimal"  # of them, not proven optimal (stopped by a limit,
#                                            with a plan or without: UNPROVEN + NONE)
NO_PLAN = "solver_plans_no_plan"  # of them, stopped before any plan (NONE): moved nobody
INFEASIBLE_PLANS = "solver_plans_infeasible"  # of them, infeasible under the rules
TIME_LIMIT = "solver_time_limit_s"  # optimizer.time_limit_s of the run's plans (the largest)
PLAN_COLUMNS = (PLANS, NOT_OPTIMAL, NO_PLAN, INFEASIBLE_PLANS, TIME_LIMIT)


@dataclass(frozen=True)
class SolverPlan:
    """One plan a run carried out: what became of its solve (``KINDS``) and the time limit
    it had (``optimizer.time_limit_s``, seconds)."""

    kind: str
    time_limit_s: float


def solve_kind(status: str, has_solution: bool) -> str:
    """The kind of a solve from the solver's status (Optimal, TimeLimit, Infeasible, ...) and
    whether it holds a plan."""
    if has_solution:
        return OPTIMAL if status == "Optimal" else UNPROVEN
    return INFEASIBLE if status == "Infeasible" else NONE


def plan_counts(plans: Iterable[SolverPlan]) -> dict[str, Any]:
    """A run's columns (``PLAN_COLUMNS``) from the plans it carried out; the time limit is
    None when it carried out none."""
    plans = list(plans)
    kinds = [p.kind for p in plans]
    return {PLANS: len(plans),
            NOT_OPTIMAL: sum(k in (UNPROVEN, NONE) for k in kinds),
            NO_PLAN: kinds.count(NONE), INFEASIBLE_PLANS: kinds.count(INFEASIBLE),
            TIME_LIMIT: max((p.time_limit_s for p in plans), default=None)}


def runs_summary(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What many runs' records (``plan_counts``'s columns) say together: the runs that
    carried out an optimiser plan, those among them with a plan not proven optimal, with no
    plan (stopped) and with an infeasible one, the plans of each kind, and the time limits
    of the runs that planned and of those not proven optimal. A record without the columns,
    or with an empty count, is a run of an older staffsim: counted apart (unrecorded)."""
    out = {"runs": 0, "runs_planned": 0, "runs_not_optimal": 0, "runs_no_plan": 0,
           "runs_infeasible": 0, "runs_unrecorded": 0, "plans": 0, "plans_not_optimal": 0,
           "plans_no_plan": 0, "plans_infeasible": 0, "time_limits_s": [],
           "time_limits_s_not_optimal": []}
    limits: set[float] = set()
    limits_not_optimal: set[float] = set()
    for r in records:
        out["runs"] += 1
        v = r.get(PLANS)
        if v is None or (isinstance(v, float) and math.isnan(v)):  # a run of an older
            out["runs_unrecorded"] += 1  # staffsim (a resumed sweep): nothing recorded
            continue
        n = _count(r.get(PLANS))
        if not n:
            continue
        out["runs_planned"] += 1
        for key, column in (("not_optimal", NOT_OPTIMAL), ("no_plan", NO_PLAN),
                            ("infeasible", INFEASIBLE_PLANS)):
            k = _count(r.get(column))
            out[f"plans_{key}"] += k
            out[f"runs_{key}"] += k > 0
        out["plans"] += n
        limit = r.get(TIME_LIMIT)
        if isinstance(limit, int | float) and math.isfinite(limit):
            limits.add(float(limit))
            if _count(r.get(NOT_OPTIMAL)):
                limits_not_optimal.add(float(limit))
    out["time_limits_s"] = sorted(limits)
    out["time_limits_s_not_optimal"] = sorted(limits_not_optimal)
    return out


def _count(v: Any) -> int:
    """A count of a record (0 where it has none: a run of an older version, or a NaN a table
    reader made of an empty cell)."""
    try:
        return int(v) if v is not None and math.isfinite(float(v)) else 0
    except (TypeError, ValueError):
        return 0
