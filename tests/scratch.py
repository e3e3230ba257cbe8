"""A PostgreSQL schema of one's own, dropped afterwards: tests and benchmarks never touch data
they did not create, nor leave tables behind in the database they are given."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from veille.store.database import engine_url


@contextmanager
def scratch_schema(url: str, prefix: str = "veille_test") -> Iterator[str]:
    """`url` with its search path set to a new schema, which is dropped on leaving."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(engine_url(url))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def scratch_database(url: str | None) -> Iterator[str | None]:
    """A PostgreSQL `url` as a scratch schema; anything else (None: SQLite in a temporary home)
    as it is."""
    if url is None or not url.startswith("postgresql"):
        yield url
        return
    with scratch_schema(url, "veille_bench") as scratch:
        yield scratch
