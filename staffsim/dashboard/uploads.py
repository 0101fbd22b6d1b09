"""Tables uploaded into the page: checked for size, type and shape before any reader sees
them, then read by the same validated readers as scenario files (``scenarios.province``),
which list every problem with its row and column."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from staffsim.dashboard.planning import Inputs
from staffsim.experiments.states import single_state
from staffsim.scenarios.errors import InputErrors, ScenarioError
from staffsim.scenarios.loader import load_scenario, sha256_file
from staffsim.scenarios.tables import InputWarning

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a national roster of 206,707 officials is ~9 MB as CSV
KINDS = ("communes", "roster")
SUFFIXES = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_STORE: Path | None = None
_STORE_LOCK = threading.Lock()


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
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16
            # with its byte-order mark, which the table reader reads as the command line does
            # (its own refusals, UTF-32 and broken UTF-16, are said when it reads the file)
            return None
        if b"\x00" in data[:65536]:
            return Problem("", "binary data, not a CSV text table")
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return Problem("", f"not UTF-8 text ({e.reason} at byte {e.start}); save it as "
                               "CSV UTF-8 or .xlsx")
    return None


def _store() -> Path:
    """This process's folder of uploaded tables (private, removed at exit). A tab's inputs name
    their uploaded tables by path, as a scenario names its own: a result folder exported from
    them copies and hashes the table like ``staffsim plan --set province.roster_csv=FILE``."""
    global _STORE
    with _STORE_LOCK:
        if _STORE is None or not _STORE.is_dir():
            _STORE = Path(tempfile.mkdtemp(prefix="staffsim-uploads-"))
            atexit.register(shutil.rmtree, _STORE, ignore_errors=True)
        return _STORE


def keep_upload(kind: str, data: bytes, suffix: str) -> Path:
    """The uploaded bytes as a file of the store, named by their hash (written whole)."""
    digest = hashlib.sha256(data).hexdigest()
    path = _store() / f"{kind}-{digest[:24]}{suffix}"
    if not path.is_file() or sha256_file(path) != digest:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    return path


def _problems(e: ScenarioError, upload: Path, filename: str) -> list[Problem]:
    """Each problem; one in another table (the scenario's own, read again against an uploaded
    communes table) names that table."""
    errors = e.problems if isinstance(e, InputErrors) else [e]
    out = []
    for p in errors:
        if Path(p.file).name in (upload.name, "command line") or not p.file:
            out.append(Problem(p.where, p.message))
        else:
            out.append(Problem(p.where, f"{Path(p.file).name}: {p.message}"))
    return out


def read_upload(inputs: Inputs, kind: str, filename: str, data: bytes,
                limit: int = MAX_UPLOAD_BYTES) -> UploadResult:
    """Replace the communes or the roster of ``inputs`` by an uploaded table, if it passes
    every check; otherwise list every problem (row and column) and change nothing.

    The scenario is loaded again as ``--set province.roster_csv=FILE`` (or ``communes_csv``)
    loads it (``scenarios.loader.load_scenario``): a roster is read against the communes and
    the pool's units (departments), and its department officials, or none, replace the
    generated ones; an uploaded communes table drops a roster uploaded earlier."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    out = UploadResult(kind, filename, None)
    first = precheck(filename, data, limit)
    if first is not None:
        out.problems.append(first)
        return out
    sc = inputs.scenario
    # our own file name: the user's may hold anything (paths, odd characters)
    path = keep_upload(kind, data, Path(filename).suffix.lower())
    files = {k: v for k, v in inputs.files.items() if not (kind == "communes" and k == "roster")}
    files[kind] = str(path)
    overrides = {**inputs.base, **{f"province.{k}_csv": v for k, v in files.items()}}
    try:
        if sha256_file(sc.path) != sc.input_hashes.get("scenario"):
            raise ScenarioError(sc.path, "", "changed since it was loaded; restart the "
                                "dashboard to use it")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", InputWarning)
            new = load_scenario(sc.path, overrides)
            single_state(new, 0)  # one province, plannable
    except ScenarioError as e:
        out.problems = _problems(e, path, filename)
        return out
    out.rows = len(new.communes) if kind == "communes" else (
        len(new.roster.official_id)
        + (len(new.pool_roster.official_id) if new.pool_roster is not None else 0))
    # "<path>: where: message" -> "where: message", for the uploaded table's warnings only
    out.warnings = [str(w.message).split(": ", 1)[-1] for w in caught
                    if issubclass(w.category, InputWarning) and path.name in str(w.message)]
    digest = hashlib.sha256(data).hexdigest()[:16]
    uploaded = {**inputs.uploaded, kind: f"{filename} ({digest})"}
    if kind == "communes":
        uploaded.pop("roster", None)
    out.inputs = Inputs.of(new, uploaded, files=files, base=inputs.base)
    return out
