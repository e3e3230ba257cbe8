"""Entries that could not be stored (their page unreachable and the feed giving no text, a host
that timed out): each is kept with its own backoff and tried again by the passes that follow,
whether or not its source changed, until it is stored or veille gives up on it."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select

from veille.store.schema import failed_entries
from veille.store.times import utcnow
from veille.store.upsert import dialect_insert
from veille.types import FeedEntry


def _entry(text: str) -> FeedEntry:
    values = json.loads(text)
    published = values.pop("published", None)
    return FeedEntry(**values, published=datetime.fromisoformat(published) if published else None)


def _text(entry: FeedEntry) -> str:
    values = asdict(entry)
    values["published"] = entry.published.isoformat() if entry.published else None
    return json.dumps(values, ensure_ascii=False)


def due_entries(engine: Engine, source_id: int, now: datetime | None = None) -> list[FeedEntry]:
    query = select(failed_entries.c.entry).where(
        failed_entries.c.source_id == source_id,
        failed_entries.c.gave_up.is_(False),
        failed_entries.c.next_try_at <= (now or utcnow()),
    )
    with engine.connect() as connection:
        return [_entry(text) for text in connection.execute(query).scalars()]


def given_up(engine: Engine, urls: list[str]) -> set[str]:
    """Which of `urls` veille has given up on."""
    found: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(urls), 500):
            query = select(failed_entries.c.url).where(
                failed_entries.c.url.in_(urls[start : start + 500]), failed_entries.c.gave_up.is_(True)
            )
            found.update(connection.execute(query).scalars())
    return found


def record_failure(
    engine: Engine,
    source_id: int,
    key: str,
    entry: FeedEntry,
    error: str | None,
    wait: timedelta,
    max_attempts: int,
    counted: bool = True,
) -> bool:
    """Notes that `entry` (its canonical address `key`) failed; it is tried again at the next
    pass, then after `wait`, 3 × `wait`, 7 × `wait`… `counted`: a failure of its own (not a host left
    for later). Returns whether veille gives up on it now."""
    with engine.begin() as connection:
        attempts = (
            connection.execute(
                select(failed_entries.c.attempts).where(failed_entries.c.url == key)
            ).scalar_one_or_none()
            or 0
        )
        attempts += int(counted)
        gave_up = attempts >= max_attempts
        values = {
            "source_id": source_id, "entry": _text(entry), "attempts": attempts, "last_error": error,
            "next_try_at": utcnow() + wait * (2 ** max(0, attempts - 1) - 1), "gave_up": gave_up,
        }  # fmt: skip
        insert = dialect_insert(connection, failed_entries).values(url=key, **values)
        connection.execute(insert.on_conflict_do_update(index_elements=["url"], set_=values))
    return gave_up


def forget(engine: Engine, keys: list[str]) -> None:
    """Entries stored at last."""
    if keys:
        with engine.begin() as connection:
            connection.execute(delete(failed_entries).where(failed_entries.c.url.in_(keys)))


def pending(engine: Engine, source_id: int) -> int:
    """Entries of the source still to be tried again."""
    query = select(func.count()).where(
        failed_entries.c.source_id == source_id, failed_entries.c.gave_up.is_(False)
    )
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())
