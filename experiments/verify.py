"""Check a result folder after the fact: its files and inputs (``results.verify``), and a saved
plan against every rule on the state it was made from (which may need a simulation)."""

from __future__ import annotations

from pathlib import Path

from staffsim.experiments.states import plan_state
from staffsim.model.state import provinces
from staffsim.optimize.check import PlanRow, check_plan
from staffsim.results.verify import _has_rows, verify_files
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.province import read_plan_csv


def check_saved_plan(folder: Path, manifest: dict) -> tuple[int, list[str]]:
    """(moves checked, violations) of plan.csv against the scenario it was made from."""
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


def verify_folder(folder: Path) -> tuple[list[str], list[str]]:
    """(what was checked, problems found) for a result folder."""
    folder = Path(folder)
    checked, problems, manifest, inputs_ok = verify_files(folder)
    if (folder / "plan.csv").is_file() and inputs_ok:
        n, p = check_saved_plan(folder, manifest)
        checked.append(f"{n} moves of plan.csv against every rule")
        problems += p
    return checked, problems
