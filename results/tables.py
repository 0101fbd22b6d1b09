"""CSV tables of a run folder: starting state, roster, commune and zone time series."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from staffsim.model.outcomes import AREAS, SERIES_NAMES, area_outcomes
from staffsim.model.workload import required_fte
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import KINDS, ZONES
from staffsim.scenarios.specialties import SPECIALTIES
from staffsim.scenarios.tables import escape_cell

if TYPE_CHECKING:
    from staffsim.model.roster import Roster


class SafeWriter:
    """``csv.writer`` that escapes text cells Excel would read as formulas (OWASP CSV
    injection); staffsim's table reader takes the escape off again."""

    def __init__(self, f, delimiter: str = ",") -> None:
        self._w = csv.writer(f, lineterminator="\n", delimiter=delimiter)
        # csv quotes a cell holding the line terminator ("\n") but not a lone "\r"
        self._quoted = csv.writer(f, lineterminator="\n", delimiter=delimiter,
                                  quoting=csv.QUOTE_ALL)

    def writerow(self, row) -> None:
        cells = [escape_cell(v) for v in row]
        w = self._quoted if any(isinstance(c, str) and "\r" in c for c in cells) else self._w
        w.writerow(cells)

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(f, delimiter: str = ",") -> SafeWriter:
    """The writer for every CSV table staffsim writes."""
    return SafeWriter(f, delimiter)

# CSVs meant to be opened in Excel: UTF-8 with a byte-order mark (without it Excel on Windows
# decodes the file in the ANSI code page and garbles Vietnamese); Python reads it back with
# "utf-8-sig", our table readers with or without the mark.
EXCEL_CSV = "utf-8-sig"


def fmt(x: float) -> str:
    if x != x:  # NaN
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.4f}".rstrip("0").rstrip(".")


def plain(x: float | int | None, digits: int = 6) -> str:
    """A number for a data file, never in scientific notation: whole numbers whole
    (41290000000, not 4.129e+10), others to ``digits`` significant digits (0.000032, not
    3.2e-05); empty for None or NaN."""
    if x is None or isinstance(x, bool):
        return "" if x is None else str(x).lower()
    x = float(x)
    if x != x:
        return ""
    if x.is_integer() and abs(x) < 2**62:
        return str(int(x))
    return np.format_float_positional(x, precision=digits, unique=False, fractional=False,
                                      trim="-")


def exact(x: Any) -> Any:
    """A number for a data file in full: the shortest text that reads back as the same float
    (41291020669.63, not 41291000000), never in scientific notation (0.000032, not 3.2e-05),
    whole numbers whole; empty for None or NaN. Anything else as it is."""
    if x is None:
        return ""
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        return x
    if isinstance(x, int | np.integer):
        return str(int(x))
    x = float(x)
    if not math.isfinite(x):
        return "" if x != x else repr(x)
    if x.is_integer() and abs(x) < 2**62:
        return str(int(x))
    return np.format_float_positional(x, unique=True, trim="-")


