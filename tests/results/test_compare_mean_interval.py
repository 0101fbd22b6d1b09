"""compare tells two arms apart by the 90% paired t confidence interval of the MEAN
difference, not by the 5th-95th percentile band of single replications' differences (which
does not narrow with more replications). A researcher's trial: the 10 paired differences
below (rolling - greedy, province unmet FTE-months; 9 of 10 negative, paired t p = 0.009)
have a percentile band of -637 to +34, holding zero, and the report said 'the replications
do not tell the two apart'. comparison.csv and comparison.json give the mean's standard error
and interval. Expected values from scipy's own t test, not from staffsim's code."""

from __future__ import annotations

import csv
import json
import math
import statistics

import numpy as np
import pytest
from scipy import stats

from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
from staffsim.i18n import language
from staffsim.results.compare_folder import intervals_entry, write_comparison_csv
from staffsim.results.summary import mean_interval
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

TRIAL = [-488, -611, 98, -138, -87, -364, -45, -158, -659, -212]


def test_the_trials_differences_have_a_mean_interval_that_excludes_zero():
    got = mean_interval(np.array(TRIAL, float))
    ci = stats.ttest_1samp(TRIAL, 0).confidence_interval(0.90)
    assert got["mean_se"] == pytest.approx(statistics.stdev(TRIAL) / math.sqrt(10))
    assert got["mean_ci90_lo"] == pytest.approx(ci.low)
    assert got["mean_ci90_hi"] == pytest.approx(ci.high)
    assert ci.high < 0  # (-394.5 to -138.7)
    # the percentile band the report used holds zero
    assert np.percentile(TRIAL, 5) < 0 < np.percentile(TRIAL, 95)
    one = mean_interval(np.array([3.0]))
    assert one == {"mean_se": None, "mean_ci90_lo": None, "mean_ci90_hi": None}


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    """The demo's arms with province unmet need set by hand: no action 40,000 + 10 k, greedy
    30,000 + 5 k, optimised greedy's plus the trial's differences."""
    sc = load_scenario(SCENARIOS / "demo.toml")
    specs = arm_specs(sc, ["none", "optimised", "greedy"], 2)
    runs = run_compare(specs, 10, 7)
    unmet = {"none": [40_000.0 + 10 * k for k in range(10)],
             "greedy": [30_000.0 + 5 * k for k in range(10)]}
    unmet["optimised"] = [g + d for g, d in zip(unmet["greedy"], TRIAL, strict=True)]
    for r in runs:
        r["metrics"]["unmet_fte_months|province"] = unmet[r["arm"]][r["replication"]]
    return sc, summarize_arms(specs, runs), unmet


def test_the_report_says_the_two_differ(trial, tmp_path):
    from staffsim.results.report_contents import compare_report

    sc, summary, _unmet = trial
    ci = stats.ttest_1samp(TRIAL, 0).confidence_interval(0.90)
    lo, hi = round(ci.low), round(ci.high)  # -395, -139
    for lang, words in (("en", ("has a 90% confidence interval from {lo} to {hi}, which "
                                "excludes zero, so the two differ: optimised transfers once "
                                "leaves less unmet need")),
                        ("vi", "có khoảng tin cậy 90% từ {lo} đến {hi}, không chứa số 0, nên "
                               "hai phương án khác nhau")):
        with language(lang):
            answer = " ".join(compare_report(sc, summary, 2, 10, 7, tmp_path).answer)
        assert words.format(lo=lo, hi=hi) in answer, answer
        assert "do not tell" not in answer and "không phân biệt" not in answer


def test_comparison_csv_and_json_give_the_means_interval(trial, tmp_path):
    _sc, summary, unmet = trial
    write_comparison_csv(tmp_path / "comparison.csv", summary)
    with open(tmp_path / "comparison.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    # the old columns keep their places; the new ones follow
    assert header[:12] == ["arm", "label", "metric", "area", "unit", "direction", "mean",
                           "p05", "p95", "diff_vs_reference_mean", "diff_p05", "diff_p95"]
    row = next(r for r in rows if r["arm"] == "optimised"
               and r["metric"] == "unmet_fte_months" and r["area"] == "province")
    paired = stats.ttest_rel(unmet["optimised"], unmet["none"]).confidence_interval(0.90)
    own = stats.ttest_1samp(unmet["optimised"], 0).confidence_interval(0.90)
    assert float(row["diff_mean_ci90_lo"]) == pytest.approx(paired.low, abs=1e-4)
    assert float(row["diff_mean_ci90_hi"]) == pytest.approx(paired.high, abs=1e-4)
    diffs = np.subtract(unmet["optimised"], unmet["none"])
    assert float(row["diff_mean_se"]) == pytest.approx(
        statistics.stdev(diffs) / math.sqrt(10), abs=1e-4)
    assert float(row["mean_ci90_lo"]) == pytest.approx(own.low, abs=1e-4)
    assert float(row["mean_ci90_hi"]) == pytest.approx(own.high, abs=1e-4)
    vs_next = json.loads(json.dumps(summary))["least_unmet"]["vs_next"]
    ci = stats.ttest_1samp(TRIAL, 0).confidence_interval(0.90)
    assert vs_next["mean_ci90_lo"] == pytest.approx(ci.low)
    assert vs_next["mean_ci90_hi"] == pytest.approx(ci.high)
    assert "confidence interval" in intervals_entry(10)["mean"]
