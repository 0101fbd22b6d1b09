"""Check a result folder after the fact: its own files against the checksums written when it was
sealed, the input files against the hashes in its manifest, and a saved plan against every
rule on the inputs it was made from."""

from __future__ import annotations

import json
from pathlib import Path

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import sha256_file

CHECKSUMS = "checksums.sha256"


def write_checksums(folder: Path) -> None:
    """``checksums.sha256`` for every file in ``folder`` (``sha256sum -c`` reads it too)."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS
                   and not p.name.startswith("."))
    text = "".join(f"{sha256_file(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)
    (folder / CHECKSUMS).write_text(text, encoding="utf-8")


def check_files(folder: Path) -> tuple[int, list[str]]:
    """(files checked, problems) against the folder's checksums."""
    listed = (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    problems = []
    for line in listed:
        digest, _, name = line.partition("  ")
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing (listed in {CHECKSUMS})")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: changed since the folder was written")
    return len(listed), problems


def check_inputs(manifest: dict) -> tuple[int, list[str]]:
    """(inputs checked, problems): each input file's hash now against the one recorded."""
    scenario = Path(manifest["scenario_file"])
    problems = []
    recorded = manifest.get("input_sha256") or {}
    for key, digest in recorded.items():
        path = scenario if key == "scenario" else scenario.parent / key
        if not path.is_file():
            problems.append(f"input {path}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"input {path}: changed since the run (sha256 differs)")
    return len(recorded), problems


def _has_rows(path: Path) -> bool:
    return len(path.read_text(encoding="utf-8-sig").strip().splitlines()) > 1


def verify_files(folder: Path) -> tuple[list[str], list[str], dict, bool]:
    """(what was checked, problems found, the manifest, whether the inputs are unchanged) for a
    result folder's own files and its inputs."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ScenarioError(folder, "", "not a folder")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ScenarioError(folder, "manifest.json", "missing or unreadable: not a finished "
                            "staffsim result folder") from None
    checked, problems = [], []
    if (folder / CHECKSUMS).is_file():
        n, p = check_files(folder)
        checked.append(f"{n} result files against {CHECKSUMS}")
        problems += p
    else:
        problems.append(f"{CHECKSUMS}: missing; the folder cannot be checked for changes")
    inputs_ok = False
    if "scenario_file" in manifest:
        n, p = check_inputs(manifest)
        checked.append(f"{n} input files against the hashes in manifest.json")
        problems += p
        inputs_ok = not p
    return checked, problems, manifest, inputs_ok
