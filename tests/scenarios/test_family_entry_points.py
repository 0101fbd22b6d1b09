"""A scenario read in a fresh interpreter that imported no optimiser module (a notebook):
the constraint families come through their entry-point group (pyproject.toml)."""

from __future__ import annotations

import json
import subprocess
import sys

from staffsim.scenarios.loader import load_scenario
from tests.conftest import REPO, SCENARIOS


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


LOAD = """
import json, sys
from staffsim.scenarios.loader import load_scenario
before = sorted(m for m in sys.modules if m.startswith("staffsim.optimize"))
s = load_scenario(sys.argv[1] if len(sys.argv) > 1 else {path!r})
print(json.dumps({{"before": before, "params": s.params.model_dump(mode="json")}}))
"""


def test_scenario_with_constraint_sections_loads_without_the_optimiser_imported():
    # scenarios/thanh_hoa.toml names [optimizer.constraints.eligible_recipients] and the
    # province_practice rule set: this failed with "unknown key ... allowed here: " (nothing)
    path = SCENARIOS / "thanh_hoa.toml"
    run = _fresh(LOAD.format(path=str(path)))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["before"] == []  # nothing of the optimiser was imported first
    constraints = out["params"]["optimizer"]["constraints"]
    # the file's own setting (its [optimizer.constraints.eligible_recipients] zones)
    assert constraints["eligible_recipients"]["zones"] == ["lowland", "mountain",
                                                          "high_mountain"]
    # the rule set's (province_practice: mountain and high-mountain communes do not give)
    assert constraints["eligible_recipients"]["donor_zones"] == ["lowland"]
    # the same parameters as where the families were imported first (tests/conftest.py)
    assert out["params"] == load_scenario(path).params.model_dump(mode="json")


def test_scenario_without_constraint_sections_gets_every_family_default():
    # demo.toml names no constraint section: its parameters still hold every family's
    # section, as the optimiser reads them (not an empty constraints section)
    path = SCENARIOS / "demo.toml"
    run = _fresh(LOAD.format(path=str(path)))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["before"] == []
    assert out["params"] == load_scenario(path).params.model_dump(mode="json")
    assert {"budget", "donor_floor", "max_distance"} <= set(
        out["params"]["optimizer"]["constraints"])


def test_families_that_cannot_be_loaded_are_said_so():
    # the families' module cannot be imported (None in sys.modules blocks it): the line says
    # the families could not be loaded, not "unknown key; ... allowed here: " with nothing
    code = (
        "import sys\n"
        "sys.modules['staffsim.optimize.families'] = None\n"
        "from staffsim.scenarios.errors import ScenarioError\n"
        "from staffsim.scenarios.loader import load_scenario\n"
        "try:\n"
        f"    load_scenario({str(SCENARIOS / 'thanh_hoa.toml')!r})\n"
        "except ScenarioError as e:\n"
        "    print(e)\n")
    run = _fresh(code)
    assert run.returncode == 0, run.stderr
    line = run.stdout.strip()
    assert "\n" not in line
    assert "optimizer.constraints.eligible_recipients" in line
    assert "constraint families could not be loaded" in line
    assert "staffsim.optimize.families" in line  # which entry point failed
    assert "allowed here" not in line and "unknown key" not in line
