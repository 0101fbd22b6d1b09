"""Check a result folder after the fact: its own files against the checksums written when it was
sealed, the input files against the hashes in its manifest, and a saved plan against every
rule on the inputs it was made from.

Nothing here depends on the current folder: paths in ``checksums.sha256`` are relative to the
result folder and must stay inside it, and manifests record the scenario's absolute path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import numpy as np

from staffsim.i18n import N_, Said
from staffsim.results.tables import fmt, plain
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError, cut, quote
from staffsim.scenarios.loader import sha256_file
from staffsim.scenarios.tables import unescape_cell

CHECKSUMS = "checksums.sha256"
MANIFEST = "manifest.json"
# every manifest names what wrote it and how; one with a scenario also its inputs' hashes
REQUIRED_KEYS = ("written_by", "staffsim_version", "created_utc", "command")
SCENARIO_KEYS = ("scenario_file", "input_sha256")
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
# The list's last line: staffsim's seal of the lines above it (a comment to ``sha256sum -c``),
# so that an edit of the list itself is told from an edit of a file it lists
SEAL = "# staffsim: sha256 of the lines above "
_SEAL = re.compile(re.escape(SEAL) + r"([0-9a-f]{64})\n?")


def sealed_files(folder: Path) -> list[Path]:
    """Files a checksum list covers: all but hidden ones (locks, temporary files) and the
    contents of a nested result folder (e.g. a sweep's analysis/), which has its own."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not ((here / d / CHECKSUMS).is_file()
                                      and (here / d / MANIFEST).is_file()))
        out += [here / f for f in sorted(filenames)
                if not f.startswith(".") and not (here == folder and f == CHECKSUMS)]
    return out


def write_checksums(folder: Path, pending: dict[str, str] | None = None) -> None:
    """``checksums.sha256`` for every file in ``folder`` (``sha256sum -c`` reads it too), plus
    ``pending`` files (name -> text) about to be written after it: a sweep's manifest must be
    its last file, since it marks the sweep complete, yet be listed like the rest."""
    folder = Path(folder)
    lines = {p.relative_to(folder).as_posix(): sha256_file(p) for p in sealed_files(folder)}
    for name, body in (pending or {}).items():
        lines[name] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(lines.items()))
    (folder / CHECKSUMS).write_text(text + seal_line(text), encoding="utf-8")


def seal_line(text: str) -> str:
    """The seal of a checksum list's ``text`` (``SEAL``), its last line."""
    return f"{SEAL}{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n"


def unseal(text: str) -> tuple[str, bool | None]:
    """(a checksum list's lines without its seal, whether the seal holds): True if the last
    line is the seal of the lines above it, False if the list was edited since staffsim
    sealed it (a seal that does not match, or anything of staffsim's seal not in its place),
    None if it has no seal (an older staffsim's list, or one written by hand)."""
    lines = text.splitlines(keepends=True)
    seals = [i for i, line in enumerate(lines) if line.startswith(SEAL[:11])]  # '# staffsim:'
    if not seals:
        return text, None
    # every other line is still the list's (a line added below the seal is checked too)
    body = "".join(line for i, line in enumerate(lines) if i not in seals)
    m = _SEAL.fullmatch(lines[-1])
    return body, (seals == [len(lines) - 1] and m is not None
                  and seal_line(body) == f"{SEAL}{m[1]}\n")


def list_sealed(folder: Path) -> bool | None:
    """``unseal``'s verdict on ``folder``'s checksum list (None: unreadable or none)."""
    try:
        return unseal(limits.read_text(folder / CHECKSUMS, what="checksum list"))[1]
    except (OSError, UnicodeDecodeError, ScenarioError):
        return None


def listed_names(folder: Path) -> set[str]:
    """The paths a folder's checksums list (unreadable lines left out)."""
    try:
        text = limits.read_text(folder / CHECKSUMS, what="checksum list")
    except (OSError, UnicodeDecodeError, ScenarioError):
        return set()
    return {m[2] for m in map(_LINE.fullmatch, unseal(text)[0].splitlines()) if m}


