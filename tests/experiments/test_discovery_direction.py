"""Scenario discovery judges an outcome in its own direction: a run succeeds below the
threshold for an outcome to keep low, above it for one to keep high (the on-time share). A
researcher's trial: with on_time_share as the discovery outcome, the setting with the lowest
share was called robust and the highest not robust. The threshold and the means are said as
given (a share in percent), and an outcome better neither way is refused."""

from __future__ import annotations

import csv

import pytest

from staffsim.experiments import sweep as sweep_mod
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import write_scenario
from ..helpers import run_cli
from .test_sweep import plan_sweep

BODY = """
[sweep]
design = "latin"
samples = 4
lever_samples = 4
replications = 1
[sweep.discovery]
outcome = "on_time_share|province"
threshold = 0.955
min_scenarios = 4
robust_share = 0.75
[sweep.levers."optimizer.budget_vnd"]
range = [0, 10e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.08]
"""


def share(v: dict) -> float:
    """On-time share rising with the budget, from 90% at none to 100% at VND 10 bn."""
    return 0.9 + 0.1 * v["optimizer.budget_vnd"] / 10e9


def _sweep(tmp_path, body: str = BODY):
    plan = plan_sweep(load_scenario(write_scenario(tmp_path, body)))
    folder = tmp_path / "synthetic"
    sf.create(folder, sweep_mod.sweep_spec(plan), sweep_mod.design_csv(plan), plan.scenario)
    for p in range(plan.design.n_points):
        values = plan.design.point(p)
        sf.write_run(folder, {"run": p, "point": p, "replication": 0,
                              **{f"in:{k}": v for k, v in values.items()},
                              "on_time_share|province": share(values),
                              "mountain_unmet_fte": 10 - values["optimizer.budget_vnd"] / 1e9})
    sf.finish(folder, plan.n_runs, {}, "test")
    return folder


def test_an_outcome_to_keep_high_succeeds_above_its_threshold(tmp_path, capsys):
    folder = _sweep(tmp_path)
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0, err
    with open(folder / "analysis" / "discovery.csv", encoding="utf-8", newline="") as f:
        found = list(csv.DictReader(f))
    assert len(found) == 4
    for r in found:  # by hand: every run of a setting has the same share
        above = share({"optimizer.budget_vnd": float(r["optimizer.budget_vnd"])}) > 0.955
        assert float(r["success_share"]) == (1.0 if above else 0.0)
        assert r["robust"] == ("true" if above else "false")
    budgets = [float(r["optimizer.budget_vnd"]) for r in found]
    assert budgets == sorted(budgets, reverse=True)  # the best (highest share) first
    assert ("Scenario discovery: On-time share of arrivals, province above 95.5% (robust: "
            "in at least 75% of at least 4 scenarios)") in out
    robust = [ln for ln in out.splitlines() if "ROBUST" in ln]
    assert robust and all("mean 9" in ln and "%" in ln for ln in robust)


def test_a_threshold_typed_beside_an_outcome_judges_that_outcome(tmp_path, capsys):
    folder = _sweep(tmp_path, BODY.replace('outcome = "on_time_share|province"\n',
                                           "").replace("threshold = 0.955\n", ""))
    code, out, err = run_cli(capsys, "analyze", str(folder), "--outcome",
                             "on_time_share|province", "--threshold", "0.97", "--lang", "en")
    assert code == 0, err
    assert "Scenario discovery: On-time share of arrivals, province above 97%" in out
    code, out, err = run_cli(capsys, "analyze", str(folder), "--threshold", "0.04", "--force",
                             "--lang", "en")
    assert "below 0.04 (robust" in out  # (the sweep's unmet need, as given: not '0.0')


def test_a_share_threshold_of_one_or_more_is_refused_before_the_sweep(tmp_path):
    with pytest.raises(ScenarioError, match=r"100%.*\(0\.95 "):
        plan_sweep(load_scenario(write_scenario(tmp_path, BODY.replace("0.955", "1.0"))))


@pytest.mark.parametrize(("lang", "said"), [("en", "rule set province practice"),
                                            ("vi", "bộ quy tắc thực tiễn của tỉnh")])
def test_a_rule_set_setting_is_said_by_its_name(lang, said):
    """A discovery row of the rule-set lever named it 'province_practice' (a trial)."""
    from staffsim.results.words import Words, setting_said

    assert setting_said(Words(lang), "optimizer.rules", "province_practice", {}) == said
