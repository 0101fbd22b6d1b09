"""The rule findings of a plan with manual edits, in a real browser: which the user's edits
caused and which are the re-optimised plan's own, as ``staffsim whatif --move`` says them (the
page listed every finding under 'The manual edits break these rules:', the plan's own too).
The expected lines are the command line's, run beside the page on the same moves."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import SCENARIOS
from ..conftest import require_chromium as _require_chromium
from .conftest import clean_env
from .test_browser import dashboard, free_port, open_dashboard  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser
FAULTY = Path(__file__).with_name("faulty_staffsim.py")
LANG_SON = [str(SCENARIOS / "vietnam.toml"), "--set", 'province.provinces=["20"]']
# the heads of the command line's two findings (results.report_contents.VIOLATION_WORDS)
MANUAL = {"vi": "cảnh báo: điều chỉnh thủ công vi phạm quy tắc: ",
          "en": "warning: the manual edits break a rule: "}
PLANS = {"vi": "cảnh báo: phương án thay đổi vi phạm quy tắc (không do điều chỉnh thủ công): ",
         "en": "warning: the variant's plan breaks a rule (not because of the manual edits): "}


def cli_findings(command: list[str], tmp: Path) -> list[str]:
    """The finding lines ``whatif`` prints ('cảnh báo: ... vi phạm quy tắc ...')."""
    out = subprocess.run(command, capture_output=True, text=True, timeout=600,
                         env=clean_env(tmp))
    assert out.returncode in (0, 1), out.stderr
    return [line for line in out.stdout.splitlines()
            if line.startswith((*MANUAL.values(), *PLANS.values()))]


def page_findings(page) -> list[str]:
    card = page.get_by_test_id("warnings")
    card.wait_for(timeout=120_000)
    return [line.strip() for line in card.inner_text().splitlines() if line.strip()]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# an official named before their ID, 'Lê Công Tiến (14797-001)', as the page names them
NAMED = re.compile(r"(?<=: |, )[^\W\d][^,:()]*? \((\d{5}-\d{3})\)")


def unnamed(line: str) -> str:
    """A page's line with its officials' names taken out (the command line gives IDs only)."""
    return NAMED.sub(r"\1", line)


def force(page, official: str, commune: str) -> None:
    """Force ``official`` to the commune found by typing ``commune`` (the moves tab's form)."""
    page.get_by_test_id("tab-moves").click()
    page.get_by_test_id("force-form").click()
    page.get_by_test_id("force-official").fill(official)
    to = page.get_by_test_id("force-to")
    to.click()
    to.press_sequentially(commune)
    page.locator(".q-menu .q-item").first.wait_for()
    to.press("Enter")
    page.get_by_test_id("force-move").click()
    page.get_by_test_id("edits").get_by_text(official).wait_for(timeout=120_000)


def forced_chair_findings(page, dashboard, lang: str, tmp: Path,  # noqa: F811
                          official: str, to: str) -> list[str]:
    """The command line's findings on ``official`` forced to commune ``to`` (Thanh Hóa's
    whatif --move, in ``lang``): two, both the edit's; then the dashboard opened in ``lang``."""
    expected = cli_findings([sys.executable, "-m", "staffsim.cli", "whatif",
                             str(SCENARIOS / "thanh_hoa.toml"), "--move", f"{official}={to}",
                             "--lang", lang], tmp)
    assert len(expected) == 2 and all(x.startswith(MANUAL[lang]) for x in expected), expected
    open_dashboard(page, dashboard)
    if lang == "en":
        page.get_by_test_id("language").get_by_text("English").click()
        page.get_by_role("button", name="Re-plan").wait_for()
    return expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_edits_own_findings_are_said_as_whatif_says_them(page, dashboard, lang,  # noqa: F811
                                                             tmp_path):
    """Thanh Hóa: the chair of Hạc Thành (a lowland ward's leader, protected) forced to
    Mường Chanh breaks two rules, both the edit's: each is said with the command line's words,
    naming the official, and none is said to be the plan's."""
    official, to = "14797-001", "14866"  # (Mường Chanh)
    expected = forced_chair_findings(page, dashboard, lang, tmp_path, official, to)
    force(page, official, "muong chanh")
    lines = page_findings(page)
    assert len(lines) == len(expected), lines
    # the command line's lines, the official named where their ID is
    assert sorted(unnamed(line) for line in lines) == sorted("⚠ " + capital(x)
                                                              for x in expected), lines
    assert all(re.search(rf"\w \({official}\)", line) for line in lines), lines
    assert not any(capital(PLANS[lang]).strip() in line for line in lines)
    status = page.get_by_test_id("kpi-status").inner_text()
    assert status.endswith("các chỉnh sửa trái 2 quy tắc" if lang == "vi"
                           else "which break 2 rule(s)"), status


@contextmanager
def served(tmp: Path, command: list[str]):
    """``command`` (a dashboard) served on a free port: its address."""
    _require_chromium()
    port = free_port()
    log_path = tmp / f"dashboard-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*command, "--port", str(port), "--tiles", "off"],
                                stdout=log, stderr=subprocess.STDOUT, env=clean_env(tmp))
        try:
            url = f"http://127.0.0.1:{port}/"
            end = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    assert proc.poll() is None, log_path.read_text()
                    assert time.monotonic() < end, "the dashboard did not come up in 60 s"
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


def test_the_plans_own_finding_is_never_put_on_the_edits(page, tmp_path):
    """Lạng Sơn with the optimiser not told of the moves made by hand (faulty_staffsim.py):
    two of Kỳ Lừa's officials moved to Đoàn Kết by hand break nothing by themselves, and the
    re-optimised plan takes Kỳ Lừa's whole share besides them: floor(0.2 x its officials) + 2.
    The page says that finding is the plan's, not the edits', in the command line's words
    (it said 'The manual edits break these rules:' above it), and the Plan card does not
    say the edits break a rule."""
    from staffsim.experiments.states import single_state
    from staffsim.scenarios.loader import load_scenario

    state = single_state(load_scenario(SCENARIOS / "vietnam.toml",
                                       {"province.provinces": ["20"]}), 0)
    n = int((state.commune == state.communes.ids.index("06187")).sum())
    most = int(0.2 * n)  # Kỳ Lừa's share, by hand
    ids = ["06187-052", "06187-051"]
    expected = cli_findings([sys.executable, str(FAULTY), "whatif", *LANG_SON, "--move",
                             f"{','.join(ids)}=doan ket", "--lang", "vi"], tmp_path)
    assert len(expected) == 1 and expected[0].startswith(PLANS["vi"]), expected
    assert f"Kỳ Lừa (06187) điều động đi {most + 2} trong {n} người" in expected[0]
    with served(tmp_path, [sys.executable, str(FAULTY), "dashboard", *LANG_SON]) as url:
        open_dashboard(page, url)
        for official in ids:
            force(page, official, "doan ket")
        # (the chips and the findings come with the plan made around both moves)
        expect(page.get_by_test_id("edits").locator(".q-chip")).to_have_count(2)
        lines = page_findings(page)
        assert [unnamed(line) for line in lines] == ["⚠ " + capital(expected[0])], lines
        named = NAMED.findall(lines[0])  # (the officials beyond the share, by name)
        assert named and all(i in expected[0] for i in named), lines
        assert page.get_by_test_id("finding-plan").count() == 1
        assert page.get_by_test_id("finding-manual").count() == 0
        status = page.get_by_test_id("kpi-status").inner_text()
        assert "các chỉnh sửa trái" not in status, status
        assert status.endswith("bản thân phương án trái 1 quy tắc, không do các chỉnh sửa"), \
            status