def _inside(folder: Path, name: str) -> Path | None:
    """``folder / name`` if ``name`` is a plain relative path that stays inside ``folder``
    (no absolute path, no '..', no symbolic link out)."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or "\\" in name or any(p in ("..", "") for p in pure.parts) \
            or name != pure.as_posix():
        return None
    path = folder / pure
    try:
        real, root = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):
        return None
    return path if real == root or root in real.parents else None


# What ``compare_listed`` finds of a line of a checksum list
MALFORMED, OUTSIDE, MISSING, SPECIAL, CHANGED, SAME = (
    "malformed", "outside", "missing", "not a regular file", "changed", "same")


def compare_listed(folder: Path, text: str, edits_first: bool = False,
                   unchanged: dict[Path, tuple] | None = None
                   ) -> Iterator[tuple[int, str, str, Path | None]]:
    """(line number, the line's path or the line, what was found, the file) for each line of
    ``folder``'s checksum list ``text`` (its seal left out: ``unseal``), the one loop over a
    list that ``staffsim verify`` (``check_files``) and ``--force`` (``folder.edited_files``)
    both read: ``MALFORMED`` (not 'SHA256  PATH'), ``OUTSIDE`` (a path out of the folder),
    ``MISSING``, ``SPECIAL`` (a link, a folder, a pipe: never hashed), ``CHANGED`` (its hash
    differs, or it cannot be read) or ``SAME``.

    Lazy: a file is hashed only when its line is asked for, so a caller may stop early.
    ``edits_first``: the files modified after the list was written (the likely edits) first,
    then the rest, each in the list's order. ``unchanged``: path -> ``file_stamp`` of files
    this process found unchanged; a file whose stamp is the same is not hashed again (a
    size and time comparison alone cannot be trusted: a copy renews every time, and an edit
    can keep the size), and one found unchanged is added."""
    from staffsim.scenarios.loader import sha256_file

    try:
        sealed = os.stat(folder / CHECKSUMS).st_mtime_ns
    except OSError:
        sealed = 0
    todo: list[tuple[bool, int, str, str, Path | None, os.stat_result | None, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            todo.append((False, n, line, MALFORMED, None, None, ""))
            continue
        digest, name = m.groups()
        path = _inside(folder, name)
        if path is None:
            todo.append((False, n, name, OUTSIDE, None, None, digest))
            continue
        try:
            st = os.lstat(path)
        except OSError:
            todo.append((False, n, name, MISSING, path, None, digest))
            continue
        todo.append((edits_first and st.st_mtime_ns < sealed, n, name, "", path, st, digest))
    todo.sort(key=lambda t: t[0])  # (stable: the list's order within each part)
    for _older, n, name, found, path, st, digest in todo:
        if found or st is None:
            yield n, name, found, path
            continue
        if not stat.S_ISREG(st.st_mode):
            yield n, name, SPECIAL, path
            continue
        if unchanged is not None and unchanged.get(path) == file_stamp(st):
            yield n, name, SAME, path
            continue
        try:
            same = sha256_file(path) == digest
        except OSError:
            same = False
        if same and unchanged is not None:
            unchanged[path] = file_stamp(st)
        yield n, name, SAME if same else CHANGED, path


def file_stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """A file's size, modification time, inode and change time."""
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def check_files(folder: Path) -> tuple[int, list[str]]:
    """(files checked, problems) against the folder's checksums: every listed file unchanged,
    every file listed, every path inside the folder, and the list itself as staffsim sealed
    it (an edited list is named, and a file that does not match it is not called changed:
    the list's line may be the edit)."""
    try:
        text = limits.read_text(folder / CHECKSUMS, what="checksum list")
    except (OSError, UnicodeDecodeError, ScenarioError) as e:
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=CHECKSUMS,
                        detail=cut(str(e)))]
    body, sealed = unseal(text)
    problems, seen = [], set()
    if not any(line.strip() for line in body.splitlines()):
        return 0, [Said(N_("{file}: empty; it lists no file, so nothing can be checked"),
                        file=CHECKSUMS)]
    if sealed is False:
        problems.append(Said(N_("{file}: edited since the folder was written (its last line, "
                                "staffsim's seal of the list, does not match the lines above "
                                "it)"), file=CHECKSUMS))
    for n, name, found, path in compare_listed(folder, body):
        if found == MALFORMED:
            problems.append(Said(N_("{file}: line {n}: not 'SHA256  PATH': {line}"),
                                 file=CHECKSUMS, n=n, line=quote(name)))
            continue
        if found == OUTSIDE:
            problems.append(Said(N_("{file}: line {n}: {name} is outside the folder; only "
                                    "files inside it are checked"), file=CHECKSUMS, n=n,
                                 name=quote(name)))
            continue
        seen.add(path.relative_to(folder).as_posix())
        if found == MISSING:
            problems.append(Said(N_("{name}: missing (listed in {file})"), name=name,
                                 file=CHECKSUMS))
        elif found == SPECIAL:
            problems.append(Said(N_("{name}: not a regular file"), name=name))
        elif found == CHANGED and sealed is False:
            problems.append(Said(N_("{name}: does not match its line in {file}, which was "
                                    "edited (the file or the line changed)"), name=name,
                                 file=CHECKSUMS))
        elif found == CHANGED:
            problems.append(Said(N_("{name}: changed since the folder was written"),
                                 name=name))
    for path in sealed_files(folder):
        name = path.relative_to(folder).as_posix()
        if name not in seen:
            problems.append(Said(N_("{name}: not listed in {file} (added after the folder "
                                    "was sealed, or the list was cut)"), name=name,
                                 file=CHECKSUMS))
    return len(seen), problems


