"""Speed of ``staffsim dashboard`` on Thanh Hóa, as a planner sees it (Debian's chromium).

    python benchmarks/bench_dashboard.py [--repeat 3]

Measures, per run, in a fresh process: the command to its first HTTP 200 (target < 3 s); opening
the page to the default plan on screen, every commune and pool unit drawn and the moves
counted (target < 2 s); a budget change: the click to the progress indicator showing, and to
the new plan.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def points_on_map() -> int:
    """Thanh Hóa's communes and donor units of its pool: each is a point on the map."""
    import staffsim.optimize.families  # noqa: F401  (their parameter sections)
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(REPO / "scenarios" / "thanh_hoa.toml")
    return len(sc.communes.ids) + (len(sc.pool.units.ids) if sc.pool is not None else 0)


def run_once(budget_bn: str, points: int) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TMPDIR": tmp}
        log = open(Path(tmp) / "log", "w")  # noqa: SIM115
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "staffsim.cli", "dashboard",
                                 str(REPO / "scenarios" / "thanh_hoa.toml"), "--port",
                                 str(port), "--tiles", "off"], stdout=log,
                                stderr=subprocess.STDOUT, env=env)
        try:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    time.sleep(0.02)
            up = time.perf_counter() - t0
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM,
                                             args=["--disable-gpu", "--disable-dev-shm-usage"])
                page = browser.new_page(viewport={"width": 1500, "height": 950})
                t0 = time.perf_counter()
                page.goto(url)
                page.get_by_test_id("kpi-moves").wait_for()
                page.wait_for_function(
                    f"document.querySelectorAll('.staffsim-commune').length === {points}")
                shown = time.perf_counter() - t0
                before = page.get_by_test_id("kpi-moves").inner_text()
                page.get_by_test_id("lever-budget").fill(budget_bn)
                t0 = time.perf_counter()
                page.get_by_test_id("replan").click()
                page.get_by_test_id("progress").wait_for(state="visible")
                progress = time.perf_counter() - t0
                page.wait_for_function("document.querySelector('[data-testid=kpi-moves]')"
                                       f".innerText !== '{before}'")
                replan = time.perf_counter() - t0
                browser.close()
        finally:
            proc.terminate()
            proc.wait(10)
            log.close()
    return {"up_s": up, "plan_shown_s": shown, "progress_s": progress, "replan_s": replan}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    points = points_on_map()
    runs = [run_once(str(10 + k), points) for k in range(args.repeat)]  # a new budget each time
    for key, label, target in (("up_s", "command to first HTTP 200", 3.0),
                               ("plan_shown_s", "page open to default plan on screen", 2.0),
                               ("progress_s", "re-plan click to progress shown", 0.5),
                               ("replan_s", "re-plan click to new plan on screen", None)):
        values = [r[key] for r in runs]
        verdict = "" if target is None else (
            f"; target < {target:g} s: {'ok' if min(values) < target else 'MISSED'}")
        print(f"{label:38s} best {min(values):.2f} s, all "
              f"{', '.join(f'{v:.2f}' for v in values)}{verdict}")


if __name__ == "__main__":
    main()
