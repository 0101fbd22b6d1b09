"""The levers beside a commune's panel, and the map's legend on the screen, in a real browser at
the screens of an HR office (a trial: at 1024 to 1599 px the levers' panel stepped aside while
a commune was open, so no lever could be changed while reading one; after a re-plan at 1366 x
768 the legend was about 40 px below the screen)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from .test_browser import dashboard, kpi, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

SCREENS = [(1024, 768), (1366, 768), (1440, 900), (1600, 900)]

# the element at the centre of ``e`` is ``e`` or within it: on the screen, nothing over it
ON_TOP = """e => { const r = e.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (e.contains(hit) || hit.contains(e)); }"""


def on_top(locator, seconds: float = 5.0) -> bool:
    """``ON_TOP`` holds within ``seconds`` (a panel being refreshed from the server has its
    element replaced meanwhile)."""
    end = time.monotonic() + seconds
    while not locator.evaluate(ON_TOP):
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def _within_screen(page, box: dict) -> bool:
    size = page.viewport_size
    return (box["x"] >= -0.5 and box["y"] >= -0.5
            and box["x"] + box["width"] <= size["width"] + 0.5
            and box["y"] + box["height"] <= size["height"] + 0.5)


def _allowance_bn(page) -> float:
    return float(kpi(page, "allowance").split()[0].replace(".", "").replace(",", "."))


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_lever_is_changed_while_a_commune_is_read(screen, dashboard):  # noqa: F811
    """Na Mèo open: the budget field and Re-plan are on the screen with nothing over them,
    beside the commune's panel; a budget of 20 bn typed and re-planned gives a plan within
    it (allowances at most VND 20 bn) with the commune still open. The plan between them
    keeps its tabs whole (none behind the tab bar's arrows) and the page does not scroll
    sideways."""
    page = screen
    width = page.viewport_size["width"]
    open_dashboard(page, dashboard)
    page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
    title = page.get_by_test_id("commune-title")
    expect(title).to_have_text("Xã Na Mèo")
    page.wait_for_timeout(600)  # (the drawers slide)
    budget = page.get_by_test_id("lever-budget")
    assert on_top(budget), budget.bounding_box()
    levers = page.locator(".q-drawer--left").bounding_box()
    panel = page.locator(".q-drawer--right").bounding_box()
    assert levers["x"] >= -0.5 and levers["x"] + levers["width"] <= panel["x"] + 0.5, \
        (levers, panel)  # side by side, neither over the other
    assert _within_screen(page, panel) and on_top(title)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".q-tabs--scrollable").count() == 0
    before = kpi(page, "allowance")
    budget.fill("20")
    replan = page.get_by_test_id("replan")
    replan.scroll_into_view_if_needed()
    assert on_top(replan)
    replan.click()
    expect(page.get_by_test_id("kpi-allowance")).not_to_have_text(before, timeout=120_000)
    assert _allowance_bn(page) <= 20.0  # VND bn: within the budget typed
    expect(title).to_have_text("Xã Na Mèo")  # still reading it
    budget.scroll_into_view_if_needed()  # (the levers' panel scrolled to Re-plan)
    assert on_top(title) and on_top(budget)
    assert budget.input_value() == "20"


def test_the_legend_stays_on_the_screen_after_a_replan(browser, dashboard):  # noqa: F811
    """1366 x 768: after a re-plan a line under the cards says what changed, and the map's
    legend was pushed below the screen (the map's height was a share of the screen's, whatever
    stood above it). It is on the screen, under the whole map, before and after, and with a
    commune's panel open."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_dashboard(page, dashboard)
        legend = page.get_by_test_id("map-legend")
        mapped = page.get_by_test_id("map")

        def on_screen() -> None:
            page.wait_for_timeout(400)  # (the map is sized on the next frame)
            box, map_box = legend.bounding_box(), mapped.bounding_box()
            assert _within_screen(page, box), box
            assert map_box["y"] + map_box["height"] <= box["y"] + 0.5, (map_box, box)
            assert map_box["height"] >= 190  # (12rem: still a map)

        on_screen()
        page.get_by_test_id("lever-budget").fill("20")
        page.get_by_test_id("replan").click()
        expect(page.get_by_test_id("replan-change")).to_be_visible(timeout=120_000)
        on_screen()
        page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
        expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")
        page.wait_for_timeout(600)  # (the drawer slides)
        on_screen()
    finally:
        page.close()
