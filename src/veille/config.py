"""Settings: embedded defaults, then `veille.toml` in $VEILLE_HOME, then `VEILLE_*` variables,
then command-line options, each overriding the one before."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from veille import __version__

DEFAULT_USER_AGENT = f"veille/{__version__} (+https://github.com/veille-press/veille; press monitor)"


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
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    max_backoff: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    workers: int = 0
    max_entries_per_feed: int = 200
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
    web_password: str = ""
    web_token: str = ""
    show_images: bool = True
    web_poll_seconds: float = 15.0

    @property
    def worker_count(self) -> int:
        """Extraction processes: the setting, or one per core when it is 0."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


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
            return float(raw)
        if kind in (Path, "Path"):
            return Path(str(raw)).expanduser()
        return str(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"setting {name!r}: cannot use {raw!r}") from None


def load_settings(home: Path | None = None, **overrides: Any) -> Settings:
    """Reads the settings for `home` (default $VEILLE_HOME), applying `overrides` last."""
    home = home or default_home()
    values: dict[str, Any] = {}
    config_file = home / "veille.toml"
    if config_file.exists():
        try:
            values.update(tomllib.loads(config_file.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{config_file}: {error}") from None
    known = {f.name: f.type for f in fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"{config_file}: unknown setting(s) {', '.join(unknown)}")
    for name in known:
        if (raw := os.environ.get(f"VEILLE_{name.upper()}")) is not None:
            values[name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    values.pop("home", None)
    coerced = {name: _coerce(name, known[name], raw) for name, raw in values.items()}
    coerced.setdefault("db", f"sqlite:///{home / 'veille.db'}")
    if not str(coerced.get("lang", DEFAULT_LANG)).isalpha():
        raise SettingsError(f"setting 'lang': {coerced['lang']!r} is not a language code")
    return Settings(home=home, **coerced)
