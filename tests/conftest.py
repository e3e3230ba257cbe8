"""Shared fixtures: a local web, and databases on SQLite and PostgreSQL (each test that stores
anything runs on both)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pytest

from localweb import LocalWeb
from scratch import scratch_schema
from veille.config import Settings, load_settings
from veille.core import Veille
from veille.messages import speak

POSTGRES_URL = os.environ.get("VEILLE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's settings or goes through a proxy by accident."""
    for name in list(os.environ):
        if name.startswith("VEILLE_") and name != "VEILLE_TEST_POSTGRES":
            monkeypatch.delenv(name)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("VEILLE_HOME", str(tmp_path / "home"))
    speak("en")  # the language a test left spoken does not carry over (a Veille speaks its reader's)


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    with LocalWeb() as local:
        yield local


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: a SQLite file, or a PostgreSQL schema of its own, dropped afterwards
    (a test never touches data it did not create)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'veille.db'}"
        return
    with scratch_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        tmp_path / "home",
        db=database_url,
        per_host_delay=0,
        connect_timeout=2,
        total_timeout=5,
        retries=1,
        max_backoff=0.2,
        workers=1,
    )


@pytest.fixture
def veille(settings: Settings) -> Iterator[Veille]:
    with Veille(settings) as opened:
        yield opened


@pytest.fixture
def pool(veille: Veille) -> Iterator[Executor]:
    """The extraction workers a pass of `veille` uses."""
    with veille.extraction_pool() as executor:
        yield executor
