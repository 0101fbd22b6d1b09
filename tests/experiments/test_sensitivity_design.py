"""What analyze may claim of a design: factors that the design actually run cannot tell apart
are said to be so, with their joint share of the variance from an analysis of variance that
each test recomputes by hand from the results table (numpy, not the code under test)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from staffsim.experiments.design import MIN_SEPARATE_POINTS, size_notes, size_warnings
from staffsim.experiments.sensitivity import analyse_sweep, write_analysis
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.params import SweepParams

from ..helpers import run_cli
from .test_sweep import synthetic_sweep

LEVERS = """
[sweep.levers."optimizer.budget_vnd"]
label = "budget"
range = [0, 10e9]
[sweep.levers."optimizer.donor_floor"]
label = "donor floor"
range = [0, 1]
"""
UNCERTAINTIES = """
[sweep.uncertainties."dynamics.attrition_annual"]
label = "attrition"
range = [0.01, 0.08]
[sweep.uncertainties."workload.intensity"]
label = "intensity"
range = [0.8, 1.3]
"""


def crossed(samples: int = 5, lever_samples: int = 4, replications: int = 2) -> str:
    return (f'[sweep]\ndesign = "latin"\nsamples = {samples}\nlever_samples = '
            f"{lever_samples}\nreplications = {replications}\n" + LEVERS + UNCERTAINTIES)


def table(folder: Path) -> dict[str, np.ndarray]:
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    return {k: np.asarray(v) for k, v in t.items()}


def codes(*columns: np.ndarray) -> np.ndarray:
    """One level per distinct joint value of the columns."""
    return np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)[1].ravel()


def ss(y: np.ndarray, level: np.ndarray) -> float:
    """Between-level sum of squares, by hand."""
    return sum(np.sum(level == lv) * (y[level == lv].mean() - y.mean()) ** 2
               for lv in np.unique(level))


def intensity_only(v: dict, r: int) -> float:
    return 100 * v["workload.intensity"] + 0.3 * r


def test_crossed_factors_are_said_inseparable_and_groups_match_a_hand_anova(tmp_path,
                                                                            capsys):
    """4 lever settings x 5 scenarios x 2 replications, y depends on intensity only: the old
    analysis gave attrition (aliased with intensity) an S1 of its own. Now no factor gets an
    index; the scenarios' share, the levers' (zero), the interaction (zero) and the noise
    match a two-way ANOVA computed here from results.parquet."""
    folder = synthetic_sweep(tmp_path, crossed(), intensity_only)
    res = analyse_sweep(folder)
    e = res["sensitivity"]["mountain_unmet_fte"]
    assert "numeric" not in e  # no per-factor S1 claimed
    groups = {tuple(g["factors"]): g for g in res["groups"]}
    lev = ("optimizer.budget_vnd", "optimizer.donor_floor")
    unc = ("dynamics.attrition_annual", "workload.intensity")
    assert set(groups) == {lev, unc}
    assert groups[lev]["levels"] == 4 and groups[unc]["levels"] == 5
    assert groups[lev]["separable"] is False and groups[unc]["separable"] is False
    t = table(folder)
    y = t["mountain_unmet_fte"]
    total = np.sum((y - y.mean()) ** 2)
    a = codes(*(t[f"in:{k}"] for k in lev))
    b = codes(*(t[f"in:{k}"] for k in unc))
    cell = codes(a, b)
    within = sum(np.sum((y[cell == c] - y[cell == c].mean()) ** 2) for c in np.unique(cell))
    v = e["variance"]
    shares = dict(zip([tuple(g["factors"]) for g in res["groups"]], v["groups"], strict=True))
    assert shares[unc] == pytest.approx(ss(y, b) / total)
    assert shares[lev] == pytest.approx(ss(y, a) / total) and shares[lev] < 1e-12
    assert v["noise"] == pytest.approx(within / total)
    assert v["interaction"] == pytest.approx(1 - (ss(y, a) + ss(y, b) + within) / total,
                                             abs=1e-12)
    assert v["crossed"] is True
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0
    # named by the scenario's own labels (LEVERS, UNCERTAINTIES)
    # said once, before the outcomes, as a note: a crossed design answers levers against
    # scenarios at any size; an index per factor is what it cannot give
    assert out.count("note: sweep.samples = 5: analyze reports the joint share of the "
                     "variance of attrition, intensity;") == 1
    assert out.count("note: sweep.lever_samples = 4: analyze reports the joint share of the "
                     "variance of budget, donor floor; an index per factor (RBD-FAST) needs "
                     "sweep.lever_samples of at least 64") == 1
    assert "RBD-FAST needs" not in out and "not told apart" not in out
    assert "first-order index S1" not in out
    csv = (folder / "analysis" / "sensitivity.csv").read_text(encoding="utf-8")
    assert "dynamics.attrition_annual + workload.intensity,eta2" in csv
    assert ",S1," not in csv


def test_one_replication_noise_is_not_estimable(tmp_path, capsys):
    folder = synthetic_sweep(tmp_path, crossed(samples=3, lever_samples=2, replications=1),
                             intensity_only)
    res = analyse_sweep(folder)
    v = res["sensitivity"]["mountain_unmet_fte"]["variance"]
    assert v["noise"] is None
    assert res["sensitivity"]["mountain_unmet_fte"]["replication_noise_share"] is None
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert "replication noise: not estimable with one replication" in out
    assert "interactions and replication noise (one replication cannot separate them)" in out
    assert "0.0%" not in out.split("replication noise (between")[1].splitlines()[0]
    # 6 points: no index is drawn or printed for any of the four factors
    assert "first-order index S1" not in out
    # (named as analyze's tables name them: the scenario's own labels, as written)
    assert ("note: sweep.lever_samples = 2: analyze reports the joint share of the variance "
            "of budget, donor floor") in out


def test_a_large_crossed_group_gets_indices_within_it(tmp_path):
    """64 scenarios of their own: RBD-FAST tells intensity from attrition within the
    scenarios (y depends on intensity only), while the 2 lever settings stay inseparable."""
    folder = synthetic_sweep(tmp_path, crossed(samples=MIN_SEPARATE_POINTS, lever_samples=2,
                                               replications=1), intensity_only)
    res = analyse_sweep(folder)
    e = res["sensitivity"]["mountain_unmet_fte"]
    s1 = dict(zip(res["numeric_factors"], e["numeric"]["S1"], strict=True))
    assert s1["optimizer.budget_vnd"] is None and s1["optimizer.donor_floor"] is None
    assert s1["workload.intensity"] > 0.8 and abs(s1["dynamics.attrition_annual"]) < 0.2
    assert e["flags"]["S1"][0] == ["not_separable"]


def test_factorial_main_effects_are_eta_squared_by_hand(tmp_path, capsys):
    """A 3 x 4 full factorial x 2 replications, y = 3 budget + floor² + budget x floor +
    noise: each factor's main-effect eta² is its between-level sum of squares over the total
    (no RBD-FAST), and the shares add up to 1 with the interaction and the noise."""
    body = ('[sweep]\ndesign = "factorial"\nsamples = 3\nreplications = 2\n'
            '[sweep.levers."optimizer.budget_vnd"]\nrange = [0, 2]\n'
            '[sweep.uncertainties."optimizer.donor_floor"]\nrange = [0, 1]\n')
    body = body.replace("samples = 3", "samples = 4")
    folder = synthetic_sweep(
        tmp_path, body, lambda v, r: 3 * v["optimizer.budget_vnd"]
        + v["optimizer.donor_floor"] ** 2 + v["optimizer.budget_vnd"]
        * v["optimizer.donor_floor"] + 0.2 * r)
    res = analyse_sweep(folder)
    e = res["sensitivity"]["mountain_unmet_fte"]
    assert "numeric" not in e
    t = table(folder)
    y = t["mountain_unmet_fte"]
    total = np.sum((y - y.mean()) ** 2)
    shares = dict(zip([g["factors"][0] for g in res["groups"]], e["variance"]["groups"],
                      strict=True))
    for k in ("optimizer.budget_vnd", "optimizer.donor_floor"):
        assert shares[k] == pytest.approx(ss(y, t[f"in:{k}"]) / total)
    v = e["variance"]
    assert sum(v["groups"]) + v["interaction"] + v["noise"] == pytest.approx(1)
    assert v["interaction"] > 0.001
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert "analysis of variance of the full factorial: exact" in out
    assert "lever_samples" not in out  # a full factorial crosses every level already
    assert not size_warnings(SweepParams.model_validate(json.loads(
        (folder / "sweep.json").read_text())["params"]["sweep"]))


def test_one_run_per_value_measures_nothing(tmp_path, capsys):
    """A values list run once per value (the national sweep with one replication): the
    values explain 100% by construction; analyze says so instead of printing eta² 1."""
    body = ('[sweep]\ndesign = "factorial"\nsamples = 1\nreplications = 1\n'
            '[sweep.uncertainties."dynamics.attrition_annual"]\nlabel = "attrition"\n'
            'values = [0.01, 0.02, 0.05]\n')
    folder = synthetic_sweep(tmp_path, body, lambda v, r: v["dynamics.attrition_annual"])
    res = analyse_sweep(folder)
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0
    assert "explain all the variance by construction" in out
    assert "100" not in out.split("(3 values)")[1].splitlines()[0]
    write_analysis(folder, res, force=True)
    csv = (folder / "analysis" / "sensitivity.csv").read_text(encoding="utf-8")
    assert "dynamics.attrition_annual,eta2,,,saturated" in csv


def test_crossed_discovery_advice_is_more_scenarios(tmp_path, capsys):
    """lever_samples is set (4 x 5): a setting meets 5 scenarios, fewer than 10; the advice
    is more samples (or a lower min_scenarios), not lever_samples."""
    folder = synthetic_sweep(tmp_path, crossed(), intensity_only)
    code, out, _ = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert "4 of 4 lever settings met fewer than 10 scenarios" in out
    assert "the design has 5" in out and "raise sweep.samples to 10 or more" in out
    assert "lever_samples > 0 lets" not in out


@pytest.mark.parametrize(("fields", "expected", "notes"), [
    # crossed: groups too small to tell their factors apart are a note, not a warning
    ({"design": "latin", "samples": 5, "lever_samples": 4}, [],
     ["sweep.lever_samples = 4: analyze reports the joint share of the variance of budget, "
      "donor floor", "sweep.samples = 5: analyze reports the joint share of the variance of "
      "attrition, intensity"]),
    # crossed, large enough to tell apart, below SALib's 100: biased indices, a warning each
    ({"design": "latin", "samples": 80, "lever_samples": 64},
     ["sweep.lever_samples: 64 points for RBD-FAST", "sweep.samples: 80 points for RBD-FAST"],
     []),
    # one joint sample of 20 points: no index per factor at all, and no discovery
    ({"design": "latin", "samples": 20},
     ["sweep.samples: 20 points cannot tell budget, donor floor, attrition, intensity apart",
      "sweep.lever_samples: 0"], []),
    ({"design": "latin", "samples": 80},
     ["sweep.samples: 80 points for RBD-FAST", "sweep.lever_samples: 0"], []),
    ({"design": "factorial", "samples": 3}, [], []),
])
def test_size_warnings_name_the_field_and_the_group(fields, expected, notes):
    sw = SweepParams.model_validate({
        **fields, "levers": {"optimizer.budget_vnd": {"range": [0, 1e9], "label": "budget"},
                             "optimizer.donor_floor": {"range": [0, 1],
                                                       "label": "donor floor"}},
        "uncertainties": {"dynamics.attrition_annual": {"range": [0, 0.1],
                                                        "label": "attrition"},
                          "workload.intensity": {"range": [0.8, 1.3], "label": "intensity"}}})
    found = size_warnings(sw)
    assert len(found) == len(expected)
    for text, start in zip(found, expected, strict=True):
        assert text.startswith(start), text
    found = size_notes(sw)
    assert len(found) == len(notes)
    for text, start in zip(found, notes, strict=True):
        assert text.startswith(start), text
