"""Opening the database: engine set-up per backend, and migrations to the newest schema."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from veille.messages import _, os_reason

MIGRATIONS = Path(__file__).parent / "migrations"
ENGINES = ("sqlite", "postgresql")
MIGRATION_LOCK = 0x7665696C6C65
"""PostgreSQL advisory lock key ("veille") held while migrating."""


class DatabaseError(RuntimeError):
    """The database cannot be opened or upgraded; the message is one line for the user."""


def engine_url(url: str) -> str:
    """`postgresql://` means psycopg 3, the driver veille installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


BUSY_SECONDS = 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """The busy timeout first: switching to WAL needs a moment alone with the file, which a
    second process opening it at the same time must wait for, not fail on. SQLite does not wait
    for it when the file is new and another process is writing its first tables (it answers
    "database is locked" at once): the switch is tried again until the busy timeout."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_engine(url: str, **engine_options: Any) -> Engine:
    """An engine on `url`, its schema migrated to the newest revision."""
    try:
        parsed = make_url(engine_url(url))
    except ArgumentError:
        raise DatabaseError(_("not a database URL: {url!r}").format(url=url)) from None
    if parsed.get_backend_name() not in ENGINES:
        raise DatabaseError(
            _(
                "{url}: veille stores its data in SQLite (sqlite:///file) or PostgreSQL (postgresql://…)"
            ).format(url=parsed.render_as_string())
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(_cannot_open(url, f"{path.parent}: {os_reason(error)}")) from None
        if is_read_only(path):
            parsed = parsed.set(database=f"file:{path.resolve()}").update_query_dict(
                {"mode": "ro", "immutable": "1", "uri": "true"}
            )
    try:
        engine = create_engine(parsed, pool_pre_ping=True, **engine_options)
    except (SQLAlchemyError, ImportError) as error:
        raise DatabaseError(_cannot_open(url, error)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise DatabaseError(database_problem(error, parsed.render_as_string())) from None
    return engine


def is_read_only(path: Path) -> bool:
    """A SQLite file veille may read but not write (a read-only home, a copy on a read-only
    disk): it is opened as such, so that `list` and `show` still read it."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def database_problem(error: SQLAlchemyError, url: str) -> str:
    """One line for a database that fails: unreachable, damaged, or not veille's."""
    reason = getattr(error, "orig", None) or error
    return _cannot_open(url, (str(reason).splitlines() or [type(reason).__name__])[0])


def _cannot_open(url: str, reason: object) -> str:
    return _("cannot open the database {url}: {error}").format(url=url, error=reason)


def head_revision() -> str:
    """The newest migration's revision: migrations are numbered one after the other (0001_…),
    each file's revision its number, so the newest is the highest."""
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def current_revision(connection: Connection) -> str | None:
    """The database's revision, as Alembic records it; None for a new database."""
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        connection.rollback()
        return None


def migrate(engine: Engine) -> None:
    """Brings the schema to the newest revision, one process at a time: two processes opening a
    new database together would otherwise both create its tables. Alembic (0.2 s to import) is
    imported only when there is something to do."""
    with engine.connect() as connection:
        if current_revision(connection) == head_revision():
            return
        connection.rollback()
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def _lock_for_migration(connection: Connection) -> None:
    """SQLite: a write transaction taken at once (BEGIN IMMEDIATE), which a second process waits
    for (busy timeout); PostgreSQL: an advisory lock, released at the transaction's end."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
