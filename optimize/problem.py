"""The transfer MIP under construction: its variables, rows and the terms rows are made of.

The constraint families (``optimize.families``) add their rows through these methods and
``optimize.linear``'s expressions, so they need no solver import of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.linear import ROW_TRANS, Expr, LinearModel, Terms, Var, lin


def neg(terms: Terms) -> Terms:
    return [(v, -c) for v, c in terms]


@dataclass
class TransferProblem:
    inputs: PlanInputs
    elastic: bool
    prob: LinearModel
    aggregated: bool = False  # integer pair flows y, w; arc flows x continuous
    # arcs with a column (None: all); the others are added while solving (pair flows only)
    active: np.ndarray | None = None
    # pair flows, fast path: the arcs whose columns start in the HiGHS model, added there
    # directly (``solve.fast_solver``); the model (``prob``) then holds none of them
    start_arcs: np.ndarray | None = None
    warm: dict | None = None  # a nearby optimum's basis to start from (``optimize.warm``)
    x: list[Var | None] = field(default_factory=list)  # None: no column yet
    # pair flows: the inflow of each recipient pair (r, t) by cost class k (the arcs' allowance
    # rank, ``formulation.cost_classes``): y[(r, t, k)], its arcs, the classes of each pair
    y: dict[tuple[int, int, int], Var] = field(default_factory=dict)
    y_arcs: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)
    inflows: dict[tuple[int, int], list[tuple[int, int, int]]] = field(default_factory=dict)
    arc_class: np.ndarray | None = None  # per arc: its cost class k
    w: dict[tuple[int, int], Var] = field(default_factory=dict)  # out of (d, s)
    u: dict[tuple[int, int], Var] = field(default_factory=dict)
    z: dict[tuple[int, int], Var] = field(default_factory=dict)
    slack: dict[str, dict] = field(default_factory=dict)  # family -> {key: variable}
    unmet_constant: float = 0.0  # weighted unmet of untouched pairs
    infeasible_by_construction: list[str] = field(default_factory=list)
    arcs_in: dict = field(default_factory=dict)  # (r, t) -> arc indices
    arcs_out: dict = field(default_factory=dict)  # (d, s) -> arc indices
    # what the fast solver (``optimize.branch``) reads: integer columns to branch on first
    # (the budget's class counts) and knapsack rows whose integer hull tightens the LP
    branch_first: list[Var] = field(default_factory=list)
    knapsack_rows: list[str] = field(default_factory=list)
    # ("in", (r, t, k)) and ("out", (d, s)) -> the pair flow's row (its index in ``prob``)
    flow_rows: dict[tuple[str, tuple[int, ...]], int] = field(default_factory=dict)
    tiebreak: np.ndarray | None = None  # per arc: its tie-break preference (objective units)
    bnb: Any = None  # the solved model (``branch.BranchAndBound``) when the fast path ran
    arc_x: np.ndarray | None = None  # officials per arc, once the fast path solved it
    bnb_solution: np.ndarray | None = None  # the fast path's solution, column values

    # expressions filled in by ``define_objective``
    unmet_expr: Expr | None = None
    cost_bn_expr: Expr | None = None
    moves_expr: Expr | None = None
    km_expr: Expr | None = None
    slack_expr: Expr | None = None
    tiebreak_expr: Expr | None = None
    # what:  -sum_a k_a, the officials kept on the baseline's commune pairs (in weighted FTE
    # once multiplied by the weight: ``formulation.define_baseline_preference``); 0 without
    keep_expr: Expr | None = None
    keep: np.ndarray | None = None  # per arc: the baseline's officials on it (whatif only)
    keep_weight: float = 0.0  # weighted FTE per official kept on a baseline pair

    lin = staticmethod(lin)
    neg = staticmethod(neg)

    @property
    def columns(self) -> dict[str, int]:
        """Variable name -> its column (the same in the HiGHS model of the fast path, whose
        priced arc columns come after the model's own)."""
        return self.prob.columns

    def people_in(self, r: int, t: int) -> Terms:
        if self.aggregated:
            return [(self.y[k], 1.0) for k in self.inflows.get((r, t), [])]
        return [(self.x[a], 1.0) for a in self.arcs_in.get((r, t), [])]

    def fte_in(self, r: int, t: int) -> Terms:
        if self.aggregated:
            return self.people_in(r, t)
        p = self.inputs.arc_productivity
        return [(self.x[a], float(p[a])) for a in self.arcs_in.get((r, t), [])]

    def people_out(self, d: int, s: int) -> Terms:
        if self.aggregated:
            return [(self.w[(d, s)], 1.0)] if (d, s) in self.w else []
        return [(self.x[a], 1.0) for a in self.arcs_out.get((d, s), [])]

    def all_moves(self) -> Terms:
        """Officials moved, in all."""
        return [t for key in self.arcs_in for t in self.people_in(*key)]

    def cost_terms(self) -> Terms:
        """Allowance over the support period in VND bn, per arc (or per recipient pair and
        cost class: every arc of the class costs the same, its first's)."""
        inp = self.inputs
        if self.aggregated:
            return [(self.y[key], float(inp.arc_allowance_total[arcs[0]]) / 1e9)
                    for key, arcs in self.y_arcs.items()]
        return [(x, c / 1e9)
                for x, c in zip(self.x, inp.arc_allowance_total.tolist(), strict=True)]

    @staticmethod
    def row_name(name: str) -> str:
        """A row's name as the model keeps it (PuLP's: characters such as '-' and ' '
        replaced)."""
        return name.translate(ROW_TRANS)

    def cid(self, c: int) -> str:
        """A commune in row and variable names: ``c`` and its index (``c12``), not its id.
        Ids may hold '_' and the characters PuLP's names replace by it ('-', '+', '[', ']',
        spaces), so ``unmet_`` + id ``hull_14866`` was the hull row of commune 14866, and
        W-1 beside W_1 named one row twice (a trial and a review: an internal error, and
        before the array-built model a plan mixing two communes). An index is digits after
        a letter: no name can be read two ways. Indices are the state's, the same in a
        what-if's baseline and variant (closed communes stay in the state)."""
        return f"c{c}"

    def add_variable(self, name: str, low: float, up: float, integer: bool = False) -> Var:
        """A variable in [low, up] of a family's own rows (continuous unless ``integer``)."""
        return self.prob.add_var(name, low, up, integer)

    def add_slack(self, family: str, key: object, name: str) -> Var:
        """A priced slack variable of ``family``'s row ``name`` (elastic problems)."""
        var = self.prob.add_var(f"slack_{family}_{name}", 0.0)
        self.slack.setdefault(family, {})[key] = var
        return var

