"""Which watches an arriving article matches: a percolator. Each watch's search is compiled
once, and indexed by tokens an article must hold for it to match; an article is cut into
tokens once (as the search index cuts it, `store.analysis`) and checked only against the
watches its tokens name, so the cost of an article grows with the watches it may match, not
with the archive nor with every watch.

A compiled watch means what the database search means (a test runs both on every operator and
field): the same word forms, phrases, other spellings of names, and fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


class _Read:
    """An arrival cut into tokens, once for every watch; what a phrase needs (which tokens follow
    which, where each stands) worked out the first time a phrase asks."""

    __slots__ = ("_at", "_pairs", "arrival", "held", "tag", "tokens")

    def __init__(self, arrival: Arrival, tokens: list[str], tag: str | None) -> None:
        self.arrival = arrival
        self.tokens = tokens
        self.tag = tag
        """The tag of its language's stems (`analysis.language_tag`)."""
        self.held = frozenset(tokens)
        self._pairs: frozenset[tuple[str, str]] | None = None
        self._at: dict[str, list[int]] | None = None

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Every two tokens that follow each other: a phrase of two words is one look-up."""
        if self._pairs is None:
            self._pairs = frozenset(zip(self.tokens, self.tokens[1:], strict=False))
        return self._pairs

    @property
    def at(self) -> dict[str, list[int]]:
        if self._at is None:
            self._at = {}
            for position, token in enumerate(self.tokens):
                self._at.setdefault(token, []).append(position)
        return self._at

    def holds(self, phrase: Phrase) -> bool:
        first, *rest = phrase.tokens
        if not rest and phrase.prefix:
            return any(token.startswith(first) for token in self.held)
        if not phrase.prefix:
            if any(pair not in self.pairs for pair in zip(phrase.tokens, rest, strict=False)):
                return False
            if len(rest) == 1:
                return True
        starts = self.at.get(first)
        if not starts:
            return False
        for start in starts:
            if all(self._next(start + offset, token, phrase.prefix and offset == len(rest))
                   for offset, token in enumerate(rest, start=1)):  # fmt: skip
                return True
        return False

    def _next(self, position: int, token: str, prefix: bool) -> bool:
        if position >= len(self.tokens):
            return False
        return self.tokens[position].startswith(token) if prefix else self.tokens[position] == token


Check = Callable[["_Read"], bool]


class Compiled:
    """One watch's search, ready to check articles against: compiled, for each language an
    article comes in, into tests of the tokens that language's articles can hold."""

    def __init__(self, watch: Watch, search: Search, order: int) -> None:
        self.watch = watch
        self.search = search
        self.order = order
        self._checks: dict[str | None, Check] = {}
        self.needs = self._needs(search.tree)
        """Tokens one of which an article must hold to match; None when no token tells."""

    def _needs(self, node: Node) -> frozenset[str] | None:
        match node:
            case Words(words) if words:
                told = [self._group_needs(group) for group in self.search.groups(node)]
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
        check = self._checks.get(read.tag)
        if check is None:
            check = self._checks[read.tag] = self._compile(self.search.tree, read.tag)
        return check(read)

    def _compile(self, node: Node, tag: str | None) -> Check:
        match node:
            case Words(words) if words:
                return self._words(node, tag)
            case Words():
                return lambda read: True  # no word in it (punctuation alone): nothing to narrow
            case All(nodes):
                parts = [self._compile(child, tag) for child in nodes]

                return lambda read: all(part(read) for part in parts)
            case Any(nodes):
                options = [self._compile(child, tag) for child in nodes]

                return lambda read: any(option(read) for option in options)
            case Not(child):
                inner = self._compile(child, tag)
                return lambda read: not inner(read)
            case Field(name, value):
                return lambda read: _field(name, value, read.arrival)
        raise AssertionError(node)

    def _words(self, node: Words, tag: str | None) -> Check:
        """Every group of `node` held, each by one of its phrases; only the phrases an article of
        language `tag` can hold (the stems of the other languages never: a word's thirty-odd
        forms become one or two), single tokens looked up as a set."""
        groups = []
        for group in self.search.groups(node):
            kept = [phrase for phrase in group if analysis.could_hold(phrase.tokens[0], tag)]
            single = frozenset(p.tokens[0] for p in kept if len(p.tokens) == 1 and not p.prefix)
            longer = tuple(p for p in kept if len(p.tokens) > 1 or p.prefix)
            groups.append((single, longer))

        def check(read: _Read) -> bool:
            for single, longer in groups:
                if single.isdisjoint(read.held) and not any(read.holds(phrase) for phrase in longer):
                    return False
            return True

        return check


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
            search = prepare(connection, watch.query, every_language=True)
            if search is None:
                continue
            compiled = Compiled(watch, search, len(self.watches))
            self.watches.append(compiled)
            if compiled.needs is None:
                self.always.append(compiled)
            for token in compiled.needs or ():
                self.by_token.setdefault(token, []).append(compiled)

    def matching(self, article: Arrival) -> list[Watch]:
        """The watches `article` matches, in the order they were given."""
        read = _Read(
            article, analysis.tokens(f"{article.title}\n{article.text}", article.lang),
            analysis.language_tag(article.lang),
        )  # fmt: skip
        candidates = {c.order: c for c in self.always}
        for token in read.held:
            for compiled in self.by_token.get(token, ()):
                candidates[compiled.order] = compiled
        return [candidates[order].watch for order in sorted(candidates) if candidates[order].matches(read)]
