"""The dashboard in a real browser (Debian's chromium through pytest-playwright), served by
``staffsim dashboard`` as a subprocess on Thanh Hóa, exactly as a planner starts it.

Screenshots of the main views go to $STAFFSIM_SCREENSHOTS (the README's are made with
``STAFFSIM_SCREENSHOTS=docs/screenshots``), else to a temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import SCENARIOS
from ..conftest import require_chromium as _require_chromium
from .conftest import clean_env

pytestmark = pytest.mark.browser
@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1500, "height": 950},
            "accept_downloads": True}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(tmp: Path, *args: str, env: dict | None = None) -> tuple:
    """Start ``staffsim dashboard`` and wait for its first HTTP 200: (process, url, seconds)."""
    port = free_port()
    log = open(tmp / f"dashboard-{port}.log", "w")  # noqa: SIM115 (closed by the caller)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "staffsim.cli", "dashboard", *args,
                             "--port", str(port), "--tiles", "off"],
                            stdout=log, stderr=subprocess.STDOUT, env=env or clean_env(tmp))
    url = f"http://127.0.0.1:{port}/"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None:
            log.close()
            raise AssertionError((tmp / f"dashboard-{port}.log").read_text())
        assert time.perf_counter() - t0 < 30, "the dashboard did not come up in 30 s"
        time.sleep(0.05)
    return proc, url, time.perf_counter() - t0, log


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    _require_chromium()
    tmp = tmp_path_factory.mktemp("dashboard")
    proc, url, seconds, log = start_dashboard(tmp, str(SCENARIOS / "thanh_hoa.toml"))
    print(f"\ndashboard up in {seconds:.2f} s")
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.fixture(scope="module")
def cli_plan(tmp_path_factory) -> dict:
    """What ``staffsim plan`` writes for the same scenario (the command line's own pipeline):
    the figures the dashboard must show, independent of the dashboard's code."""
    import csv

    out = tmp_path_factory.mktemp("cli_plan") / "plan"
    subprocess.run([sys.executable, "-m", "staffsim.cli", "plan",
                    str(SCENARIOS / "thanh_hoa.toml"), "--out", str(out)],
                   check=True, capture_output=True, timeout=600)
    with open(out / "plan.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    total = sum(int(r["total_allowance_vnd"]) for r in rows)
    bn = f"{total / 1e9:.1f}"
    return {"moves": str(len(rows)), "total_vnd": total,
            "vi_allowance": bn.replace(".", ",") + " tỷ đồng", "en_allowance": f"VND {bn} bn"}


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("STAFFSIM_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_dashboard(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('.staffsim-commune').length > 0",
                           timeout=20_000)


def kpi(page, name: str) -> str:
    return page.get_by_test_id(f"kpi-{name}").inner_text()


def _map_units() -> int:
    import staffsim.optimize.families  # noqa: F401  (their sections are valid in scenarios)
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    return len(sc.communes) + (len(sc.pool.units.ids) if sc.pool is not None else 0)


def test_map_shows_every_commune_and_nothing_leaves_the_machine(page, dashboard, shots,
                                                               cli_plan):
    outside = []
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1",
                                                   "data:", "blob:")) or outside.append(r.url))
    t0 = time.perf_counter()
    page.goto(dashboard)
    page.get_by_test_id("kpi-moves").wait_for()
    # Thanh Hóa's 166 communes and its 13 pool units (departments, Party/Front), as listed in
    # the scenario's files: each is a point on the map
    units = _map_units()
    page.wait_for_function(
        f"document.querySelectorAll('.staffsim-commune').length === {units}")
    print(f"default plan on screen {time.perf_counter() - t0:.2f} s after opening the page")
    assert page.locator(".staffsim-commune").count() == units == 166 + 13
    assert kpi(page, "moves") == cli_plan["moves"]
    assert kpi(page, "allowance") == cli_plan["vi_allowance"]
    page.locator("path.commune-15013").hover()  # Na Mèo: the tooltip names it
    assert "Xã Na Mèo" in page.locator(".leaflet-tooltip").inner_text()
    page.screenshot(path=str(shots / "map.png"), animations="disabled")
    assert outside == []


