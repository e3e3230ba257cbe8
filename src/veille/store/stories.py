"""Stories and reprints in the database: the window of open stories, placements and merges,
document frequencies, LSH bands, cached headlines."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Connection, Engine, bindparam, func, select, update

from veille.store.schema import (
    MAX_NUMBER,
    article_bands,
    articles,
    is_number,
    key_frequencies,
    key_languages,
    stories,
    story_headlines,
)
from veille.store.upsert import dialect_insert, insert_ignoring_duplicates

TOTAL = ""
"""The row of key_frequencies that counts the articles themselves."""


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    first_at: datetime | None
    last_at: datetime | None
    article_count: int


@dataclass(frozen=True, slots=True)
class Lead:
    id: int
    title: str
    opening: str
    lang: str | None


@dataclass(slots=True)
class StoredStory:
    """A story as stored: its keys' weights, size, days, the sum of its articles' vectors (when
    a model reads them), and (when loaded) the languages its articles are in."""

    id: int
    keys: dict[str, float]
    size: int
    first: datetime | None
    last: datetime | None
    vector: npt.NDArray[np.float32] | None
    languages: set[str] = field(default_factory=set)
    stale: bool = False
    """Its stored keys count fewer articles than it holds (a pass stopped between two batches of
    writes): they are to be worked out again from its articles."""


@dataclass(frozen=True, slots=True)
class KeyCounts:
    """How many articles carry each key, of how many, and in which languages each key was seen."""

    counts: dict[str, int]
    total: int
    languages: dict[str, set[str]]


def load_frequencies(engine: Engine) -> KeyCounts:
    with engine.connect() as connection:
        rows = connection.execute(select(key_frequencies.c.key, key_frequencies.c.articles)).all()
        seen = connection.execute(select(key_languages.c.key, key_languages.c.lang)).all()
    counts = {row.key: row.articles for row in rows}
    total = counts.pop(TOTAL, 0)
    languages: dict[str, set[str]] = {}
    for row in seen:
        languages.setdefault(row.key, set()).add(row.lang)
    return KeyCounts(counts, total, languages)


def _open(connection: Connection, window: timedelta, undated_kept: int) -> ColumnElement[bool]:
    """Stories still open for new articles: their last article is within `window` of the latest
    story's (not of today: an archive being filled with old articles has its own present), and
    the `undated_kept` newest stories of undated articles."""
    live = (stories.c.merged_into.is_(None)) & (stories.c.article_count > 0)
    latest = connection.execute(select(func.max(stories.c.last_at))).scalar()
    undated = (
        select(stories.c.id)
        .where(live, stories.c.last_at.is_(None))
        .order_by(stories.c.id.desc())
        .limit(undated_kept)
    )
    open_ = stories.c.id.in_(undated.scalar_subquery())
    if latest is not None:
        open_ = open_ | (stories.c.last_at >= latest - window)
    return live & open_


def load_open_stories(engine: Engine, window: timedelta, undated_kept: int) -> list[StoredStory]:
    """Stories still open for new articles (see `_open`), with the languages their articles are in;
    the keys of the others, closed, are emptied first."""
    with engine.begin() as connection:
        open_ = _open(connection, window, undated_kept)
        connection.execute(
            update(stories).where(stories.c["keys"] != "{}", ~open_).values(keys="{}", keys_articles=None)
        )
        query = select(stories).where(open_)
        found = [
            StoredStory(
                row.id, json.loads(row.keys), row.article_count, row.first_at, row.last_at,
                _vector(row.embedding),
                stale=row.keys_articles is not None and row.keys_articles < row.article_count,
            )
            for row in connection.execute(query)
        ]  # fmt: skip
        told_in = (
            select(articles.c.story_id, articles.c.lang)
            .where(articles.c.story_id.in_(select(query.subquery().c.id)), articles.c.lang.is_not(None))
            .distinct()
        )
        languages: dict[int, set[str]] = {}
        for story_id, lang in connection.execute(told_in):
            languages.setdefault(story_id, set()).add(lang)
    for story in found:
        story.languages = languages.get(story.id, set())
    return found


def _vector(stored: bytes | None) -> npt.NDArray[np.float32] | None:
    return None if stored is None else np.frombuffer(stored, dtype=np.float32).copy()


def new_story_id(connection: Connection, when: datetime | None) -> int:
    return int(
        connection.execute(
            stories.insert()
            .values(first_at=when, last_at=when, article_count=0, keys="{}", keys_articles=0)
            .returning(stories.c.id)
        ).scalar_one()
    )


KEY_DIGITS = 4
"""Keys' weights are stored to four decimals: a story's weights are sums of 1.0, 0.15 and the like."""


def save_story(connection: Connection, story: StoredStory) -> None:
    """The story's days, size and vector (at each placement: the web reader shows the first)."""
    connection.execute(
        update(stories)
        .where(stories.c.id == story.id)
        .values(
            first_at=story.first,
            last_at=story.last,
            article_count=story.size,
            embedding=None if story.vector is None else story.vector.astype(np.float32).tobytes(),
        )
    )