def check_inputs(manifest: dict) -> tuple[int, list[str]]:
    """(inputs checked, problems): each input file's hash now against the one recorded."""
    scenario = Path(str(manifest["scenario_file"]))
    if not scenario.is_absolute():
        return 0, [Said(N_("{file}: scenario_file {path} is a relative path; the inputs "
                           "cannot be found from here"), file=MANIFEST,
                        path=quote(str(scenario)))]
    problems = []
    recorded = manifest.get("input_sha256")
    if not isinstance(recorded, dict) or "scenario" not in recorded:
        return 0, [Said(N_("{file}: input_sha256 does not list the scenario's hash"),
                        file=MANIFEST)]
    for key, digest in recorded.items():
        path = scenario if key == "scenario" else scenario.parent / str(key)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            problems.append(Said(N_("input {path}: missing"), path=path))
            continue
        if not stat.S_ISREG(mode):  # a pipe or device would never end
            problems.append(Said(N_("input {path}: not a regular file"), path=path))
        elif sha256_file(path) != digest:
            problems.append(Said(N_("input {path}: changed since the run (sha256 differs)"),
                                 path=path))
    return len(recorded), problems


def _has_rows(path: Path) -> bool:
    return len(limits.read_text(path, encoding="utf-8-sig").strip().splitlines()) > 1


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads(limits.read_text(folder / MANIFEST, limits.SCENARIO_FILE, 1024,
                                               "manifest"))
    except (OSError, ValueError, ScenarioError, RecursionError):
        raise ScenarioError(folder, MANIFEST, "missing or unreadable: not a finished "
                            "staffsim result folder") from None
    if not isinstance(manifest, dict):
        raise ScenarioError(folder, MANIFEST, "not a JSON object: not a staffsim manifest")
    return manifest


