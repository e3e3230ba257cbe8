"""After an article is stored: its copies on other sites (which one is the original), then its
story. Runs in the main process, one article at a time, each in a transaction of its own; an
article a stopped pass left unplaced is placed by the next.

A story's keys (tens of kilobytes) and the document frequencies are written in batches
(`flush`: every WRITE_EVERY placements and at the end of a pass), not at every placement. A pass
killed in between loses no placement: a story whose stored keys count fewer articles than it
holds has them worked out again from its articles when the stories are next loaded, and the
document frequencies miss at most a batch's articles (their rarities, not any article's story)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, select, update

from veille.enrich.names import NAME_CHARS, Names, meetings, names
from veille.enrich.reprints import THRESHOLD, credits, similarity
from veille.enrich.stories.clustering import DocumentFrequencies, Story, StoryIndex, StoryParameters
from veille.enrich.stories.embedding import Embedder, EmbeddingError, Vector
from veille.enrich.stories.features import Keys, article_keys
from veille.enrich.traits import Traits, traits
from veille.enrich.translation.engines import TranslationError, Translator
from veille.store import names as name_store
from veille.store import stories as story_store
from veille.store.schema import articles, sources

OPEN_STORIES = timedelta(days=30)
"""How far back stories are held open in memory (their own window is much shorter)."""
OPEN_UNDATED_STORIES = 5000
"""How many stories of undated articles (which have no window) are held open, the newest."""
WRITE_EVERY = 100
"""Placements between two writes of the stories' keys and the document frequencies."""
NAMES_KEPT = 50_000
"""How many articles' names are remembered, to meet a story's newcomers without reading again."""


@dataclass(frozen=True, slots=True)
class Grouped:
    story: int | None
    reprint_of: int | None


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    title: str
    text: str
    lang: str | None
    site: str
    original: str | None
    source: str | None
    when: datetime | None
    """When it was published; unknown (no time window applies) when neither page nor feed said."""
    reprint_of: int | None
    story_id: int | None


def _row(connection: Connection, article_id: int) -> _Row | None:
    query = (
        select(articles, sources.c.name.label("source_name"))
        .outerjoin(sources, sources.c.id == articles.c.source_id)
        .where(articles.c.id == article_id)
    )
    found = connection.execute(query).first()
    if found is None:
        return None
    m = found._mapping
    return _Row(
        m["id"], m["title"], m["text"], m["lang"], m["site"], m["original_publication"], m["source_name"],
        m["published_at"], m["reprint_of"], m["story_id"],
    )  # fmt: skip


def _stored(story: Story) -> story_store.StoredStory:
    return story_store.StoredStory(story.id, story.keys, story.size, story.first, story.last, story.vector)


def _earlier(first: datetime | None, second: datetime | None) -> bool:
    return first is not None and (second is None or first < second)


PIVOT = "en"
"""The language a configured engine translates headlines and leads into, for stories."""
LEAD_CHARS = 400


