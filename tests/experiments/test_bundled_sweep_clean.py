"""The researchers' path on the bundled scenarios runs clean: `validate`, `sweep` and
`analyze` of the bundled sweeps print no warning. The Thanh Hóa sweep is a crossed design
(10 lever settings x 10 scenarios, for scenario discovery): that its groups of three factors
are too small for RBD-FAST per factor (64 points each, design.MIN_SEPARATE_POINTS) is what
its analysis does not report, said once as a note naming the field and the size it needs —
not a warning on every command, repeated for every outcome."""

from __future__ import annotations

import re
import tomllib

import pytest

import staffsim.experiments.sweep as sweep_mod
from staffsim.experiments.sweep import plan_sweep
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli
from .test_sweep_trial_faults import scenario

BUNDLED = sorted(SCENARIOS.glob("*.toml"))
THANH_HOA = (SCENARIOS / "thanh_hoa.toml").read_text(encoding="utf-8")
# the bundled [sweep] and its subsections, as the scenario has them (they end the file), run
# twice per point instead of 10 times: what is said depends on the design, not on this
SWEEP = THANH_HOA[THANH_HOA.index("\n[sweep]\n"):].replace("replications = 10",
                                                           "replications = 2")
WARNED = re.compile(r"\bwarning\b|cảnh báo", re.IGNORECASE)
# what a run of this staffsim records of its one plan (proven optimal), as a real run does
SOLVED = {"solver_plans": 1, "solver_plans_not_optimal": 0, "solver_plans_no_plan": 0,
          "solver_plans_infeasible": 0, "solver_time_limit_s": 60.0}


def synthetic_sweep(tmp_path, body: str, f):
    """A complete sweep folder of ``body`` on the demo communes whose outcome is a known
    function ``f(values, replication)`` (test_sweep.synthetic_sweep, with the solver's
    verdicts a run of this staffsim records, so that none is said to be missing)."""
    plan = plan_sweep(load_scenario(scenario(tmp_path, body)))
    folder = tmp_path / "synthetic"
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    for p in range(plan.design.n_points):
        values = plan.design.point(p)
        for r in range(plan.replications):
            sf.write_run(folder, {"run": p * plan.replications + r, "point": p,
                                  "replication": r, **{f"in:{k}": v for k, v in values.items()},
                                  "mountain_unmet_fte": f(values, r), **SOLVED})
    sf.finish(folder, plan.n_runs, {}, "test")
    return folder


def test_the_bundled_sweep_is_the_crossed_design_the_readme_describes():
    """The README's numbers of the bundled sweep: 10 settings of 3 levers x 10 scenarios of
    3 uncertainties x 10 replications = 1,000 runs of 36 months."""
    sw = tomllib.loads(THANH_HOA)["sweep"]
    assert (sw["design"], sw["lever_samples"], sw["samples"], sw["replications"],
            sw["months"]) == ("latin", 10, 10, 10, 36)
    assert len(sw["levers"]) == 3 and len(sw["uncertainties"]) == 3
    readme = " ".join((SCENARIOS.parent / "README.md").read_text(encoding="utf-8").split())
    assert ("Thanh Hóa sweep is 10 settings of budget, high-mountain allowance multiple and "
            "distance limit × 10 scenarios of attrition, workload intensity and "
            "distance-driven resignations × 10 replications") in readme


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_validate_of_every_bundled_scenario_warns_of_nothing(capsys, monkeypatch, path, lang):
    """Nothing but, for the national table, its one line on populations below 1,500 (the map
    portal's figures, unvalidated: scenarios/data/SOURCES.md), said on purpose."""
    import staffsim.scenarios.province as province

    monkeypatch.setattr(province, "_SAID_FEW", set())  # (said once per process and table)
    code, out, err = run_cli(capsys, "validate", str(path), "--lang", lang)
    assert code == 0, err
    few = re.compile(r"^staffsim: (warning|cảnh báo): .*vietnam_communes\.csv: population: "
                     r"\d+ (communes have fewer than 1,500|xã, phường có dân số dưới 1\.500)")
    caveat = [ln for ln in err.splitlines() if few.match(ln)]
    assert len(caveat) == (path.stem == "vietnam"), err
    err = "\n".join(ln for ln in err.splitlines() if ln not in caveat)
    assert not WARNED.search(out + err), out + err
    assert "RBD-FAST" not in out + err  # validate checks; analyze says what it reports


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_analyze_of_the_bundled_design_notes_the_groups_once_and_warns_of_nothing(
        tmp_path, capsys, lang):
    """y depends on the workload intensity alone. Before: two 'warning: ... RBD-FAST needs
    at least 64' lines, then two 'not told apart' lines under each of the outcomes."""
    folder = synthetic_sweep(tmp_path, SWEEP,
                             lambda v, r: 100 * v["workload.intensity"] + 0.1 * r)
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", lang)
    assert code == 0, err
    assert not WARNED.search(out + err), out + err
    said = [ln for ln in out.splitlines() if "RBD-FAST" in ln]
    assert len(said) == 2, out  # one per group of three factors, whatever the outcomes
    note = "note: " if lang == "en" else "lưu ý: "
    assert said[0].startswith(note + "sweep.lever_samples = 10: ")
    assert said[1].startswith(note + "sweep.samples = 10: ")
    assert all("64" in ln for ln in said)
    if lang == "en":  # the factors by the scenario's labels, and what to raise
        assert "allowance budget (VND)" in said[0] and "workload intensity" in said[1]
        assert said[0].endswith("needs sweep.lever_samples of at least 64")
    # the notes come before the first outcome: said once for all of them
    first_outcome = out.splitlines().index("")
    assert all(out.splitlines().index(ln) < first_outcome for ln in said)


