"""The dashboard on a small office laptop (1024 x 768, and 1280 x 800) with a commune's panel
open beside the levers, in a real browser: every key element whole on the screen, none over
another (a trial at 1024 x 768: the plan between the two panels was 384 px wide, its cards in
three rows, the map and its legend below the screen, the moves table scrolled sideways with
its last columns hidden)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_browser import dashboard, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

SCREENS = [(1024, 768), (1280, 800)]


def inside(outer: dict, box: dict) -> bool:
    """``box`` wholly within ``outer`` (half a pixel of rounding)."""
    return (box["x"] >= outer["x"] - 0.5 and box["y"] >= outer["y"] - 0.5
            and box["x"] + box["width"] <= outer["x"] + outer["width"] + 0.5
            and box["y"] + box["height"] <= outer["y"] + outer["height"] + 0.5)


def apart(a: dict, b: dict) -> bool:
    """The two boxes share no area (touching edges allowed)."""
    return (a["x"] + a["width"] <= b["x"] + 0.5 or b["x"] + b["width"] <= a["x"] + 0.5
            or a["y"] + a["height"] <= b["y"] + 0.5 or b["y"] + b["height"] <= a["y"] + 0.5)


def boxes(locator) -> list[dict]:
    return [locator.nth(k).bounding_box() for k in range(locator.count())]


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_commune_beside_the_levers_leaves_the_plan_whole(screen, dashboard):  # noqa: F811
    page = screen
    size = page.viewport_size
    view = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
    open_dashboard(page, dashboard)
    page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo
    expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")
    page.wait_for_timeout(800)  # (the drawer slides; the map is sized on the next frame)

    levers = page.locator(".q-drawer--left").bounding_box()
    commune = page.locator(".q-drawer--right").bounding_box()
    plan = page.locator(".q-page").bounding_box()
    for name, box in (("levers", levers), ("commune", commune)):
        assert inside(view, box), (name, box)
    # the three side by side: levers | plan | commune, none over another
    assert levers["x"] + levers["width"] <= plan["x"] + 0.5, (levers, plan)
    assert plan["x"] + plan["width"] <= commune["x"] + 0.5, (plan, commune)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

    # the plan's cards, tabs, map and legend whole on the screen, within the plan, apart
    cards = boxes(page.get_by_test_id("kpis").locator(":scope > .q-card"))
    assert len(cards) == 5
    tabs = boxes(page.locator(".q-tabs .q-tab"))
    assert len(tabs) == 6
    mapped = page.get_by_test_id("map").bounding_box()
    legend = page.get_by_test_id("map-legend").bounding_box()
    shown = [*cards, *tabs, mapped, legend]
    for box in shown:
        assert inside(view, box) and inside(plan, box), (box, plan, view)
    for k, a in enumerate(shown):
        for b in shown[k + 1:]:
            assert apart(a, b), (a, b)
    assert mapped["height"] >= 190  # (12rem: still a map)
    assert page.locator(".q-tabs--scrollable").count() == 0  # no tab behind arrows

    # the moves table: each move's cells within the plan, nothing scrolled sideways
    page.get_by_test_id("tab-moves").click()
    table = page.get_by_test_id("moves-table")
    table.locator("tbody tr").first.wait_for()
    middle = table.locator(".q-table__middle")
    assert middle.evaluate("e => e.scrollWidth <= e.clientWidth"), middle.bounding_box()
    first = boxes(table.locator("tbody tr").first.locator("td"))
    assert len(first) == 9
    for box in first:
        assert inside(plan, box), (box, plan)
    for box in boxes(page.locator(".staffsim-filters > *")):
        assert inside(plan, box), (box, plan)
    # the cells say what they are (the header is no longer above them): the official's name
    # under 'Họ và tên', the receiving unit under 'Đơn vị điều động đến'
    cells = table.locator("tbody tr").first.locator("td")
    assert cells.nth(1).inner_text().splitlines()[0] == "Họ và tên"
    assert cells.nth(5).inner_text().splitlines()[0] == "Đơn vị điều động đến"
