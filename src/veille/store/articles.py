"""Stored articles: saving one (once, whatever address it comes by) and reading them back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Float,
    Integer,
    Row,
    Select,
    func,
    literal_column,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import IntegrityError

from veille.messages import _
from veille.store.query import Search, listed_by, prepare
from veille.store.schema import (
    MAX_NUMBER,
    article_sources,
    article_tags,
    article_urls,
    articles,
    is_number,
    sources,
)
from veille.store.search import LOOKUP, Plan, index_article, pg_query, plan
from veille.store.times import from_db, to_db, utcnow
from veille.store.upsert import insert_ignoring_duplicates
from veille.types import Article, NewArticle


class UnknownArticle(LookupError):
    """No stored article has that number."""


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    lang: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Excluded: the articles sorted before it (a filter by days: `store.times.day_span`)."""
    limit: int | None = None
    story: int | None = None
    originals_only: bool = True
    """Reprints are shown once, as their original's "also on" sites."""
    query: str | None = None
    unread: bool = False
    starred: bool = False
    before: tuple[datetime, int] | None = None
    """Keyset paging: only articles after this (sort time, number) in the newest-first order."""
    after_id: int | None = None
    relevance: bool = False
    """The search's best matches first (BM25 on SQLite, ts_rank_cd on PostgreSQL), paged by `offset`."""
    offset: int = 0
    hidden: bool = False
    """With the articles a watch's rule hid (which the timeline, searches and feeds leave out)."""


def known_urls(engine: Engine, urls: Iterable[str]) -> dict[str, int]:
    """Which of `urls` are addresses of stored articles, and of which."""
    wanted = list(dict.fromkeys(urls))
    found: dict[str, int] = {}
    with engine.connect() as connection:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(article_urls.c.url, article_urls.c.article_id).where(article_urls.c.url.in_(chunk))
            found.update({row.url: row.article_id for row in connection.execute(query)})
    return found


def link_article(connection: Connection, article_id: int, urls: Iterable[str], source_id: int | None) -> None:
    """Records more addresses of an article, and a source that lists it."""
    insert_ignoring_duplicates(
        connection, article_urls, [{"url": u, "article_id": article_id} for u in set(urls)]
    )
    if source_id is not None:
        insert_ignoring_duplicates(
            connection, article_sources, [{"article_id": article_id, "source_id": source_id}]
        )


def save_article(engine: Engine, article: NewArticle, source_id: int | None) -> tuple[int, bool]:
    """Stores `article` in one transaction, unless one of its addresses is known already.

    Returns its number and whether it is new."""
    addresses = {article.url, *article.aliases}
    for _attempt in range(2):
        existing = known_urls(engine, addresses)
        try:
            with engine.begin() as connection:
                if existing:
                    article_id = next(iter(existing.values()))
                    link_article(connection, article_id, addresses, source_id)
                    return article_id, False
                published_at, offset = to_db(article.published)
                fetched_at = utcnow()
                sort_at = min(published_at, fetched_at) if published_at else fetched_at
                article_id = connection.execute(
                    articles.insert()
                    .values(
                        url=article.url,
                        site=article.site,
                        source_id=source_id,
                        title=article.title,
                        author=article.author,
                        published_at=published_at,
                        published_offset=offset,
                        lang=article.lang,
                        reading_minutes=article.reading_minutes,
                        word_count=article.word_count,
                        text=article.text,
                        description=article.description,
                        image=article.image,
                        from_feed=article.from_feed,
                        original_publication=article.original,
                        fetched_at=fetched_at,
                        sort_at=sort_at,
                    )
                    .returning(articles.c.id)
                ).scalar_one()
                link_article(connection, article_id, addresses, source_id)
                index_article(
                    connection, article_id, article.title, article.text, article.lang, article.terms
                )
                return article_id, True
        except IntegrityError:
            continue  # another writer stored it in between: link to theirs
    raise RuntimeError(f"could not store {article.url}")


def _article(row: Row[tuple[object, ...]]) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        url=m["url"],
        site=m["site"],
        source=m["source_name"],
        title=m["title"],
        headline=m["title"],
        author=m["author"],
        published=from_db(m["published_at"], m["published_offset"]),
        lang=m["lang"],
        reading_minutes=m["reading_minutes"],
        word_count=m["word_count"],
        text=m["text"],
        description=m["description"],
        image=m["image"],
        from_feed=bool(m["from_feed"]),
        fetched_at=m["fetched_at"],
        original=m["original_publication"],
        story=m["story_id"],
        reprint_of=m["reprint_of"],
        sort_at=m["sort_at"],
        read=m["read_at"] is not None,
        starred=m["starred_at"] is not None,
        hidden=m["hidden_at"] is not None,
    )


def _select() -> Select[tuple[object, ...]]:
    return select(articles, sources.c.name.label("source_name")).outerjoin(
        sources, sources.c.id == articles.c.source_id
    )


def get_article(engine: Engine, number: int) -> Article:
    row = None
    if is_number(number):
        with engine.connect() as connection:
            row = connection.execute(_select().where(articles.c.id == number)).first()
    if row is None:
        raise UnknownArticle(_("no article #{number}").format(number=number))
    article = with_reprints(engine, [_article(row)])[0]
    with engine.connect() as connection:
        query = select(article_tags.c.tag).where(article_tags.c.article_id == article.id)
        tags = tuple(connection.execute(query.order_by(article_tags.c.tag)).scalars())
    return replace(article, tags=tags)


