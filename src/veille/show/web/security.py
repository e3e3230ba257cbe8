"""Who may read and act: nobody needs a password on 127.0.0.1; on any other address the user
sets one (or a token), pages then need a session and the API a session or a bearer token.
Every form and action carries a CSRF token; failed logins are rate-limited per client."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import defaultdict, deque
from pathlib import Path

SESSION_COOKIE = "veille_session"
CSRF_COOKIE = "veille_csrf"
SESSION_SECONDS = 30 * 24 * 3600
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_secret(home: Path) -> bytes:
    """A random key kept in the veille home, to sign sessions and CSRF tokens."""
    path = home / "secret.key"
    if path.exists():
        return path.read_bytes()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    path.write_bytes(key)
    path.chmod(0o600)
    return key


class Guard:
    def __init__(self, secret: bytes, password: str, token: str) -> None:
        self.secret = secret
        self.password = password
        self.token = token
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    @property
    def enabled(self) -> bool:
        return bool(self.password or self.token)

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    def new_session(self) -> str:
        expires = str(int(time.time()) + SESSION_SECONDS)
        return f"{expires}.{self._sign(expires)}"

    def valid_session(self, cookie: str | None) -> bool:
        if not cookie or "." not in cookie:
            return False
        expires, signature = cookie.split(".", 1)
        return (
            expires.isdigit()
            and int(expires) > time.time()
            and hmac.compare_digest(signature, self._sign(expires))
        )

    def valid_bearer(self, header: str | None) -> bool:
        if not header or not header.lower().startswith("bearer "):
            return False
        given = header[7:].strip()
        return any(secret and hmac.compare_digest(given, secret) for secret in (self.token, self.password))

    def allowed(self, session: str | None, authorization: str | None) -> bool:
        return not self.enabled or self.valid_session(session) or self.valid_bearer(authorization)

    def csrf_token(self, seed: str) -> str:
        return self._sign(f"csrf:{seed}")

    def valid_csrf(self, seed: str | None, token: str | None) -> bool:
        return bool(seed and token and hmac.compare_digest(token, self.csrf_token(seed)))

    def blocked(self, client: str) -> bool:
        recent = self.failures[client]
        while recent and recent[0] < time.monotonic() - FAILURE_WINDOW:
            recent.popleft()
        return len(recent) >= MAX_FAILURES

    def check_password(self, client: str, password: str) -> bool:
        if self.password and hmac.compare_digest(password, self.password):
            self.failures.pop(client, None)
            return True
        self.failures[client].append(time.monotonic())
        return False
