"""Followed sources: adding, listing, removing, and their fetch schedule and errors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Engine, Row, func, select
from sqlalchemy.exc import IntegrityError

from veille.messages import _
from veille.store.schema import article_sources, is_number, sources
from veille.store.times import utcnow
from veille.types import Source


class SourceExists(ValueError):
    """A source with that URL is followed already."""


class UnknownSource(LookupError):
    """No followed source has that number or URL."""


def _source(row: Row[tuple[object, ...]], article_count: int = 0) -> Source:
    m = row._mapping
    return Source(
        id=m["id"],
        url=m["url"],
        name=m["name"],
        site_url=m["site_url"],
        last_fetched_at=m["last_fetched_at"],
        last_error=m["last_error"],
        error_count=m["error_count"],
        next_fetch_at=m["next_fetch_at"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        article_count=article_count,
        kind=m["kind"],
    )


def add_source(
    engine: Engine, url: str, name: str, site_url: str | None = None, kind: str = "feed"
) -> Source:
    now = utcnow()
    try:
        with engine.begin() as connection:
            row = connection.execute(
                sources.insert()
                .values(
                    url=url,
                    name=name,
                    site_url=site_url,
                    kind=kind,
                    error_count=0,
                    created_at=now,
                    next_fetch_at=now,
                )
                .returning(*sources.c)
            ).one()
    except IntegrityError:
        raise SourceExists(_("already followed: {url}").format(url=url)) from None
    return _source(row)


def list_sources(engine: Engine) -> list[Source]:
    counts = (
        select(article_sources.c.source_id, func.count().label("n"))
        .group_by(article_sources.c.source_id)
        .subquery()
    )
    query = (
        select(sources, func.coalesce(counts.c.n, 0).label("article_count"))
        .outerjoin(counts, counts.c.source_id == sources.c.id)
        .order_by(sources.c.id)
    )
    with engine.connect() as connection:
        return [_source(row, row.article_count) for row in connection.execute(query)]


def find_source(engine: Engine, key: str) -> Source:
    """The source numbered `key`, or whose URL or name is `key`."""
    condition = sources.c.url == key
    if key.isdigit() and is_number(int(key)):
        condition = condition | (sources.c.id == int(key))
    with engine.connect() as connection:
        row = connection.execute(select(sources).where(condition | (sources.c.name == key))).first()
    if row is None:
        raise UnknownSource(_("no source {key!r} (see `veille source list`)").format(key=key))
    return _source(row)


def remove_source(engine: Engine, key: str) -> Source:
    source = find_source(engine, key)
    with engine.begin() as connection:
        connection.execute(sources.delete().where(sources.c.id == source.id))
    return source


def due_sources(engine: Engine, now: datetime | None = None) -> list[Source]:
    now = now or utcnow()
    query = select(sources).where((sources.c.next_fetch_at.is_(None)) | (sources.c.next_fetch_at <= now))
    with engine.connect() as connection:
        return [_source(row) for row in connection.execute(query.order_by(sources.c.id))]


def all_sources(engine: Engine) -> list[Source]:
    with engine.connect() as connection:
        return [_source(row) for row in connection.execute(select(sources).order_by(sources.c.id))]


def next_due(engine: Engine) -> datetime | None:
    """When the next source falls due (None: no source, or one is due now)."""
    with engine.connect() as connection:
        return connection.execute(select(func.min(sources.c.next_fetch_at))).scalar_one_or_none()


def record_success(
    engine: Engine,
    source_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    next_fetch_at: datetime,
    site_url: str | None = None,
    problem: str | None = None,
) -> None:
    """A fetched feed: its validators are stored only now, after its entries were. A validator
    longer than its column is not kept (cut, it would never match again)."""
    values: dict[str, object] = {
        "etag": _fits(etag, sources.c.etag),
        "last_modified": _fits(last_modified, sources.c.last_modified),
        "last_fetched_at": utcnow(),
        "next_fetch_at": next_fetch_at,
        "last_error": problem,
        "error_count": 0,
    }
    if site_url:
        values["site_url"] = site_url
    with engine.begin() as connection:
        connection.execute(sources.update().where(sources.c.id == source_id).values(**values))


def _fits(value: str | None, column: Column[str]) -> str | None:
    length = getattr(column.type, "length", None)
    return value if value is None or length is None or len(value) <= length else None


def record_failure(engine: Engine, source_id: int, error: str, next_fetch_at: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            sources.update()
            .where(sources.c.id == source_id)
            .values(
                last_error=error,
                error_count=sources.c.error_count + 1,
                last_fetched_at=utcnow(),
                next_fetch_at=next_fetch_at,
            )
        )
