"""The search language, one parser for the CLI, the web's search box, the API and the feeds:
words (all must match, accents and case ignored, the last one also as a prefix), "exact
phrases", OR (or |), -word, -"phrase" and NOT, parentheses, and fields: title:, site:, source:,
lang:, author:, story:N, since:YYYY-MM-DD, until:YYYY-MM-DD (see docs/search.md).

A query is parsed into a tree, then compiled into one SQL condition on `articles`: each word or
phrase an index lookup (SQLite FTS5, PostgreSQL full-text), the operators SQL's AND, OR, NOT."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    text,
    true,
)

from veille.messages import _
from veille.store.schema import articles, sources
from veille.store.search import fold, fts_match, tsquery
from veille.store.times import day_span

FIELDS = ("title", "site", "source", "lang", "author", "story", "since", "until")
_TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<bar>\|)|(?P<minus>-)(?=\S)|"
    r'(?:(?P<field>[a-z]+):)?(?:"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>[^\s()"|]+)))',
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


class QuerySyntaxError(ValueError):
    """A search that cannot be read; the message says where, in the reader's language."""


@dataclass(frozen=True)
class Words:
    """Words that must all appear (`phrase`: in this order, next to each other)."""

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class All:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    nodes: tuple[Node, ...]


Node = Words | Field | Not | All | Any


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str
    field: str | None
    position: int


def _tokens(query: str) -> list[_Token]:
    found: list[_Token] = []
    position = 0
    while position < len(query):
        if query[position:].strip() == "":
            break
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            raise QuerySyntaxError(_("search: cannot read {text!r} at character {position}").format(
                text=query[position:position + 10].strip(), position=position + 1))  # fmt: skip
        start = position + len(query[position:]) - len(query[position:].lstrip()) + 1
        field = (match.group("field") or "").lower() or None
        if match.group("phrase") is not None:
            if not match.group("closed"):
                raise QuerySyntaxError(
                    _("search: the quote opened at character {position} is not closed").format(position=start)
                )
            found.append(_Token("phrase", match.group("phrase"), field, start))
        elif match.group("word") is not None:
            word = match.group("word")
            if field is None and word.upper() in ("OR", "NOT", "AND"):
                found.append(_Token(word.upper(), word, None, start))
            else:
                found.append(_Token("word", word, field, start))
        else:
            kind = next(name for name in ("open", "close", "bar", "minus") if match.group(name))
            found.append(_Token("OR" if kind == "bar" else kind, match.group(kind), None, start))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def either(self) -> Node:
        """One or more conjunctions separated by OR."""
        options = [self.conjunction()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "close"):  # type: ignore[union-attr]
                raise QuerySyntaxError(_("search: nothing after OR at character {position}").format(
                    position=token.position))  # fmt: skip
            options.append(self.conjunction())
        return options[0] if len(options) == 1 else Any(tuple(options))

    def conjunction(self) -> Node:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("OR", "close"):
            if token.kind == "AND":
                self.take()
                continue
            parts.append(self.unary())
        if not parts:
            position = self.peek().position if self.peek() else 0  # type: ignore[union-attr]
            raise QuerySyntaxError(
                _("search: a term is missing at character {position}").format(position=position)
            )
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def unary(self) -> Node:
        token = self.take()
        if token.kind in ("minus", "NOT"):
            if self.peek() is None or self.peek().kind in ("OR", "close"):  # type: ignore[union-attr]
                raise QuerySyntaxError(_("search: nothing to exclude after character {position}").format(
                    position=token.position))  # fmt: skip
            return Not(self.unary())
        if token.kind == "open":
            inner = self.either()
            if self.peek() is None:
                raise QuerySyntaxError(
                    _("search: the parenthesis opened at character {position} is not closed").format(
                        position=token.position
                    )
                )
            self.take()
            return inner
        if token.kind == "close":
            raise QuerySyntaxError(_unopened(token.position))
        return _leaf(token)


def _unopened(position: int) -> str:
    return _("search: a parenthesis closes at character {position} that was not opened").format(
        position=position
    )


