"""A Vietnamese HR staffer's trial of the dashboard in a real browser, at 1366 x 768 (the
commonest office laptop): Enter in the commune search, the layout of every tab, the map's
background offline, and the CSV the export gives Excel."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import SCENARIOS
from .conftest import clean_env
from .test_browser import dashboard, free_port, open_dashboard  # noqa: F401 (the fixture)

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
    # the list filters as the letters arrive: read it once it is the list of 'muong' (read
    # after 'm' alone, the second was Phường Hàm Rồng and Enter took what came second later)
    expect(items.nth(0)).to_contain_text(re.compile("mường", re.IGNORECASE))
    expect(items.nth(1)).to_contain_text(re.compile("mường", re.IGNORECASE))
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


@contextmanager
def served(tmp: Path, scenario: Path, *args: str):
    """``staffsim dashboard`` on ``scenario`` with ``args`` of the test's own (the module's
    fixture serves Thanh Hóa with the background off): its address."""
    port = free_port()
    with open(tmp / f"dashboard-{port}.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "staffsim.cli", "dashboard",
                                 str(scenario), "--port", str(port), *args],
                                stdout=log, stderr=subprocess.STDOUT, env=clean_env(tmp))
        try:
            url = f"http://127.0.0.1:{port}/"
            end = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    assert proc.poll() is None, (tmp / f"dashboard-{port}.log").read_text()
                    assert time.monotonic() < end, "the dashboard did not come up in 30 s"
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


def test_a_dashboard_started_with_tiles_says_so_offline(laptop, tmp_path):
    """Started with the background on (``--tiles on``, or 'auto' when the server reaches
    OpenStreetMap) in a browser that cannot: the line on the map from the first view."""
    with served(tmp_path, SCENARIOS / "demo.toml", "--tiles", "on") as url:
        page = laptop
        _offline(page)
        open_dashboard(page, url)
        expect(page.get_by_test_id("tiles-offline")).to_contain_text(OFFLINE)
        assert page.locator(".staffsim-commune").count() > 0


# -- 1366 x 768: every tab within the screen ---------------------------------------------

def _one_line(page, selector: str) -> list[str]:
    """The texts of the elements matched that take more than one line."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)].filter((e) => {
        const r = document.createRange(); r.selectNodeContents(e);
        const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
        return tops.size > 1; }).map((e) => e.innerText)""", selector)


def test_every_tab_fits_an_office_laptop(laptop, dashboard):  # noqa: F811
    """At 1366 x 768 the cards were two rows, the map and its legend ran below the screen,
    the comparison broke its amounts over two lines ('45,0 tỷ / đồng'), and the commune
    panel squeezed the plan to 626 px (cards in three rows, tabs cut off)."""
    page = laptop
    open_dashboard(page, dashboard)
    for tab in ("map", "moves", "compare", "time", "import", "export"):
        page.get_by_test_id(f"tab-{tab}").click()
        page.wait_for_timeout(400)
        # no sideways scrolling of the page, no tab hidden behind the tab bar's arrows
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"], tab
        assert page.locator(".q-tabs--scrollable").count() == 0, tab
    cards = page.get_by_test_id("kpis").locator(":scope > .q-card")
    tops = {round(cards.nth(k).bounding_box()["y"]) for k in range(cards.count())}
    assert cards.count() >= 5 and len(tops) == 1, tops  # one row
    page.get_by_test_id("tab-map").click()
    legend = page.get_by_text("kích thước: dân số")
    legend.wait_for()
    box = legend.bounding_box()
    assert box["y"] + box["height"] <= LAPTOP["height"], box  # map and legend on the screen
    page.get_by_test_id("tab-compare").click()
    table = page.get_by_test_id("side-by-side")
    table.wait_for()
    assert _one_line(page, "[data-testid=side-by-side] tbody td:not(:first-child)") == []
    # the commune panel open: the levers stay beside it (test_browser_levers_beside.py) and
    # the plan between them keeps its cards in one row and its tabs whole, nothing lying over
    # them
    page.get_by_test_id("tab-map").click()
    page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
    expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")
    page.wait_for_timeout(600)  # (the drawer slides)
    assert page.locator(".q-tabs--scrollable").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    tops = {round(cards.nth(k).bounding_box()["y"]) for k in range(cards.count())}
    assert len(tops) == 1, tops
    panel = page.locator(".q-drawer--right").bounding_box()
    last = cards.nth(cards.count() - 1).bounding_box()
    assert last["x"] + last["width"] <= panel["x"]  # beside the panel, not under it
    levers = page.locator(".q-drawer--left").bounding_box()
    assert levers["x"] >= 0 and cards.nth(0).bounding_box()["x"] >= levers["x"] + \
        levers["width"]  # and right of the levers
    page.get_by_test_id("tab-export").click()  # every tab reachable with the panel open
    page.get_by_test_id("export-csv").wait_for()


# -- long names --------------------------------------------------------------------------

LONG_WARD = "Hạc Thành Nguyệt Viên Đông Quang Quảng Phú Thiệu Dương Long Anh"
LONG_COMMUNE = "Mường Chanh Pù Luông Trung Thành Thành Lâm Cổ Lũng Lũng Niêm"


@pytest.fixture(scope="module")
def long_names(tmp_path_factory):
    """The demo scenario with a ward and a high-mountain commune of 60-odd letters (the
    bundled names are short; a merged commune's name can be long)."""
    tmp = tmp_path_factory.mktemp("long")
    shutil.copytree(SCENARIOS, tmp / "scenarios")
    table = tmp / "scenarios" / "data" / "demo_communes.csv"
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    name = rows[0].index("name")
    for r in rows[1:]:
        r[name] = {"14797": LONG_WARD, "14866": LONG_COMMUNE}.get(r[0], r[name])
    with open(table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    with served(tmp, tmp / "scenarios" / "demo.toml", "--tiles", "off") as url:
        yield url


def test_long_names_wrap_or_end_in_an_ellipsis_with_the_name_on_hover(laptop, long_names):
    page = laptop
    open_dashboard(page, long_names)
    # the commune panel: the name wraps beside its close button (it pushed it to a line of
    # its own), within the panel
    find = page.get_by_test_id("find-commune")
    find.click()
    find.press_sequentially("muong chanh pu")
    find.press("Enter")
    title = page.get_by_test_id("commune-title")
    expect(title).to_have_text(f"Xã {LONG_COMMUNE}")
    page.wait_for_timeout(600)
    close = page.locator(".q-drawer--right button").first.bounding_box()
    t = title.bounding_box()
    assert close["y"] < t["y"] + 40 and close["x"] >= t["x"] + t["width"] - 1, (close, t)
    panel = page.locator(".q-drawer--right").bounding_box()
    assert t["x"] + t["width"] <= panel["x"] + panel["width"]
    # the search box: its text ends in '…' when it does not fit, the whole name on hover
    page.locator(".q-drawer--right button").first.click()
    page.get_by_test_id("tab-moves").click()
    donor = page.get_by_test_id("filter-donor")
    donor.click()
    donor.press_sequentially("hac thanh")
    donor.press("Enter")
    expect(page.get_by_test_id("moves-count")).not_to_contain_text("Hiển thị 189/")
    page.get_by_test_id("moves-count").click()  # (the box loses focus: the ellipsis shows)
    assert donor.evaluate("e => getComputedStyle(e).textOverflow") == "ellipsis"
    assert donor.evaluate("e => e.scrollWidth > e.clientWidth")  # (it does not fit)
    donor.hover()
    assert donor.get_attribute("title").startswith(f"Phường {LONG_WARD}")
    # the table wraps the name within its cell: no sideways scrolling
    table = page.get_by_test_id("moves-table")
    assert LONG_WARD in table.inner_text()
    assert table.evaluate("e => e.querySelector('.q-table__middle').scrollWidth "
                          "<= e.querySelector('.q-table__middle').clientWidth")


# -- words an HR staffer reads -----------------------------------------------------------

# a solver's or a modeller's words, unexplained, that the trial found on the page
JARGON = ("re-solved", "optimality", "giải lại đến tối ưu", "common random",
          "chuỗi số ngẫu nhiên", "norm quota")


def _visible_lines(page) -> list[str]:
    text = page.locator(".q-page").inner_text() + "\n" + \
        page.locator(".q-drawer--left").inner_text() + "\n" + \
        page.locator(".q-drawer--right").inner_text()
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_says_things_in_plain_words(laptop, dashboard, lang):  # noqa: F811
    """'re-solved to optimality', 'common random numbers', 'norm quota', a bare 'WISN ratio'
    and 'optimal' without a word of what it means: each said in plain words now, in both
    languages (the terms the command line's catalogue uses kept: người quy đổi, WISN)."""
    page = laptop
    open_dashboard(page, dashboard)
    if lang == "en":
        page.get_by_test_id("language").get_by_text("English").click()
        page.get_by_role("button", name="Re-plan").wait_for()
    page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
    page.get_by_test_id("explanation").wait_for(timeout=60_000)
    lines = _visible_lines(page)
    page.get_by_test_id("tab-time").click()
    page.get_by_test_id("run-compare").wait_for()
    lines += _visible_lines(page)
    assert [line for line in lines if any(j in line for j in JARGON)] == []
    # WISN, the province's method, is said with what it measures wherever it is shown
    wisn = [line for line in lines if "WISN" in line]
    assert wisn and all("÷" in line or "khối lượng công việc" in line or "workload" in line
                        for line in wisn), wisn
    if lang == "en":  # FTE, said once in full
        assert any("FTE: full-time staff equivalents" in line for line in lines)
    # what 'optimal' means, on hover over the plan's card
    page.get_by_test_id("kpi-status").hover()
    hint = page.locator(".q-tooltip")
    expect(hint).to_contain_text("Kế hoạch tốt nhất" if lang == "vi" else "The best plan")