def verify_files(folder: Path) -> tuple[list[str], list[str], dict, bool]:
    """(what was checked, problems found, the manifest, whether the inputs are unchanged) for a
    result folder's own files and its inputs."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ScenarioError(folder, "", "not a folder" if folder.exists() else
                            "does not exist; give a result folder staffsim wrote")
    manifest = read_manifest(folder)
    checked, problems = [], []
    needed = REQUIRED_KEYS + (SCENARIO_KEYS if (folder / "scenario.toml").is_file() else ())
    missing = [k for k in needed if k not in manifest]
    if missing:
        problems.append(Said(N_("{file}: missing {keys}; a staffsim manifest always records "
                                "them"), file=MANIFEST, keys=", ".join(missing)))
    if (folder / CHECKSUMS).is_file():
        n, p = check_files(folder)
        checked.append(Said(N_("{n} result files against {file}"), n=n, file=CHECKSUMS))
        problems += p
    else:
        problems.append(Said(N_("{file}: missing; the folder cannot be checked for changes"),
                             file=CHECKSUMS))
    inputs_ok = False
    if "scenario_file" in manifest:
        n, p = check_inputs(manifest)
        checked.append(Said(N_("{n} input files against the hashes in {file}"), n=n,
                            file=MANIFEST))
        problems += p
        inputs_ok = not p
    checked += check_annex(manifest)  # (said, never a problem: it is filled in by hand)
    return checked, problems, manifest, inputs_ok


def nested_folders(folder: Path) -> list[Path]:
    """The folders inside ``folder`` sealed on their own (their own checksums and manifest),
    which ``sealed_files`` leaves to them: a sweep's analysis/."""
    out = []
    for dirpath, dirnames, _ in os.walk(folder):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if (here / d / CHECKSUMS).is_file() and (here / d / MANIFEST).is_file():
                out.append(here / d)
            else:
                keep.append(d)
        dirnames[:] = keep
    return out


def within(where: str, said: str) -> str:
    """A message about a nested folder's files with their paths from the outer folder
    ('analysis/discovery.csv: changed ...')."""
    if not isinstance(said, Said):
        return said
    values = dict(said.values)
    for k in ("file", "source"):
        if isinstance(values.get(k), str):
            values[k] = f"{where}/{values[k]}"
    if said.msgid.startswith("{name}") and isinstance(values.get("name"), str):
        values["name"] = f"{where}/{values['name']}"
    return Said(said.msgid, **values)


# --- summaries against the rows they are computed from --------------------------------------
# A checksum list can be rewritten by anyone: a summary edited and resealed is caught only by
# recomputing it from the per-replication (per-run) rows the folder also holds.

SHOWN = 5  # mismatches listed one by one; the rest are counted
# comparison.csv and replications.csv are written to 4 decimals (``tables.fmt``): a mean or a
# percentile of rounded values is within 0.5e-4 of the exact one, a difference within 1e-4,
# and the summary's own rounding adds 0.5e-4; the relative part covers large amounts (VND)
FMT_ABS, FMT_REL = 2e-4, 1e-9
# points.csv is written in full (``tables.exact``: the shortest text that reads back as
# the same float) and its means by the same numpy mean of the same runs/ values as here, so
# they agree to the last bit; the tolerance only absorbs floating-point noise (it was 1e-5
# when the file had 6 significant digits, which let an edit of the 6th digit verify)
PLAIN_REL = 1e-12
BAND = ("mean", "p05", "p95")
COMPARISON = ("mean", "p05", "p95", "diff_vs_reference_mean", "diff_p05", "diff_p95")
# the mean's standard error and 90% t interval (``summary.mean_interval``), checked where the
# folder has them (folders written before them do not); a t quantile (6.3 with 2 replications)
# times the rounding of the values read allows a wider tolerance than FMT_ABS
MEAN = ("mean_se", "mean_ci90_lo", "mean_ci90_hi")
MEAN_COLUMNS = (*MEAN, *(f"diff_{k}" for k in MEAN))
MEAN_ABS = 2e-3


class _Unreadable(Exception):
    pass


