"""The "Over time" tab names the arms as compare does: its arm selector and its charts'
legends said 're-optimised every K months' ('tối ưu lại định kỳ' in Vietnamese) where the
command line says 're-optimised every 12 months', the scenario's
policies.rolling_every_months."""

from __future__ import annotations

import dataclasses

import pytest
from nicegui import ui

from staffsim.dashboard import planning
from staffsim.results.words import words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from .test_user import text_of, wait_for

# the demo leaves policies.rolling_every_months at its default, 12 (scenarios/params.py)
ROLLING = {"en": "re-optimised every 12 months", "vi": "tối ưu lại mỗi 12 tháng"}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_arms_are_named_with_their_parameters(lang):
    names = planning.arm_names(words(lang), load_scenario(SCENARIOS / "demo.toml"))
    assert names["rolling"] == ROLLING[lang]
    assert names["none"] == {"en": "no action", "vi": words("vi")("no action")}[lang]
    assert not any("K months" in n or "định kỳ" in n for n in names.values()), names


def test_the_scenarios_own_k_and_an_arms_own_set_are_said():
    scenario = load_scenario(SCENARIOS / "demo.toml", {"policies.rolling_every_months": 3})
    assert planning.arm_names(words("en"), scenario)["rolling"] == "re-optimised every 3 months"
    arms = dict(scenario.params.compare.arms)
    arms["rolling"] = arms["rolling"].model_copy(update={"set": {
        "policies.rolling_every_months": 1}})
    compare = scenario.params.compare.model_copy(update={"arms": arms})
    one = dataclasses.replace(scenario, params=scenario.params.model_copy(
        update={"compare": compare}))
    assert planning.arm_names(words("vi"), one)["rolling"] == "tối ưu lại hằng tháng"


@pytest.fixture
def small(monkeypatch):
    """The tab's comparison, made small: no action and the rolling arm, one replication of
    two months (the real simulation)."""
    real = planning.compare_policies

    def compare(inputs, levers, arms, reps, months, workers, progress):
        return real(inputs, levers, ("none", "rolling"), 1, 2, 1, progress)

    monkeypatch.setattr(planning, "compare_policies", compare)


def charts(user) -> list:
    try:
        return list(user.find(ui.echart).elements)
    except AssertionError:  # none yet
        return []


async def test_the_selector_and_the_legends_say_k(user, small):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    (select,) = [s for s in user.find(ui.select).elements if "rolling" in s.options]
    assert select.options["rolling"] == ROLLING["vi"]
    user.find(marker="run-compare").click()
    await wait_for(lambda: charts(user), timeout=120)
    assert len(charts(user)) == len(planning.PANELS)
    for chart in charts(user):
        assert ROLLING["vi"] in chart.options["legend"]["data"], chart.options["legend"]
