"""Who may use the dashboard: passwords never on the command line, hashed, required beyond
this machine; login attempts limited; oversized uploads refused before they are read."""

import asyncio

import pytest

from staffsim.dashboard.auth import (
    PASSWORD_ENV,
    PasswordHash,
    RateLimiter,
    UploadLimit,
    is_loopback,
    password_for,
    read_password,
)
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "::", "example.org"))


def test_password_from_a_file_or_the_environment_only(tmp_path):
    env = {PASSWORD_ENV: "from the environment"}
    assert read_password(None, env) == "from the environment"
    assert PASSWORD_ENV not in env  # worker processes do not inherit it
    f = tmp_path / "pw"
    f.write_text("  from a file  \nsecond line\n", encoding="utf-8")
    assert read_password(f, {PASSWORD_ENV: "ignored"}) == "from a file"
    f.write_text("\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="empty"):
        read_password(f, {})
    assert read_password(None, {}) is None


def test_a_password_is_required_beyond_this_machine_and_kept_hashed():
    assert password_for("127.0.0.1", None) is None
    with pytest.raises(ScenarioError, match="set a password first"):
        password_for("0.0.0.0", None)
    with pytest.raises(ScenarioError, match="at least 8"):
        password_for("0.0.0.0", "short")
    h = password_for("0.0.0.0", "mật khẩu đủ dài")
    assert isinstance(h, PasswordHash) and b"m\xe1" not in h.digest
    assert h.check("mật khẩu đủ dài") and not h.check("mật khẩu đủ dài ")
    assert PasswordHash.of("same").salt != PasswordHash.of("same").salt


def test_the_cli_has_no_password_option_and_refuses_0000_without_one(capsys, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    code, _, err = run_cli(capsys, "dashboard", str(SCENARIOS / "demo.toml"), "--password",
                           "x")
    assert code == 2 and "No such option" in err
    code, _, err = run_cli(capsys, "dashboard", str(SCENARIOS / "demo.toml"), "--host",
                           "0.0.0.0")
    assert_one_line_error(code, err, "--host", PASSWORD_ENV)


def test_rate_limit_per_client_and_overall():
    lim = RateLimiter(per_client=3, overall=5, window=60.0)
    for t in (0.0, 1.0, 2.0):
        assert lim.wait_time("a", now=t) == 0
        lim.failed("a", now=t)
    assert lim.wait_time("a", now=3.0) == pytest.approx(57.0)  # until the first one expires
    assert lim.wait_time("b", now=3.0) == 0
    lim.failed("b", now=4.0)
    lim.failed("c", now=5.0)
    assert lim.wait_time("d", now=6.0) == pytest.approx(54.0)  # five failures from anyone
    assert lim.wait_time("a", now=60.5) == 0  # the first failure has expired
    lim.succeeded("b")
    assert lim.wait_time("b", now=61.5) == 0


def _upload(headers, body_chunks):
    """Drive UploadLimit with a fake app; returns (status, whether the app ran, bytes read)."""
    sent, ran, read = [], [], []

    async def app(scope, receive, send):
        ran.append(True)
        while True:
            message = await receive()
            read.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    chunks = iter(body_chunks)

    async def receive():
        body = next(chunks)
        read.append(0)
        return {"type": "http.request", "body": body, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/_nicegui/client/x/upload/7",
             "headers": headers}
    middleware = UploadLimit(app, limit=1000)
    try:
        asyncio.run(middleware(scope, receive, send))
    except ValueError:
        return "cut", bool(ran), sum(read)
    return sent[0]["status"], bool(ran), sum(read)


def test_oversized_uploads_are_refused_unread():
    status, ran, _ = _upload([(b"content-length", b"999999")], [b"x" * 10])
    assert status == 413 and not ran
    status, ran, _ = _upload([], [b"x" * 10])
    assert status == 411 and not ran
    # a body longer than it declared is cut off as it streams
    status, _, _ = _upload([(b"content-length", b"100")], [b"x" * 40_000] * 3)
    assert status == "cut"


def test_a_busy_port_is_one_clear_line(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, _, err = run_cli(capsys, "dashboard", str(SCENARIOS / "demo.toml"), "--port",
                               str(port))
    assert_one_line_error(code, err, "--port", str(port), "choose another")
