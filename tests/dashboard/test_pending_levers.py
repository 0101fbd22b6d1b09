"""Levers typed (or a rule set chosen) and not re-planned: the page says so, and every tab
uses the levers of the plan shown, never the panel's unapplied ones (a trial typed 20 in the
budget, did not re-plan, and exported the 45-bn plan under 'the current plan (as shown)',
while 'Over time' ran with 20)."""

from __future__ import annotations

from staffsim.dashboard import planning
from staffsim.dashboard.page import DashboardTab
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from .test_user import SEE, text_of, wait_for


def _tabs(monkeypatch) -> list[DashboardTab]:
    tabs: list[DashboardTab] = []
    init = DashboardTab.__init__

    def record(self, *a, **k):
        init(self, *a, **k)
        tabs.append(self)

    monkeypatch.setattr(DashboardTab, "__init__", record)
    return tabs


def _notes(user) -> list[str]:
    try:
        return [e.text for e in user.find(marker="levers-pending").elements]
    except AssertionError:
        return []


async def test_typed_levers_not_replanned_are_said_and_used_nowhere(user, monkeypatch):
    tabs = _tabs(monkeypatch)
    asked: list = []

    def record(inputs, levers, *a, **k):  # (in the worker thread) what Over time runs with
        asked.append(levers)
        raise ScenarioError("test", "", "stopped by the test")

    monkeypatch.setattr(planning, "compare_policies", record)
    # the scenario file's own budget (VND): what the plan shown was made with
    budget = load_scenario(SCENARIOS / "demo.toml").params.optimizer.constraints.budget.vnd
    await user.open("/")
    await wait_for(lambda: tabs and tabs[0].view is not None and not tabs[0].busy)
    (tab,) = tabs
    assert _notes(user) == []
    moves = text_of(user, "kpi-moves")
    user.find(marker="lever-budget").clear().type("2")
    # said at once, without re-planning: the status line, above the cards, in the export tab
    # and in Over time (the same note)
    await user.should_see("các giá trị vừa nhập chưa được áp dụng", retries=SEE)
    await wait_for(lambda: len(_notes(user)) == 3)  # (the notes are drawn in the background)
    await user.should_see(f"Ngân sách hỗ trợ: kế hoạch dùng {budget / 1e9:.1f}".replace(
        ".", ",") + " tỷ đồng; bảng tham số ghi 2,0 tỷ đồng", retries=SEE)
    assert text_of(user, "kpi-moves") == moves  # the plan is the one it was
    # Over time runs with the plan's levers, not the 2 typed
    user.find(marker="run-compare").click()
    await wait_for(lambda: asked)
    assert asked[0].budget_vnd == budget == tab.view.levers.budget_vnd
    # typed back to the plan's value: nothing pending any more
    user.find(marker="lever-budget").clear().type(f"{budget / 1e9:g}".replace(".", ","))
    await wait_for(lambda: _notes(user) == [])
    assert "chưa được áp dụng" not in tab.status


async def test_a_rule_set_chosen_and_not_replanned_is_said(user, monkeypatch):
    tabs = _tabs(monkeypatch)
    await user.open("/")
    await wait_for(lambda: tabs and tabs[0].view is not None and not tabs[0].busy)
    (tab,) = tabs
    assert tab.view.levers.rules == "province_practice"  # demo.toml's rules
    (select,) = user.find(marker="lever-rules").elements
    select.value = "wisn"
    await user.should_see("các giá trị vừa nhập chưa được áp dụng", retries=SEE)
    await user.should_see("Bộ quy tắc: kế hoạch dùng thực tiễn của tỉnh; bảng tham số ghi "
                          "WISN", retries=SEE)
    assert tab.view.levers.rules == "province_practice"
