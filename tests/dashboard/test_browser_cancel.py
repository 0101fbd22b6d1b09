"""A comparison ('Over time') stops with its browser tab: a trial's 50 replications x 120
months kept both workers busy for minutes after the tab was reloaded or closed."""

from __future__ import annotations

import time

import psutil
import pytest

from ..conftest import SCENARIOS
from ..conftest import require_chromium as _require_chromium
from .test_browser import open_dashboard, start_dashboard

pytestmark = pytest.mark.browser


def _workers(pid: int) -> list[psutil.Process]:
    """The server's pool workers (spawned children; not multiprocessing's resource tracker)."""
    out = []
    for p in psutil.Process(pid).children(recursive=True):
        try:
            cmd = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "spawn_main(" in cmd:  # (the tracker runs resource_tracker's main)
            out.append(p)
    return out


def test_closing_the_tab_stops_its_comparison_and_its_workers(browser, tmp_path):
    _require_chromium()
    proc, url, _, log = start_dashboard(tmp_path, str(SCENARIOS / "thanh_hoa.toml"))
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        open_dashboard(page, url)
        page.get_by_test_id("tab-time").click()
        page.get_by_label("Số lần lặp").fill("50")
        page.get_by_label("Số tháng").fill("120")
        page.get_by_test_id("run-compare").click()
        end = time.monotonic() + 60
        while len(_workers(proc.pid)) < 2:  # (two cores here: two workers)
            assert time.monotonic() < end, "no workers started"
            time.sleep(0.2)
        page.close()
        # NiceGUI waits its reconnect time (3 s) before it deletes the tab's client
        end = time.monotonic() + 20
        while _workers(proc.pid):
            assert time.monotonic() < end, [p.cmdline() for p in _workers(proc.pid)]
            time.sleep(0.2)
        assert proc.poll() is None  # the server lives on
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