def _csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV staffsim wrote, cells as written (escaping taken off)."""
    try:
        text = limits.read_text(path, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ScenarioError) as e:
        raise _Unreadable(cut(str(e))) from None
    rows = [[unescape_cell(c) for c in r] for r in csv.reader(io.StringIO(text)) if r]
    if not rows:
        raise _Unreadable("empty")
    return rows[0], rows[1:]


def _number(text: object) -> float | None:
    """A cell's number (NaN for an empty cell or None), or None if it is not one."""
    if text is None or text == "":
        return math.nan
    if isinstance(text, bool):
        return None
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _near(a: float, b: float, abs_tol: float, rel_tol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= abs_tol + rel_tol * max(abs(a), abs(b))


def _band(values: list[float]) -> tuple[float, float, float]:
    v = np.asarray(values, float)
    v = v[~np.isnan(v)]
    if not v.size:
        return (math.nan,) * 3
    return float(v.mean()), float(np.percentile(v, 5)), float(np.percentile(v, 95))


def _mean(values: list[float]) -> tuple[float, ...]:
    from staffsim.results.summary import mean_interval

    got = mean_interval(np.asarray(values, float))
    return tuple(math.nan if got[k] is None else float(got[k]) for k in MEAN)


def _shown(problems: list[str], file: str, source: str) -> list[str]:
    if len(problems) <= SHOWN + 1:
        return problems
    return problems[:SHOWN] + [Said(N_("{file}: {n} more values differ from {source}"),
                                    file=file, n=len(problems) - SHOWN, source=source)]


def _comparison_expected(folder: Path) -> dict[tuple[str, str, str], tuple[float, ...]]:
    """(arm, metric, area) -> mean, p05, p95 and the same of the paired differences to the
    first (reference) arm, from replications.csv (as ``compare.summarize_arms`` makes them)."""
    header, rows = _csv(folder / "replications.csv")
    if header[:2] != ["arm", "replication"]:
        raise _Unreadable("its header does not start with arm,replication")
    # the optimiser's plans of each run (``solver_plans.PLAN_COLUMNS``) are no metric: the
    # comparison does not summarise them (imported here: the model's policies take a while)
    from staffsim.model.policies.solver_plans import PLAN_COLUMNS

    kept = [j for j, c in enumerate(header) if j >= 2 and c not in PLAN_COLUMNS]
    keys = [header[j] for j in kept]
    reps: dict[str, dict[str, list[float]]] = {}
    for r in rows:
        values = [_number(c) for c in r[1:]]
        if len(r) != len(header) or any(v is None for v in values):
            raise _Unreadable(f"row {rows.index(r) + 2} is not a row of numbers")
        reps.setdefault(r[0], {})[r[1]] = [values[j - 1] for j in kept]
    if not reps:
        raise _Unreadable("no replication")
    ref = reps[next(iter(reps))]
    out = {}
    for arm, by_rep in reps.items():
        paired = sorted(set(by_rep) & set(ref), key=lambda s: float(s))
        for j, key in enumerate(keys):
            metric_name, _, area = key.partition("|")
            vals = [by_rep[s][j] for s in sorted(by_rep, key=lambda s: float(s))]
            diff = [by_rep[s][j] - ref[s][j] for s in paired]
            out[(arm, metric_name, area)] = _band(vals) + _band(diff) + _mean(vals) + \
                _mean(diff)
    return out


def _whole_rows(file: str, header: list[str], rows: list[list[str]],
                problems: list) -> Iterator[tuple[int, list[str]]]:
    """(file row number, cells) of each row with as many cells as the header; a problem for
    each other row."""
    for n, r in enumerate(rows, start=2):
        if len(r) == len(header):
            yield n, r
        else:
            problems.append(Said(N_("{file}: row {row}: {cells} cells, the header has "
                                    "{columns}"), file=file, row=n, cells=len(r),
                                 columns=len(header)))


def _check_comparison_csv(folder: Path, expected: dict) -> tuple[int, list[str]]:
    file, source = "comparison.csv", "replications.csv"
    try:
        header, rows = _csv(folder / file)
    except _Unreadable as e:
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=file, detail=str(e))]
    where = {c: header.index(c) for c in ("arm", "metric", "area", *COMPARISON)
             if c in header}
    if len(where) < 3 + len(COMPARISON):
        return 0, [Said(N_("{file}: its header lacks {columns}"), file=file,
                        columns=", ".join(c for c in ("arm", "metric", "area", *COMPARISON)
                                          if c not in where))]
    checked = [*COMPARISON, *(c for c in MEAN_COLUMNS if c in header)]
    where.update({c: header.index(c) for c in MEAN_COLUMNS if c in header})
    problems, seen = [], set()
    for n, r in _whole_rows(file, header, rows, problems):
        key = (r[where["arm"]], r[where["metric"]], r[where["area"]])
        seen.add(key)
        if key not in expected:
            problems.append(Said(N_("{file}: row {row}: arm {arm}, {metric} in {area}: "
                                    "{source} has no replications of it"), file=file, row=n,
                                 arm=quote(key[0]), metric=key[1], area=key[2],
                                 source=source))
            continue
        wanted = dict(zip((*COMPARISON, *MEAN_COLUMNS), expected[key], strict=True))
        for column in checked:
            want, text = wanted[column], r[where[column]]
            got = _number(text)
            if got is None or not _near(got, want, MEAN_ABS if column in MEAN_COLUMNS
                                         else FMT_ABS, FMT_REL):
                problems.append(Said(N_("{file}: row {row}: {column} is {value}, but "
                                        "{source} gives {expected}"), file=file, row=n,
                                     column=column, value=quote(text) if got is None
                                     else text or "''", source=source,
                                     expected=fmt(want) or "''"))
    problems += _missing(expected, seen, N_("{file}: no row for arm {arm}, {metric} in "
                                            "{area}, which {source} holds"), file, source)
    return len(rows), _shown(problems, file, source)


