"""veille's public API: the CLI and the web reader are thin layers over `Veille`."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import resources
from types import TracebackType
from typing import TYPE_CHECKING

from veille.config import Settings
from veille.desk import WatchDesk
from veille.enrich.stories.embedding import Embedder, EmbeddingError, load_embedder
from veille.enrich.stories.headline import Member, choose_headline
from veille.enrich.translation.cache import CachedTranslator
from veille.enrich.translation.engines import (
    HeadlineWriter,
    TranslationError,
    make_translator,
)
from veille.extract.metadata import site_domain
from veille.fetch.client import Fetcher, FetchError
from veille.messages import _, speak
from veille.reading import Found, NoSourceFound, SourceReader
from veille.sources.feeds import NotAFeed
from veille.sources.opml import read_subscriptions, write_opml
from veille.store import articles as article_store
from veille.store import credentials
from veille.store import sources as source_store
from veille.store import stories as story_store
from veille.store.credentials import Token
from veille.store.database import open_engine
from veille.store.sources import SourceExists
from veille.types import Article, Source, StoryView

if TYPE_CHECKING:
    from veille.enrich.grouping import Grouper
    from veille.update import PassSummary, Reporter

EXPORT_BATCH = 500
"""Articles read at a time by `Veille.each_article`."""

ArticleFilter = article_store.ArticleFilter


class UnknownStory(LookupError):
    """No story has that number."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: list[Source]
    skipped: list[str]
    failed: list[str]
    """Why each site that could not be followed could not."""


def starter_opml() -> bytes:
    return resources.files("veille.sources").joinpath("starter.opml").read_bytes()


