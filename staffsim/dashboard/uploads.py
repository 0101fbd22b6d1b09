"""Tables uploaded into the page: checked for size, type and shape before any reader sees
them, then read by the same validated readers as scenario files (``scenarios.province``),
which list every problem with its row and column."""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from staffsim.dashboard.planning import Inputs
from staffsim.experiments.states import single_state
from staffsim.scenarios.errors import InputErrors, ScenarioError
from staffsim.scenarios.province import read_communes_and_table, read_distances, read_roster
from staffsim.scenarios.tables import InputWarning

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a national roster of 206,707 officials is ~9 MB as CSV
KINDS = ("communes", "roster")
SUFFIXES = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Problem:
    where: str  # "row 12, column birth_year", "header", "" for the whole file
    message: str


@dataclass
class UploadResult:
    kind: str
    filename: str
    inputs: Inputs | None  # the tab's new inputs; None when the table was refused
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0


def too_large(size: int, limit: int) -> Problem:
    return Problem("", f"{size:,} bytes; the limit is {limit:,} bytes")


def precheck(filename: str, data: bytes, limit: int = MAX_UPLOAD_BYTES) -> Problem | None:
    """Size, type and shape, before anything is parsed: a problem, or None if the file may be
    read."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        return Problem("", f"{suffix or 'no extension'}: only .csv and .xlsx tables are read")
    if len(data) > limit:
        return too_large(len(data), limit)
    if not data:
        return Problem("", "empty file")
    if suffix == ".xlsx" and not data.startswith(_ZIP_MAGIC):
        return Problem("", "not an .xlsx workbook (an .xlsx file is a zip archive)")
    if suffix == ".csv":
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
            return Problem("", "UTF-16 text; save it as CSV UTF-8 or .xlsx")
        if b"\x00" in data[:65536]:
            return Problem("", "binary data, not a CSV text table")
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return Problem("", f"not UTF-8 text ({e.reason} at byte {e.start}); save it as "
                               "CSV UTF-8 or .xlsx")
    return None


def _problems(e: ScenarioError) -> list[Problem]:
    errors = e.problems if isinstance(e, InputErrors) else [e]
    return [Problem(p.where, p.message) for p in errors]


def read_upload(inputs: Inputs, kind: str, filename: str, data: bytes,
                limit: int = MAX_UPLOAD_BYTES) -> UploadResult:
    """Replace the communes or the roster of ``inputs`` by an uploaded table, if it passes
    every check; otherwise list every problem (row and column) and change nothing."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    out = UploadResult(kind, filename, None)
    first = precheck(filename, data, limit)
    if first is not None:
        out.problems.append(first)
        return out
    sc = inputs.scenario
    prov = sc.params.province
    with tempfile.TemporaryDirectory(prefix="staffsim-upload-") as tmp:
        # our own file name: the user's may hold anything (paths, odd characters)
        path = Path(tmp) / f"upload{Path(filename).suffix.lower()}"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InputWarning)
                if kind == "communes":
                    communes, table = read_communes_and_table(path, prov.provinces or None)
                    # the scenario's own roster is checked against the new communes; a roster
                    # uploaded earlier is dropped (upload it again)
                    roster = (read_roster(sc.path.parent / prov.roster_csv, communes,
                                          prov.start_year) if prov.roster_csv else None)
                    distances = (read_distances(sc.path.parent / prov.distances_csv, communes)
                                 if prov.distances_csv else None)
                    new = dataclasses.replace(sc, communes=communes, roster=roster,
                                              distances=distances, table_communes=table)
                    out.rows = len(communes)
                else:
                    roster = read_roster(path, sc.communes, prov.start_year)
                    new = dataclasses.replace(sc, roster=roster)
                    out.rows = len(roster.official_id)
            single_state(new, 0)  # one province, plannable
        except ScenarioError as e:
            out.problems = _problems(e)
            return out
    # "<temporary path>: where: message" -> "where: message"
    out.warnings = [str(w.message).split(": ", 1)[-1] for w in caught
                    if issubclass(w.category, InputWarning)]
    digest = hashlib.sha256(data).hexdigest()[:16]
    uploaded = {**inputs.uploaded, kind: f"{filename} ({digest})"}
    if kind == "communes":
        uploaded.pop("roster", None)
    out.inputs = Inputs.of(new, uploaded)
    return out
