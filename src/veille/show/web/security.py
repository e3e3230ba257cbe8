"""Who may read and act: nobody needs a password on loopback; on any other address the user
sets one (or creates a token), pages then need a session and the API a session or a bearer
token. Sessions live in the database (a logout or a new password ends them); tokens are
generated, kept as digests and revocable, and the password is never one. Every credential a
client presents is counted: after MAX_FAILURES wrong ones in FAILURE_WINDOW, that client (and
only it) waits LOCKOUT_SECONDS after its last failure. Every form and action carries a CSRF
token, and the server answers only to the names it is reached by (DNS rebinding)."""

from __future__ import annotations

import enum
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections import defaultdict, deque
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine

from veille.config import Settings
from veille.store import credentials

SESSION_COOKIE = "veille_session"
CSRF_COOKIE = "veille_csrf"
SESSION_LIFETIME = timedelta(days=30)
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0
LOCKOUT_SECONDS = 60.0
LOOPBACK_NAMES = frozenset({"localhost"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """Whether listening on `host` reaches this machine alone, however it is spelt ("" and
    0.0.0.0 mean every interface; 127.1 and localhost are loopback)."""
    host = host.strip().strip("[]")
    if host in WILDCARDS:
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return all(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]).is_loopback for info in infos)


def load_secret(home: Path) -> bytes:
    """A random key kept in the veille home, to sign CSRF tokens and mark sessions."""
    path = home / "secret.key"
    if path.exists():
        return path.read_bytes()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    path.write_bytes(key)
    path.chmod(0o600)
    return key


def _host_name(header: str) -> str:
    """The host of a Host header, without its port or brackets, lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """The Host headers the server answers: any IP address (a rebinding attack needs a name of
    the attacker's), localhost, the address it listens on, web_base_url's host and the names
    of web_allowed_hosts."""

    def __init__(self, settings: Settings) -> None:
        names = {name.strip().lower() for name in settings.web_allowed_hosts.split(",") if name.strip()}
        names.add(settings.web_host.strip().lower())
        if settings.web_base_url:
            names.add((urlsplit(settings.web_base_url).hostname or "").lower())
        self.names = (names | LOOPBACK_NAMES) - {""}

    def allowed(self, header: str | None) -> bool:
        name = _host_name(header or "").rstrip(".")
        return _is_ip(name) or name in self.names


class Throttle:
    """Failed credentials per client."""

    def __init__(self) -> None:
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, client: str) -> bool:
        recent = self.failures.get(client)
        if not recent:
            return False
        now = time.monotonic()
        while recent and recent[0] < now - FAILURE_WINDOW:
            recent.popleft()
        return len(recent) >= MAX_FAILURES and now - recent[-1] < LOCKOUT_SECONDS

    def failed(self, client: str) -> None:
        self.failures[client].append(time.monotonic())

    def succeeded(self, client: str) -> None:
        self.failures.pop(client, None)


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    DENIED = "denied"
    BLOCKED = "blocked"


class Guard:
    def __init__(self, secret: bytes, settings: Settings, engine: Engine) -> None:
        self.secret = secret
        self.password = settings.web_password
        self.token = settings.web_token
        self.engine = engine
        self.throttle = Throttle()
        self.password_mark = self._sign(f"password:{self.password}")

    @property
    def enabled(self) -> bool:
        return bool(self.password or self.token) or credentials.any_token(self.engine)

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()

    def new_session(self) -> str:
        return credentials.open_session(self.engine, self.password_mark, SESSION_LIFETIME)

    def end_session(self, cookie: str | None) -> None:
        if cookie:
            credentials.close_session(self.engine, cookie)

    def valid_session(self, cookie: str | None) -> bool:
        return bool(cookie) and credentials.session_is_valid(self.engine, cookie or "", self.password_mark)

    def valid_token(self, given: str) -> bool:
        if self.token and hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token.encode()):
            return True
        return credentials.token_is_valid(self.engine, given)

    def check(self, client: str, session: str | None, authorization: str | None) -> Verdict:
        """Whether a request may go on: a valid session, or a valid bearer token; a wrong token
        counts as a failure of its client, and a blocked client is not even checked."""
        if not self.enabled or self.valid_session(session):
            return Verdict.ALLOWED
        if not authorization or not authorization.lower().startswith("bearer "):
            return Verdict.DENIED
        if self.throttle.blocked(client):
            return Verdict.BLOCKED
        if self.valid_token(authorization[7:].strip()):
            self.throttle.succeeded(client)
            return Verdict.ALLOWED
        self.throttle.failed(client)
        return Verdict.DENIED

    def check_password(self, client: str, password: str) -> bool:
        given = password.encode("utf-8", "surrogatepass")
        if self.password and hmac.compare_digest(given, self.password.encode("utf-8", "surrogatepass")):
            self.throttle.succeeded(client)
            return True
        self.throttle.failed(client)
        return False

    def csrf_token(self, seed: str) -> str:
        return self._sign(f"csrf:{seed}")

    def valid_csrf(self, seed: str | None, token: str | None) -> bool:
        return bool(seed and token and hmac.compare_digest(token, self.csrf_token(seed)))