def _check_comparison_json(folder: Path, expected: dict) -> tuple[int, list[str]]:
    file, source = "comparison.json", "replications.csv"
    try:
        arms = json.loads(limits.read_text(folder / file))["arms"]
        found = {(arm, name, area): (b, b["vs_reference"])
                 for arm, e in arms.items() for name, m in e["metrics"].items()
                 for area, b in m["areas"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ScenarioError,
            RecursionError):
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=file,
                        detail="not the arms, metrics and areas of a comparison")]
    problems = []
    for key, (b, d) in found.items():
        path = f"arms.{key[0]}.metrics.{key[1]}.areas.{key[2]}"
        if key not in expected:
            problems.append(Said(N_("{file}: {key}: {source} has no replications of it"),
                                 file=file, key=path, source=source))
            continue
        got = [(k, b.get(k) if isinstance(b, dict) else None) for k in BAND] + \
              [(f"vs_reference.{k}", d.get(k) if isinstance(d, dict) else None) for k in BAND]
        want_all = list(expected[key][:6])
        for k, want in zip(MEAN, expected[key][6:9], strict=True):  # where it has them
            if isinstance(b, dict) and k in b:
                got.append((k, b[k]))
                want_all.append(want)
        for k, want in zip(MEAN, expected[key][9:], strict=True):
            if isinstance(d, dict) and k in d:
                got.append((f"vs_reference.{k}", d[k]))
                want_all.append(want)
        for (k, v), want in zip(got, want_all, strict=True):
            x = _number(v)
            # JSON holds the summary unrounded; the replications it is compared with are not
            if x is None or not _near(x, want, MEAN_ABS if k.rsplit(".", 1)[-1] in MEAN
                                      else FMT_ABS, FMT_REL):
                problems.append(Said(N_("{file}: {key} is {value}, but {source} gives "
                                        "{expected}"), file=file, key=f"{path}.{k}",
                                     value=json.dumps(v), source=source,
                                     expected=fmt(want) or "null"))
    problems += _missing(expected, found, N_("{file}: no entry for arm {arm}, {metric} in "
                                             "{area}, which {source} holds"), file, source)
    return len(found), _shown(problems, file, source)