def save_story_keys(connection: Connection, found: Iterable[StoredStory]) -> None:
    """The stories' keys, and how many articles they count (in batches: a story's keys are tens of
    kilobytes)."""
    rows = [
        {
            "story": story.id,
            "new_keys": json.dumps(
                {k: round(w, KEY_DIGITS) for k, w in story.keys.items()}, ensure_ascii=False
            ),
            "new_count": story.size,
        }
        for story in found
    ]
    if rows:
        statement = (
            update(stories)
            .where(stories.c.id == bindparam("story"))
            .values(
                keys=bindparam("new_keys"),
                keys_articles=bindparam("new_count"),
            )
        )
        connection.execute(statement, rows)


def close_stories(connection: Connection, numbers: Collection[int]) -> None:
    """Empties the keys of stories no article will join again (their window has closed)."""
    ordered = sorted(numbers)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        connection.execute(
            update(stories).where(stories.c.id.in_(batch)).values(keys="{}", keys_articles=None)
        )


def story_texts(connection: Connection, story_id: int) -> list[tuple[str, str, str | None]]:
    """The title, text and language of each article of a story, to work its keys out again."""
    query = select(articles.c.title, articles.c.text, articles.c.lang).where(articles.c.story_id == story_id)
    return [(row.title, row.text, row.lang) for row in connection.execute(query)]


def assign(connection: Connection, article_id: int, story_id: int, merged: Iterable[int]) -> None:
    """Puts an article in a story, and the articles of merged stories with it; the story then sorts
    by its newest article (`sort_at`: published, else fetched, so an undated story sorts too)."""
    connection.execute(update(articles).where(articles.c.id == article_id).values(story_id=story_id))
    for other in merged:
        connection.execute(update(articles).where(articles.c.story_id == other).values(story_id=story_id))
        connection.execute(update(stories).where(stories.c.id == other).values(merged_into=story_id))
    newest = select(func.max(articles.c.sort_at)).where(articles.c.story_id == story_id).scalar_subquery()
    connection.execute(update(stories).where(stories.c.id == story_id).values(sort_at=newest))


def count_keys(connection: Connection, counted: Iterable[tuple[Iterable[str], str | None]]) -> None:
    """One more article for each key of each of these articles, seen in its language (statements
    run for many rows: compiled once)."""
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for keys, lang in counted:
        unique = {key[:64] for key in keys}
        counts.update(unique)
        counts[TOTAL] += 1
        if lang:
            seen.update((key, lang) for key in unique)
    if not counts:
        return
    statement = dialect_insert(connection, key_frequencies)
    statement = statement.on_conflict_do_update(
        index_elements=[key_frequencies.c.key],
        set_={"articles": key_frequencies.c.articles + statement.excluded.articles},
    )
    connection.execute(statement, [{"key": key, "articles": n} for key, n in sorted(counts.items())])
    if seen:
        insert_ignoring_duplicates(
            connection, key_languages, [{"key": key, "lang": lang} for key, lang in sorted(seen)]
        )


def save_bands(connection: Connection, article_id: int, signature: bytes, bands: Iterable[str]) -> None:
    connection.execute(update(articles).where(articles.c.id == article_id).values(minhash=signature))
    insert_ignoring_duplicates(
        connection, article_bands, [{"band": band, "article_id": article_id} for band in bands]
    )