class Veille:
    """One veille home: its settings and its database."""

    def __init__(self, settings: Settings) -> None:
        """Opens veille's database; from now on the process says its messages in the reader's
        language (`settings.lang`)."""
        speak(settings.lang)
        self.settings = settings
        self.engine = open_engine(settings.db)
        self._translator: CachedTranslator | None = None
        self._grouper: Grouper | None = None
        self.passing = threading.Lock()
        self.watches = WatchDesk(settings, self.engine, self.story, self._translate_lead)
        self.problems: list[str] = []
        """Messages of what went wrong without stopping anything (a translation engine down…)."""

    def close(self) -> None:
        self.engine.dispose()

    @property
    def read_only(self) -> bool:
        """Whether the database was opened read-only (a home veille may read but not write)."""
        return self.engine.url.query.get("mode") == "ro"

    def __enter__(self) -> Veille:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Sources

    async def discover(self, url: str) -> Found:
        """What `url` is: a feed, a sitemap, or a site whose feed, news sitemap, sitemap or home
        page veille would follow."""
        async with Fetcher(self.settings) as fetcher:
            return await SourceReader(fetcher, self.settings).discover(url)

    def add_source(self, url: str, name: str | None = None) -> Source:
        """Follows what `url` gives: its feed, its news sitemap, its sitemap, or its home page."""
        found = asyncio.run(self.discover(url))
        label = name or found.title or site_domain(found.url)
        return source_store.add_source(
            self.engine, found.url, " ".join(label.split()), found.site_url, found.kind
        )

    def import_opml(self, content: bytes) -> ImportResult:
        """Follows every source of an OPML document or a list of addresses: feeds as they are,
        without fetching them first; sites (an outline's htmlUrl alone, a line of a list) by
        finding what to follow there."""
        result = ImportResult([], [], [])
        for outline in read_subscriptions(content):
            try:
                if outline.is_feed:
                    name = outline.name or site_domain(outline.url)
                    result.added.append(source_store.add_source(self.engine, outline.url, name))
                else:
                    result.added.append(self.add_source(outline.url, outline.name))
            except SourceExists:
                result.skipped.append(outline.url)
            except (FetchError, NotAFeed, NoSourceFound) as error:
                result.failed.append(str(error))
        return result

    def add_starter_sources(self) -> ImportResult:
        return self.import_opml(starter_opml())

    def export_opml(self) -> str:
        return write_opml(self.sources())

    def sources(self, counted: bool = True) -> list[Source]:
        """The followed sources; `counted`: with their numbers of articles (a count over the
        archive, which a menu of sources does not need)."""
        if not counted:
            return source_store.all_sources(self.engine)
        return source_store.list_sources(self.engine)

    def remove_source(self, key: str) -> Source:
        return source_store.remove_source(self.engine, key)

    # API tokens

    def new_token(self, name: str) -> tuple[Token, str]:
        """A new API token and its secret, shown once: only its digest is kept."""
        return credentials.create_token(self.engine, name)

    def tokens(self) -> list[Token]:
        return credentials.list_tokens(self.engine)

    def revoke_token(self, key: str) -> Token:
        return credentials.revoke_token(self.engine, key)

    # Fetching

    def extraction_pool(self) -> Executor:
        # Imported here, as in `_pass`: a pass needs the extractors (trafilatura, lingua…), which
        # the commands that only read never do.
        from veille.update import extraction_pool

        return extraction_pool(self.settings)

    async def fetch(
        self, reporter: Reporter, pool: Executor, chosen: list[Source] | None = None
    ) -> PassSummary:
        """One pass over the due sources, or over `chosen` now (still with conditional GET);
        passes of this Veille (the main job's, the web's "fetch now") take turns."""
        with self.passing:
            return await self._pass(reporter, pool, chosen)

    def find_sources(self, keys: list[str]) -> list[Source]:
        """The sources numbered or named `keys`, or every source when `keys` is empty."""
        if not keys:
            return source_store.all_sources(self.engine)
        return [source_store.find_source(self.engine, key) for key in keys]

    def next_due(self) -> datetime | None:
        """When the next source falls due."""
        return source_store.next_due(self.engine)

    async def fetch_unless_busy(self, reporter: Reporter, pool: Executor) -> PassSummary | None:
        """One pass, unless one is running already (None): a pass asked for while another runs
        would find nothing due, so a second click on "fetch now" starts nothing."""
        if not self.passing.acquire(blocking=False):
            return None
        try:
            return await self._pass(reporter, pool)
        finally:
            self.passing.release()

    async def _pass(
        self, reporter: Reporter, pool: Executor, chosen: list[Source] | None = None
    ) -> PassSummary:
        """A pass, `self.passing` held; then the watches (their matches, alerts, press reviews)."""
        from veille.update import run_pass

        summary = await run_pass(self.settings, self.engine, reporter, pool, self.grouper(), chosen)
        if not self.read_only:
            await asyncio.to_thread(self.watches.after_pass, reporter.problem)
        return summary

    def grouper(self) -> Grouper:
        """The open stories, loaded once and kept between passes (one pass at a time)."""
        from veille.enrich.grouping import Grouper  # numpy and the story keys: a pass's, not a read's

        if self._grouper is None:
            self._grouper = Grouper(
                self.engine, self.settings.story_threshold or None, self.translator(), self.problems.append,
                self._embedder(),
            )  # fmt: skip
        return self._grouper

    def _embedder(self) -> Embedder | None:
        """The multilingual model of the `story_model` setting; None (said once, among the
        problems) when it is not set or cannot be loaded: stories then use their keys alone."""
        try:
            return load_embedder(self.settings.story_model)
        except EmbeddingError as error:
            self.problems.append(str(error))
            return None

    # Articles, stories, headlines

    def article(self, number: int, lang: str | None = None) -> Article:
        return self.with_headlines([article_store.get_article(self.engine, number)], lang)[0]

    def articles(self, wanted: ArticleFilter, lang: str | None = None) -> list[Article]:
        return self.with_headlines(list(article_store.query_articles(self.engine, wanted)), lang)

    def each_article(
        self, wanted: ArticleFilter, lang: str | None = None, batch: int = EXPORT_BATCH
    ) -> Iterator[Article]:
        """The articles `wanted` (all of them, or its `limit`), read a batch at a time by keyset
        paging, so that an export of a million articles holds one batch in memory, not the archive.
        By relevance, the batches follow by offset."""
        remaining = wanted.limit
        page = replace(wanted, limit=batch if remaining is None else min(batch, remaining))
        while page.limit:
            found = self.articles(page, lang)
            yield from found
            if remaining is not None:
                remaining -= len(found)
            if len(found) < page.limit or remaining == 0:
                return
            last = found[-1]
            page = replace(
                page,
                limit=batch if remaining is None else min(batch, remaining),
                before=None if wanted.relevance else (last.sort_at or last.fetched_at, last.id),
                offset=page.offset + len(found) if wanted.relevance else page.offset,
            )

    def searched_also(self, query: str) -> list[str]:
        """The other spellings of names `query` looks for too (Putin, Путин for Poutine)."""
        return article_store.searched_also(self.engine, query)

    def mark(self, number: int, *, read: bool | None = None, starred: bool | None = None) -> None:
        """Marks article `number` read or unread, starred or not (None leaves a mark as it is)."""
        article_store.mark(self.engine, number, read=read, starred=starred)

    def latest_id(self) -> int:
        return article_store.latest_id(self.engine)

    def translator(self) -> CachedTranslator | None:
        """The configured engine, with its cache; None when there is none."""
        if self._translator is None and (engine := make_translator(self.settings)) is not None:
            self._translator = CachedTranslator(engine, self.engine)
        return self._translator

    def _translate_lead(self, paragraph: str, lang: str | None) -> str:
        translator = self.translator()
        if translator is None:
            return paragraph
        return translator.translate(paragraph, lang, self.settings.lang)

    def headline(self, story_id: int, lang: str | None = None) -> str | None:
        """The story's headline in the reader's language (cached until the story grows)."""
        lang = lang or self.settings.lang
        row = story_store.story_row(self.engine, story_id)
        if row is None:
            return None
        if cached := story_store.cached_headline(self.engine, row.id, lang, row.article_count):
            return cached
        members = [
            Member(a.id, a.title, a.text, a.lang)
            for a in article_store.query_articles(self.engine, ArticleFilter(story=row.id))
        ]
        if not members:
            return None
        translator = self.translator()
        writer = translator.engine if translator is not None else None
        headline = choose_headline(
            members,
            lang,
            translator,
            writer if isinstance(writer, HeadlineWriter) else None,
            on_error=self.problems.append,
        )
        if not self.read_only:
            story_store.cache_headline(self.engine, row.id, lang, row.article_count, headline)
        return headline

    def with_headlines(self, found: list[Article], lang: str | None = None) -> list[Article]:
        """The articles, each titled with its story's headline: those cached read in one query,
        the others written (and cached) one by one."""
        stories = {a.story for a in found if a.story is not None}
        headlines: dict[int, str | None] = dict(
            story_store.cached_headlines(self.engine, stories, lang or self.settings.lang)
        )
        result = []
        for article in found:
            if article.story is not None and article.story not in headlines:
                headlines[article.story] = self.headline(article.story, lang)
            headline = headlines.get(article.story) if article.story is not None else None
            result.append(replace(article, headline=headline or article.title))
        return result

    def stories(
        self, limit: int = 50, offset: int = 0, lang: str | None = None, matching: ArticleFilter | None = None
    ) -> list[StoryView]:
        """The latest stories; with `matching`, the stories of the articles it asks for, the one with
        the newest such article first."""
        if matching is not None:
            numbers = article_store.story_numbers(self.engine, matching, limit, offset)
        else:
            numbers = [row.id for row in story_store.story_rows(self.engine, limit, offset)]
        return [self.story(number, lang) for number in numbers]

    def story(self, number: int, lang: str | None = None) -> StoryView:
        row = story_store.story_row(self.engine, number)
        if row is None:
            raise UnknownStory(_("no story #{number}").format(number=number))
        members = self.articles(ArticleFilter(story=row.id), lang)
        members.sort(key=lambda a: (a.published or a.fetched_at).replace(tzinfo=None))
        return StoryView(
            id=row.id,
            headline=members[0].headline if members else "",  # every member carries the story's
            first=row.first_at,
            last=row.last_at,
            articles=tuple(members),
        )

    def translated(self, article: Article, lang: str | None = None) -> Article:
        """The article with its title and text in the reader's language, by the configured engine."""
        lang = lang or self.settings.lang
        translator = self.translator()
        if translator is None:
            raise TranslationError(_("no translation engine configured (setting translate_engine)"))
        if article.lang == lang:
            return article
        paragraphs = [translator.translate(p, article.lang, lang) for p in article.paragraphs]
        return replace(
            article,
            title=translator.translate(article.title, article.lang, lang),
            text="\n\n".join(paragraphs),
        )
