"""A value typed while a plan is computed is kept, and planned (NiceGUI's User fixture)."""

from __future__ import annotations

import time

from staffsim.dashboard import planning
from staffsim.dashboard.page import DashboardTab

from .test_user import SEE, text_of, wait_for


def _slow_tabs(monkeypatch) -> list[DashboardTab]:
    tabs: list[DashboardTab] = []
    init, plan = DashboardTab.__init__, planning.plan

    def record(self, *a, **k):
        init(self, *a, **k)
        tabs.append(self)

    def slow(*a, **k):  # (in the worker thread) long enough to type during it
        time.sleep(0.8)
        return plan(*a, **k)

    monkeypatch.setattr(DashboardTab, "__init__", record)
    monkeypatch.setattr(planning, "plan", slow)
    return tabs


async def test_a_budget_typed_while_planning_is_kept_and_planned(user, monkeypatch):
    tabs = _slow_tabs(monkeypatch)
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    (tab,) = tabs
    user.find(marker="lever-budget").clear().type("21,1")
    user.find("Lập lại kế hoạch").click()
    await wait_for(lambda: tab.busy)
    user.find(marker="lever-budget").clear().type("24,6")
    user.find(marker="lever-distance").clear().type("150")
    # the plan for 21,1 finishes: the field keeps 24,6, and the plan is made again with it
    await wait_for(lambda: tab.view is not None and tab.view.levers.budget_vnd == 24.6e9
                   and not tab.busy, timeout=60)
    (field,) = user.find(marker="lever-budget").elements
    assert field.value == "24,6"
    assert tab.view.levers.max_distance_km == 150
    await user.should_see("Đã lập kế hoạch", retries=SEE)


async def test_a_value_typed_then_a_manual_edit_keeps_the_value_marked(user, monkeypatch):
    tabs = _slow_tabs(monkeypatch)
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None) and tabs
                   and tabs[0].view is not None)
    (tab,) = tabs
    user.find(marker="lever-budget").clear().type("24,6")
    official = tab.view.rows[0].official_id
    await tab.edit(tab.edits.pin(official))  # as the pin button does
    (field,) = user.find(marker="lever-budget").elements
    assert field.value == "24,6" and tab.form["budget_bn"] == 24.6
    assert official in tab.view.edits.keep
    await user.should_see("chưa được áp dụng", retries=SEE)
