"""The search index on both engines, holding the tokens of `store.analysis` (stems tagged with
their language, pairs of Chinese characters…): SQLite's FTS5 with its `ascii` tokenizer, which
cuts at spaces and leaves every other character alone, and PostgreSQL's `tsvector`, written as
a literal so that its own parser never cuts anything. No database extension is needed.

A search is an expression of token sequences, `Match`: a sequence matches where its tokens
follow each other, a `Match` of several alternatives where one of them does."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    TextClause,
    any_,
    bindparam,
    cast,
    false,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY

from veille.store.analysis import tokens
from veille.store.schema import articles

MAX_POSITIONS = 256
"""Positions PostgreSQL keeps per token and article (a phrase is matched among these)."""


@dataclass(frozen=True)
class Phrase:
    """Tokens that follow each other (one token: a word)."""

    tokens: tuple[str, ...]
    prefix: bool = False
    """The last token is a beginning (`budap*`)."""


@dataclass(frozen=True)
class Match:
    """All of `every`, each one of its alternatives, and none of `none` (which needs `every`:
    an index finds what is in a text, not what is not)."""

    every: tuple[tuple[Phrase, ...], ...]
    none: tuple[Phrase, ...] = ()

    def fts5(self) -> str:
        found = " AND ".join(f"({' OR '.join(_fts5(s) for s in options)})" for options in self.every)
        return f"({found}) NOT ({' OR '.join(_fts5(s) for s in self.none)})" if self.none else found

    def tsquery(self) -> str:
        found = " & ".join(f"({' | '.join(_tsquery(s) for s in options)})" for options in self.every)
        return f"({found}) & !({' | '.join(_tsquery(s) for s in self.none)})" if self.none else found


def _fts5(sequence: Phrase) -> str:
    return f'"{" ".join(sequence.tokens)}"' + ("*" if sequence.prefix else "")


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(sequence: Phrase) -> str:
    lexemes = [_lexeme(token) for token in sequence.tokens]
    if sequence.prefix:
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def tsvector(found: Sequence[str]) -> str:
    """`found` as a tsvector literal, with each token's positions (1 to 16,383)."""
    positions: dict[str, list[str]] = {}
    for position, token in enumerate(found, start=1):
        kept = positions.setdefault(token, [])
        if len(kept) < MAX_POSITIONS:
            kept.append(str(position))
    return " ".join(f"{_lexeme(token)}:{','.join(at)}" for token, at in positions.items())


def index_article(
    connection: Connection,
    article_id: int,
    title: str,
    body: str,
    lang: str | None,
    found: Sequence[str] | None = None,
) -> None:
    """Indexes a new article (SQLite's index keeps no copy of what it indexes, so an article is
    indexed once, or the whole index again: `reindex`). `found`: the article's `terms`, when
    worked out already."""
    if found is None:
        found = tokens(f"{title}\n{body}", lang)
    if connection.dialect.name == "sqlite":
        connection.execute(
            text("INSERT INTO article_search (rowid, body) VALUES (:id, :body)"),
            {"id": article_id, "body": " ".join(found)},
        )
    else:
        connection.execute(
            text("UPDATE articles SET search_vector = CAST(:vector AS tsvector) WHERE id = :id"),
            {"id": article_id, "vector": tsvector(found)},
        )


CREATE_SQLITE_INDEX = "CREATE VIRTUAL TABLE {name} USING fts5(body, tokenize='ascii', content='')"


def create_index(connection: Connection) -> None:
    """The empty index (its rows are `index_article`'s). On SQLite, contentless (`content=''`):
    FTS5 would otherwise keep its own copy of every article's terms, a third of the database."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(CREATE_SQLITE_INDEX.format(name="article_search")))
    else:
        connection.execute(text("ALTER TABLE articles ADD COLUMN search_vector tsvector"))


def create_lookup(connection: Connection) -> None:
    """PostgreSQL's index of the index column, made once it is filled (faster than row by row)."""
    if connection.dialect.name != "sqlite":
        connection.execute(text("CREATE INDEX ix_articles_search ON articles USING GIN (search_vector)"))


