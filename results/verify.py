"""Check a result folder after the fact: its own files against the checksums written when it was
sealed, the input files against the hashes in its manifest, and a saved plan against every
rule on the inputs it was made from.

Nothing here depends on the current folder: paths in ``checksums.sha256`` are relative to the
result folder and must stay inside it, and manifests record the scenario's absolute path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path, PurePosixPath

from staffsim.i18n import N_, Said
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError, cut, quote
from staffsim.scenarios.loader import sha256_file

CHECKSUMS = "checksums.sha256"
MANIFEST = "manifest.json"
# every manifest names what wrote it and how; one with a scenario also its inputs' hashes
REQUIRED_KEYS = ("written_by", "staffsim_version", "created_utc", "command")
SCENARIO_KEYS = ("scenario_file", "input_sha256")
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


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
    (folder / CHECKSUMS).write_text(text, encoding="utf-8")


def listed_names(folder: Path) -> set[str]:
    """The paths a folder's checksums list (unreadable lines left out)."""
    try:
        text = limits.read_text(folder / CHECKSUMS, what="checksum list")
    except (OSError, UnicodeDecodeError, ScenarioError):
        return set()
    return {m[2] for m in map(_LINE.fullmatch, text.splitlines()) if m}


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


def check_files(folder: Path) -> tuple[int, list[str]]:
    """(files checked, problems) against the folder's checksums: every listed file unchanged,
    every file listed, every path inside the folder."""
    try:
        listed = limits.read_text(folder / CHECKSUMS, what="checksum list").splitlines()
    except (OSError, UnicodeDecodeError, ScenarioError) as e:
        return 0, [Said(N_("{file}: unreadable ({detail})"), file=CHECKSUMS,
                        detail=cut(str(e)))]
    problems, seen = [], set()
    if not any(line.strip() for line in listed):
        return 0, [Said(N_("{file}: empty; it lists no file, so nothing can be checked"),
                        file=CHECKSUMS)]
    for n, line in enumerate(listed, start=1):
        if not line.strip():
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            problems.append(Said(N_("{file}: line {n}: not 'SHA256  PATH': {line}"),
                                 file=CHECKSUMS, n=n, line=quote(line)))
            continue
        digest, name = m.groups()
        path = _inside(folder, name)
        if path is None:
            problems.append(Said(N_("{file}: line {n}: {name} is outside the folder; only "
                                    "files inside it are checked"), file=CHECKSUMS, n=n,
                                 name=quote(name)))
            continue
        seen.add(path.relative_to(folder).as_posix())
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            problems.append(Said(N_("{name}: missing (listed in {file})"), name=name,
                                 file=CHECKSUMS))
            continue
        if not stat.S_ISREG(mode):
            problems.append(Said(N_("{name}: not a regular file"), name=name))
        elif sha256_file(path) != digest:
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
        raise ScenarioError(folder, "", "not a folder")
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
    return checked, problems, manifest, inputs_ok
