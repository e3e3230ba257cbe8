"""After an article is stored: its copies on other sites (which one is the original), then its
story. Runs in the main process, one article at a time, each in a transaction of its own; an
article a stopped pass left unplaced is placed by the next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, select, update

from veille.enrich.names import NAME_CHARS, meetings, names
from veille.enrich.reprints import THRESHOLD, credits, fingerprint, similarity
from veille.enrich.stories.clustering import DocumentFrequencies, Story, StoryIndex, StoryParameters
from veille.enrich.stories.embedding import Embedder, EmbeddingError, Vector
from veille.enrich.stories.features import Keys, article_keys
from veille.enrich.translation.engines import TranslationError, Translator
from veille.store import names as name_store
from veille.store import stories as story_store
from veille.store.schema import articles, sources

OPEN_STORIES = timedelta(days=30)
"""How far back stories are held open in memory (their own window is much shorter)."""
OPEN_UNDATED_STORIES = 5000
"""How many stories of undated articles (which have no window) are held open, the newest."""


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
            story = Story(row.id, row.keys, row.size, row.first, row.last, row.vector, row.languages)
            self.index.add_story(story)
        self._undated: list[int] = []

    def arrive(self, article_id: int, published: datetime | None) -> None:
        """An article a pass has just stored: a dated one is placed at once, an undated one waits
        for `settle()` at the end of the pass. A dated article is compared within its time window,
        which keeps apart the events of the same actors; an undated one could belong to any of
        them, and is placed better once the dated articles have made their stories. If the pass
        stops first, the next one places it (`story_store.unplaced_articles`)."""
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
        prepared = [(row, self._keys(row), self._vector(row)) for row in rows if row.story_id is None]
        prepared.sort(key=lambda item: -self.index.margin(item[1], item[0].when, item[0].lang, item[2]))
        for row, keys, vector in prepared:
            self._place(row, keys, vector)

    def forget_closed_stories(self) -> None:
        self.index.forget_older_than(OPEN_STORIES, OPEN_UNDATED_STORIES)

    def place(self, article_id: int) -> Grouped:
        """Finds the article's original (if it is a copy) and its story, and stores both."""
        with self.engine.connect() as connection:
            row = _row(connection, article_id)
        if row is None:
            return Grouped(None, None)
        if row.story_id is not None:  # placed already: a stopped pass's undated article, placed by the next
            return Grouped(row.story_id, row.reprint_of)
        return self._place(row, self._keys(row), self._vector(row))

    def _place(self, row: _Row, keys: Keys, vector: Vector | None) -> Grouped:
        """`row`'s keys and vector are worked out before the write transaction: an engine may take
        seconds."""
        with self.engine.begin() as connection:
            original, inherited = self._reprints(connection, row)
            if original is not None or inherited is not None:
                return Grouped(inherited, original)
            placement = self.index.place(
                keys, row.when, lambda: story_store.new_story_id(connection, row.when), row.lang, vector
            )
            story = self.index.stories[placement.story]
            story_store.save_story(connection, story_store.StoredStory(
                story.id, dict(story.keys), story.size, story.first, story.last, story.vector
            ))  # fmt: skip
            story_store.assign(connection, row.id, story.id, placement.merged)
            story_store.count_keys(connection, keys, row.lang)
            self._learn_names(connection, row, story.id)
            return Grouped(story.id, None)

    def _learn_names(self, connection: Connection, row: _Row, story_id: int) -> None:
        """The spellings of names this article and the others of its story share (`enrich.names`)."""
        mine = names(row.title, row.text, row.lang)
        if not mine:
            return
        others = story_store.story_leads(connection, story_id, row.id, NAME_CHARS)
        theirs = [(names(lead.title, lead.opening, lead.lang), lead.lang) for lead in others]
        name_store.record(connection, meetings(mine, row.lang, theirs))

    def _keys(self, row: _Row) -> Keys:
        keys = article_keys(row.title, row.text, row.lang)
        if self.translator is None or row.lang in (None, PIVOT):
            return keys
        lead = f"{row.title}\n{row.text[:LEAD_CHARS]}"
        try:
            translated = self.translator.translate(lead, row.lang, PIVOT)
        except TranslationError as error:
            self.on_error(str(error))
            return keys
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

    def _reprints(self, connection: Connection, row: _Row) -> tuple[int | None, int | None]:
        """(the original of the group `row` belongs to, or None when `row` is the original or has
        no copy; the group's story). The original is the copy the others credit, else the earliest
        published."""
        found = fingerprint(row.text)
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