def reindex(connection: Connection, batch: int = 500) -> int:
    """Indexes every stored article into an empty index (`create_index`'s), in batches of `batch`
    read by number; returns how many."""
    last, done = 0, 0
    while True:
        rows = connection.execute(
            text("SELECT id, title, text, lang FROM articles WHERE id > :last ORDER BY id LIMIT :batch"),
            {"last": last, "batch": batch},
        ).all()
        if not rows:
            return done
        for row in rows:
            index_article(connection, row.id, row.title, row.text, row.lang)
        last, done = rows[-1].id, done + len(rows)


@dataclass(frozen=True, slots=True)
class Plan:
    """How a search's words are read (see `plan`): `walk`, the timeline in order, each article
    checked; else `numbers`, the articles they match, all of them, counted already; neither, one
    lookup of the index inside the query."""

    walk: bool = False
    numbers: tuple[int, ...] | None = None
    probe: bool = False
    """Walking (SQLite), each article looked for in the index by its number, rather than every
    match gathered first: for matches so dense that a page is reached within a few hundred
    articles (a word in 14 % of a million articles: 15 ms against 20; two such words OR'd: 11
    against 46)."""


PROBE_COST = 300
"""What looking one article up in SQLite's index costs, in matches gathered (measured: 40 µs
against 0.13 µs). Walking reads about page / share articles, each probed; gathering costs every
match (share × articles): probing is cheaper once share² × articles > PROBE_COST × page."""

LOOKUP = Plan()
"""The plan of a search inside a larger condition, or without a page: one lookup of the index."""


def matching(match: Match, dialect: str, plan: Plan = LOOKUP) -> ColumnElement[bool]:
    """The condition on `articles` that they match, read as `plan` says."""
    if plan.numbers is not None:
        return articles.c.id.in_(plan.numbers) if plan.numbers else false()
    if dialect == "sqlite" and plan.probe:
        probed = text(
            "EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH :match "
            "AND article_search.rowid = articles.id)"
        )
        return probed.bindparams(bindparam("match", match.fts5(), unique=True))  # type: ignore[return-value]
    if dialect == "sqlite":
        lookup = text("SELECT rowid FROM article_search WHERE article_search MATCH :match").bindparams(
            bindparam("match", match.fts5(), unique=True)
        )
        checked = articles.c.id + 0 if plan.walk else articles.c.id  # + 0: not an index to look up
        return checked.in_(lookup)
    matched = literal_column("articles.search_vector").bool_op("@@")(pg_query(match))
    if plan.walk:
        return matched
    # The matches gathered into one array first, then read by number: the planner cannot tell
    # how many articles a word's 36 language forms match (it guessed 16,000 for a word in 15,
    # and read the whole table to join them), and an array it does not have to guess.
    found: Select[Any] = (
        select(func.array_agg(literal_column("id"))).select_from(text("articles")).where(matched)
    )
    return articles.c.id == any_(cast(found.scalar_subquery(), ARRAY(Integer)))


def pg_query(match: Match) -> ColumnElement[object]:
    """The tsquery of `match`, cast from its literal (which PostgreSQL's parser does not cut)."""
    return cast(bindparam("tsquery", match.tsquery(), unique=True), TSQUERY)


def plan(connection: Connection, match: Match | None, page: int | None) -> Plan:
    """How to read a search's words for a page of `page` articles. When they match so many
    articles that reading the timeline in order, keeping the matches, fills a page sooner than
    looking every match up and sorting them all (matches² > page × articles: the walk reads
    about page × articles / matches rows), walk; else the numbers of their matches, read from
    the index up to the number that decides, and the page is those articles. Neither planner can
    tell from its statistics how many articles a word's forms match (a common word on SQLite:
    165 ms a page at 100,000 articles looked up, 11 ms walked; a rare one on PostgreSQL: 370 ms
    walked). Without words or without a page (every match), nothing to decide."""
    if match is None or not page:
        return LOOKUP
    articles_ = int(connection.execute(text("SELECT coalesce(max(id), 0) FROM articles")).scalar_one())
    enough = math.isqrt(page * articles_) + 1
    if connection.dialect.name == "sqlite":
        lookup = text("SELECT rowid FROM article_search WHERE article_search MATCH :match LIMIT :enough")
        values: dict[str, object] = {"match": match.fts5(), "enough": enough}
        numbers = tuple(connection.execute(lookup, values).scalars())
    else:
        if (share := _common_share(connection, match)) is not None and share * articles_ >= enough:
            return Plan(walk=True)
        if _phrased(match) and _fills_among_newest(connection, match, page, enough):
            return Plan(walk=True)
        lookup, values = _pg_lookup(match, enough)
        # The planner prices a tsvector's test as any other and so prefers reading the table to
        # the GIN index for a common word; but each row read is a tsvector unpacked (400 ms for
        # a word in 28 % of 100,000 articles), where the index gives the numbers without them.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        numbers = tuple(connection.execute(lookup, values).scalars())
        connection.execute(text("SET LOCAL enable_seqscan = on"))
    if len(numbers) < enough:
        return Plan(numbers=numbers)
    # SQLite gives the matches by number, oldest first: the share of the oldest articles that match.
    share = len(numbers) / max(numbers[-1], 1) if connection.dialect.name == "sqlite" else 0.0
    return Plan(walk=True, probe=share * share * articles_ > PROBE_COST * page)