def test_sweep_of_a_crossed_design_notes_the_groups_and_warns_of_nothing(tmp_path, capsys):
    """A crossed design as the bundled one (two levers x two uncertainties, 2 x 2 points)
    run by `staffsim sweep`: one note per group before the runs, no warning."""
    body = """
[simulation]
seed = 5
[sweep]
design = "latin"
lever_samples = 2
samples = 2
replications = 1
months = 2
[sweep.levers."optimizer.constraints.budget.vnd"]
range = [15e9, 60e9]
[sweep.levers."optimizer.constraints.max_distance.km"]
range = [60, 300]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.05]
[sweep.uncertainties."workload.intensity"]
range = [0.8, 1.3]
"""
    path = scenario(tmp_path, body)
    code, out, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--out",
                             str(tmp_path / "s"), "--workers", "1")
    assert code == 0, err
    assert not WARNED.search(out + err), out + err
    notes = [ln for ln in err.splitlines() if "RBD-FAST" in ln]
    assert [ln.split(":")[:2] for ln in notes] == [
        ["staffsim", " note"], ["staffsim", " note"]], err
    assert "sweep.lever_samples = 2: " in notes[0] and "sweep.samples = 2: " in notes[1]


NO_LEVERS = """
[sweep]
design = "factorial"
samples = 1
replications = 1
[sweep.discovery]
min_scenarios = 4
[sweep.uncertainties."dynamics.attrition_annual"]
values = [0.01, 0.02, 0.03, 0.04]
"""


def test_discovery_without_levers_against_the_median_gives_no_verdict(tmp_path, capsys):
    """The national sweep varies provinces only: its one 'setting', all runs, was judged
    'not robust, 50%' against the runs' own median, true of any runs. y = 100 x attrition:
    1, 2, 3, 4 (median 2.5)."""
    folder = synthetic_sweep(tmp_path, NO_LEVERS,
                             lambda v, r: round(100 * v["dynamics.attrition_annual"]))
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0, err
    tail = out[out.index("Scenario discovery:"):]
    assert "below 2.5 " in tail
    assert ("nothing to judge: no lever varies in this sweep, and the threshold is the median "
            "of its runs") in tail and "across its 4 scenarios" in tail
    assert "robust" not in tail.split("\n", 1)[1].lower()  # no verdict line
    # nor in the tables: robust is empty, not false (a script read 'false' as not robust)
    import csv
    import json

    with open(folder / "analysis" / "discovery.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["robust"] for r in rows] == [""], rows
    data = json.loads((folder / "analysis" / "analysis.json").read_text(encoding="utf-8"))
    assert [r["robust"] for r in data["discovery"]["settings"]] == [None]
    # a threshold given: the share is judged, by hand 3 of 4 runs are below 3.5
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en", "--force",
                             "--threshold", "3.5")
    assert code == 0, err
    tail = out[out.index("Scenario discovery:"):]
    assert "nothing to judge" not in tail
    assert "not robust    75%" in tail and "all runs" in tail
