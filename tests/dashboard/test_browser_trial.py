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


OFFLINE = "Không có nền bản đồ: không kết nối được OpenStreetMap"


def _offline(page) -> None:
    """The browser cannot reach OpenStreetMap (as in an office without internet)."""
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def test_the_map_says_when_its_background_cannot_load(laptop, dashboard):  # noqa: F811
    """Offline, the OpenStreetMap background was a blank grey box and no word why: one line
    on the map says so, the communes still drawn; the line goes with the background."""
    page = laptop
    _offline(page)
    open_dashboard(page, dashboard)
    notice = page.get_by_test_id("tiles-offline")
    assert notice.count() == 0  # (started with --tiles off: no background asked for)
    page.get_by_text("Nền bản đồ OpenStreetMap (cần internet)").click()
    expect(notice).to_contain_text(OFFLINE)
    assert page.locator(".staffsim-commune").count() > 100
    box, map_box = notice.bounding_box(), page.get_by_test_id("map").bounding_box()
    assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + \
        map_box["height"]  # on the map
    page.get_by_text("Nền bản đồ OpenStreetMap (cần internet)").click()  # background off
    expect(notice).to_have_count(0)


def test_a_dashboard_started_with_tiles_says_so_offline(laptop, tmp_path):
    """Started with the background on (``--tiles on``, or 'auto' when the server reaches
    OpenStreetMap) in a browser that cannot: the line on the map from the first view."""
    import subprocess
    import sys
    import time
    import urllib.request

    from ..conftest import SCENARIOS
    from .conftest import clean_env
    from .test_browser import free_port

    port = free_port()
    with open(tmp_path / "dashboard.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "staffsim.cli", "dashboard",
                                 str(SCENARIOS / "demo.toml"), "--port", str(port),
                                 "--tiles", "on"], stdout=log, stderr=subprocess.STDOUT,
                                env=clean_env(tmp_path))
        try:
            url = f"http://127.0.0.1:{port}/"
            end = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < end
                    time.sleep(0.1)
            page = laptop
            _offline(page)
            open_dashboard(page, url)
            expect(page.get_by_test_id("tiles-offline")).to_contain_text(OFFLINE)
            assert page.locator(".staffsim-commune").count() > 0
        finally:
            proc.terminate()
            proc.wait(10)
