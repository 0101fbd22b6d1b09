"""A Vietnamese HR staffer's trial of the dashboard in a real browser, at 1366 x 768 (the
commonest office laptop): Enter in the commune search, the layout of every tab, the map's
background offline, and the CSV the export gives Excel."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_browser import dashboard, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def laptop(browser):
    page = browser.new_page(viewport=LAPTOP, accept_downloads=True)
    yield page
    page.close()


def test_enter_in_the_commune_search_shows_the_first_match(laptop, dashboard):  # noqa: F811
    """'na meo' then Enter: Xã Na Mèo, as a click on it would (Enter did nothing)."""
    page = laptop
    open_dashboard(page, dashboard)
    find = page.get_by_test_id("find-commune")
    find.click()
    find.press_sequentially("na meo")
    # the list shows the match (folded: without diacritics), and Enter takes it
    page.locator(".q-menu .q-item").filter(has_text="Xã Na Mèo").wait_for()
    find.press("Enter")
    expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")


def test_arrow_keys_then_enter_still_take_the_highlighted_option(laptop, dashboard):  # noqa: F811
    """Quasar's own keys are kept: 'muong' lists several; Down, Down, Enter takes the
    second, not the first."""
    page = laptop
    open_dashboard(page, dashboard)
    find = page.get_by_test_id("find-commune")
    find.click()
    find.press_sequentially("muong")
    items = page.locator(".q-menu .q-item")
    items.nth(1).wait_for()
    second = items.nth(1).inner_text().rsplit(" (", 1)[0]
    find.press("ArrowDown")
    find.press("ArrowDown")
    find.press("Enter")
    expect(page.get_by_test_id("commune-title")).to_have_text(second)
