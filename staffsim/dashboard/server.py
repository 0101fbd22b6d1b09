"""Start the dashboard: load the scenario, warm the default plan in the background, register
the pages (the dashboard and, with a password, the login page), the access rules and the upload
limit, and serve. Everything the page needs is served from this process (NiceGUI ships Quasar,
Leaflet and ECharts): it works with no internet."""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from staffsim.dashboard import planning
from staffsim.dashboard.auth import PasswordHash, RateLimiter, UploadLimit, is_loopback
from staffsim.dashboard.planning import Inputs
from staffsim.dashboard.uploads import MAX_UPLOAD_BYTES
from staffsim.scenarios.errors import ScenarioError

# every wrong guess costs time (README: "every failure waits 1 s")
WRONG_GUESS_PAUSE_S = 1.0


@dataclass
class Settings:
    scenario: Path
    overrides: dict[str, Any] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = 8080
    tiles: str = "auto"  # auto | on | off: the OpenStreetMap background
    upload_limit: int = MAX_UPLOAD_BYTES


@dataclass
class AppState:
    settings: Settings
    inputs: Inputs
    password: PasswordHash | None
    tiles_default: bool
    limiter: RateLimiter = field(default_factory=RateLimiter)
    warm: threading.Thread | None = None

    @classmethod
    def start(cls, settings: Settings, password: PasswordHash | None) -> AppState:
        """Load and check the scenario (errors surface before the server starts), then plan its
        default levers in the background so the first page shows a plan at once."""
        inputs = Inputs.load(settings.scenario, settings.overrides)
        tiles = settings.tiles == "on"
        if settings.tiles == "auto":
            from staffsim.dashboard.mapview import tiles_reachable

            tiles = tiles_reachable()
        state = cls(settings, inputs, password, tiles)
        state.warm = threading.Thread(target=planning.plan, args=(inputs, inputs.levers),
                                      name="warm-plan", daemon=True)
        state.warm.start()
        return state


def setup(state: AppState) -> None:
    """Register the pages, the access rules and the upload limit on NiceGUI's app."""
    from fastapi import Request
    from fastapi.responses import RedirectResponse, Response
    from nicegui import app, ui
    from starlette.middleware.base import BaseHTTPMiddleware

    from staffsim.dashboard.page import DashboardTab
    from staffsim.dashboard.words import Words

    app.add_middleware(UploadLimit, limit=state.settings.upload_limit)
    if state.password is not None:
        class Login(BaseHTTPMiddleware):
            async def dispatch(self, request: Request, call_next):
                path = request.url.path
                if app.storage.user.get("authenticated"):
                    return await call_next(request)
                if path == "/login" or (path.startswith("/_nicegui")
                                        and not path.startswith("/_nicegui/client/")):
                    return await call_next(request)  # the login page and its assets
                if path.startswith("/_nicegui"):
                    return Response(status_code=403)
                return RedirectResponse("/login")

        app.add_middleware(Login)

        @ui.page("/login", title="staffsim")
        def login() -> None:
            _ = Words(app.storage.user.get("lang", "vi"))
            request = ui.context.client.request
            client = request.client.host if request.client else "?"

            async def attempt() -> None:
                wait = state.limiter.wait_time(client)
                if wait > 0:
                    message.set_text(_("Too many attempts; try again in {s} s",
                                       s=_.num(wait)))
                    return
                if state.password.check(password.value or ""):
                    state.limiter.succeeded(client)
                    app.storage.user["authenticated"] = True
                    ui.navigate.to("/")
                    return
                state.limiter.failed(client)
                await asyncio.sleep(WRONG_GUESS_PAUSE_S)
                password.value = ""
                message.set_text(_("Wrong password"))

            with ui.card().classes("absolute-center w-80"):
                ui.label(_("Commune staffing: {name}", name=state.inputs.scenario.place)) \
                    .classes("text-lg font-medium")
                password = ui.input(_("Password"), password=True, password_toggle_button=True) \
                    .classes("w-full").on("keydown.enter", attempt) \
                    .props('data-testid="password"').mark("password")
                ui.button(_("Log in"), on_click=attempt).props('data-testid="login"')
                message = ui.label("").classes("text-red-800 text-sm")

    @ui.page("/", title="staffsim")
    def index() -> None:
        DashboardTab(state, app.storage.user.get("lang", "vi")).build()


def address(settings: Settings) -> str:
    host = settings.host
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.port}/"


def check_port(host: str, port: int) -> None:
    """One clear line, before anything starts, when the address cannot be served."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            raise ScenarioError("command line", "--port", f"cannot serve on {host}:{port} "
                                f"({e.strerror}); choose another --port") from None


def start_line(place: str, url: str, password: bool) -> str:
    """The line that says where the dashboard is, in the command's language (``--lang``)."""
    from staffsim.results.words import words

    _ = words()
    line = _("staffsim dashboard: {place} at {url}", place=place, url=url)
    return line + (_(" (password required)") if password else "")


class _NoTimingWarning(logging.Filter):
    """NiceGUI's 'binding propagation for 12 active links took 0.074 s': its own timing
    note (a warning past 10 ms, nicegui.binding), nothing wrong for the planner who reads
    the log; every other record passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING
                    and str(record.msg).startswith("binding propagation for "))


def quiet_timing_warnings() -> None:
    """Leave NiceGUI's binding timing note out of the dashboard's log (once)."""
    log = logging.getLogger("nicegui")
    if not any(isinstance(f, _NoTimingWarning) for f in log.filters):
        log.addFilter(_NoTimingWarning())


def serve(settings: Settings, password: PasswordHash | None) -> None:
    """Run the dashboard until interrupted (prints its address first)."""
    check_port(settings.host, settings.port)
    # NiceGUI keeps per-browser storage on disk: under a private temporary folder, not in the
    # user's working directory. Set before NiceGUI is imported (it reads it at import).
    storage = tempfile.mkdtemp(prefix="staffsim-ui-")
    atexit.register(shutil.rmtree, storage, ignore_errors=True)
    os.environ.setdefault("NICEGUI_STORAGE_PATH", storage)
    from nicegui import run, ui

    run.process_pool_start_method = "spawn"  # never fork a threaded server
    state = AppState.start(settings, password)
    setup(state)
    print(start_line(state.inputs.scenario.place, address(settings),
                     not is_loopback(settings.host)), flush=True)
    quiet_timing_warnings()
    ui.run(host=settings.host, port=settings.port, title="staffsim", language="vi",
           reload=False, show=False, show_welcome_message=False, favicon="🗺️",
           storage_secret=secrets.token_urlsafe(32), uvicorn_logging_level="warning")
