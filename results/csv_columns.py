"""Read a result folder's CSV files back as columns of text (the figures read them).

Kept apart from ``results.tables`` (which writes them, from a loaded scenario) so that the
figure worker reads them without importing the scenario models.
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Sequence
from pathlib import Path

from staffsim.scenarios.tables import unescape_cell


def read_csv_columns(path: Path, columns: Sequence[str] | None = None,
                     last_of: str | None = None) -> dict[str, list[str]]:
    """A CSV file as columns of text (a byte-order mark, if any, is dropped; escaped cells are
    read back as written); ``columns``: only these (a national time series has 200,000 rows:
    a figure that needs four of its columns keeps four); ``last_of``: only the rows whose
    value in that integer column is the largest (a map of the last month keeps 3,300 rows of
    200,000), in the file's order."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        head = [unescape_cell(h) for h in next(reader, [])]
        want = list(range(len(head))) if columns is None else [head.index(c) for c in columns]
        if not want:
            return {}
        pick = operator.itemgetter(*want)
        if last_of is None:
            rows = [pick(r) for r in reader]
        else:
            rows = _rows_of_largest(reader, head.index(last_of), pick)
    if len(want) == 1:  # itemgetter of one index gives the cell, not a tuple
        rows = [(c,) for c in rows]
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(want)
    out = {}
    for i, col in zip(want, cols, strict=True):
        # only a cell that starts with an apostrophe can be escaped: most columns have none
        text = list(col)
        if any(c[:1] == "'" for c in text):
            text = [unescape_cell(c) for c in text]
        out[head[i]] = text
    return out


def _rows_of_largest(reader, key: int, pick) -> list:
    """``pick`` of the rows whose integer cell ``key`` holds the largest value (kept while
    reading: a larger value starts the list again)."""
    rows: list = []
    best = None
    for r in reader:
        v = int(r[key])
        if best is None or v > best:
            best, rows = v, []
        if v == best:
            rows.append(pick(r))
    return rows