def test_budget_change_replans_with_progress(page, dashboard, shots, cli_plan):
    open_dashboard(page, dashboard)
    before = cli_plan["moves"]
    assert kpi(page, "moves") == before
    page.get_by_test_id("lever-budget").fill("10")
    t0 = time.perf_counter()
    page.get_by_test_id("replan").click()
    page.get_by_test_id("progress").wait_for(state="visible")
    shown = time.perf_counter() - t0
    page.wait_for_function("document.querySelector('[data-testid=kpi-moves]').innerText "
                           f"!== '{before}'")
    print(f"progress shown {shown:.2f} s after the click; re-plan done "
          f"{time.perf_counter() - t0:.2f} s after it")
    moves = int(kpi(page, "moves").replace(".", ""))
    assert 0 < moves < int(before)
    allowance = float(kpi(page, "allowance").split()[0].replace(",", "."))
    assert allowance <= 10.0  # VND bn: within the new budget
    page.get_by_test_id("tab-moves").click()
    expect(page.get_by_test_id("moves-count")).to_have_text(
        f"Hiển thị {moves}/{moves} trường hợp điều động")
    page.get_by_test_id("tab-compare").click()
    table = page.get_by_test_id("side-by-side").inner_text()
    assert before in table and str(moves) in table
    page.screenshot(path=str(shots / "against_baseline.png"), animations="disabled")
    page.get_by_test_id("lever-budget").fill("45")
    page.get_by_test_id("replan").click()
    page.get_by_text("Đã có kế hoạch (lấy từ bộ nhớ đệm)").wait_for()  # instant: cached
    # the status line and the new figures come in one update, but the browser may draw the
    # line first (CI, under load: the figure read at once was still the re-plan's '71')
    expect(page.get_by_test_id("kpi-moves")).to_have_text(before, timeout=5_000)


def test_a_mountain_commune_explains_itself(page, dashboard, shots):
    open_dashboard(page, dashboard)
    page.locator("path.commune-15013").dispatch_event("click")  # Na Mèo, high mountain
    expect(page.get_by_test_id("commune-title")).to_have_text("Xã Na Mèo")
    explanation = page.get_by_test_id("explanation")
    explanation.wait_for(timeout=30_000)
    text = explanation.inner_text()
    assert "Tài chính - Kế toán: nhu cầu 4,8 người quy đổi" in text
    assert "người có thể điều động trong tỉnh" in text
    assert "Điều gì sẽ giúp" in text or "Các thay đổi đã thử" in text
    page.wait_for_timeout(500)  # the drawer slides in
    page.screenshot(path=str(shots / "commune.png"), animations="disabled")


def test_the_explanation_names_the_candidates_as_explain_does(page, dashboard):
    """Mường Chanh's panel: the candidates' names (with diacritics) as ``staffsim explain
    --json`` gives them (a subprocess, the command line's own pipeline), what would help (it
    was empty), and, as the command line says them, the changes tried that do not help (the
    panel left them out)."""
    import json

    cli = subprocess.run([sys.executable, "-m", "staffsim.cli", "explain",
                          str(SCENARIOS / "thanh_hoa.toml"), "--commune", "14866", "--json"],
                         check=True, capture_output=True, timeout=600, text=True)
    listed = [c for d in json.loads(cli.stdout)["specialties"] for c in d["nearest"]]
    assert listed and all(c["full_name"] for c in listed)
    open_dashboard(page, dashboard)
    page.locator("path.commune-14866").dispatch_event("click")
    expect(page.get_by_test_id("commune-title")).to_have_text("Xã Mường Chanh")
    explanation = page.get_by_test_id("explanation")
    explanation.wait_for(timeout=60_000)
    text = explanation.inner_text()
    for c in listed:
        assert f"{c['full_name']} ({c['official_id']}) · " in text, c
    assert "Các thay đổi đã thử" in text and "chỉ định điều động" in text
    tried = json.loads(cli.stdout)["tried"]
    assert tried and text.count("không giúp được: ") == len(tried)
    assert "Mường Chanh vẫn" in text


def test_a_pinned_official_stays(page, dashboard, shots):
    open_dashboard(page, dashboard)
    page.get_by_test_id("tab-moves").click()
    first = page.locator("[data-testid=moves-table] tbody tr").first.locator("td").nth(2) \
        .inner_text()
    page.get_by_role("button", name=f"Giữ lại {first}").click()
    page.get_by_test_id("edits").get_by_text(f"giữ lại: {first}").wait_for()
    page.get_by_test_id("moves-table").wait_for()
    page.get_by_label("Tên hoặc mã").fill(first)
    page.wait_for_function("document.querySelector('[data-testid=moves-count]').innerText"
                           ".startsWith('Hiển thị 0/')")
    page.get_by_label("Tên hoặc mã").fill("")
    page.wait_for_function("!document.querySelector('[data-testid=moves-count]').innerText"
                           ".startsWith('Hiển thị 0/')")
    page.screenshot(path=str(shots / "moves.png"), animations="disabled")


def test_the_annex_downloads_with_the_plans_rows_and_total(page, dashboard, tmp_path,
                                                           cli_plan):
    from openpyxl import load_workbook

    from staffsim.results.annex import HEADER_ROW, HEADERS

    open_dashboard(page, dashboard)
    moves = int(kpi(page, "moves").replace(".", ""))
    page.get_by_test_id("tab-export").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    ws = load_workbook(path).active
    assert tuple(c.value for c in ws[HEADER_ROW]) == HEADERS
    body = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    people = [r for r in body if isinstance(r[0], int)]
    assert len(people) == moves
    # the totals are values (a formula's value is not stored: previews and readers showed
    # them blank), the sums of the rows with an official's id, and the plan's total
    total = next(r for r in body if isinstance(r[1], str) and "Tổng cộng" in r[1])
    assert total[7] == sum(r[7] for r in people)
    period = next(r for r in body if r[1] == "Tổng kinh phí hỗ trợ cả thời hạn (đồng)")
    assert period[9] == sum(r[9] for r in people) == cli_plan["total_vnd"]  # as `staffsim
    # plan` writes it
    assert all(len(r[1].split()) >= 3 for r in people)  # Họ và tên


