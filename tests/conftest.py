"""Fixtures that build tiny provinces on disk."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

import staffsim.optimize.families  # noqa: F401  (their sections are valid in scenario files)

# Commands print, draw and report in Vietnamese unless told otherwise (--lang, STAFFSIM_LANG);
# most tests read English output, and the tests of the default language clear this.
os.environ["STAFFSIM_LANG"] = "en"
# Commands run in the test process draw their figures there: a figure worker process per test
# process would outlive the tests that started it (tests/results/test_figure_worker.py tests it)
os.environ.setdefault("STAFFSIM_NO_FIGURE_WORKER", "1")
# Nor do they keep plans in the user's cache folder (tests/optimize/test_cache.py tests it)
os.environ.setdefault("STAFFSIM_NO_CACHE", "1")

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCENARIOS = REPO / "scenarios"

COMMUNES_HEADER = "commune_id,name,kind,zone,population,area_km2,lat,lon,merged_units\n"
TINY_COMMUNES = (
    COMMUNES_HEADER
    + "W1,Phường Một,phuong,lowland,60000,20,19.80,105.78,5\n"
    + "W2,Phường Hai,phuong,lowland,30000,15,19.75,105.90,3\n"
    + "X1,Xã Núi,xa,mountain,9000,150,20.10,105.30,2\n"
    + "X2,Xã Cao,xa,high_mountain,5000,300,20.40,104.70,1\n"
)


def write_scenario(folder: Path, body: str = "", communes: str = TINY_COMMUNES,
                   name: str = "tiny.toml") -> Path:
    """A scenario file plus its communes table in ``folder``."""
    (folder / "communes.csv").write_text(communes, encoding="utf-8")
    path = folder / name
    path.write_text('[province]\nname = "Tiny"\ncommunes_csv = "communes.csv"\n' + body,
                    encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, "[simulation]\nmonths = 12\nseed = 3\n")


# Property tests: 500 examples each in CI (CI=true), fewer on a developer's machine; tests that
# fix their own max_examples keep it.
settings.register_profile("ci", max_examples=500, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a command run in-process sets its --lang
    for the rest of the process, as a command does."""
    from staffsim import i18n

    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield


# "Today" for the commands run in the test process (``results.plan_month.today``: which
# plans' months have passed, the annex's day of making): the day the HR trial ran, so that
# no test's outcome depends on the day the suite runs; a test that needs another day sets it
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from staffsim.results import plan_month

    monkeypatch.setattr(plan_month, "today", lambda: TODAY)
    yield


@pytest.fixture(autouse=True)
def _tables_said_afresh():
    """Each test starts as a new command: a table's once-per-process warning (communes with
    few residents, ``province._few_residents``) is said again, whatever ran before in the
    worker."""
    from staffsim.scenarios import province

    province._SAID_FEW.clear()
    yield


@pytest.fixture(autouse=True)
def _figures_only_where_looked_at(request, monkeypatch):
    """Commands run in tests draw figures only in tests marked ``figures`` (which look at
    them), ``slow`` or ``browser``: drawing was a third of the default run's time, in tests
    that assert on tables and messages. The figures' own tests draw every registered figure
    from each kind of folder, in both languages."""
    if any(request.node.get_closest_marker(m) for m in ("figures", "slow", "browser")):
        return
    from staffsim.experiments import sensitivity
    from staffsim.results import compare_folder, frontier_folder, plots

    def no_figures(*args, **kwargs) -> list:
        return []

    for module in (plots, compare_folder, frontier_folder, sensitivity):
        monkeypatch.setattr(module, "draw", no_figures)


def require_chromium() -> None:
    """Browser tests need Debian's chromium: skipped without it, failed when
    STAFFSIM_REQUIRE_BROWSER is set (CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("STAFFSIM_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's chromium (``playwright install`` cannot download
    here); the browser tests of the dashboard and of report.html share it."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--disable-gpu", "--disable-dev-shm-usage"]}
