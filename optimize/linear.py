"""The transfer problem's linear model, held in arrays: columns, rows and the objective.

The formulation and the constraint families write rows the way a modelling language reads
(``lin(terms) <= rhs``, ``model += row, name``), but each row lands in flat lists (compressed
rows), so the model goes to HiGHS in one call per side (``highs_arrays``) and to PuLP only when
PuLP's MIP solvers are asked for (``to_pulp``: the reference path the tests compare with, CBC,
the lexicographic method, the elastic explanations of an infeasible problem).

Why not PuLP's own objects on every path: on Thanh Hóa the 7,000 rows cost 0.13-0.23 s to
build through PuLP and 0.06-0.08 s more to read back out of it for HiGHS, a fifth of the whole
``staffsim plan``; here they cost a few hundredths of that (benchmarks/bench_ratios.py).

Names follow PuLP's, so that a basis kept by name (``optimize.warm``, the plan cache) means the
same in either: a row's name has ``- + [ ]`` and spaces replaced by ``_``, a column's its spaces.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pulp

INF = math.inf
# what PuLP replaces by "_" in row and column names (names hold no commune ids, which may
# have them: ``TransferProblem.cid``)
ROW_CHARS, COL_CHARS = "-+[] ", " "
ROW_TRANS = str.maketrans(ROW_CHARS, "_" * len(ROW_CHARS))  # (LpAffineExpression.trans)
COL_TRANS = str.maketrans(COL_CHARS, "_" * len(COL_CHARS))


def _clean(name: str, chars: str, table: dict[int, int]) -> str:
    """``name`` with ``chars`` replaced (``table``); testing for them first is 10x faster
    than ``str.translate`` on names that have none (nearly all: names hold indices)."""
    for ch in chars:
        if ch in name:
            return name.translate(table)
    return name


class Var:
    """A column of the model: its index and name. In sums and products it is the expression
    1 x itself (``x + y``, ``2 * x``, ``lin(terms) + x``), as a PuLP variable is; rows are
    written on expressions (``lin``)."""

    __slots__ = ("index", "name")

    def __init__(self, index: int, name: str) -> None:
        self.index, self.name = index, name

    def __repr__(self) -> str:
        return self.name

    def expr(self) -> Expr:
        return Expr([self.index], [1.0])

    def __add__(self, other: Expr | Var | float) -> Expr:
        return self.expr() + other

    __radd__ = __add__

    def __sub__(self, other: Expr | Var | float) -> Expr:
        return self.expr() - other

    def __rsub__(self, other: Expr | float) -> Expr:
        return -self.expr() + other

    def __mul__(self, k: float) -> Expr:
        return self.expr() * k

    __rmul__ = __mul__

    def __neg__(self) -> Expr:
        return -self.expr()


Terms = list[tuple[Var, float]]


class Expr:
    """sum of coefficient x column + constant (a column may appear more than once: its
    coefficients add up)."""

    __slots__ = ("cols", "coefs", "constant")

    def __init__(self, cols: list[int] | None = None, coefs: list[float] | None = None,
                 constant: float = 0.0) -> None:
        self.cols = [] if cols is None else cols
        self.coefs = [] if coefs is None else coefs
        self.constant = float(constant)

    def __add__(self, other: Expr | Var | float) -> Expr:
        if isinstance(other, Var):
            other = other.expr()
        if isinstance(other, Expr):
            return Expr(self.cols + other.cols, self.coefs + other.coefs,
                        self.constant + other.constant)
        if not isinstance(other, int | float | np.number) or isinstance(other, bool):
            raise TypeError(f"an expression plus {type(other).__name__}: add variables, "
                            "expressions (lin) or numbers")
        return Expr(list(self.cols), list(self.coefs), self.constant + float(other))

    __radd__ = __add__

    def __mul__(self, k: float) -> Expr:
        k = float(k)
        return Expr(list(self.cols), [c * k for c in self.coefs], self.constant * k)

    __rmul__ = __mul__

    def __neg__(self) -> Expr:
        return self * -1.0

    def __sub__(self, other: Expr | float) -> Expr:
        return self + (-other)

    def _row(self, other: Expr | Var | float, lower: bool, upper: bool) -> Row:
        if isinstance(other, Var):
            other = other.expr()
        e = self - other if isinstance(other, Expr) else self
        rhs = (0.0 if isinstance(other, Expr) else float(other)) - e.constant
        return Row(e.cols, e.coefs, rhs if lower else -INF, rhs if upper else INF)

    def __le__(self, other: Expr | float) -> Row:  # type: ignore[override]
        return self._row(other, False, True)

    def __ge__(self, other: Expr | float) -> Row:  # type: ignore[override]
        return self._row(other, True, False)

    def __eq__(self, other: object) -> Row:  # type: ignore[override]
        return self._row(other, True, True)  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]

    def value(self, x: np.ndarray) -> float:
        """The expression at column values ``x``."""
        if not self.cols:
            return self.constant
        return self.constant + float(np.dot(np.asarray(self.coefs, float),
                                            x[np.asarray(self.cols, np.int64)]))

    def dense(self, n: int) -> np.ndarray:
        """Coefficient per column (repeated columns summed)."""
        out = np.zeros(n)
        np.add.at(out, np.asarray(self.cols, np.int64), np.asarray(self.coefs, float))
        return out


class Row:
    """lower <= sum of coefficient x column <= upper, before it has a name and an index."""

    __slots__ = ("cols", "coefs", "lower", "upper")

    def __init__(self, cols: list[int], coefs: list[float], lower: float, upper: float
                 ) -> None:
        self.cols, self.coefs, self.lower, self.upper = cols, coefs, lower, upper


class RowBatch:
    """Rows gathered to go into a model at once (``LinearModel.add_rows``): the same rows, in
    the same order, as ``add_row`` would add one by one, without an expression and a row
    object each (the formulation's per-pair rows: 5,000 of Thanh Hóa's 7,000)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.counts: list[int] = []
        self.cols: list[int] = []
        self.coefs: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, name: str, terms: Terms, lower: float = -INF, upper: float = INF) -> None:
        """lower <= sum of coefficient x variable over ``terms`` <= upper."""
        self.names.append(name)
        self.counts.append(len(terms))
        self.cols.extend(v.index for v, _ in terms)
        self.coefs.extend(c for _, c in terms)
        self.lower.append(lower)
        self.upper.append(upper)

    def add_to(self, model: LinearModel) -> range:
        """The rows into ``model``; their indices there."""
        return model.add_rows(self.names, self.counts, self.cols, self.coefs, self.lower,
                              self.upper)