def _narrowed(
    query: Select[Any], dialect: str, wanted: ArticleFilter, search: Search | None, read: Plan = LOOKUP
) -> Select[Any] | None:
    """`query` narrowed to the articles `wanted` asks for, `search` its prepared search (None when
    nothing can match: a search without any word), its words read as `read` says (the timeline
    walked, the numbers of their matches, or a lookup: `search.plan`)."""
    if wanted.query and search is None:
        return None
    if wanted.lang:
        query = query.where(articles.c.lang == wanted.lang.lower())
    if wanted.source:
        query = query.where(listed_by(wanted.source))
    if wanted.story is not None:
        query = query.where(articles.c.story_id == wanted.story)
    if wanted.originals_only:
        query = query.where(articles.c.reprint_of.is_(None))
    if not wanted.hidden:
        query = query.where(articles.c.hidden_at.is_(None))
    if wanted.since:
        query = query.where(articles.c.sort_at >= wanted.since)
    if wanted.until:
        query = query.where(articles.c.sort_at < wanted.until)
    if wanted.unread:
        query = query.where(articles.c.read_at.is_(None))
    if wanted.starred:
        query = query.where(articles.c.starred_at.is_not(None))
    if wanted.after_id is not None:
        query = query.where(articles.c.id > wanted.after_id)
    if wanted.before is not None:
        moment, number = wanted.before
        # A row comparison, which both engines turn into a range of the (sort_at, id) index;
        # spelt out as `a < m OR (a = m AND id < n)`, PostgreSQL filtered row by row.
        query = query.where(tuple_(articles.c.sort_at, articles.c.id) < tuple_(moment, number))
    if search is not None:
        query = query.where(search.condition(dialect, read))
    return query


def _by_relevance(query: Select[Any], dialect: str, search: Search) -> Select[Any]:
    """`query` sorted by how well each article matches `search`'s words, then newest first."""
    ranking = search.ranking()
    newest = (articles.c.sort_at.desc(), articles.c.id.desc())
    if ranking is None:
        return query.order_by(*newest)
    if dialect == "sqlite":
        ranked = (
            text("SELECT rowid AS id, rank AS score FROM article_search WHERE article_search MATCH :ranking")
            .bindparams(ranking=ranking.fts5())
            .columns(id=Integer, score=Float)
            .subquery("ranked")
        )
        return query.join(ranked, ranked.c.id == articles.c.id).order_by(ranked.c.score, *newest)
    score = func.ts_rank_cd(literal_column("articles.search_vector"), pg_query(ranking))
    return query.order_by(score.desc(), *newest)


def query_articles(engine: Engine, wanted: ArticleFilter) -> Iterator[Article]:
    """Articles newest first (by publication, else fetch time), or a search's best matches first;
    filtered, paged."""
    with engine.connect() as connection:
        search = prepare(connection, wanted.query)
        relevance = wanted.relevance and search is not None
        read = (
            Plan() if relevance else plan(connection, search.text_match() if search else None, wanted.limit)
        )
        query = _narrowed(_select(), engine.dialect.name, wanted, search, read)
        if query is None:
            return iter(())
        if relevance:
            query = _by_relevance(query, engine.dialect.name, search).offset(min(wanted.offset, MAX_NUMBER))  # type: ignore[arg-type]
        else:
            query = query.order_by(articles.c.sort_at.desc(), articles.c.id.desc())
        if wanted.limit:
            query = query.limit(min(wanted.limit, MAX_NUMBER))
        rows = connection.execute(query).all()
    return iter(with_reprints(engine, [_article(row) for row in rows]))


def searched_also(engine: Engine, query: str | None) -> list[str]:
    """The other spellings of names a search looks for too ("aussi : Putin, Путин")."""
    with engine.connect() as connection:
        search = prepare(connection, query)
    return search.also() if search is not None else []


def story_numbers(engine: Engine, wanted: ArticleFilter, limit: int, offset: int = 0) -> list[int]:
    """The stories of the articles `wanted` asks for, the one with the newest such article first."""
    newest = func.max(articles.c.sort_at)
    with engine.connect() as connection:
        query = _narrowed(
            select(articles.c.story_id), engine.dialect.name, wanted, prepare(connection, wanted.query)
        )
        if query is None:
            return []
        query = (
            query.where(articles.c.story_id.is_not(None))
            .group_by(articles.c.story_id)
            .order_by(newest.desc(), articles.c.story_id.desc())
            .limit(limit)
            .offset(offset)
        )
        return list(connection.execute(query).scalars())


def mark(engine: Engine, number: int, *, read: bool | None = None, starred: bool | None = None) -> None:
    """Marks an article read or unread, starred or not."""
    values: dict[str, datetime | None] = {}
    if read is not None:
        values["read_at"] = utcnow() if read else None
    if starred is not None:
        values["starred_at"] = utcnow() if starred else None
    if not values:
        return
    if not is_number(number):
        raise UnknownArticle(_("no article #{number}").format(number=number))
    with engine.begin() as connection:
        done = connection.execute(update(articles).where(articles.c.id == number).values(**values))
    if done.rowcount == 0:
        raise UnknownArticle(_("no article #{number}").format(number=number))


def latest_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.coalesce(func.max(articles.c.id), 0))).scalar_one())


def with_reprints(engine: Engine, found: list[Article]) -> list[Article]:
    """The articles, each with the sites that reprinted it."""
    if not found:
        return found
    reprinted: dict[int, list[str]] = {}
    query = select(articles.c.reprint_of, articles.c.site).where(
        articles.c.reprint_of.is_not(None), articles.c.reprint_of.in_([a.id for a in found])
    )  # the first condition lets the planner use ix_articles_copies, the index of copies alone
    with engine.connect() as connection:
        for row in connection.execute(query.order_by(articles.c.id)):
            reprinted.setdefault(row.reprint_of, []).append(row.site)
    return [
        replace(a, also_on=tuple(dict.fromkeys(reprinted[a.id]))) if a.id in reprinted else a for a in found
    ]