class Grouper:
    def __init__(
        self,
        engine: Engine,
        threshold: float | None = None,
        translator: Translator | None = None,
        on_error: Callable[[str], None] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """With a `translator`, each article's title and lead are also read in English, so that
        articles share words across languages, not only names, numbers and dates; with an
        `embedder`, stories compare what articles say in a multilingual model's vectors too."""
        self.engine = engine
        self.translator = translator
        self.embedder = embedder
        self.on_error: Callable[[str], None] = on_error or (lambda message: None)
        parameters = StoryParameters.measured(threshold, model=embedder is not None)
        counted = story_store.load_frequencies(engine)
        self.index = StoryIndex(
            parameters, DocumentFrequencies(counted.counts, counted.total, counted.languages)
        )
        for row in story_store.load_open_stories(engine, OPEN_STORIES, OPEN_UNDATED_STORIES):
            keys = self._keys_again(row.id) if row.stale else row.keys
            story = Story(row.id, keys, row.size, row.first, row.last, row.vector, row.languages)
            self.index.add_story(story)
        self._undated: list[int] = []
        self._traits: dict[int, Traits] = {}
        """The traits workers worked out for the articles waiting to be placed."""
        self._names: dict[int, tuple[Names, str | None]] = {}
        """Recent articles' names and languages, oldest first (see `_learn_names`)."""
        self._unwritten: set[int] = set()
        """The stories whose keys changed since the last `flush`."""
        self._uncounted: list[tuple[Keys, str | None]] = []
        """The keys and language of the articles placed since the last `flush`."""

    def _keys_again(self, story_id: int) -> Keys:
        """A story's keys worked out from its articles (its stored ones count fewer), and written."""
        again = Story(story_id)
        with self.engine.begin() as connection:
            for title, text, lang in story_store.story_texts(connection, story_id):
                again.add(self.index.frequencies.as_names(article_keys(title, text, lang), lang), None)
            story_store.save_story_keys(connection, [_stored(again)])
        return again.keys

    def flush(self) -> None:
        """Writes the keys of the stories that changed and the counts of the keys placed since the
        last call, in one transaction."""
        if not self._unwritten and not self._uncounted:
            return
        with self.engine.begin() as connection:
            changed = [self.index.stories[n] for n in sorted(self._unwritten) if n in self.index.stories]
            story_store.save_story_keys(connection, [_stored(story) for story in changed])
            story_store.count_keys(connection, self._uncounted)
        self._unwritten.clear()
        self._uncounted.clear()

    def arrive(self, article_id: int, published: datetime | None, found: Traits | None = None) -> None:
        """An article a pass has just stored: a dated one is placed at once, an undated one waits
        for `settle()` at the end of the pass. A dated article is compared within its time window,
        which keeps apart the events of the same actors; an undated one could belong to any of
        them, and is placed better once the dated articles have made their stories. If the pass
        stops first, the next one places it (`story_store.unplaced_articles`). `found`: its traits,
        when a worker has worked them out."""
        if found is not None:
            self._traits[article_id] = found
        if published is None:
            self._undated.append(article_id)
        else:
            self.place(article_id)

    def settle(self) -> None:
        """Places the undated articles that arrived since the last call, the surest first: the one
        that clears the bar of a story by the most, then the next. Each placement then grows the
        story the next, less certain, article is measured against, and the order no longer depends
        on which feed answered first (measured on stories-dev over ten orders: BCubed F1 0.741
        placed as they came, 0.774 after the dated ones, 0.833 surest first; docs/benchmarks.md)."""
        waiting, self._undated = self._undated, []
        with self.engine.connect() as connection:
            rows = [row for article_id in waiting if (row := _row(connection, article_id)) is not None]
        prepared = [(row, self._traits_of(row), self._vector(row)) for row in rows if row.story_id is None]
        prepared.sort(key=lambda item: -self.index.margin(item[1].keys, item[0].when, item[0].lang, item[2]))
        for row, found, vector in prepared:
            self._place(row, found, vector)
        self.flush()

    def forget_closed_stories(self) -> None:
        """Lets the stories whose window has closed go, from memory, and their keys on disk."""
        self.flush()
        closed = self.index.forget_older_than(OPEN_STORIES, OPEN_UNDATED_STORIES)
        if closed:
            with self.engine.begin() as connection:
                story_store.close_stories(connection, closed)

    def place(self, article_id: int) -> Grouped:
        """Finds the article's original (if it is a copy) and its story, and stores both."""
        with self.engine.connect() as connection:
            row = _row(connection, article_id)
        if row is None:
            self._traits.pop(article_id, None)
            return Grouped(None, None)
        if row.story_id is not None:  # placed already: a stopped pass's undated article, placed by the next
            self._traits.pop(article_id, None)
            return Grouped(row.story_id, row.reprint_of)
        return self._place(row, self._traits_of(row), self._vector(row))

    def _traits_of(self, row: _Row) -> Traits:
        """The article's traits, as a worker found them or else worked out here, its keys read in
        English too when a translator is set."""
        found = self._traits.pop(row.id, None) or traits(row.title, row.text, row.lang)
        return Traits(self._translated(row, found.keys), found.fingerprint, found.names)

    def _place(self, row: _Row, found: Traits, vector: Vector | None) -> Grouped:
        """`row`'s traits and vector are worked out before the write transaction: an engine may take
        seconds."""
        keys = found.keys
        with self.engine.begin() as connection:
            original, inherited = self._reprints(connection, row, found)
            if original is not None or inherited is not None:
                return Grouped(inherited, original)
            placement = self.index.place(
                keys, row.when, lambda: story_store.new_story_id(connection, row.when), row.lang, vector
            )
            story = self.index.stories[placement.story]
            story_store.save_story(connection, _stored(story))
            story_store.assign(connection, row.id, story.id, placement.merged)
            self._learn_names(connection, row, found.names, story.id)
        self._unwritten.add(story.id)
        self._uncounted.append((keys, row.lang))
        if len(self._uncounted) >= WRITE_EVERY:
            self.flush()
        return Grouped(story.id, None)

    def _learn_names(self, connection: Connection, row: _Row, mine: Names, story_id: int) -> None:
        """The spellings of names this article and the others of its story share (`enrich.names`).
        The others' names are remembered (NAMES_KEPT), not read again at each newcomer."""
        self._remember_names(row.id, mine, row.lang)
        if not mine:
            return
        members = story_store.story_members(connection, story_id, row.id)
        unknown = [number for number in members if number not in self._names]
        for lead in story_store.leads(connection, unknown, NAME_CHARS):
            self._remember_names(lead.id, names(lead.title, lead.opening, lead.lang), lead.lang)
        theirs = [self._names[number] for number in members if number in self._names]
        name_store.record(connection, meetings(mine, row.lang, theirs))

    def _remember_names(self, number: int, found: Names, lang: str | None) -> None:
        self._names[number] = (found, lang)
        if len(self._names) > NAMES_KEPT:
            del self._names[next(iter(self._names))]

    def _translated(self, row: _Row, keys: Keys) -> Keys:
        """`keys`, with those of the article's title and lead read in English when a translator is
        set."""
        if self.translator is None or row.lang in (None, PIVOT):
            return keys
        lead = f"{row.title}\n{row.text[:LEAD_CHARS]}"
        try:
            translated = self.translator.translate(lead, row.lang, PIVOT)
        except TranslationError as error:
            self.on_error(str(error))
            return keys
        keys = dict(keys)
        for key, weight in article_keys(None, translated, PIVOT).items():
            keys[key] = keys.get(key, 0.0) + weight
        return keys

    def _vector(self, row: _Row) -> Vector | None:
        if self.embedder is None:
            return None
        try:
            return self.embedder.embed(row.title, row.text)
        except EmbeddingError as error:
            self.on_error(str(error))
            return None

    def _reprints(self, connection: Connection, row: _Row, traced: Traits) -> tuple[int | None, int | None]:
        """(the original of the group `row` belongs to, or None when `row` is the original or has
        no copy; the group's story). The original is the copy the others credit, else the earliest
        published."""
        found = traced.fingerprint
        if found is None:
            return None, None
        candidates = story_store.band_candidates(connection, found.bands, row.id)
        story_store.save_bands(connection, row.id, found.signature, found.bands)
        copies = [
            i for i, signature in candidates.items() if similarity(found.signature, signature) >= THRESHOLD
        ]
        if not copies:
            return None, None
        found_roots = select(func.coalesce(articles.c.reprint_of, articles.c.id)).where(
            articles.c.id.in_(copies)
        )
        roots = set(connection.execute(found_roots).scalars())
        root = _row(connection, min(roots))
        if root is None:
            return None, None
        new_is_original = credits(root.original, [row.site, row.source]) or (
            not credits(row.original, [root.site, root.source]) and _earlier(row.when, root.when)
        )
        if not new_is_original:
            connection.execute(
                update(articles)
                .where(articles.c.id == row.id)
                .values(reprint_of=root.id, story_id=root.story_id)
            )
            return root.id, root.story_id
        connection.execute(
            update(articles)
            .where(articles.c.id.in_(roots) | articles.c.reprint_of.in_(roots))
            .values(reprint_of=row.id)
        )
        connection.execute(update(articles).where(articles.c.id == row.id).values(story_id=root.story_id))
        return None, root.story_id
