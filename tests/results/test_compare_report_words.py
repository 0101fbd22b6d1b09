"""compare's report says each amount of money in one unit and one precision, table and answer
alike, begins each answer sentence with a capital and gives the close arm's difference its
unit. A researcher's trial read 'VND 99 bn (97–103)' beside 'VND 95.0 bn' in one row while the
answer said 99.4, 'greedy transfers once comes close' and 'the difference, -248,'."""

from __future__ import annotations

import copy
import re

import pytest

from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
from staffsim.i18n import language
from staffsim.results.compare_lines import compare_rows
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def demo():
    sc = load_scenario(SCENARIOS / "demo.toml")
    specs = arm_specs(sc, ["none", "optimised", "greedy"], 2)
    return sc, summarize_arms(specs, run_compare(specs, 3, 7))


def _with_costs(summary: dict, costs: dict[str, tuple[float, float, float]]) -> dict:
    out = copy.deepcopy(summary)
    ref = costs[out["reference_arm"]][0]
    for k, (mean, lo, hi) in costs.items():
        out["arms"][k]["metrics"]["cost_vnd"]["areas"]["province"] = {
            "mean": mean, "p05": lo, "p95": hi,
            "vs_reference": {"mean": mean - ref, "p05": lo - ref, "p95": hi - ref}}
    return out


def test_a_money_row_and_the_answer_say_one_precision(demo, tmp_path):
    from staffsim.results.report_contents import compare_report

    sc, summary = demo
    # the trial's figures: 99.4 bn (97 to 103) beside 95.0 bn (94 to 96). The row's largest
    # amount, 103 bn, is at least 100 of its unit, so every amount of the row has no decimal
    # (as one amount of 103 bn alone has): 99, 97–103, 95, 94–96; the answer says 99 and 95
    costs = {"none": (95.0e9, 94.0e9, 96.0e9), "optimised": (99.4e9, 97.0e9, 103.0e9),
             "greedy": (96.0e9, 95.2e9, 96.8e9)}
    s = _with_costs(summary, costs)
    with language("en"):
        _, rows = compare_rows(s, 3)
        report = compare_report(sc, s, 2, 3, 7, tmp_path)
    at = next(i for i, r in enumerate(rows) if r[0].startswith("Cost over the horizon")
              and r[0].endswith("province"))
    cells = {r[0]: r[1] for r in rows[at + 1:at + 4]}
    assert cells["no action"] == "VND 95 bn (94–96)"
    assert cells["optimised transfers once"] == "VND 99 bn (97–103)"
    assert cells["greedy transfers once"] == "VND 96 bn (95–97)"
    said = re.findall(r"VND [\d.,]+ bn", " ".join(report.answer))
    assert said and set(said) <= {"VND 95 bn", "VND 99 bn", "VND 96 bn"}, said


def test_each_answer_sentence_begins_with_a_capital(demo, tmp_path):
    from staffsim.results.report_contents import compare_report

    sc, summary = demo
    s = copy.deepcopy(summary)
    # the next arm comes close: its paired difference's interval holds zero
    s["least_unmet"] = {**s["least_unmet"], "arms": ["optimised"], "next": "greedy",
                        "vs_next": {"mean": -248.0, "p05": -600.0, "p95": 90.0,
                                    "mean_se": 150.0, "mean_ci90_lo": -520.0,
                                    "mean_ci90_hi": 24.0}}
    for lang in ("en", "vi"):
        with language(lang):
            answer = compare_report(sc, s, 2, 3, 7, tmp_path).answer
        assert all(a[:1].isupper() for a in answer), answer
        close = next(a for a in answer if "-248" in a)
        assert close.startswith(("Greedy transfers once comes close", "Điều động một lần"))
        unit = "FTE-months" if lang == "en" else "người-tháng quy đổi"
        assert re.search(rf"-248 {unit}", close), close