def _missing(expected: dict, present, message: str, file: str, source: str) -> list:
    """``message`` for each (arm, metric, area) the replications hold and the file not."""
    return [Said(message, file=file, arm=quote(key[0]), metric=key[1], area=key[2],
                 source=source) for key in expected if key not in present]


def _runs(folder: Path) -> dict[int, tuple[str, dict]]:
    """A sweep's per-run records: run -> (its file's name under runs/, the record)."""
    out = {}
    for path in sorted((folder / "runs").iterdir()):
        if path.name.startswith(".") or not path.name.endswith(".json"):
            continue
        try:
            record = json.loads(limits.read_text(path))
            out[int(record["run"])] = (f"runs/{path.name}", record)
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, ScenarioError,
                RecursionError):
            raise _Unreadable(f"runs/{path.name} is not a run's record") from None
    return out


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN (an empty zone's share)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _text(v: object) -> str:
    """A value as the check says it: a float in full (the shortest digits that read back
    as it, never in scientific notation: a mean that differs in its 8th digit was shown
    rounded to 6, the same on both sides), anything else as ``plain`` or as it is."""
    if isinstance(v, float | np.floating):
        return np.format_float_positional(float(v), trim="-") if math.isfinite(v) else str(v)
    return plain(v) if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


def _check_points(folder: Path, runs: dict[int, tuple[str, dict]]) -> tuple[int, list[str]]:
    """points.csv: per design point, its number of runs, its inputs and the mean of every
    outcome over its runs (``sweep_folder._points_csv``)."""
    file, source = "points.csv", "runs/"
    try:
        header, rows = _csv(folder / file)
    except _Unreadable as e:
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=file, detail=str(e))]
    by_point: dict[str, list[dict]] = {}
    for _name, record in runs.values():
        by_point.setdefault(_text(record.get("point")), []).append(record)
    if header[:2] != ["point", "runs"]:
        return 0, [Said(N_("{file}: its header lacks {columns}"), file=file,
                        columns="point, runs")]
    problems, seen = [], set()
    for n, r in _whole_rows(file, header, rows, problems):
        recs = by_point.get(r[0])
        seen.add(r[0])
        if recs is None:
            problems.append(Said(N_("{file}: row {row}: point {point}: {source} has no run "
                                    "of it"), file=file, row=n, point=quote(r[0]),
                                 source=source))
            continue
        for column, text in zip(header[1:], r[1:], strict=True):
            if column == "runs":
                want: object = len(recs)
            elif column.startswith("mean:"):
                values = [x for x in (_number(rec.get(column[5:])) for rec in recs)
                          if x is not None and math.isfinite(x)]
                want = float(np.mean(values)) if values else math.nan
            else:
                want = recs[0].get(f"in:{column}")
            if isinstance(want, int | float) and not isinstance(want, bool):
                got = _number(text)
                ok = got is not None and _near(got, float(want), 1e-12, PLAIN_REL)
            else:
                ok = text == _text(want)
            if not ok:
                problems.append(Said(N_("{file}: row {row}: {column} is {value}, but "
                                        "{source} gives {expected}"), file=file, row=n,
                                     column=column, value=text or "''", source=source,
                                     expected=_text(want) or "''"))
    for point in by_point:
        if point not in seen:
            problems.append(Said(N_("{file}: no row for point {point}, which {source} "
                                    "holds"), file=file, point=quote(point), source=source))
    return len(rows), _shown(problems, file, source)


