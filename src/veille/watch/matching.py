"""Which watches an arriving article matches: a percolator. Each watch's search is compiled
once, and indexed by tokens an article must hold for it to match; an article is cut into
tokens once (as the search index cuts it, `store.analysis`) and checked only against the
watches its tokens name, so the cost of an article grows with the watches it may match, not
with the archive nor with every watch.

A compiled watch means what the database search means (a test runs both on every operator and
field): the same word forms, phrases, other spellings of names, and fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection

from veille.store import analysis
from veille.store.query import All, Any, Field, Node, Not, Search, Words, prepare
from veille.store.search import Phrase
from veille.store.times import day_span
from veille.types import Watch


@dataclass(frozen=True, slots=True)
class Arrival:
    """An article as the watches read it."""

    id: int
    title: str
    text: str
    lang: str | None
    site: str
    author: str | None
    story: int | None
    sort_at: datetime | None
    sources: tuple[tuple[int, str, str], ...] = ()
    """The sources that list it: number, name, address."""


@dataclass(slots=True)
class _Read:
    """An arrival cut into tokens, once for every watch."""

    arrival: Arrival
    tokens: list[str]
    at: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, token in enumerate(self.tokens):
            self.at.setdefault(token, []).append(position)

    def holds(self, phrase: Phrase) -> bool:
        first, *rest = phrase.tokens
        if not rest and phrase.prefix:
            return any(token.startswith(first) for token in self.at)
        starts = self.at.get(first)
        if not starts:
            return False
        for start in starts:
            if all(self._at(start + offset, token, phrase.prefix and offset == len(rest))
                   for offset, token in enumerate(rest, start=1)):  # fmt: skip
                return True
        return False

    def _at(self, position: int, token: str, prefix: bool) -> bool:
        if position >= len(self.tokens):
            return False
        return self.tokens[position].startswith(token) if prefix else self.tokens[position] == token


class Compiled:
    """One watch's search, ready to check articles against."""

    def __init__(self, watch: Watch, search: Search) -> None:
        self.watch = watch
        self.search = search
        self._groups: dict[Words, tuple[tuple[Phrase, ...], ...]] = {}
        self.needs = self._needs(search.tree)
        """Tokens one of which an article must hold to match; None when no token tells."""

    def _words(self, node: Words) -> tuple[tuple[Phrase, ...], ...]:
        if node not in self._groups:
            self._groups[node] = self.search.groups(node)
        return self._groups[node]

    def _needs(self, node: Node) -> frozenset[str] | None:
        match node:
            case Words(words) if words:
                told = [self._group_needs(group) for group in self._words(node)]
                return min((t for t in told if t is not None), key=len, default=None)
            case All(nodes):
                told = [self._needs(child) for child in nodes]
                return min((t for t in told if t is not None), key=len, default=None)
            case Any(nodes):
                told = [self._needs(child) for child in nodes]
                if any(t is None for t in told):
                    return None
                return frozenset().union(*told)  # type: ignore[arg-type]
        return None

    @staticmethod
    def _group_needs(group: tuple[Phrase, ...]) -> frozenset[str] | None:
        if any(phrase.prefix and len(phrase.tokens) == 1 for phrase in group):
            return None
        return frozenset(phrase.tokens[0] for phrase in group)

    def matches(self, read: _Read) -> bool:
        return self._holds(self.search.tree, read)

    def _holds(self, node: Node, read: _Read) -> bool:
        match node:
            case Words(words):
                return not words or all(
                    any(read.holds(phrase) for phrase in group) for group in self._words(node)
                )
            case All(nodes):
                return all(self._holds(child, read) for child in nodes)
            case Any(nodes):
                return any(self._holds(child, read) for child in nodes)
            case Not(child):
                return not self._holds(child, read)
            case Field(name, value):
                return _field(name, value, read.arrival)
        raise AssertionError(node)


def _field(name: str, value: str, article: Arrival) -> bool:
    """As `store.query`'s fields: the same values, compared the same way."""
    folded = value.lower()
    match name:
        case "lang":
            return article.lang == folded
        case "site":
            site = article.site.lower()
            return site == folded or site.endswith("." + folded)
        case "title":
            return folded in article.title.lower()
        case "author":
            return article.author is not None and folded in article.author.lower()
        case "story":
            return article.story == int(value)
        case "source":
            return any(
                url == value or name.lower() == folded or (value.isdigit() and number == int(value))
                for number, name, url in article.sources
            )
    since, until = day_span(date.fromisoformat(value) if name == "since" else None,
                            date.fromisoformat(value) if name == "until" else None)  # fmt: skip
    if article.sort_at is None:
        return False
    return article.sort_at >= since if since is not None else (until is None or article.sort_at < until)


class Percolator:
    """Every watch compiled, indexed by the tokens they need."""

    def __init__(self, connection: Connection, watches: Iterable[Watch]) -> None:
        self.by_token: dict[str, list[Compiled]] = {}
        self.always: list[Compiled] = []
        """Watches no token tells (a field alone, an exclusion alone, a beginning)."""
        self.watches: list[Compiled] = []
        for watch in watches:
            search = prepare(connection, watch.query)
            if search is None:
                continue
            compiled = Compiled(watch, search)
            self.watches.append(compiled)
            if compiled.needs is None:
                self.always.append(compiled)
            for token in compiled.needs or ():
                self.by_token.setdefault(token, []).append(compiled)

    def matching(self, article: Arrival) -> list[Watch]:
        """The watches `article` matches, in the order they were given."""
        read = _Read(article, analysis.tokens(f"{article.title}\n{article.text}", article.lang))
        candidates = {id(c): c for c in self.always}
        for token in read.at:
            for compiled in self.by_token.get(token, ()):
                candidates[id(compiled)] = compiled
        order = {id(c): i for i, c in enumerate(self.watches)}
        chosen = sorted(candidates.values(), key=lambda c: order[id(c)])
        return [c.watch for c in chosen if c.matches(read)]