def band_candidates(connection: Connection, bands: Iterable[str], exclude: int) -> dict[int, bytes]:
    """Articles sharing a band with these, and their signatures."""
    ids = select(article_bands.c.article_id).where(article_bands.c.band.in_(list(bands))).distinct()
    query = select(articles.c.id, articles.c.minhash).where(articles.c.id.in_(ids), articles.c.id != exclude)
    return {row.id: row.minhash for row in connection.execute(query) if row.minhash}


def story_rows(engine: Engine, limit: int | None = None, offset: int = 0) -> list[StoryRow]:
    query = (
        select(stories.c.id, stories.c.first_at, stories.c.last_at, stories.c.article_count)
        .where(stories.c.merged_into.is_(None), stories.c.article_count > 0)
        .order_by(stories.c.sort_at.desc(), stories.c.id.desc())
        .offset(offset)
    )
    if limit:
        query = query.limit(min(limit, MAX_NUMBER))
    with engine.connect() as connection:
        return [StoryRow(r.id, r.first_at, r.last_at, r.article_count) for r in connection.execute(query)]


def story_row(engine: Engine, story_id: int) -> StoryRow | None:
    """The story `story_id`, following merges to the story it became part of."""
    if not is_number(story_id):
        return None
    with engine.connect() as connection:
        for _hop in range(32):
            row = connection.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                return None
            if row.merged_into is None:
                return StoryRow(row.id, row.first_at, row.last_at, row.article_count)
            story_id = row.merged_into
    return None


def cached_headline(engine: Engine, story_id: int, lang: str, article_count: int) -> str | None:
    query = select(story_headlines.c.headline).where(
        story_headlines.c.story_id == story_id,
        story_headlines.c.lang == lang,
        story_headlines.c.article_count == article_count,
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar()


def cached_headlines(engine: Engine, story_ids: Iterable[int], lang: str) -> dict[int, str]:
    """The headlines in `lang` of those stories still cached for their present size, in one
    query (a page shows up to fifty stories); the others, merged or grown, are not in it."""
    wanted = [n for n in set(story_ids) if is_number(n)]
    if not wanted:
        return {}
    query = (
        select(stories.c.id, story_headlines.c.headline)
        .join(story_headlines, story_headlines.c.story_id == stories.c.id)
        .where(stories.c.id.in_(wanted), stories.c.merged_into.is_(None), story_headlines.c.lang == lang)
        .where(story_headlines.c.article_count == stories.c.article_count)
    )
    with engine.connect() as connection:
        return {row.id: row.headline for row in connection.execute(query)}


def cache_headline(engine: Engine, story_id: int, lang: str, article_count: int, headline: str) -> None:
    with engine.begin() as connection:
        statement = dialect_insert(connection, story_headlines).values(
            story_id=story_id, lang=lang, article_count=article_count, headline=headline
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[story_headlines.c.story_id, story_headlines.c.lang],
                set_={"article_count": article_count, "headline": headline},
            )
        )


def story_members(connection: Connection, story_id: int, exclude: int, limit: int = 20) -> list[int]:
    """The numbers of the newest other articles of a story."""
    query = (
        select(articles.c.id)
        .where(articles.c.story_id == story_id, articles.c.id != exclude)
        .order_by(articles.c.id.desc())
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


def leads(connection: Connection, numbers: Collection[int], chars: int) -> list[Lead]:
    """The title and opening (`chars` long) of these articles, with their languages."""
    if not numbers:
        return []
    query = select(
        articles.c.id,
        articles.c.title,
        func.substr(articles.c.text, 1, chars).label("opening"),
        articles.c.lang,
    ).where(articles.c.id.in_(numbers))
    return [Lead(row.id, row.title, row.opening, row.lang) for row in connection.execute(query)]


def unplaced_articles(engine: Engine, limit: int = 10_000) -> list[tuple[int, datetime | None]]:
    """Articles stored but not yet in a story (a pass stopped in between), with their dates."""
    query = (
        select(articles.c.id, articles.c.published_at)
        .where(articles.c.story_id.is_(None))
        .order_by(articles.c.id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [(number, published) for number, published in connection.execute(query)]
