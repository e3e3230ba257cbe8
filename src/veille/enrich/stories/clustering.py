"""Placing each article into a story as it arrives.

An article's keys (see features.py) are weighted by how rare they are (inverse document
frequency over the articles seen so far) and compared, by cosine, with the stories of the time
window around the article's date: it joins the story whose bar it clears by the most, or starts a
new one. Only stories within the window are held and compared, through an inverted index of
their keys, so the cost of placing an article does not grow with the archive. A story that an
article matches as well as the one it joins is merged into it: two stories that turn out to be
one. So is a story dated on the same days whose keys the grown story matches (`twin_threshold`):
one event that began as two stories in different languages. An article left alone in a story that
the grown story now fits moves into it.

Precision comes first: the bar is high, a story is an event in a short window (two calls between
the same leaders a month apart are two stories), and names alone do not make a match unless they
are rare. When the article and the story are both dated, the window has already kept out the
other events of the same actors, so the bar is lower (`dated_ratio` of it on the story's days,
rising to the whole bar at the window's edge); an undated article may belong to any of them, and
must show more. Articles of one event in two languages share fewer keys than in one (Sud and
South do not meet, nor Süd inside Südkorea; words seldom do), so the bar to join a story told in
none of the article's languages is `cross_ratio` of the bar: else an article joins the story of
another event told in its own language before its own event's story told in others.

With a multilingual embedding model (embedding.py), the similarity is half keys, half the
cosine of the article's vector with the story's mean vector, counted only above a floor (articles
of one language on unrelated news already reach 0.3–0.4), and the bar is the MODEL_ one. Every
number here is measured (docs/benchmarks.md)."""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import numpy as np
import numpy.typing as npt
from babel.core import get_global

from veille.enrich.stories.embedding import Vector
from veille.enrich.stories.features import WORD_WEIGHT, Keys

EMBEDDING_WEIGHT = 0.5
EMBEDDING_FLOOR = 0.4
MODEL_THRESHOLD = 0.45
MODEL_DATED_RATIO = 0.8
MODEL_MERGE_THRESHOLD = 0.55
MODEL_CROSS_RATIO = 1.0
"""Not measured with a model (no multilingual one can be had here): the bar stays the same."""


@dataclass(frozen=True, slots=True)
class StoryParameters:
    threshold: float = 0.2
    dated_ratio: float = 0.6
    cross_ratio: float = 0.75
    merge_threshold: float = 0.35
    twin_threshold: float = 0.2
    growth_penalty: float = 0.1
    gap: timedelta = timedelta(days=3)
    span: timedelta = timedelta(days=10)

    @classmethod
    def measured(cls, threshold: float | None = None, model: bool = False) -> StoryParameters:
        """The parameters measured on stories-dev, for keys alone or keys and a model's vectors;
        `threshold` overrides the bar to join a story."""
        chosen = cls()
        if model:
            chosen = cls(
                MODEL_THRESHOLD, MODEL_DATED_RATIO, MODEL_CROSS_RATIO, merge_threshold=MODEL_MERGE_THRESHOLD
            )
        return chosen if threshold is None else dataclasses.replace(chosen, threshold=threshold)


@dataclass(frozen=True, slots=True)
class Weighed:
    """Keys weighed by rarity: the keys that weigh most (by which stories are found), the
    weights as a unit vector (the keys' numbers and their weights divided by the norm, so that a
    cosine is a dot product), and how many articles the document frequencies counted then."""

    heaviest: tuple[str, ...]
    numbers: npt.NDArray[np.int64]
    unit: npt.NDArray[np.float64]
    counted: int