def _new_names(names: list[str], taken: dict[str, int], what: str) -> None:
    """Refuse ``names`` if one is ``taken`` or given twice (before anything is added)."""
    clash = [n for n in names if n in taken]
    if not clash and len(set(names)) < len(names):
        clash = [n for n in names if names.count(n) > 1]
    if clash:
        raise ValueError(f"two {what} named {clash[0]}")


def lin(terms: Iterable[tuple[Var, float]]) -> Expr:
    """sum of coefficient x variable."""
    terms = list(terms)
    return Expr([v.index for v, _ in terms], [float(c) for _, c in terms])


class LinearModel:
    """Columns (name, bounds, integrality), rows in compressed form (name, bounds, entries)
    and an objective to minimise; after a solve, ``values`` per column."""

    def __init__(self) -> None:
        self.col_names: list[str] = []
        self.col_lower: list[float] = []
        self.col_upper: list[float] = []
        self.col_integer: list[bool] = []
        self.columns: dict[str, int] = {}  # name -> index
        self.row_names: list[str] = []
        self.rows: dict[str, int] = {}  # name -> index
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.row_starts: list[int] = [0]
        self.entry_cols: list[int] = []
        self.entry_coefs: list[float] = []
        self.objective = Expr()
        self.values: np.ndarray | None = None  # per column, once solved

    @property
    def n_cols(self) -> int:
        return len(self.col_names)

    @property
    def n_rows(self) -> int:
        return len(self.row_names)

    # -- columns ---------------------------------------------------------------------
    def add_var(self, name: str, low: float = 0.0, up: float = INF,
                integer: bool = False) -> Var:
        name = _clean(name, COL_CHARS, COL_TRANS)
        j = len(self.col_names)
        if self.columns.setdefault(name, j) != j:
            raise ValueError(f"two columns named {name}")
        self.col_names.append(name)
        self.col_lower.append(float(low))
        self.col_upper.append(float(up))
        self.col_integer.append(integer)
        return Var(j, name)

    def add_vars(self, names: list[str], low: Iterable[float], up: Iterable[float],
                 integer: bool = False) -> list[Var]:
        """Columns ``names`` in [low, up] (one bound per name), in order. Refused, the model
        unchanged, if a name is taken or the bounds do not match the names."""
        first = len(self.col_names)
        names = [_clean(n, COL_CHARS, COL_TRANS) for n in names]
        low, up = [float(v) for v in low], [float(v) for v in up]
        if not len(low) == len(up) == len(names):
            raise ValueError("one lower and one upper bound per column")
        _new_names(names, self.columns, "columns")
        self.columns.update(zip(names, range(first, first + len(names)), strict=True))
        self.col_names.extend(names)
        self.col_lower.extend(low)
        self.col_upper.extend(up)
        self.col_integer.extend([integer] * len(names))
        return [Var(j, n) for j, n in enumerate(names, first)]

    def set_bounds(self, var: Var, low: float, up: float) -> None:
        self.col_lower[var.index], self.col_upper[var.index] = float(low), float(up)

    # -- rows ------------------------------------------------------------------------
    def add_row(self, row: Row, name: str) -> int:
        """The row's index; its name as PuLP would keep it (``row_name``). A column written
        twice in a row is one entry, its coefficients summed (at the hand-over)."""
        name = _clean(name, ROW_CHARS, ROW_TRANS)
        i = len(self.row_names)
        if self.rows.setdefault(name, i) != i:
            raise ValueError(f"two rows named {name}")
        self.row_names.append(name)
        self.row_lower.append(row.lower)
        self.row_upper.append(row.upper)
        self.entry_cols.extend(row.cols)
        self.entry_coefs.extend(row.coefs)
        self.row_starts.append(len(self.entry_cols))
        return i

    def add_rows(self, names: list[str], counts: list[int], cols: list[int],
                 coefs: list[float], lower: list[float], upper: list[float]) -> range:
        """Many rows at once (the formulation's per-pair rows): row k has the next
        ``counts[k]`` entries of ``cols`` and ``coefs`` and bounds ``lower[k]``,
        ``upper[k]``; their indices. Same rows as ``add_row`` one by one, without an
        expression per row."""
        first = len(self.row_names)
        names = [_clean(n, ROW_CHARS, ROW_TRANS) for n in names]
        if not (len(counts) == len(lower) == len(upper) == len(names)
                and sum(counts) == len(cols) == len(coefs)):
            raise ValueError("one count and two bounds per row, one coefficient per entry")
        if any(lo != up and not (math.isinf(lo) or math.isinf(up))
               for lo, up in zip(lower, upper, strict=True)):
            raise ValueError("a row is ==, <= or >= (PuLP's copy holds no row with two "
                             "bounds)")
        _new_names(names, self.rows, "rows")
        self.rows.update(zip(names, range(first, first + len(names)), strict=True))
        self.row_names.extend(names)
        self.row_lower.extend(lower)
        self.row_upper.extend(upper)
        self.entry_cols.extend(cols)
        self.entry_coefs.extend(coefs)
        self.row_starts.extend(list(itertools.accumulate(counts,
                                                         initial=self.row_starts[-1]))[1:])
        return range(first, len(self.row_names))

    def __iadd__(self, item: tuple[Row, str]) -> LinearModel:
        """``model += row, name`` (as in PuLP)."""
        row, name = item
        self.add_row(row, name)
        return self

    def row_entries(self, i: int) -> tuple[list[int], list[float]]:
        """Row ``i``'s entries as written (a column may come twice)."""
        a, b = self.row_starts[i], self.row_starts[i + 1]
        return self.entry_cols[a:b], self.entry_coefs[a:b]

    def row_terms(self, i: int) -> dict[int, float]:
        """Row ``i``'s coefficient per column, a column written twice summed (as the
        hand-over does, ``highs_arrays``)."""
        merged: dict[int, float] = {}
        for j, c in zip(*self.row_entries(i), strict=True):
            merged[j] = merged.get(j, 0.0) + c
        return merged

    # -- objective -------------------------------------------------------------------
    def setObjective(self, expr: Expr) -> None:  # noqa: N802 (PuLP's name, kept for callers)
        self.objective = expr

    # -- hand-over -------------------------------------------------------------------
    def highs_arrays(self) -> dict[str, np.ndarray | float]:
        """The model as HiGHS's ``addCols``/``addRows`` take it (zero entries left out);
        integrality in ``integer`` (the column indices), for the caller to relax or keep."""
        n = self.n_cols
        cols = np.asarray(self.entry_cols, np.int64)
        coefs = np.asarray(self.entry_coefs, float)
        starts = np.asarray(self.row_starts, np.int64)
        row = np.repeat(np.arange(self.n_rows), np.diff(starts))
        key = row * max(n, 1) + cols
        if len(key) and (np.diff(key) <= 0).any():  # out of order, or a column twice
            uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            if len(uniq) < len(key):  # one entry per column and row, coefficients summed
                summed = np.zeros(len(uniq))
                np.add.at(summed, inverse, coefs)
                order = np.argsort(first, kind="stable")  # each row's entries as written
                row, cols, coefs = row[first[order]], cols[first[order]], summed[order]
                starts = np.searchsorted(row, np.arange(self.n_rows + 1))
        nonzero = coefs != 0
        if not nonzero.all():
            kept = np.r_[0, np.cumsum(nonzero)]
            starts, cols, coefs = kept[starts], cols[nonzero], coefs[nonzero]
        cols = cols.astype(np.int32)
        return {"cost": self.objective.dense(n), "offset": self.objective.constant,
                "col_lower": np.asarray(self.col_lower, float),
                "col_upper": np.asarray(self.col_upper, float),
                "integer": np.flatnonzero(np.asarray(self.col_integer, bool)).astype(np.int32),
                "row_lower": np.asarray(self.row_lower, float),
                "row_upper": np.asarray(self.row_upper, float),
                "starts": starts[:-1].astype(np.int32), "index": cols, "value": coefs}

    def to_pulp(self, name: str = "transfers") -> tuple[pulp.LpProblem, list[pulp.LpVariable]]:
        """The same model as a PuLP problem (for PuLP's MIP solvers) and its variables in
        column order; with ``values``, each variable starts from its value (warm starts)."""
        import pulp  # only the solver paths that need it load it (0.04 s)

        prob = pulp.LpProblem(name, pulp.LpMinimize)
        bound = lambda v: None if math.isinf(v) else v  # noqa: E731
        vs = [prob.add_variable(n, lowBound=bound(lo), upBound=bound(up),
                                cat=pulp.LpInteger if i else pulp.LpContinuous)
              for n, lo, up, i in zip(self.col_names, self.col_lower, self.col_upper,
                                      self.col_integer, strict=True)]
        for i, name_i in enumerate(self.row_names):
            e = pulp.lpSum_vars_coefs([(vs[j], c) for j, c in self.row_terms(i).items()])
            lo, up = self.row_lower[i], self.row_upper[i]
            if lo == up:
                con = e == lo
            elif math.isinf(up):
                con = e >= lo
            elif math.isinf(lo):
                con = e <= up
            else:
                raise ValueError(f"row {name_i} has two bounds: PuLP cannot hold it")
            prob.addConstraint(con, name_i)
        cost = self.objective.dense(len(vs))  # (repeated columns summed)
        prob.setObjective(pulp.lpSum_vars_coefs(
            [(vs[j], float(cost[j])) for j in np.flatnonzero(cost).tolist()])
            + self.objective.constant)
        if self.values is not None and len(self.values) == len(vs):
            for v, x in zip(vs, self.values.tolist(), strict=True):
                v.setInitialValue(x, check=False)
        return prob, vs