def run_over_time(page) -> None:
    """The over-time tab's comparison, 2 replications of 12 months, run to its end."""
    page.get_by_test_id("tab-time").click()
    page.get_by_label("Số lần lặp").fill("2")
    page.get_by_label("Số tháng").fill("12")
    page.get_by_test_id("run-compare").click()
    page.get_by_test_id("compare-progress").get_by_text("Xong").wait_for(timeout=120_000)


def test_over_time_bands(page, dashboard, shots):
    open_dashboard(page, dashboard)
    run_over_time(page)
    charts = page.get_by_test_id("band-chart")
    charts.nth(2).wait_for()  # ECharts' component loads on first use
    assert charts.count() == 3
    for k in range(3):
        charts.nth(k).locator("canvas").first.wait_for()
    page.screenshot(path=str(shots / "over_time.png"), full_page=True, animations="disabled")


def test_import_lists_problems_by_row_and_column(page, dashboard, tmp_path, shots):
    open_dashboard(page, dashboard)
    page.get_by_test_id("tab-import").click()
    bad = tmp_path / "roster.csv"
    bad.write_text("official_id,commune_id,specialty,birth_year,leader,protected\n"
                   "a1,14797,land,1980,false,false\n"
                   "a2,99999,land,1880,false,false\n", encoding="utf-8")
    page.get_by_test_id("upload-roster").locator("input[type=file]").set_input_files(bad)
    problems = page.get_by_test_id("problems-table")
    problems.wait_for()
    text = problems.inner_text()
    # the columns as a Vietnamese file names them (commune_id, birth_year)
    assert "Mã xã" in text and "Năm sinh" in text and "3" in text
    page.screenshot(path=str(shots / "import.png"), animations="disabled")


def test_english_by_a_switch(page, dashboard, cli_plan):
    open_dashboard(page, dashboard)
    page.get_by_test_id("language").get_by_text("English").click()
    page.get_by_role("button", name="Re-plan").wait_for()
    assert page.get_by_text("Commune staffing: Thanh Hóa").is_visible()
    assert kpi(page, "allowance") == cli_plan["en_allowance"]
    assert kpi(page, "moves") == cli_plan["moves"]


def test_serving_beyond_this_machine_needs_a_password(tmp_path):
    env = clean_env(tmp_path)
    env.pop("STAFFSIM_DASHBOARD_PASSWORD", None)
    r = subprocess.run([sys.executable, "-m", "staffsim.cli", "dashboard",
                        str(SCENARIOS / "demo.toml"), "--host", "0.0.0.0", "--port",
                        str(free_port())], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "set a password first" in r.stderr and "Traceback" not in r.stderr


def test_login_page_on_the_network(page, tmp_path):
    env = {**clean_env(tmp_path), "STAFFSIM_DASHBOARD_PASSWORD": "mật khẩu đủ dài"}
    proc, url, _, log = start_dashboard(tmp_path, str(SCENARIOS / "demo.toml"), "--host",
                                        "0.0.0.0", env=env)
    try:
        page.goto(url)
        page.get_by_test_id("password").wait_for()
        assert "/login" in page.url
        page.get_by_label("Mật khẩu").fill("mật khẩu đủ dài")
        page.get_by_test_id("login").click()
        page.get_by_test_id("kpi-moves").wait_for()
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def test_a_decimal_comma_in_chromium_is_a_decimal(page, dashboard, cli_plan):
    # Chromium's number input dropped the comma of '36,5' (a budget of 365 bn planned)
    open_dashboard(page, dashboard)
    before = cli_plan["moves"]
    assert page.get_by_test_id("lever-mult-high_mountain").input_value() == "1,75"
    page.get_by_test_id("lever-budget").fill("abc")  # marked red in the browser, saying why
    page.locator(".q-field--error").filter(has_text="từ 0 đến 10.000").wait_for()
    page.get_by_test_id("lever-budget").fill("36,5")
    page.locator(".q-field--error").wait_for(state="detached")
    page.get_by_test_id("replan").click()
    page.wait_for_function("document.querySelector('[data-testid=kpi-moves]').innerText "
                           f"!== '{before}'")
    allowance = float(kpi(page, "allowance").split()[0].replace(",", "."))
    assert 30 < allowance <= 36.5  # VND bn: the budget typed binds, not 365
    assert page.get_by_test_id("lever-budget").input_value() == "36,5"
