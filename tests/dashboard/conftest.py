"""Dashboard test fixtures: NiceGUI's User (no browser) on the demo scenario, and, for the
browser tests, the dashboard started as a subprocess and Debian's chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import SCENARIOS

USER_APP = Path(__file__).with_name("user_app.py")


@pytest.fixture
def demo_env(monkeypatch):
    monkeypatch.setenv("STAFFSIM_TEST_SCENARIO", str(SCENARIOS / "demo.toml"))
    monkeypatch.delenv("STAFFSIM_TEST_PASSWORD", raising=False)
    return monkeypatch


@pytest.fixture
async def user(demo_env):
    from nicegui.testing.user_simulation import user_simulation

    async with user_simulation(main_file=USER_APP) as u:
        yield u


@pytest.fixture
async def guarded_user(demo_env):
    """The dashboard with a password (as when served on the department's network)."""
    from nicegui.testing.user_simulation import user_simulation

    demo_env.setenv("STAFFSIM_TEST_PASSWORD", "mật khẩu đủ dài")
    async with user_simulation(main_file=USER_APP) as u:
        yield u


@pytest.fixture
def screen(browser, request):
    """A page of the browser at the (width, height) a test is parametrized with
    (``indirect=True``)."""
    width, height = request.param
    page = browser.new_page(viewport={"width": width, "height": height})
    yield page
    page.close()


def pytest_collection_modifyitems(items):
    """Browser tests last: NiceGUI's User tests fail after Playwright's sync tests in one
    session ("Runner.run() cannot be called from a running event loop")."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def clean_env(tmp: Path) -> dict[str, str]:
    """A subprocess environment without pytest's variables (NiceGUI reads them) and with its
    caches under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
               TMPDIR=str(tmp))
    return env
