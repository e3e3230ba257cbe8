"""Inserts that meet existing rows, the same on SQLite and PostgreSQL (both speak
INSERT … ON CONFLICT, through their own SQLAlchemy dialect)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(connection: Connection, table: Table) -> Any:
    """An INSERT of the connection's dialect, which has `on_conflict_do_…`."""
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    return insert(table)


MAX_PARAMETERS = 30_000
"""Parameters of one multi-row INSERT on PostgreSQL (its limit is 65,535)."""


def insert_ignoring_duplicates(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Inserts `rows`, skipping those whose key is there already. SQLite runs one statement for
    every row (compiled once, looped in C); PostgreSQL gets one statement of many rows, one round
    trip instead of one a row (an article's 42 reprint bands: 5 ms a pass's article before)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(dialect_insert(connection, table).on_conflict_do_nothing(), rows)
        return
    step = max(1, MAX_PARAMETERS // len(rows[0]))
    for start in range(0, len(rows), step):
        statement = dialect_insert(connection, table).values(rows[start : start + step])
        connection.execute(statement.on_conflict_do_nothing())
