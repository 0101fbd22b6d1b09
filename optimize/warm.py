"""A solved model's simplex basis by name, to start a nearby problem from (a warm start).

A what-if variant (another budget, a manual move) is the baseline's problem with a few bounds
or pairs changed. Its HiGHS model is built afresh, with other column and row indices, so the
baseline's basis is kept by what the columns and rows are rather than where they sit: the
model's names (``optimize.linear``, PuLP's naming) for the pair, unmet-need and count columns
and for the rows, and ``pairs.pair_keys`` for the arc columns. Only entries other than the
default are kept (a column non-basic at its lower bound, a row's slack basic): on Thanh Hóa
1,700 columns, 840 arcs and 2,600 rows.

Mapped onto the variant, the basis may have a few basic variables too many or too few (pairs
the variant adds or loses); HiGHS accepts such an "alien" basis and completes it with slacks.
Where the basis starts changes the simplex path, never the optimum (unique: the
formulation's tie-break), so a basis that fits badly costs time, not correctness; one that
HiGHS refuses is dropped and the variant starts from the slack basis as it would have.
"""

from __future__ import annotations

import highspy
import numpy as np

from staffsim.optimize.pairs import arc_pair_keys
from staffsim.optimize.problem import TransferProblem

_STATUS = highspy.HighsBasisStatus
_LOWER, _BASIC = int(_STATUS.kLower), int(_STATUS.kBasic)
# HiGHS's statuses by their integers: made once (making one per column from its integer took
# 0.07 s of a Thanh Hóa what-if's 54,000 columns)
_BY_INT = {int(s): s for s in (_STATUS.kLower, _STATUS.kBasic, _STATUS.kUpper, _STATUS.kZero,
                               _STATUS.kNonbasic)}
_KNOWN = set(_BY_INT)


def named_basis(tp: TransferProblem) -> dict | None:
    """The basis at the solved problem's root LP optimum, by name:
    ``{"cols": {name: status}, "arcs": {pair key: status}, "rows": {name: status}}``, statuses
    as HiGHS's integers; None if ``tp`` was not solved by the fast path."""
    bb = tp.bnb
    if bb is None or bb.pricer is None:
        return None
    basis = bb.root_basis  # (columns and rows made later are not in it: left out below)
    if basis is None or not basis.valid:
        return None
    cs = np.fromiter((int(s) for s in basis.col_status), np.int64, len(basis.col_status))
    rs = np.fromiter((int(s) for s in basis.row_status), np.int64, len(basis.row_status))
    cols = {name: int(cs[j]) for name, j in tp.columns.items()
            if j < len(cs) and cs[j] != _LOWER}
    keys = arc_pair_keys(tp.inputs)
    arcs = np.flatnonzero((bb.pricer.col >= 0) & (bb.pricer.col < len(cs)))
    status = cs[bb.pricer.col[arcs]]
    kept = status != _LOWER
    names = tp.prob.row_names
    rows = {names[i]: int(rs[i]) for i in np.flatnonzero(rs[:len(names)] != _BASIC).tolist()}
    return {"cols": cols, "arcs": dict(zip(keys[arcs[kept]].tolist(), status[kept].tolist(),
                                           strict=True)), "rows": rows}


def start_from(tp: TransferProblem, named: dict) -> bool:
    """Give ``tp``'s HiGHS model (``tp.bnb``, built, not yet solved) the basis ``named``
    (``named_basis`` of a nearby problem). False, and the model untouched, if it does not
    take it."""
    bb = tp.bnb
    h = bb.h
    try:
        cs = np.full(h.getNumCol(), _LOWER, np.int64)
        rs = np.full(h.getNumRow(), _BASIC, np.int64)
        for name, st in named["cols"].items():
            j = tp.columns.get(name)
            if j is not None and st in _KNOWN:
                cs[j] = st
        arc_status = named["arcs"]
        known = np.fromiter(arc_status, np.int64, len(arc_status))
        status = np.fromiter(arc_status.values(), np.int64, len(arc_status))
        order = np.argsort(known)
        known, status = known[order], status[order]
        arcs = np.flatnonzero(bb.pricer.col >= 0)
        keys = arc_pair_keys(tp.inputs)[arcs]
        at = np.minimum(np.searchsorted(known, keys), max(len(known) - 1, 0))
        hit = (known[at] == keys) & np.isin(status[at], list(_KNOWN)) if len(known) else \
            np.zeros(len(arcs), bool)
        cs[bb.pricer.col[arcs[hit]]] = status[at[hit]]
        index = tp.prob.rows
        for name, st in named["rows"].items():
            i = index.get(name)
            if i is not None and st in _KNOWN:
                rs[i] = st
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError):  # not a basis
        return False  # of ours (a planted entry)
    basis = highspy.HighsBasis()
    basis.col_status = [_BY_INT[s] for s in cs.tolist()]
    basis.row_status = [_BY_INT[s] for s in rs.tolist()]
    basis.valid = True
    basis.alien = True  # HiGHS completes a basis with too few or too many basic variables
    return h.setBasis(basis) == highspy.HighsStatus.kOk
