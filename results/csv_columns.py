"""Read a result folder's CSV files back as columns of text (the figures read them).

Kept apart from ``results.tables`` (which writes them, from a loaded scenario) so that the
figure worker reads them without importing the scenario models.
"""

from __future__ import annotations

import codecs
import csv
import operator
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

from staffsim.scenarios.tables import unescape_cell


def read_csv_columns(path: Path, columns: Sequence[str] | None = None,
                     last_of: str | None = None) -> dict[str, list[str]]:
    """A CSV file as columns of text (a byte-order mark, if any, is dropped; escaped cells are
    read back as written); ``columns``: only these (a national time series has 200,000 rows:
    a figure that needs four of its columns keeps four); ``last_of``: only the rows whose
    value in that integer column is the largest (a map of the last month keeps 3,300 rows of
    200,000), in the file's order."""
    if last_of is not None:
        plain = _last_rows_plain(path, columns, last_of)
        if plain is not None:
            return plain
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


def _last_rows_plain(path: Path, columns: Sequence[str] | None, last_of: str
                     ) -> dict[str, list[str]] | None:
    """``read_csv_columns(path, columns, last_of)`` for a file that quotes no cell and ends
    its lines with \\n alone (as staffsim writes its series): each line is a row split at
    its commas, so the key is cut out of the lines as bytes and only the rows kept are
    decoded. A national time series: 0.12 s instead of 0.35 s, in the figure worker while
    the command waits for its map. None for any other file (read it with ``csv``)."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b'"' in data or b"\r" in data:
        return None
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the last line's end
    if not lines or b"" in lines:
        return None  # blank lines: as the csv module reads them
    head = [unescape_cell(h) for h in lines[0].decode("utf-8").split(",")]
    want = list(range(len(head))) if columns is None else [head.index(c) for c in columns]
    if not want:
        return {}
    key = head.index(last_of)
    body = lines[1:]
    keys = [cells[key] for cells in map(bytes.split, body, repeat(b","), repeat(key + 1))]
    value = {k: int(k) for k in set(keys)}
    best = max(value.values(), default=None)
    top = {k for k, v in value.items() if v == best}
    rows = [line.decode("utf-8").split(",") for line, k in zip(body, keys, strict=True)
            if k in top]
    out = {}
    for i in want:
        text = [r[i] for r in rows]
        if any(c[:1] == "'" for c in text):
            text = [unescape_cell(c) for c in text]
        out[head[i]] = text
    return out