def _check_results_table(folder: Path, runs: dict[int, tuple[str, dict]]
                         ) -> tuple[int, list[str]]:
    """results.parquet: one row per run, the run's record as it is (``sweep_folder.finish``;
    ``analyze`` reads this table)."""
    import pyarrow as pa  # deferred, as for a sweep: it takes a while to import
    import pyarrow.parquet as pq

    file, source = "results.parquet", "runs/"
    try:
        limits.check_input_file(folder / file, limits.INPUT_FILE, limits.MB, "results table")
        rows = pq.read_table(folder / file).to_pylist()
    except (OSError, ValueError, ScenarioError, pa.ArrowException) as e:
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=file, detail=cut(str(e)))]
    problems, seen = [], set()
    for row in rows:
        run = row.get("run")
        name, record = runs.get(run, (None, None)) if isinstance(run, int) else (None, None)
        if record is None:
            problems.append(Said(N_("{file}: run {run}: {source} has no record of it"),
                                 file=file, run=str(run), source=source))
            continue
        seen.add(run)
        for column in dict.fromkeys([*record, *row]):
            got, want = row.get(column), record.get(column)
            if not _same(got, want):
                problems.append(Said(N_("{file}: run {run}: {column} is {value}, but "
                                        "{source} gives {expected}"), file=file,
                                     run=str(run), column=column,
                                     value=_text(got) or "''", source=name,
                                     expected=_text(want) or "''"))
    for run, (name, _record) in sorted(runs.items()):
        if run not in seen:
            problems.append(Said(N_("{file}: no row for run {run}, whose record is {source}"),
                                 file=file, run=str(run), source=name))
    return len(rows), _shown(problems, file, source)


def check_summaries(folder: Path) -> tuple[list[str], list[str]]:
    """(what was checked, problems): a comparison's summaries (comparison.csv, .json)
    recomputed from its replications.csv; a sweep's points.csv and results.parquet from its
    runs/ records."""
    folder = Path(folder)
    checked: list[str] = []
    problems: list[str] = []
    if (folder / "comparison.csv").is_file() and (folder / "replications.csv").is_file():
        try:
            expected = _comparison_expected(folder)
        except _Unreadable as e:
            return checked, [Said(N_("{file}: unreadable ({detail})"),
                                  file="replications.csv", detail=str(e))]
        for file, check, words in (
                ("comparison.csv", _check_comparison_csv, N_("{n} rows of {file} against "
                                                             "{source}")),
                ("comparison.json", _check_comparison_json, N_("{n} entries of {file} "
                                                               "against {source}"))):
            if (folder / file).is_file():
                n, p = check(folder, expected)
                checked.append(Said(words, n=n, file=file, source="replications.csv"))
                problems += p
    if (folder / "sweep.json").is_file() and (folder / "runs").is_dir():
        try:
            runs = _runs(folder)
        except (_Unreadable, OSError) as e:
            return checked, [Said(N_("{file}: unreadable ({detail})"), file="runs/",
                                  detail=cut(str(e)))]
        for file, check in (("points.csv", _check_points),
                            ("results.parquet", _check_results_table)):
            if (folder / file).is_file():
                n, p = check(folder, runs)
                checked.append(Said(N_("{n} rows of {file} against {source}"), n=n,
                                    file=file, source="runs/"))
                problems += p
    return checked, problems


def check_annex(manifest: dict) -> list[str]:
    """What ``verify`` says of the decision annex written beside the folder (``plan --xlsx``),
    whose path and sha256 the manifest records: as written, changed since, or not found. A
    line of what was checked, never a problem: a planner fills the annex in (its dates, its
    decision's number) and it is checked with ``staffsim evaluate``, not by its hash; the
    folder's checksums list only files inside it."""
    record = manifest.get("annex")
    if not isinstance(record, dict) or not record.get("file"):
        return []
    path = Path(str(record["file"]))
    try:
        same = stat.S_ISREG(os.stat(path).st_mode) and sha256_file(path) == record.get(
            "sha256")
    except OSError:
        return [Said(N_("the decision annex {path}: not found (moved, renamed or deleted)"),
                     path=path)]
    if same:
        return [Said(N_("the decision annex {path} against its hash in {file}: as staffsim "
                        "wrote it"), path=path, file=MANIFEST)]
    return [Said(N_("the decision annex {path} against its hash in {file}: changed since "
                    "staffsim wrote it (filled in or edited; check it with staffsim evaluate "
                    "--plan)"), path=path, file=MANIFEST)]