@dataclass(slots=True)
class Story:
    id: int
    keys: Keys = field(default_factory=dict)
    size: int = 0
    first: datetime | None = None
    last: datetime | None = None
    vector: Vector | None = None
    """The sum of its articles' embeddings, when a model reads them."""
    languages: set[str] = field(default_factory=set)
    weighed: Weighed | None = field(default=None, repr=False, compare=False)
    """Its keys weighed as the index last weighed them (see `StoryIndex.centroid`); None once
    they change."""

    def add(
        self, keys: Keys, when: datetime | None, vector: Vector | None = None, lang: str | None = None
    ) -> None:
        for key, weight in keys.items():
            self.keys[key] = self.keys.get(key, 0.0) + weight
        self.size += 1
        self.weighed = None
        self._add_vector(vector)
        self._extend(when)
        if lang:
            self.languages.add(lang)

    def absorb(self, other: Story) -> None:
        for key, weight in other.keys.items():
            self.keys[key] = self.keys.get(key, 0.0) + weight
        self.size += other.size
        self.weighed = None
        self.languages |= other.languages
        self._add_vector(other.vector)
        self._extend(other.first)
        self._extend(other.last)

    def _extend(self, when: datetime | None) -> None:
        if when is not None:
            self.first = when if self.first is None else min(self.first, when)
            self.last = when if self.last is None else max(self.last, when)

    def _add_vector(self, vector: Vector | None) -> None:
        """Adds an article's (or a merged story's) vector; one from another model (another size:
        the setting changed) is replaced, not added to."""
        if vector is None:
            return
        if self.vector is None or self.vector.shape != vector.shape:
            self.vector = vector.copy()
        else:
            self.vector = self.vector + vector


@dataclass(frozen=True, slots=True)
class Placement:
    story: int
    created: bool
    merged: tuple[int, ...] = ()


NOUNS_CAPITALISED = frozenset({"de", "lb"})
"""Languages that capitalise every noun: there a capital letter does not make a name."""
CASED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn"})


@cache
def names_unmarked(lang: str | None) -> bool:
    """Whether capitals fail to mark names in `lang`: it capitalises every noun (German), or its
    script has no capitals at all (Arabic, Hebrew, Devanagari, Chinese…)."""
    if lang is None:
        return False
    if lang in NOUNS_CAPITALISED:
        return True
    likely = get_global("likely_subtags").get(lang, "")
    script = likely.split("_")[1] if likely.count("_") == 2 else "Latn"
    return script not in CASED_SCRIPTS


class DocumentFrequencies:
    """How many articles carry each key, for inverse document frequency, and in which languages
    each key was seen."""

    def __init__(
        self,
        counts: dict[str, int] | None = None,
        total: int = 0,
        languages: dict[str, set[str]] | None = None,
    ) -> None:
        self.counts: dict[str, int] = defaultdict(int, counts or {})
        self.total = total
        self.languages: dict[str, set[str]] = defaultdict(set, languages or {})

    def add(self, keys: Iterable[str], lang: str | None = None) -> None:
        for key in set(keys):
            self.counts[key] += 1
            if lang:
                self.languages[key].add(lang)
        self.total += 1

    def as_names(self, keys: Keys, lang: str | None) -> Keys:
        """Where capitals do not mark names (see `names_unmarked`), a candidate name weighs as a
        name only once it has been seen in another language (Merz, Hamburg; स्पेन once an English
        article wrote Spain), else as a word (Regierung, Wahl)."""
        if not names_unmarked(lang):
            return keys
        return {
            key: weight * WORD_WEIGHT if key.startswith("e:") and not self.languages.get(key, set()) - {lang}
            else weight
            for key, weight in keys.items()
        }  # fmt: skip

    def weigh(self, keys: Keys) -> dict[str, float]:
        """Each key's weight (1 + its log from 1 on) times its inverse document frequency,
        log((total + 1) / (count + 1)) + 1, the log of the total taken once: a large story weighs
        thousands of keys."""
        top = math.log(self.total + 1) + 1.0
        counts, log = self.counts, math.log
        return {k: ((1 + log(v)) if v >= 1 else v) * (top - log(counts.get(k, 0) + 1))
                for k, v in keys.items()}  # fmt: skip


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


