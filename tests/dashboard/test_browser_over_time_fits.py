"""The comparison over time on a 1024 x 768 office laptop, in a real browser: each chart's title
whole above it, the charts and the table of the arms within the plan, nothing scrolled
sideways (a trial: three charts a row cut their titles at both ends, 'u hụt nhân lực, vùng
cao (người quy', and the table showed two of its seven columns, the rest beyond the plan)."""

from __future__ import annotations

import pytest

from .test_browser import dashboard, open_dashboard, run_over_time  # noqa: F401 (the fixture)
from .test_browser_narrow_screen import boxes

pytestmark = pytest.mark.browser

# what a title says (the outcomes' names: model.outcomes, in the catalogue's Vietnamese)
TITLES = ["Thiếu hụt nhân lực, vùng cao (người quy đổi)",
          "Thiếu hụt nhân lực, miền núi (người quy đổi)",
          "Hồ sơ tồn đọng cuối tháng, toàn tỉnh (hồ sơ)"]


def across(plan: dict, box: dict) -> bool:
    """``box`` within the plan's width (the plan's box is the screen's height: the page
    scrolls down, never sideways)."""
    return box["x"] >= plan["x"] - 0.5 and box["x"] + box["width"] <= plan["x"] + plan[
        "width"] + 0.5


def test_the_charts_and_the_table_fit_a_1024_screen(browser, dashboard):  # noqa: F811
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        open_dashboard(page, dashboard)
        run_over_time(page)
        plan = page.locator(".q-page").bounding_box()
        # the table of the arms (the last in the tab): its seven columns within the plan,
        # not scrolled sideways
        table = page.locator(".q-tab-panel:visible .q-table__container").last
        table.locator("tbody tr").first.wait_for()
        middle = table.locator(".q-table__middle")
        assert middle.evaluate("e => e.scrollWidth <= e.clientWidth"), middle.bounding_box()
        heads = boxes(table.locator("thead th"))
        assert len(heads) == 7
        for box in heads:
            assert across(plan, box), (box, plan)
        titles = page.get_by_test_id("band-title")
        assert [titles.nth(k).inner_text() for k in range(titles.count())] == TITLES
        charts = page.get_by_test_id("band-chart")
        for k in range(3):
            title, chart = titles.nth(k), charts.nth(k)
            assert title.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut
            box, drawn = title.bounding_box(), chart.bounding_box()
            assert across(plan, box) and across(plan, drawn), (box, drawn, plan)
            # the title above its own chart, across it
            assert box["y"] + box["height"] <= drawn["y"] + 0.5
            assert drawn["x"] - 0.5 <= box["x"] and \
                box["x"] + box["width"] <= drawn["x"] + drawn["width"] + 0.5
    finally:
        page.close()