def _leaf(token: _Token) -> Node:
    if token.field in FIELDS:
        if not token.value.strip():
            raise QuerySyntaxError(_("search: {field}: needs a value").format(field=token.field))
        if token.field in ("since", "until"):
            try:
                date.fromisoformat(token.value)
            except ValueError:
                raise QuerySyntaxError(_("search: {field}: takes a date (YYYY-MM-DD), not {value!r}").format(
                    field=token.field, value=token.value)) from None  # fmt: skip
        if token.field == "story" and not token.value.isdigit():
            raise QuerySyntaxError(
                _("search: story: takes a number, not {value!r}").format(value=token.value)
            )
        return Field(token.field, token.value)
    text = f"{token.field}:{token.value}" if token.field else token.value
    return Words(tuple(_WORD.findall(fold(text))), phrase=token.kind == "phrase")


def parse(query: str) -> Node | None:
    """The tree of `query`; None when it holds nothing to search. Raises QuerySyntaxError."""
    tokens = _tokens(query)
    if not tokens:
        return None
    parser = _Parser(tokens)
    tree = parser.either()
    if parser.peek() is not None:
        raise QuerySyntaxError(_unopened(parser.tokens[parser.at].position))
    last = tokens[-1]
    if last.kind == "word" and last.field is None and not query.rstrip().endswith(")"):
        tree = _with_prefix(tree)
    return tree


def _with_prefix(tree: Node) -> Node:
    """The last word typed is also a prefix (the search box searches as one types)."""
    match tree:
        case Words(words, False, _) if words:
            return Words(words, prefix=True)
        case All(nodes):
            return All((*nodes[:-1], _with_prefix(nodes[-1])))
        case Any(nodes):
            return Any((*nodes[:-1], _with_prefix(nodes[-1])))
    return tree


def plain_words(tree: Node | None) -> bool:
    """Whether the query is words alone (the common case, which has a faster plan)."""
    match tree:
        case Words(_, False, _):
            return True
        case All(nodes):
            return all(isinstance(node, Words) and not node.phrase for node in nodes)
    return False


def where_clause(tree: Node, dialect: str) -> ColumnElement[bool]:
    """`tree` as one SQL condition on `articles`."""
    match tree:
        case All(nodes):
            return and_(*(where_clause(node, dialect) for node in nodes))
        case Any(nodes):
            return or_(*(where_clause(node, dialect) for node in nodes))
        case Not(node):
            return not_(where_clause(node, dialect))
        case Field(name, value):
            return _field(name, value)
        case Words(words, phrase, prefix):
            return _words(words, phrase, prefix, dialect)
    raise AssertionError(tree)


def _words(words: tuple[str, ...], phrase: bool, prefix: bool, dialect: str) -> ColumnElement[bool]:
    if not words:
        return true()
    if dialect == "sqlite":
        expression = fts_match(words, prefix=prefix, phrase=phrase)
        lookup = text("SELECT rowid FROM article_search WHERE article_search MATCH :match").bindparams(
            bindparam("match", expression, unique=True)
        )
        return articles.c.id.in_(lookup)
    expression = tsquery(words, prefix=prefix, phrase=phrase)
    simple: ColumnElement[str] = literal_column(
        "'simple'"
    )  # a constant, so that the index on the expression serves
    indexed = func.to_tsvector(simple, literal_column("articles.search_text"))
    return indexed.bool_op("@@")(func.to_tsquery(simple, expression))


def _field(name: str, value: str) -> ColumnElement[bool]:
    folded = value.lower()
    match name:
        case "lang":
            return articles.c.lang == folded
        case "site":
            return (func.lower(articles.c.site) == folded) | func.lower(articles.c.site).endswith(
                "." + folded
            )
        case "title":
            return func.lower(articles.c.title).contains(folded, autoescape=True)
        case "author":
            return func.lower(articles.c.author).contains(folded, autoescape=True)
        case "story":
            return articles.c.story_id == int(value) if int(value) < 2**31 else false()
        case "source":
            chosen = select(sources.c.id).where(
                (sources.c.url == value) | (func.lower(sources.c.name) == folded)
                | ((sources.c.id == int(value)) if value.isdigit() and int(value) < 2**31 else false())
            )  # fmt: skip
            return articles.c.source_id.in_(chosen)
    since, until = day_span(date.fromisoformat(value) if name == "since" else None,
                            date.fromisoformat(value) if name == "until" else None)  # fmt: skip
    return (
        articles.c.sort_at >= since
        if since is not None
        else (articles.c.sort_at < until if until else true())
    )
