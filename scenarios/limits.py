"""Limits on what staffsim reads and runs, checked before the expensive work.

Each limit has a default sized well above the national scenario (3,321 communes, 206,707
officials) and an environment variable to raise it (README, "Limits"). A limit is read when it
is checked, so a test or a shell can raise it for one command.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from staffsim.scenarios.errors import ScenarioError, quote


@dataclass(frozen=True)
class Limit:
    name: str  # what is limited, in words
    default: int
    env: str  # environment variable that raises it
    unit: str = ""
    covers: str = ""  # what is checked, and when (README, "Limits")

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        # digits only (or 1e6): '1.5' was cut to 1 and '1.000', a Vietnamese thousand, too
        try:
            if not _WHOLE.fullmatch(raw):
                raise ValueError
            x = float(raw)
            if not math.isfinite(x) or not x.is_integer() or x < 1:
                raise ValueError
        except ValueError:
            raise ScenarioError(f"environment variable {self.env}", "",
                                f"{quote(raw)} is not a positive whole number (digits "
                                "only, without separators: 1000000)") from None
        return int(x)

    @property
    def suspended(self) -> bool:
        """Is the check put off (``put_off``)?"""
        return self.env in _PUT_OFF.get()

    def hint(self) -> str:
        return f"limit {self.value:,}{' ' + self.unit if self.unit else ''}; raise it with " \
               f"the environment variable {self.env}"

    def check(self, amount: float, source: object, where: str, what: str) -> None:
        """ScenarioError naming ``where`` when ``amount`` exceeds the limit."""
        if amount > self.value:
            raise ScenarioError(source, where, f"{what} ({_count(amount)}) exceeds the "
                                f"{self.name} {self.hint()}")


_WHOLE = re.compile(r"\d+(?:[eE]\+?\d+)?")
_PUT_OFF: ContextVar[frozenset[str]] = ContextVar("staffsim_limits_put_off", default=frozenset())


@contextmanager
def put_off(limit: Limit) -> Iterator[None]:
    """Checks of ``limit`` that read it through ``suspended`` are skipped inside: a scenario
    file validated before its --set values and flags apply (a file of 60 months under a limit
    of 10 was refused although the command asked for 3)."""
    token = _PUT_OFF.set(_PUT_OFF.get() | {limit.env})
    try:
        yield
    finally:
        _PUT_OFF.reset(token)


def _count(x: float) -> str:
    """An amount in full with separators, never in scientific notation (a factorial design's
    points read '1e+20'): a whole number exactly, a float of 16 digits or more rounded to its
    3 significant digits (its last digits are the float's noise, 1e20 is not 100,000,000,000,
    000,000,000 to the unit)."""
    if isinstance(x, int):
        return f"{x:,}"
    if x < 1e15 or not math.isfinite(x):
        return f"{x:,.0f}"
    return f"{int(Decimal(f'{x:.3g}')):,}"


MB = 1 << 20
INPUT_FILE = Limit("input file size", 200, "STAFFSIM_MAX_INPUT_MB", "MB",
                   "each data table and --plan file, before it is read")
SCENARIO_FILE = Limit("scenario file size", 1024, "STAFFSIM_MAX_SCENARIO_KB", "KB",
                      "the scenario file, before it is read")
TABLE_ROWS = Limit("table rows", 1_000_000, "STAFFSIM_MAX_ROWS", "rows",
                   "data rows of a distances, pool, roster or --plan table: an .xlsx's "
                   "declared height before reading, a CSV of more lines counted before it is "
                   "read, and the rows read, refused at the first one over")
TABLE_COLUMNS = Limit("table columns", 200, "STAFFSIM_MAX_COLUMNS", "columns",
                      "columns of any table (an .xlsx's declared width before reading)")
COMMUNES = Limit("communes", 10_000, "STAFFSIM_MAX_COMMUNES", "communes",
                 "rows of the communes table, as table rows are (distances are communes "
                 "squared)")
XLSX_UNCOMPRESSED = Limit("uncompressed .xlsx size", 500, "STAFFSIM_MAX_XLSX_MB", "MB",
                          "an .xlsx's unpacked size, from its zip directory, before opening")
XLSX_SHEETS = Limit("workbook sheets", 1_000, "STAFFSIM_MAX_SHEETS", "sheets",
                    "sheets of an .xlsx, before any is read")
TOML_DEPTH = Limit("scenario nesting depth", 32, "STAFFSIM_MAX_TOML_DEPTH", "levels",
                   "nested tables and arrays of a scenario file or --set value")
OFFICIALS = Limit("officials", 1_000_000, "STAFFSIM_MAX_OFFICIALS", "officials",
                  "roster rows, roster.target_total and the generated roster, before "
                  "generating")
SWEEP_POINTS = Limit("sweep design points", 100_000, "STAFFSIM_MAX_SWEEP_POINTS", "points",
                     "points of a [sweep] design, counted before sampling")
SWEEP_RUNS = Limit("sweep runs", 100_000, "STAFFSIM_MAX_SWEEP_RUNS", "runs",
                   "design points x replications, before the sweep folder is made")
SIM_MONTHS = Limit("simulated months", 2_000_000, "STAFFSIM_MAX_SIMULATED_MONTHS", "months",
                   "months x replications (x arms for compare, x 2 for whatif --simulate, "
                   "x points for a sweep), before simulating")
RUN_SERIES = Limit("commune-months of a run", 5_000_000, "STAFFSIM_MAX_RUN_COMMUNE_MONTHS",
                   "commune-months", "months x replications x communes of `run`, whose series "
                   "are kept in memory (about 150 bytes each) and written to timeseries.csv, "
                   "before simulating")
# the work of a comparison or a sweep grows with the communes too: SIM_MONTHS counts a
# national month as a demo's, and let a national comparison of 12 days through (a
# researcher's trial: 72 s for 5 arms x 2 replications x 12 months x 3,321 communes, about
# 5,500 commune-months a second on 2 cores). This limit holds the bundled studies (Thanh Hóa's
# sweep 6.0 million, the national compare's defaults 12.0 million) to about an hour's work
STUDY_SERIES = Limit("commune-months of a compare or sweep", 20_000_000,
                     "STAFFSIM_MAX_STUDY_COMMUNE_MONTHS", "commune-months",
                     "arms x replications x months x communes of `compare`, 2 plans x "
                     "replications x months x communes of `whatif --simulate` (before either "
                     "plan is solved), and points x replications x months x each point's "
                     "communes of a sweep, before the output folder is made")

ALL: tuple[Limit, ...] = (INPUT_FILE, SCENARIO_FILE, TABLE_ROWS, TABLE_COLUMNS, COMMUNES,
                          XLSX_UNCOMPRESSED, TOML_DEPTH, OFFICIALS, SWEEP_POINTS, SWEEP_RUNS,
                          SIM_MONTHS, RUN_SERIES, STUDY_SERIES)


def check_input_file(path: Path, limit: Limit = INPUT_FILE, scale: int = MB,
                     what: str = "file") -> int:
    """An input must be a regular file (not a folder, FIFO or device, which could block or
    never end) within the size limit; returns its size in bytes."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(path, "", f"{what} not found") from None
    except OSError as e:
        raise ScenarioError(path, "", f"cannot read it: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(path, "", f"is a folder; expected a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(path, "", f"is not a regular file (a pipe, socket or device); "
                            f"expected a {what}")
    if st.st_size > limit.value * scale:
        raise ScenarioError(path, "", f"is {st.st_size / scale:,.1f} {limit.unit}, over the "
                            f"{limit.name} {limit.hint()}")
    return st.st_size


def read_text(path: Path, limit: Limit = INPUT_FILE, scale: int = MB, what: str = "file",
              encoding: str = "utf-8") -> str:
    """A file's text, read only if it is a regular file within ``limit`` (a pipe planted in a
    result folder would otherwise hang the reader)."""
    check_input_file(path, limit, scale, what)
    return Path(path).read_text(encoding=encoding)


def nesting_depth(data: object) -> int:
    """Depth of nested tables and arrays (iterative: a deep value cannot blow the stack)."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)
    return deepest


def readme_table() -> list[str]:
    """Markdown rows for the README's Limits section (kept in step by a test)."""
    return [f"| {lim.name} | {lim.default:,} {lim.unit} | {lim.covers} | `{lim.env}` |"
            for lim in ALL]

