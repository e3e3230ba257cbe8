"""The search language, one parser for the CLI, the web's search box, the API and the feeds:
words (all must match, in any of their forms: accents, case and inflections ignored), `budap*`
as a beginning, "exact phrases", OR (or |), -word, -"phrase" and NOT, parentheses, and fields:
title:, site:, source:, lang:, author:, story:N, since:YYYY-MM-DD, until:YYYY-MM-DD (see
docs/search.md). A single word outside quotes is also searched in the other spellings veille
knows of that name (`Search.variants`, from `store.names`).

A query is parsed into a tree, then compiled into one SQL condition on `articles`: words, phrases
and ORs one lookup of the index (SQLite FTS5, PostgreSQL full-text), the rest SQL's AND, OR, NOT."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    false,
    func,
    not_,
    or_,
    select,
    text,
    true,
)

from veille.messages import _
from veille.store import analysis
from veille.store.names import Variants, variants
from veille.store.schema import article_sources, articles, sources
from veille.store.search import LOOKUP, Match, Phrase, Plan, matching
from veille.store.times import day_span

FIELDS = ("title", "site", "source", "lang", "author", "story", "since", "until")
_TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<bar>\|)|(?P<minus>-)(?=\S)|"
    r'(?:(?P<field>[a-z]+):)?(?:"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>[^\s()"|]+)))',
    re.IGNORECASE,
)


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
    prefix = token.kind == "word" and text.endswith("*")
    found = tuple(analysis.words(text))
    lone_character = len(found) == 1 and len(found[0]) == 1 and analysis.is_unspaced(found[0])
    return Words(found, phrase=token.kind == "phrase", prefix=prefix or lone_character)


def spelled_as_typed(query: str) -> str:
    """`query` with each single word quoted, which searches that spelling alone ("Poutine")."""
    quoted = query
    for token in reversed(_tokens(query)):
        if token.kind == "word" and token.field is None and not token.value.endswith("*"):
            start = token.position - 1
            quoted = f'{quoted[:start]}"{token.value}"{quoted[start + len(token.value) :]}'
    return quoted


def parse(query: str) -> Node | None:
    """The tree of `query`; None when it holds nothing to search. Raises QuerySyntaxError."""
    tokens = _tokens(query)
    if not tokens:
        return None
    parser = _Parser(tokens)
    tree = parser.either()
    if parser.peek() is not None:
        raise QuerySyntaxError(_unopened(parser.tokens[parser.at].position))
    return tree


def searched_names(tree: Node | None) -> set[str]:
    """The words whose other spellings are searched too: single words, outside quotes."""
    match tree:
        case Words(words, False, False):
            return {word for word in words if not analysis.is_unspaced(word)}
        case All(nodes) | Any(nodes):
            return set().union(*(searched_names(node) for node in nodes))
        case Not(node):
            return searched_names(node)
    return set()


@dataclass(frozen=True)
class Search:
    """A parsed search, with the other spellings of the names it holds (`variants`)."""

    tree: Node
    variants: Variants = field(default_factory=dict)
    languages: frozenset[str | None] | None = None
    """The article languages a word is looked for in (None, those without a stemmer); None:
    every language."""

    def condition(self, dialect: str, plan: Plan = LOOKUP) -> ColumnElement[bool]:
        """The search as one SQL condition on `articles` (`plan`: see `search.plan`): its words,
        phrases, ORs and exclusions one lookup of the index, and its fields."""
        looked_up, rest = self._split()
        conditions = [self._condition(node, dialect) for node in rest]
        if looked_up is not None:
            conditions.insert(0, matching(looked_up, dialect, plan))
        return and_(*conditions) if conditions else true()

    def _split(self) -> tuple[Match | None, list[Node]]:
        """What of the search one lookup of the index answers, and the rest."""
        parts = self.tree.nodes if isinstance(self.tree, All) else (self.tree,)
        every: list[tuple[Phrase, ...]] = []
        none: list[Phrase] = []
        rest: list[Node] = []
        for node in parts:
            if (match := self._match(node)) is not None:
                every.extend(match.every)
            elif isinstance(node, Not) and (excluded := self._match(node.node)) and len(excluded.every) == 1:
                none.extend(excluded.every[0])
            else:
                rest.append(node)
        if not every:
            return None, list(parts)
        return Match(tuple(every), tuple(none)), rest

    def _condition(self, node: Node, dialect: str) -> ColumnElement[bool]:
        if (match := self._match(node)) is not None:
            return matching(match, dialect)
        match node:
            case All(nodes):
                return and_(*(self._condition(child, dialect) for child in nodes))
            case Any(nodes):
                return or_(*(self._condition(child, dialect) for child in nodes))
            case Not(child):
                return not_(self._condition(child, dialect))
            case Field(name, value):
                return _field(name, value)
            case Words():
                return true()  # no word in it (punctuation alone): nothing to narrow
        raise AssertionError(node)

    def text_match(self) -> Match | None:
        """What of the search one lookup of the index answers (its words, phrases, ORs and
        exclusions), when there is such a part."""
        return self._split()[0]

    def ranking(self) -> Match | None:
        """What relevance is measured by: every word and phrase not excluded, any of them."""
        options = tuple(option for group in self._positive(self.tree) for option in group)
        return Match((options,)) if options else None

    def also(self) -> list[str]:
        """The other spellings searched, as shown ("aussi : Putin, Путин")."""
        return list(dict.fromkeys(s.shown for word in sorted(self.variants) for s in self.variants[word]))

    def _positive(self, node: Node) -> list[tuple[Phrase, ...]]:
        match node:
            case Words():
                return list(self.groups(node))
            case All(nodes) | Any(nodes):
                return [group for child in nodes for group in self._positive(child)]
        return []

    def groups(self, node: Words) -> tuple[tuple[Phrase, ...], ...]:
        """What `node` is looked for as: a group of alternatives for each of its words (for a
        phrase, one group), every group needed."""
        if node.phrase:
            forms = analysis.forms(node.words, prefix=node.prefix, languages=self.languages)
            return (tuple(Phrase(f, node.prefix) for f in forms),)
        groups = []
        for index, word in enumerate(node.words):
            prefix = node.prefix and index == len(node.words) - 1
            options = [
                Phrase(f, prefix) for f in analysis.forms((word,), prefix=prefix, languages=self.languages)
            ]
            for spelling in () if prefix else self.variants.get(word, ()):
                found = tuple(analysis.words(spelling.folded))
                options.extend(Phrase(f) for f in analysis.forms(found, languages=spelling.langs))
            groups.append(tuple(dict.fromkeys(options)))
        return tuple(groups)

    def _match(self, node: Node) -> Match | None:
        match node:
            case Words(found) if found:
                return Match(self.groups(node))
            case All(nodes):
                parts = [self._match(child) for child in nodes]
                if all(part is not None for part in parts):
                    return Match(tuple(group for part in parts for group in part.every))  # type: ignore[union-attr]
            case Any(nodes):
                parts = [self._match(child) for child in nodes]
                if all(part is not None and len(part.every) == 1 for part in parts):
                    return Match((tuple(option for part in parts for option in part.every[0]),))  # type: ignore[union-attr]
        return None


def prepare(connection: Connection, query: str | None, *, every_language: bool = False) -> Search | None:
    """`query` parsed, with the other spellings of its names; None when it holds nothing to search.
    Its words are looked for in the forms of the languages stored (a word has a form in each of
    36 languages: looking up only the eight an archive holds is four times less work for the
    index), or with `every_language` in all of them (for articles yet to come)."""
    tree = parse(query or "")
    if tree is None:
        return None
    languages = None if every_language else frozenset({*stored_languages(connection), None})
    return Search(tree, variants(connection, searched_names(tree)), languages)


def stored_languages(connection: Connection) -> set[str]:
    """The languages of the stored articles, read from the index of languages a language at a
    time (a loose index scan: as many look-ups as languages, however many articles)."""
    skip = text(
        "WITH RECURSIVE seen(lang) AS (SELECT min(lang) FROM articles UNION ALL"
        " SELECT (SELECT min(lang) FROM articles WHERE lang > seen.lang) FROM seen"
        " WHERE seen.lang IS NOT NULL) SELECT lang FROM seen WHERE lang IS NOT NULL"
    )
    return set(connection.execute(skip).scalars())


def listed_by(key: str) -> ColumnElement[bool]:
    """Articles that a source lists (any of the sources that reached them, not only the first),
    the source named by its number, its name (case ignored) or its address."""
    chosen = (sources.c.url == key) | (func.lower(sources.c.name) == key.lower())
    if key.isdigit() and int(key) < 2**31:
        chosen = chosen | (sources.c.id == int(key))
    listing = select(article_sources.c.article_id).join(sources, sources.c.id == article_sources.c.source_id)
    return articles.c.id.in_(listing.where(chosen))


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
            return listed_by(value)
    since, until = day_span(date.fromisoformat(value) if name == "since" else None,
                            date.fromisoformat(value) if name == "until" else None)  # fmt: skip
    return (
        articles.c.sort_at >= since
        if since is not None
        else (articles.c.sort_at < until if until else true())
    )
