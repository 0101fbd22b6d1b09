"""An import problem of a workbook's header below its first row ('header (row 8)': the
decision annex imported as a roster) is worded in the tab's language, as a CSV's 'header' is
('dòng tiêu đề'); it stayed English in the 'Cột' column."""

from __future__ import annotations

from nicegui import ui

from staffsim.dashboard.page import DashboardTab
from staffsim.dashboard.uploads import Problem, UploadResult

from .test_user import SEE, wait_for


async def test_a_header_below_the_first_row_is_worded(user, monkeypatch):
    tabs: list[DashboardTab] = []
    init = DashboardTab.__init__

    def record(self, *a, **k):
        init(self, *a, **k)
        tabs.append(self)

    monkeypatch.setattr(DashboardTab, "__init__", record)
    await user.open("/")
    await wait_for(lambda: tabs and tabs[0].view is not None)
    data = tabs[0].data
    data.last = UploadResult("roster", "phu_luc.xlsx", None, [
        Problem("header (row 8)", "missing column(s) official_id"),
        Problem("header", "missing column(s) official_id")])
    with tabs[0].anchor:
        data.report.refresh()
    await user.should_see("phu_luc.xlsx", retries=SEE)
    (table,) = [t for t in user.find(ui.table).elements if t.rows and "problem" in t.rows[0]]
    assert [r["column"] for r in table.rows] == ["dòng tiêu đề (dòng 8)", "dòng tiêu đề"]