FINDING_KEYS = 40
"""How many of an article's (or a story's) heaviest keys find the stories it is compared with:
a story that shares none of them cannot clear the bar, and the common words that every story
shares would make every story a candidate."""
FINDING_STORIES = 100
"""A key that more open stories share than this finds none: it is a common word of the window,
which can only add to a similarity that rarer keys make (it still counts in the similarity)."""
RENUMBERED_AT = 4
RENUMBERED_FLOOR = 1024
"""Keys are numbered afresh once they number RENUMBERED_AT times the keys of the open stories
(of RENUMBERED_FLOOR at least, so that a small window is not numbered again at every pass)."""
STALE = 0.02
"""How much the count of articles may grow before a story's weighed keys are weighed again: one
article more changes a key's rarity by a hair, and weighing a large story's thousands of keys at
every comparison was most of the time spent placing an article."""


class StoryIndex:
    """The stories of the current window, and their keys, in memory. Each key has a number, so
    that an article is compared with all its candidate stories in a few array operations."""

    def __init__(self, parameters: StoryParameters, frequencies: DocumentFrequencies) -> None:
        self.parameters = parameters
        self.frequencies = frequencies
        self.stories: dict[int, Story] = {}
        self.postings: dict[str, set[int]] = defaultdict(set)
        self._numbers: dict[str, int] = {}
        self._article = np.zeros(1024)
        """The article being compared, spread by key number (zero elsewhere)."""

    def weighed(self, keys: Keys) -> Weighed:
        weights = self.frequencies.weigh(keys)
        heaviest = tuple(heapq.nlargest(FINDING_KEYS, weights, key=weights.__getitem__))
        numbers = np.fromiter(
            (self._numbers.setdefault(key, len(self._numbers)) for key in weights), np.int64, len(weights)
        )
        unit = np.fromiter(weights.values(), np.float64, len(weights)) / _norm(weights)
        return Weighed(heaviest, numbers, unit, self.frequencies.total)

    def centroid(self, story: Story) -> Weighed:
        """The story's keys weighed, kept until they change or the counts grow by STALE."""
        kept = story.weighed
        if kept is None or self.frequencies.total > kept.counted * (1 + STALE):
            kept = story.weighed = self.weighed(story.keys)
        return kept

    def similarities(
        self, article: Weighed, stories: list[Story], vector: Vector | None = None
    ) -> list[float]:
        """The article's similarity to each story: the cosine of their weighed keys, and with a
        model, half that and half the cosine of their vectors (above EMBEDDING_FLOOR)."""
        if not stories:
            return []
        centroids = [self.centroid(story) for story in stories]
        if len(self._numbers) > len(self._article):
            self._article = np.zeros(2 * len(self._numbers))
        self._article[article.numbers] = article.unit
        numbers = np.concatenate([c.numbers for c in centroids])
        owners = np.repeat(np.arange(len(stories)), [len(c.numbers) for c in centroids])
        dots = np.bincount(
            owners, weights=np.concatenate([c.unit for c in centroids]) * self._article[numbers],
            minlength=len(stories),
        )  # fmt: skip
        self._article[article.numbers] = 0.0
        found = [float(dot) for dot in dots]
        if vector is None:
            return found
        return [self._with_meaning(keys, vector, story) for keys, story in zip(found, stories, strict=True)]

    def similarity(self, article: Weighed, story: Story, vector: Vector | None = None) -> float:
        return self.similarities(article, [story], vector)[0]

    def _with_meaning(self, keys: float, vector: Vector, story: Story) -> float:
        if story.vector is None or story.vector.shape != vector.shape:
            return keys
        cosine = float(vector @ story.vector) / (float(np.linalg.norm(story.vector)) or 1.0)
        meaning = max(0.0, (cosine - EMBEDDING_FLOOR) / (1 - EMBEDDING_FLOOR))
        return (1 - EMBEDDING_WEIGHT) * keys + EMBEDDING_WEIGHT * meaning

    def affinities(self, article: Weighed, stories: list[Story], vector: Vector | None = None) -> list[float]:
        """Similarities, discounted as a story grows: a large story's centroid is broader, so the
        bar to join it rises (slowly) with its size, which keeps stories from chaining into topics."""
        return [
            similarity / (1 + self.parameters.growth_penalty * math.log(story.size))
            for similarity, story in zip(self.similarities(article, stories, vector), stories, strict=True)
        ]

    def bar(self, when: datetime | None, story: Story, lang: str | None = None) -> float:
        """The similarity an article in `lang` published at `when` needs to join `story`: lower
        when the time window applies (see `time_ratio`), and when the story is told in other
        languages only."""
        p = self.parameters
        foreign = lang is not None and bool(story.languages) and lang not in story.languages
        return p.threshold * self.time_ratio(when, story) * (p.cross_ratio if foreign else 1.0)

    def time_ratio(self, when: datetime | None, story: Story) -> float:
        """How much of the bar an article published at `when` must clear to join `story`:
        `dated_ratio` on the story's days, rising in proportion to the time between them and the
        article, to the whole bar at the window's edge (`gap`); the whole bar when either is
        undated. The further apart in time, the likelier another event of the same actors (a
        semi-final and the final five days later)."""
        if when is None or story.first is None or story.last is None:
            return 1.0
        p = self.parameters
        apart = max(story.first - when, when - story.last, timedelta(0))
        return p.dated_ratio + (1 - p.dated_ratio) * min(1.0, apart / p.gap)

    def _in_window(self, story: Story, when: datetime | None) -> bool:
        if when is None or story.first is None or story.last is None:
            return True
        p = self.parameters
        return story.first - p.gap <= when <= story.last + p.gap and when - story.first <= p.span

    def candidates(self, weighed: Weighed, when: datetime | None) -> list[Story]:
        """The stories within the window that share one of the heaviest keys, but for keys too
        common to tell stories apart (FINDING_STORIES)."""
        found: set[int] = set()
        for key in weighed.heaviest:
            holding = self.postings.get(key, set())
            if len(holding) <= FINDING_STORIES:
                found |= holding
        return [self.stories[i] for i in found if self._in_window(self.stories[i], when)]

    def add_story(self, story: Story) -> None:
        self.stories[story.id] = story
        for key in story.keys:
            self.postings[key].add(story.id)

    def _drop(self, story: Story) -> None:
        del self.stories[story.id]
        for key in story.keys:
            holding = self.postings[key]
            holding.discard(story.id)
            if not holding:
                del self.postings[key]

    def _scored(self, keys: Keys, when: datetime | None, vector: Vector | None) -> list[tuple[float, Story]]:
        """The candidate stories with the article's affinity to each, best first."""
        weighed = self.weighed(keys)
        found = self.candidates(weighed, when)
        return sorted(
            zip(self.affinities(weighed, found, vector), found, strict=True),
            key=lambda pair: (-pair[0], pair[1].id),
        )

    def margin(
        self, keys: Keys, when: datetime | None, lang: str | None = None, vector: Vector | None = None
    ) -> float:
        """How far an article would clear the bar of the story it fits best, without placing it:
        how sure its placement is (negative: it would start a story; -inf: no story shares a key)."""
        scored = self._scored(self.frequencies.as_names(keys, lang), when, vector)
        margins = self._margins(scored, when, lang)
        return margins[0][0] if margins else -math.inf

    def _margins(
        self, scored: list[tuple[float, Story]], when: datetime | None, lang: str | None
    ) -> list[tuple[float, Story]]:
        """How far the article clears the bar of each scored story (see `bar`), best first."""
        return sorted(
            ((score - self.bar(when, story, lang), story) for score, story in scored),
            key=lambda pair: (-pair[0], pair[1].id),
        )

    def place(
        self,
        keys: Keys,
        when: datetime | None,
        allocate: Callable[[], int],
        lang: str | None = None,
        vector: Vector | None = None,
    ) -> Placement:
        """The story for an article in `lang` with `keys` (and, with a model, its embedding
        `vector`) published at `when`; `allocate()` numbers a new one."""
        keys = self.frequencies.as_names(keys, lang)
        self.frequencies.add(keys, lang)
        scored = self._scored(keys, when, vector)
        p = self.parameters
        clearing = [(margin, story) for margin, story in self._margins(scored, when, lang) if margin >= 0]
        if not clearing:
            story = Story(allocate())
            story.add(keys, when, vector, lang)
            self.add_story(story)
            return Placement(story.id, created=True)
        best = clearing[0][1]
        merged = [other for score, other in scored if other is not best and score >= p.merge_threshold]
        best.add(keys, when, vector, lang)
        neighbours = [
            other for other in self.candidates(self.centroid(best), best.last) if other.id != best.id
        ]
        merged += self._strays(best, neighbours, {o.id for o in merged})
        merged += self._twins(best, neighbours, {o.id for o in merged})
        for other in merged:
            self._drop(other)
            best.absorb(other)
        for key in best.keys:
            self.postings[key].add(best.id)
        return Placement(best.id, created=False, merged=tuple(o.id for o in merged))

    def _strays(self, story: Story, neighbours: list[Story], excluded: set[int]) -> list[Story]:
        """Articles alone in a story that the grown story now fits: they move into it (an article
        placed before its event's story had formed finds its place). The cosine of keys is the
        same both ways, so without vectors the grown story is compared with all of them at once."""
        alone = [other for other in neighbours if other.id not in excluded and other.size == 1]
        if story.vector is None:
            scores = self.similarities(self.centroid(story), alone)
        else:
            scores = [self.similarity(self.centroid(other), story, other.vector) for other in alone]
        return [
            other
            for other, score in zip(alone, scores, strict=True)
            if score >= self.bar(other.first, story, next(iter(other.languages), None))
        ]

    def _twins(self, story: Story, neighbours: list[Story], excluded: set[int]) -> list[Story]:
        """Stories dated on the same days as `story` whose keys it matches, centroid to centroid:
        one event that began as two stories, each in its own languages, before either had grown
        enough for an article to match both."""
        if story.first is None or story.last is None:
            return []
        dated = [
            other
            for other in neighbours
            if other.id not in excluded
            and other.first is not None and other.last is not None
            and other.first <= story.last and story.first <= other.last
        ]  # fmt: skip
        similar = self.similarities(self.centroid(story), dated)
        return [
            other
            for other, score in zip(dated, similar, strict=True)
            if score >= self.parameters.twin_threshold
        ]

    def forget_older_than(self, age: timedelta, undated_kept: int) -> set[int]:
        """Lets go the stories whose last article is `age` older than the latest story's: their
        window has closed, and memory stays the size of the window, not of the archive. Stories
        of undated articles have no window: only the `undated_kept` newest (by number, which
        follows arrival) are kept. Returns the numbers of the stories let go."""
        dated = [s.last for s in self.stories.values() if s.last is not None]
        horizon = max(dated) - age if dated else None
        undated = sorted((s.id for s in self.stories.values() if s.last is None), reverse=True)
        closed = set(undated[undated_kept:])
        closed |= {s.id for s in self.stories.values() if horizon and s.last and s.last < horizon}
        for story_id in closed:
            self._drop(self.stories[story_id])
        if len(self._numbers) > RENUMBERED_AT * max(len(self.postings), RENUMBERED_FLOOR):
            self._renumber()
        return closed

    def _renumber(self) -> None:
        """Numbers keys afresh: every key ever weighed has a number, and those of closed stories
        and of articles long placed would otherwise pile up in a process that runs for months.
        The stories' weighed keys hold the old numbers: they are weighed again when next asked."""
        self._numbers = {}
        for story in self.stories.values():
            story.weighed = None