def fmt_array(x: np.ndarray) -> np.ndarray:
    """``fmt`` of every value, as an array of text (the same text, without a Python call per
    value: a national run writes 200,000 rows of 24 series)."""
    x = np.asarray(x, dtype=float).ravel()
    out = np.full(len(x), "", dtype=object)  # NaN: empty
    whole = np.isfinite(x) & (x == np.floor(x)) & (np.abs(x) < 2**62)
    out[whole] = _int_texts(x[whole].astype(np.int64))  # most cells: counts
    rest = np.flatnonzero(~whole & ~np.isnan(x))
    if not rest.size:
        return out
    # the rest to 4 decimals in integers: q = x 10^4 rounded, half to even like ``fmt``'s
    # f-string, which rounds x's exact binary value. The product's own rounding can only
    # decide a value within a hair of a half: those, and values too large for the product
    # to be exact to 0.005, are left to the f-string
    v = x[rest]
    exact = np.abs(v) < 1e9  # (not inf, nor a product that overflows)
    s = np.where(exact, v, 0.0) * 1e4
    q = np.rint(s)
    exact &= np.abs(np.abs(s - np.floor(s)) - 0.5) >= 1e-6
    slow = rest[~exact]
    if slow.size:
        out[slow] = [f"{t:.4f}".rstrip("0").rstrip(".") for t in x[slow].tolist()]
    v, q = v[exact], np.abs(q[exact]).astype(np.int64)
    # "-0" for a small negative value, as the f-string's "-0.0000" stripped
    text = np.where(v < 0, "-", "").astype(object)
    text = text + _int_texts(q // 10_000) + _fractions()[q % 10_000]
    out[rest[exact]] = text
    return out


def _int_texts(values: np.ndarray) -> np.ndarray:
    """str() of every integer: a table of the range when it is narrow (one lookup a value),
    else of the distinct values (a sort)."""
    if not values.size:
        return np.zeros(0, dtype=object)
    lo, hi = int(values.min()), int(values.max())
    if hi - lo <= max(4 * len(values), 1024):
        table = np.array(list(map(str, range(lo, hi + 1))), dtype=object)
        return table[values - lo]
    distinct, where = np.unique(values, return_inverse=True)
    return np.array(list(map(str, distinct.tolist())), dtype=object)[where]


@cache
def _fractions() -> np.ndarray:
    """".0001" .. ".9999" stripped of trailing zeros, "" for none: the decimals of fmt's text
    (made on first use, not at import: 4 ms of every command's start-up)."""
    return np.array([""] + [f".{k:04d}".rstrip("0") for k in range(1, 10_000)], dtype=object)


def _csv_cell(text: str) -> str:
    """One text cell as the csv module writes it (escaped, quoted if needed)."""
    buf = io.StringIO()
    csv_writer(buf).writerow([text])
    return buf.getvalue()[:-1]


_PLAIN = re.compile(r'[^,"\r\n]*')


# in texts joined by newlines: a cell that would be quoted, or escaped (``escape_cell``: a
# formula start, or an apostrophe that may stand before one)
_SPECIAL = re.compile(r'[,"\r]|\n[=+\-@\t\']')


def _csv_cells(texts: Sequence[str]) -> np.ndarray:
    """``_csv_cell`` of each text; the common case (nothing to quote or escape) kept as is.
    A column with no such cell at all (officials' ids: 206,000 nationally) is checked in one
    pass over the joined text rather than cell by cell."""
    texts = list(texts)
    joined = "\n" + "\n".join(texts)
    if joined.count("\n") == len(texts) and not _SPECIAL.search(joined):
        return np.array(texts, dtype=object)
    return np.array([t if _PLAIN.fullmatch(t) and escape_cell(t) == t else _csv_cell(t)
                     for t in texts], dtype=object)


ROWS_AT_ONCE = 20_000  # rows turned into text at a time: bounds the memory of a large table


def _write_rows(f, columns: list[np.ndarray]) -> None:
    """Rows of cells already in CSV form (columns of equal length) as lines of ``f``."""
    n = len(columns[0])
    for start in range(0, n, ROWS_AT_ONCE):
        part = [c[start:start + ROWS_AT_ONCE] for c in columns]
        f.writelines(",".join(row) + "\n" for row in zip(*part, strict=True))


def human(x: float | None, unit: str, decimals: int = 0) -> str:
    """A figure for people in its unit: VND in billions, shares in percent, ratios to two
    decimals, anything else with thousands separators; '-' when undefined."""
    if x is None or x != x:
        return "-"
    if unit == "VND":
        return f"{x / 1e9:,.1f} bn"
    if unit == "share":
        return f"{x:.1%}"
    if unit == "ratio":
        return f"{x:.2f}"
    return f"{x:,.{decimals}f}"


def write_communes(path: Path, scenario: Scenario, roster: Roster) -> None:
    """Starting state per commune: attributes, quota, WISN requirement, staff by specialty."""
    # deferred: the roster module imports scipy.special (0.13 s), which the figure worker,
    # reading tables only, does not need
    from staffsim.model.roster import quota

    c, p = scenario.communes, scenario.params
    req = required_fte(p.workload, c.population, c.zone, 0)
    staff = roster.counts(len(c))
    q = quota(c, p.staffing)
    essential = [i for i, s in enumerate(p.workload.specialties.ordered()) if s.essential]
    head = ["commune_id", "name", "kind", "zone", "province_code", "population", "area_km2",
            "lat", "lon", "quota", "required_fte", "in_post", "wisn_ratio", "unmet_fte",
            "missing_essential"]
    head += [f"required_{s}" for s in SPECIALTIES] + [f"in_post_{s}" for s in SPECIALTIES]
    n = len(c)
    with np.errstate(divide="ignore", invalid="ignore"):  # (no requirement: inf or empty)
        ratio = staff.sum(axis=1) / req.sum(axis=1)
    missing = [";".join(SPECIALTIES[j] for j in essential if s[j] == 0) for s in staff]
    # a column at a time (3,321 communes nationally: 0.26 s row by row, a call per cell)
    columns = [_csv_cells(c.ids), _csv_cells(c.names),
               _csv_cells(KINDS)[np.asarray(c.kind, np.int64)],
               _csv_cells(ZONES)[np.asarray(c.zone, np.int64)],
               _csv_cells([str(x) for x in c.province]),
               *(fmt_array(np.asarray(v, float)[:n]) for v in (c.population, c.area_km2,
                                                                  c.lat, c.lon)),
               _int_texts(np.asarray(q, np.int64)), fmt_array(req.sum(axis=1)),
               _int_texts(staff.sum(axis=1).astype(np.int64)), fmt_array(ratio),
               fmt_array(np.maximum(req - staff, 0).sum(axis=1)), _csv_cells(missing),
               *(fmt_array(req[:, j]) for j in range(req.shape[1])),
               *(_int_texts(staff[:, j].astype(np.int64)) for j in range(staff.shape[1]))]
    # a lone "\r" in a text cell: the csv writer quotes every cell of that row (as the row
    # writer did); the raw texts stand where the columns hold them escaped
    raw = {0: c.ids, 1: c.names, 4: [str(x) for x in c.province], 14: missing}
    odd = {i for i in range(n) if any("\r" in texts[i] for texts in raw.values())}
    # the communes' Vietnamese names: with the byte-order mark, as plan.csv, or Excel on
    # Windows shows them garbled (a trial); staffsim's readers take it off
    with open(path, "w", encoding=EXCEL_CSV, newline="") as f:
        w = csv_writer(f)
        w.writerow(head)
        if n and not odd:
            _write_rows(f, columns)
        for i in range(n) if odd else ():
            if i in odd:
                w.writerow([raw[k][i] if k in raw else col[i]
                            for k, col in enumerate(columns)])
            else:
                f.write(",".join(col[i] for col in columns) + "\n")


def write_roster(path: Path, scenario: Scenario, roster: Roster) -> None:
    """A roster CSV in the input format (it can be given back as ``province.roster_csv``):
    the communes' officials, then the pool units' (departments, Party/Front), if any."""
    from staffsim.model.roster import pool_roster  # deferred: see write_communes

    parts = [(roster, scenario.communes.ids)]
    pool = pool_roster(scenario)
    if pool is not None:
        parts.append((pool, scenario.pool.units.ids))
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv_writer(f).writerow(["official_id", "commune_id", "specialty", "birth_year",
                                "birth_month", "leader", "protected", "sex"])
        specialties = _csv_cells(SPECIALTIES)
        for r, ids in parts:  # a column at a time, in chunks (206,707 officials nationally)
            cells = _csv_cells(ids)
            for a in range(0, r.n, ROWS_AT_ONCE):
                b = min(a + ROWS_AT_ONCE, r.n)
                year, month = np.divmod(np.asarray(r.birth_month[a:b], np.int64), 12)
                _write_rows(f, [_csv_cells(r.official_id[a:b]),
                                cells[np.asarray(r.commune[a:b], np.int64)],
                                specialties[np.asarray(r.specialty[a:b], np.int64)],
                                _int_texts(year), _int_texts(month + 1),
                                np.where(r.leader[a:b], "true", "false").astype(object),
                                np.where(r.protected[a:b], "true", "false").astype(object),
                                np.where(r.female[a:b], "F", "M").astype(object)])


def write_timeseries(path: Path, scenario: Scenario,
                     runs: list[tuple[int, dict[str, np.ndarray]]]) -> None:
    """One row per replication, month and commune with every recorded series."""
    ids = _csv_cells(scenario.communes.ids)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv_writer(f).writerow(["replication", "month", "commune_id", *SERIES_NAMES])
        for rep, series in runs:
            months, n = series[SERIES_NAMES[0]].shape
            # whole columns formatted at once, rows in the order replication, month, commune;
            # a few months at a time (a national replication is 200,000 rows)
            step = max(1, ROWS_AT_ONCE // max(n, 1))
            for t0 in range(0, months, step):
                t1 = min(t0 + step, months)
                k = t1 - t0
                _write_rows(f, [np.full(k * n, str(rep), dtype=object),
                                np.repeat(np.arange(t0, t1).astype(str), n).astype(object),
                                np.tile(ids, k),
                                *(fmt_array(series[name][t0:t1]) for name in SERIES_NAMES)])


def write_zone_timeseries(path: Path, runs: list[tuple[tuple, dict[str, np.ndarray]]],
                          keys: tuple[str, ...] = ("replication",)) -> None:
    """One row per run (its ``keys`` values), month and area (zones and province) with every
    area outcome."""
    names = [o.name for o in area_outcomes()]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow([*keys, "month", "area", *names])
        for key, table in runs:
            months = table[names[0]].shape[0]
            for t in range(months):
                for a, area in enumerate(AREAS):
                    w.writerow([*key, t, area, *(fmt(table[n][t, a]) for n in names)])
