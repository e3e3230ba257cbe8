"""After each pass: the articles stored since the watches last looked are matched against them
(`matching.Percolator`), in batches, each batch one transaction (its matches, its alerts, what
its rules did, and the watches' progress), so that a veille killed midway takes up the batch
again and records nothing twice. Then each watch's alerts are gathered into one message per
notifier, at most one per `alert_interval_minutes`, queued in the database for `notify`.

A watch tells of stories, not of articles: the first article of a story it matches alerts; a
copy never does; a further article of the story alerts again only when the watch says so (the
story reaches a new language, or doubles)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Row, select

from veille.store import articles as article_store
from veille.store import watches as watch_store
from veille.store.schema import article_sources, articles, sources
from veille.store.times import utcnow
from veille.types import Watch
from veille.watch.matching import Arrival, Percolator

BATCH = 200

Message = tuple[str, str, str]
"""A message's title, its HTML (for e-mail) and its plain text (for the other notifiers)."""
Teller = Callable[[Watch, list[Row[Any]]], Message]
"""Writes the message that tells a watch's alerts (the rows of `alerts`)."""


@dataclass(slots=True)
class Matched:
    articles: int = 0
    matches: int = 0
    alerts: int = 0


def _arrivals(connection: Connection, after: int, through: int) -> list[tuple[Arrival, int | None]]:
    """The articles numbered after `after` up to `through`, oldest first, each with the article it
    is a copy of."""
    rows = connection.execute(
        select(
            articles.c.id, articles.c.title, articles.c.text, articles.c.lang, articles.c.site,
            articles.c.author, articles.c.story_id, articles.c.sort_at, articles.c.reprint_of,
        ).where(articles.c.id > after, articles.c.id <= through).order_by(articles.c.id)
    ).all()  # fmt: skip
    listed: dict[int, list[tuple[int, str, str]]] = {}
    if rows:
        query = (
            select(article_sources.c.article_id, sources.c.id, sources.c.name, sources.c.url)
            .join(sources, sources.c.id == article_sources.c.source_id)
            .where(article_sources.c.article_id > after, article_sources.c.article_id <= through)
        )
        for article_id, *source in connection.execute(query):
            listed.setdefault(article_id, []).append(tuple(source))
    return [(_arrival(row, tuple(listed.get(row.id, ()))), row.reprint_of) for row in rows]


def _arrival(row: Any, listed: tuple[tuple[int, str, str], ...]) -> Arrival:
    return Arrival(
        row.id, row.title, row.text, row.lang, row.site, row.author, row.story_id, row.sort_at, listed
    )


def _alert_kind(connection: Connection, watch: Watch, arrival: Arrival, story: int) -> str | None:
    """Why this article's story is to be told (new, language, grown), or None."""
    last = watch_store.last_alert(connection, watch.id, story)
    if last is None:
        return "new"
    if watch.alert_again == "language":
        told = watch_store.matched_languages(connection, watch.id, story, arrival.id)
        return "language" if (arrival.lang or "") not in told else None
    if watch.alert_again == "double":
        grown = watch_store.matched_count(connection, watch.id, story) >= 2 * last.story_articles
        return "grown" if grown else None
    return None


class Matcher(Protocol):
    def matching(self, article: Arrival) -> list[Watch]: ...


def match_arrivals(
    engine: Engine,
    batch: int = BATCH,
    matcher: Callable[[Connection, list[Watch]], Matcher] = Percolator,
) -> Matched:
    """Matches the articles stored since the watches last looked (see the module); `matcher`
    tells which watches an article matches (the percolator, or what a benchmark knows)."""
    done = Matched()
    with engine.connect() as connection:
        watches = watch_store.all_watches(connection)
        if not watches:
            return done
        percolator = matcher(connection, watches)
        current = {watch.id: watch for watch in watches}
    latest = article_store.latest_id(engine)
    start = min(watch.checked_through for watch in watches)
    while start < latest:
        through = min(latest, start + batch)
        with engine.begin() as connection:
            for arrival, original in _arrivals(connection, start, through):
                done.articles += 1
                for compiled in percolator.matching(arrival):
                    watch = current[compiled.id]  # as it is now (a kept matcher may hold an older copy)
                    if arrival.id <= watch.checked_through:
                        continue
                    if not watch_store.record_match(connection, watch.id, arrival.id, arrival.story):
                        continue
                    done.matches += 1
                    watch_store.apply_rules(connection, watch, arrival.id)
                    if original is not None or arrival.story is None:
                        continue
                    if (kind := _alert_kind(connection, watch, arrival, arrival.story)) is not None:
                        count = watch_store.matched_count(connection, watch.id, arrival.story)
                        watch_store.add_alert(connection, watch.id, arrival.story, arrival.id, kind, count)
                        done.alerts += 1
            watch_store.set_progress(connection, through)
        start = through
    return done


def queue_messages(engine: Engine, interval: timedelta, tell: Teller, now: datetime | None = None) -> int:
    """One message per watch with alerts not yet told, unless it sent one less than `interval`
    ago; returns how many were queued."""
    now = now or utcnow()
    queued = 0
    for watch in watch_store.all_watches(engine):
        if watch.last_message_at is not None and now - watch.last_message_at < interval:
            continue
        with engine.begin() as connection:
            pending = watch_store.unsent_alerts(connection, watch.id)
            if not pending:
                continue
            if watch.notify:
                watch_store.queue_message(connection, watch, *tell(watch, pending))
                queued += 1
            watch_store.mark_told(connection, watch.id, [row.id for row in pending], now)
    return queued
