"""Check a result folder after the fact: its own files against the checksums written when it was
sealed, the input files against the hashes in its manifest, and a saved plan against every
rule on the inputs it was made from."""

from __future__ import annotations

import json
from pathlib import Path

from scenarios.errors import ScenarioError
from scenarios.loader import sha256_file

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


def check_saved_plan(folder: Path, manifest: dict) -> tuple[int, list[str]]:
    """(moves checked, violations) of plan.csv against the scenario it was made from."""
    from optimize.check import PlanRow, check_plan
    from optimize.state import provinces
    from scenarios.loader import load_scenario
    from scenarios.province import read_plan_csv
    from staffsim.common import plan_state

    scenario = load_scenario(manifest["scenario_file"], manifest.get("overrides") or {})
    rows = read_plan_csv(folder / "plan.csv") if _has_rows(folder / "plan.csv") else []
    state = plan_state(scenario, int(manifest.get("month", 0)))
    problems = []
    for _, sub in provinces(state):
        ids = set(sub.official_id)
        mine = [(n, f) for n, f in rows if f["official_id"] in ids]
        plan = [PlanRow(f["official_id"], f["to_commune"], f.get("to_specialty", ""),
                        f.get("from_commune", "")) for _, f in mine]
        for v in check_plan(sub, plan):
            line = mine[v.row - 1][0] if v.row else 0
            problems.append(f"plan.csv{f': row {line}' if line else ''}: {v.rule}: "
                            f"{v.message}")
    known = set(state.official_id)
    problems += [f"plan.csv: row {n}: official {f['official_id']!r} is not in the roster the "
                 "plan was made from" for n, f in rows if f["official_id"] not in known]
    return len(rows), problems


def _has_rows(path: Path) -> bool:
    return len(path.read_text(encoding="utf-8-sig").strip().splitlines()) > 1


def verify_folder(folder: Path) -> tuple[list[str], list[str]]:
    """(what was checked, problems found) for a result folder."""
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
    if (folder / "plan.csv").is_file() and inputs_ok:
        n, p = check_saved_plan(folder, manifest)
        checked.append(f"{n} moves of plan.csv against every rule")
        problems += p
    return checked, problems
