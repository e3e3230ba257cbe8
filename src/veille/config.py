"""Settings: embedded defaults, then `veille.toml` in $VEILLE_HOME, then `VEILLE_*` variables,
then command-line options, each overriding the one before."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from veille import __version__
from veille.messages import _, about, os_reason

DEFAULT_USER_AGENT = f"veille/{__version__} (+https://github.com/veille-press/veille; press monitor)"


DEFAULT_MAX_BYTES = 5_000_000
"""The largest response (or saved page) read, once decompressed."""

DEFAULT_LANG = "fr"
"""The reader's language when the settings name none."""


class SettingsError(ValueError):
    """A setting has a value veille cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    db: str
    lang: str = DEFAULT_LANG
    interval_minutes: float = 5.0
    concurrency: int = 16
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    retries: int = 2
    max_backoff: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    workers: int = 0
    max_entries_per_feed: int = 200
    sitemap_recent_days: float = 2.0
    """On a sitemap's first pass, only the addresses of this many last days (never the archive)."""
    max_article_attempts: int = 5
    """Passes that may fail to store an article before veille gives up on it (said once)."""
    translate_engine: str = "none"
    translate_url: str = ""
    translate_key: str = ""
    translate_model: str = "gpt-4o-mini"
    translate_timeout: float = 20.0
    story_threshold: float = 0.0
    """The bar to join a story (lower for dated pairs, see clustering.py); 0 for the measured one
    (0.2 with keys alone, 0.45 with a model)."""
    story_model: str = ""
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_workers: int = 1
    """Server processes of `veille serve` (each with its own database connections)."""
    web_password: str = ""
    web_token: str = ""
    web_allowed_hosts: str = ""
    """Names (comma-separated) the web reader answers to besides the address it listens on:
    what readers type, behind a reverse proxy. Any other Host header is refused (DNS rebinding)."""
    web_trusted_proxies: str = ""
    """Addresses or networks (comma-separated) of reverse proxies whose X-Forwarded-For and
    X-Forwarded-Proto are believed; nobody's by default."""
    web_base_url: str = ""
    """The address readers reach veille at, when not the one it listens on (behind a proxy);
    https here makes session cookies Secure."""
    show_images: bool = True
    web_poll_seconds: float = 15.0
    allow_private_addresses: bool = False
    """Fetch articles from loopback and private addresses even when their source is public."""
    alert_interval_minutes: float = 15.0
    """At most one message per watch in this time: a breaking story is one message, not fifty."""
    notify_seconds: float = 30.0
    """What a pass spends at most sending messages; the rest wait for the next pass."""
    digest_hour: int = 7
    """The hour (UTC) after which a watch's daily or weekly (Monday) press review is sent."""

    def __post_init__(self) -> None:
        validate(self)

    @property
    def worker_count(self) -> int:
        """Extraction processes: the setting, or one per core when it is 0."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def replace(self, **changes: Any) -> Settings:
        """These settings with `changes` (None: unchanged), checked as loaded ones are."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


RANGES: dict[str, tuple[float, float]] = {
    "interval_minutes": (0.01, 525_600),
    "concurrency": (1, 1000),
    "per_host_concurrency": (1, 100),
    "per_host_delay": (0, 3600),
    "connect_timeout": (0.01, 3600),
    "total_timeout": (0.01, 3600),
    "max_bytes": (1024, 2**31),
    "max_redirects": (0, 100),
    "retries": (0, 20),
    "max_backoff": (0, 3600),
    "workers": (0, 256),
    "max_entries_per_feed": (1, 100_000),
    "sitemap_recent_days": (0.01, 3650),
    "max_article_attempts": (1, 100),
    "translate_timeout": (0.01, 3600),
    "story_threshold": (0, 1),
    "web_port": (1, 65535),
    "web_workers": (1, 64),
    "web_poll_seconds": (0.5, 86400),
    "alert_interval_minutes": (0, 10080),
    "notify_seconds": (1, 3600),
    "digest_hour": (0, 23),
}
"""The values each numeric setting may take: below or above them veille would hang, wait
forever, or refuse everything."""


def is_language(code: str) -> bool:
    """Whether `code` names a language CLDR knows (fr, pt_BR, en-GB)."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def validate(settings: Settings) -> None:
    """Raises SettingsError naming the first setting whose value cannot be used."""
    for name, (low, high) in RANGES.items():
        value = getattr(settings, name)
        if not low <= value <= high:
            raise SettingsError(
                _("setting {name}: {value} is not between {low:g} and {high:g}").format(
                    name=name, value=value, low=low, high=high
                )
            )
    if not settings.lang.isalpha() or not is_language(settings.lang):
        raise SettingsError(_("setting lang: {value!r} is not a language code").format(value=settings.lang))


def default_home() -> Path:
    if home := os.environ.get("VEILLE_HOME"):
        return Path(home).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "veille"


def _coerce(name: str, kind: Any, raw: Any) -> Any:
    """Turns a value from TOML or the environment into the setting's type, or says why not."""
    try:
        if kind in (bool, "bool"):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            number = float(raw)
            if number != number:
                raise ValueError(raw)
            return number
        if kind in (Path, "Path"):
            return Path(str(raw)).expanduser()
        return str(raw)
    except (TypeError, ValueError, OverflowError):
        raise SettingsError(_("setting {name}: cannot use {value!r}").format(name=name, value=raw)) from None


def load_settings(home: Path | None = None, **overrides: Any) -> Settings:
    """Reads the settings for `home` (default $VEILLE_HOME), applying `overrides` last."""
    home = home or default_home()
    values: dict[str, Any] = {}
    config_file = home / "veille.toml"
    values.update(read_settings_file(config_file))
    known = {f.name: f.type for f in fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(
            _("{file}: unknown setting(s) {names}").format(file=config_file, names=", ".join(unknown))
        )
    for name in known:
        if (raw := os.environ.get(f"VEILLE_{name.upper()}")) is not None:
            values[name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    values.pop("home", None)
    coerced = {name: _coerce(name, known[name], raw) for name, raw in values.items()}
    coerced.setdefault("db", f"sqlite:///{home / 'veille.db'}")
    return Settings(home=home, **coerced)


def read_settings_file(path: Path) -> dict[str, Any]:
    """The settings `veille.toml` holds ({} when there is none), or one clear SettingsError."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except UnicodeDecodeError:
        raise SettingsError(_("{file}: not a UTF-8 text file").format(file=path)) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(_("{file}: not valid TOML ({error})").format(file=path, error=error)) from None
    except OSError as error:
        raise SettingsError(about(path, os_reason(error))) from None


def preferred_lang(home: Path | None = None) -> str:
    """The reader's language as far as it can be told before the settings are read whole
    (VEILLE_LANG, then veille.toml's lang), so that an error in them is said in it."""
    candidates = [os.environ.get("VEILLE_LANG")]
    with contextlib.suppress(SettingsError):
        candidates.append(read_settings_file((home or default_home()) / "veille.toml").get("lang"))
    return next(
        (c for c in candidates if isinstance(c, str) and c.isalpha() and is_language(c)), DEFAULT_LANG
    )
