"""NiceGUI's connection notice in the tab's language (it has no Vietnamese of its own)."""

from __future__ import annotations

import pytest

from .test_browser import dashboard, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def test_the_connection_notice_is_in_the_tabs_language(page, dashboard):  # noqa: F811
    """NiceGUI's 'Connection lost. / Trying to reconnect...' has no Vietnamese: the page's."""
    open_dashboard(page, dashboard)
    text = page.evaluate("document.getElementById('popup').textContent")
    assert "Mất kết nối." in text and "Đang thử kết nối lại" in text
    assert "Connection lost" not in text
    page.get_by_test_id("language").get_by_text("English").click()
    page.get_by_role("button", name="Re-plan").wait_for()
    page.wait_for_function("document.getElementById('popup').textContent"
                           ".includes('Connection lost.')")
    page.get_by_test_id("language").get_by_text("Tiếng Việt").click()  # (the module's language)
    page.get_by_role("button", name="Lập lại kế hoạch").wait_for()
