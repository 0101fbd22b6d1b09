"""The secondment arm states its months as the rolling arm states its K: compare's tables,
figures and answer named it 'optimised secondments' whatever policies.secondment_months was
(6 by default, 24 after --set)."""

from __future__ import annotations

import pytest

from staffsim.dashboard import planning
from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
from staffsim.results.compare_lines import arm_label
from staffsim.results.words import words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.mark.parametrize(("months", "en", "vi"), [
    (None, "optimised secondments (6 months)", "biệt phái tối ưu (6 tháng)"),  # the default
    (24, "optimised secondments (24 months)", "biệt phái tối ưu (24 tháng)"),
    (1, "optimised secondments (1 month)", "biệt phái tối ưu (1 tháng)"),
])
def test_the_secondment_arm_says_its_months(months, en, vi):
    sets = {} if months is None else {"policies.secondment_months": months}
    scenario = load_scenario(SCENARIOS / "demo.toml", sets)
    (spec,) = arm_specs(scenario, ["secondment"], 2)
    assert spec.name == en
    assert planning.arm_names(words("en"), scenario)["secondment"] == en
    assert planning.arm_names(words("vi"), scenario)["secondment"] == vi


def test_compare_summary_names_it_in_both_languages():
    scenario = load_scenario(SCENARIOS / "demo.toml", {"policies.secondment_months": 24})
    specs = arm_specs(scenario, ["none", "secondment"], 2)
    summary = summarize_arms(specs, run_compare(specs, 1, 7))
    assert summary["arms"]["secondment"]["label"] == "optimised secondments (24 months)"
    assert arm_label(words("vi"), summary, "secondment") == "biệt phái tối ưu (24 tháng)"
    assert arm_label(words("en"), summary, "none") == "no action"  # others as they were
