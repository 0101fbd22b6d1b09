"""A lever field accepts exactly what the scenario's rules accept: an allowance multiple the
parameters refuse (above 5x base salary, e.g. 175 meant as 175 %) is marked in its field and
never planned (the field allowed up to 20 while the parameters stopped at 5)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from staffsim.dashboard.page import DashboardTab
from staffsim.scenarios.params import MultipleByZone

from .test_user import text_of, wait_for


def _tabs(monkeypatch) -> list[DashboardTab]:
    tabs: list[DashboardTab] = []
    init = DashboardTab.__init__

    def record(self, *a, **k):
        init(self, *a, **k)
        tabs.append(self)

    monkeypatch.setattr(DashboardTab, "__init__", record)
    return tabs


async def test_a_multiple_the_rules_refuse_is_refused_in_its_field(user, monkeypatch):
    with pytest.raises(ValidationError):  # the parameters' own bound, independently
        MultipleByZone(lowland=1.0, mountain=1.25, high_mountain=7.0)
    tabs = _tabs(monkeypatch)
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None) and tabs)
    (tab,) = tabs
    user.find(marker="lever-mult-high_mountain").clear().type("7")
    assert "multiple_high_mountain" in tab.invalid
    user.find(marker="lever-mult-high_mountain").clear().type("1,75")
    assert "multiple_high_mountain" not in tab.invalid
    assert tab.form["multiple_high_mountain"] == 1.75
