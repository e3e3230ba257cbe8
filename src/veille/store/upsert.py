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


def insert_ignoring_duplicates(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Inserts `rows`, skipping those whose key is there already (one statement, compiled once)."""
    if rows:
        connection.execute(dialect_insert(connection, table).on_conflict_do_nothing(), rows)