COMMON_WORDS_SECONDS = 600.0
"""How long the common words of PostgreSQL's statistics are kept before they are read again."""
_common: dict[str, tuple[float, dict[str, float]]] = {}


def _common_words(connection: Connection) -> dict[str, float]:
    """The most common tokens of the index and the share of articles holding each, as ANALYZE
    (or autovacuum) last counted them: a thousand or so, read once in a while."""
    key = f"{connection.engine.url}"
    kept = _common.get(key)
    if kept is not None and time.monotonic() - kept[0] < COMMON_WORDS_SECONDS:
        return kept[1]
    row = connection.execute(
        text(
            "SELECT most_common_elems::text::text[] AS tokens, most_common_elem_freqs AS shares"
            " FROM pg_stats WHERE tablename = 'articles' AND attname = 'search_vector'"
            " AND schemaname = current_schema()"
        )
    ).first()
    found = dict(zip(row.tokens, row.shares, strict=False)) if row is not None and row.tokens else {}
    _common[key] = (time.monotonic(), found)
    return found


def _common_share(connection: Connection, match: Match) -> float | None:
    """At most the share of articles `match` finds, when its words are among the common ones
    (a word's forms, an OR: their shares added; several words: the smallest); None when that
    cannot tell: no statistics, a rare word (which the index looks up fast), a phrase, a
    beginning, an exclusion (which the index answers, and a walk might read the whole archive
    for: a phrase or an exclusion of common words can match nothing)."""
    if match.none or any(len(p.tokens) > 1 or p.prefix for group in match.every for p in group):
        return None
    common = _common_words(connection)
    shares = [sum(common.get(p.tokens[0], 0.0) for p in group) for group in match.every]
    return min(shares) if shares and min(shares) > 0 else None


def _phrased(match: Match) -> bool:
    return any(len(p.tokens) > 1 for group in match.every for p in group)


def _fills_among_newest(connection: Connection, match: Match, page: int, enough: int) -> bool:
    """Whether the `enough` newest articles hold a page of `match`'s: then a walk is as short. A
    phrase's words may be common and the phrase rare, which no statistics tell, and the index
    finds its words' articles, then reads each one's tsvector to find the phrase."""
    probe = text(
        "SELECT count(*) FROM (SELECT 1 FROM (SELECT search_vector FROM articles"
        " ORDER BY sort_at DESC, id DESC LIMIT :enough) AS newest"
        " WHERE search_vector @@ CAST(:found AS tsquery) LIMIT :page) AS hits"
    )
    values = {"enough": enough, "found": match.tsquery(), "page": page}
    return int(connection.execute(probe, values).scalar_one()) >= page


def _pg_lookup(match: Match, enough: int) -> tuple[TextClause, dict[str, object]]:
    """Up to `enough` numbers of what `match` finds, from the GIN index (which answers words,
    ORs and exclusions without reading a tsvector). A materialised CTE is planned for all its
    rows, so the LIMIT cannot turn the lookup into a walk of the table."""
    lookup = "SELECT id FROM articles WHERE search_vector @@ CAST(:found AS tsquery)"
    return (
        text(f"WITH found AS MATERIALIZED ({lookup}) SELECT id FROM found LIMIT :enough"),
        {"found": match.tsquery(), "enough": enough},
    )
