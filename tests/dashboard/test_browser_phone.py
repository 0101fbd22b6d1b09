"""The dashboard on a phone (390 x 844): the levers' drawer opens again from a menu button,
the commune panel fits the screen, and the comparison's numbers are on it (a trial: no way back
to the levers once closed, a 420-px panel clipped on the left, numbers off-screen)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_browser import dashboard, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser
WIDTH = 390


def _inside(box: dict) -> bool:
    return box["x"] >= -0.5 and box["x"] + box["width"] <= WIDTH + 0.5


def test_a_phone_reaches_the_levers_the_commune_and_the_numbers(browser, dashboard):  # noqa: F811
    page = browser.new_page(viewport={"width": WIDTH, "height": 844})
    try:
        open_dashboard(page, dashboard)
        budget = page.get_by_test_id("lever-budget")
        menu = page.get_by_test_id("levers-menu")
        shown = "e => { const r = e.getBoundingClientRect(); " \
                "return r.right > 0 && r.left < window.innerWidth; }"
        if budget.evaluate(shown):  # open over the page: closed by a tap beside it
            page.mouse.click(WIDTH - 20, 500)
            page.wait_for_timeout(600)  # (the drawer slides)
        assert not budget.evaluate(shown)
        menu.click()  # and opened again
        page.wait_for_timeout(600)
        assert budget.evaluate(shown)
        page.mouse.click(WIDTH - 20, 500)
        page.wait_for_timeout(600)
        assert not budget.evaluate(shown)
        page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
        expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")
        page.wait_for_timeout(600)
        panel = page.locator(".q-drawer--right")
        assert _inside(panel.bounding_box()), panel.bounding_box()
        page.locator(".q-drawer--right button").first.click()  # close
        page.wait_for_timeout(600)
        page.get_by_test_id("tab-compare").click()
        table = page.get_by_test_id("side-by-side")
        table.wait_for()
        # every cell of the last column ("change") is on the screen without scrolling sideways
        cells = table.locator("tbody tr td:last-child")
        assert cells.count() > 5
        for k in range(cells.count()):
            cell = cells.nth(k)
            assert _inside(cell.bounding_box()), (k, cell.bounding_box())
    finally:
        page.close()
