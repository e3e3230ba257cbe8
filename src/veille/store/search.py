"""The search index on both engines, holding the tokens of `store.analysis` (stems tagged with
their language, pairs of Chinese characters…): SQLite's FTS5 with its `ascii` tokenizer, which
cuts at spaces and leaves every other character alone, and PostgreSQL's `tsvector`, written as
a literal so that its own parser never cuts anything. No database extension is needed.

A search is an expression of token sequences, `Match`: a sequence matches where its tokens
follow each other, a `Match` of several alternatives where one of them does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, bindparam, cast, literal_column, text
from sqlalchemy.dialects.postgresql import TSQUERY

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
    """All of `every`, each one of its alternatives."""

    every: tuple[tuple[Phrase, ...], ...]

    def fts5(self) -> str:
        return " AND ".join(f"({' OR '.join(_fts5(s) for s in options)})" for options in self.every)

    def tsquery(self) -> str:
        return " & ".join(f"({' | '.join(_tsquery(s) for s in options)})" for options in self.every)


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


def index_article(connection: Connection, article_id: int, title: str, body: str, lang: str | None) -> None:
    found = tokens(f"{title}\n{body}", lang)
    if connection.dialect.name == "sqlite":
        connection.execute(
            text("INSERT OR REPLACE INTO article_search (rowid, body) VALUES (:id, :body)"),
            {"id": article_id, "body": " ".join(found)},
        )
    else:
        connection.execute(
            text("UPDATE articles SET search_vector = CAST(:vector AS tsvector) WHERE id = :id"),
            {"id": article_id, "vector": tsvector(found)},
        )


def create_index(connection: Connection) -> None:
    """The empty index (its rows are `index_article`'s)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize='ascii')"))
    else:
        connection.execute(text("ALTER TABLE articles ADD COLUMN search_vector tsvector"))


def create_lookup(connection: Connection) -> None:
    """PostgreSQL's index of the index column, made once it is filled (faster than row by row)."""
    if connection.dialect.name != "sqlite":
        connection.execute(text("CREATE INDEX ix_articles_search ON articles USING GIN (search_vector)"))


def reindex(connection: Connection, batch: int = 500) -> int:
    """Indexes every stored article again, in batches of `batch` read by number; returns how many."""
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


def matching(match: Match, dialect: str, *, walk: bool = False) -> ColumnElement[bool]:
    """The condition on `articles` that they match. With `walk` (SQLite), the articles are
    not looked up by their numbers but each checked against the matches (see `matches_many`)."""
    if dialect == "sqlite":
        lookup = text("SELECT rowid FROM article_search WHERE article_search MATCH :match").bindparams(
            bindparam("match", match.fts5(), unique=True)
        )
        checked = articles.c.id + 0 if walk else articles.c.id  # + 0: not an index to look up
        return checked.in_(lookup)
    return literal_column("articles.search_vector").bool_op("@@")(pg_query(match))


def pg_query(match: Match) -> ColumnElement[object]:
    """The tsquery of `match`, cast from its literal (which PostgreSQL's parser does not cut)."""
    return cast(bindparam("tsquery", match.tsquery(), unique=True), TSQUERY)


def matches_many(connection: Connection, match: Match | None, page: int | None) -> bool:
    """Whether a search matches so many articles that reading the timeline in order, keeping the
    matches, fills a page sooner than looking every match up and sorting them all: when
    matches² > page × articles (the walk reads about page × articles / matches rows). SQLite's
    planner cannot tell from its statistics how many articles a word matches (a common word:
    165 ms a page at 100,000 articles looked up, 11 ms walked); PostgreSQL's can. Without words
    or without a page (`page` None or 0: every match), nothing to decide: False."""
    if connection.dialect.name != "sqlite" or match is None or not page:
        return False
    matches = connection.execute(
        text("SELECT count(*) FROM article_search WHERE article_search MATCH :match"), {"match": match.fts5()}
    ).scalar_one()
    articles_ = connection.execute(text("SELECT coalesce(max(id), 0) FROM articles")).scalar_one()
    return int(matches) ** 2 > page * int(articles_)
