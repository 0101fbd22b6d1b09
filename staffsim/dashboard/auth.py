"""Who may use the dashboard: nobody but this machine without a password, the department's
network only with one.

- On a loopback address (127.0.0.1, ::1, localhost) no login is needed unless a password is
  set. On any other address the dashboard refuses to start without a password.
- The password comes from the environment (``STAFFSIM_DASHBOARD_PASSWORD``) or a file
  (``--password-file``), never from the command line (it would show in the process list and
  the shell history). It is kept only as a salted scrypt hash; the variable is removed from the
  environment so that worker processes do not inherit it.
- Login attempts are rate-limited per client address and overall; every failure also waits.
- Uploads are refused above a size limit before their body is read (``UploadLimit``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from staffsim.scenarios.errors import ScenarioError

PASSWORD_ENV = "STAFFSIM_DASHBOARD_PASSWORD"
MIN_LENGTH = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class PasswordHash:
    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, password: str) -> PasswordHash:
        salt = secrets.token_bytes(16)
        return cls(salt, _scrypt(password, salt))

    def check(self, password: str) -> bool:
        return hmac.compare_digest(_scrypt(password, self.salt), self.digest)


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)


def read_password(password_file: Path | None, environ: dict[str, str] | None = None
                  ) -> str | None:
    """The password from ``password_file`` (first line) or the environment; None if neither.
    The environment variable is removed once read."""
    env = os.environ if environ is None else environ
    from_env = env.pop(PASSWORD_ENV, None)
    if password_file is not None:
        try:
            text = Path(password_file).read_text(encoding="utf-8")
        except OSError as e:
            raise ScenarioError(password_file, "--password-file", f"cannot be read ({e.strerror})"
                                ) from None
        lines = text.splitlines()
        password = lines[0].strip() if lines else ""
        if not password:
            raise ScenarioError(password_file, "--password-file", "is empty; put the password "
                                "on its first line")
        return password
    return from_env or None


def password_for(host: str, password: str | None) -> PasswordHash | None:
    """The hash to check logins against; a clear refusal when serving beyond this machine
    without a password."""
    if password is None:
        if not is_loopback(host):
            raise ScenarioError("command line", "--host", f"serving on {host} lets other "
                                f"machines in: set a password first ({PASSWORD_ENV}=... in the "
                                "environment, or --password-file FILE); on 127.0.0.1 none is "
                                "needed")
        return None
    if len(password) < MIN_LENGTH:
        raise ScenarioError("command line", "password", f"is {len(password)} characters; use "
                            f"at least {MIN_LENGTH}")
    return PasswordHash.of(password)


@dataclass
class RateLimiter:
    """At most ``per_client`` failed logins per client in ``window`` seconds, and at most
    ``overall`` failures from everyone (a guesser with many addresses)."""

    per_client: int = 5
    overall: int = 50
    window: float = 300.0
    _failures: dict[str, deque] = field(default_factory=dict)
    _all: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _trim(self, q: deque, now: float) -> None:
        while q and now - q[0] > self.window:
            q.popleft()

    def wait_time(self, client: str, now: float | None = None) -> float:
        """Seconds until ``client`` may try again (0 = now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._failures.get(client, deque())
            self._trim(q, now)
            self._trim(self._all, now)
            waits = [0.0]
            if len(q) >= self.per_client:
                waits.append(self.window - (now - q[0]))
            if len(self._all) >= self.overall:
                waits.append(self.window - (now - self._all[0]))
            return max(waits)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.setdefault(client, deque()).append(now)
            self._all.append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


class UploadLimit:
    """ASGI middleware: an upload request above ``limit`` bytes is answered 413 before its
    body is read (by its Content-Length), and cut off if it streams more than it declared."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit + 64 * 1024  # the multipart envelope around the file

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or "/upload/" not in scope[
                "path"]:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is None or not length.isdigit() or int(length) > self.limit:
            return await _refuse(send, 413 if length else 411)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise ValueError("upload larger than declared")
            return message

        return await self.app(scope, counted, send)


async def _refuse(send, status: int) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": b"upload refused: too large\n"})
