"""The search index on both engines, holding the tokens of `store.analysis` (stems tagged with
their language, pairs of Chinese characters…): SQLite's FTS5 with its `ascii` tokenizer, which
cuts at spaces and leaves every other character alone, and PostgreSQL's `tsvector`, written as
a literal so that its own parser never cuts anything. No database extension is needed.

A search is an expression of token sequences, `Match`: a sequence matches where its tokens
follow each other, a `Match` of several alternatives where one of them does."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Select, bindparam, cast, literal_column, select, text
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
    """The condition on `articles` that they match: the matches looked up by the index, then
    sorted; or, with `walk`, the timeline read in order and each article checked (see
    `matches_many`)."""
    if dialect == "sqlite":
        lookup = text("SELECT rowid FROM article_search WHERE article_search MATCH :match").bindparams(
            bindparam("match", match.fts5(), unique=True)
        )
        checked = articles.c.id + 0 if walk else articles.c.id  # + 0: not an index to look up
        return checked.in_(lookup)
    matched = literal_column("articles.search_vector").bool_op("@@")(pg_query(match))
    if walk:
        return matched
    # OFFSET 0 keeps the planner from folding the lookup into a walk of the timeline, which it
    # would choose for a rare word: its statistics cannot tell a word's 36 language forms apart.
    found: Select[tuple[object]] = (
        select(literal_column("id")).select_from(text("articles")).where(matched).offset(0)
    )
    return articles.c.id.in_(found)


def pg_query(match: Match) -> ColumnElement[object]:
    """The tsquery of `match`, cast from its literal (which PostgreSQL's parser does not cut)."""
    return cast(bindparam("tsquery", match.tsquery(), unique=True), TSQUERY)


def matches_many(connection: Connection, match: Match | None, page: int | None) -> bool:
    """Whether a search matches so many articles that reading the timeline in order, keeping the
    matches, fills a page sooner than looking every match up and sorting them all: when
    matches² > page × articles (the walk reads about page × articles / matches rows). Neither
    planner can tell from its statistics how many articles a word's forms match (a common word
    on SQLite: 165 ms a page at 100,000 articles looked up, 11 ms walked; a rare one on
    PostgreSQL: 370 ms walked), so they are counted, up to the number that decides. Without
    words or without a page (`page` None or 0: every match), nothing to decide: False."""
    if match is None or not page:
        return False
    articles_ = int(connection.execute(text("SELECT coalesce(max(id), 0) FROM articles")).scalar_one())
    enough = math.isqrt(page * articles_) + 1
    if connection.dialect.name == "sqlite":
        lookup, expression = "SELECT 1 FROM article_search WHERE article_search MATCH :match", match.fts5()
    else:
        lookup, expression = (
            "SELECT 1 FROM articles WHERE search_vector @@ CAST(:match AS tsquery)",
            match.tsquery(),
        )
    counted = text(f"SELECT count(*) FROM ({lookup} LIMIT :enough) AS found")
    matches = int(connection.execute(counted, {"match": expression, "enough": enough}).scalar_one())
    return matches >= enough
