"""veille's public API: the CLI and the web reader are thin layers over `Veille`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from importlib import resources
from types import TracebackType

from veille.config import Settings
from veille.extract.metadata import site_domain
from veille.fetch.client import Fetcher, FetchError
from veille.sources.discovery import declared_feeds, usual_feed_urls
from veille.sources.feeds import NotAFeed, parse_feed
from veille.sources.opml import read_opml, write_opml
from veille.store import articles as article_store
from veille.store import sources as source_store
from veille.store.database import open_engine
from veille.store.sources import SourceExists
from veille.types import Article, Feed, Source
from veille.update import FEED_ACCEPT, PassSummary, Reporter, extraction_pool, run_pass

ArticleFilter = article_store.ArticleFilter


class NoFeedFound(LookupError):
    """Neither the address nor the site behind it gives a feed."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: list[Source]
    skipped: list[str]


def starter_opml() -> bytes:
    return resources.files("veille.sources").joinpath("starter.opml").read_bytes()


class Veille:
    """One veille home: its settings and its database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = open_engine(settings.db)

    def close(self) -> None:
        self.engine.dispose()

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

    async def discover(self, url: str) -> tuple[str, Feed]:
        """The feed at `url`, or the one its page declares, or one at a usual path."""
        async with Fetcher(self.settings) as fetcher:
            response = await fetcher.get(url, accept=FEED_ACCEPT)
            try:
                return response.url, parse_feed(response.content, response.url)
            except NotAFeed:
                pass
            candidates = declared_feeds(response.text, response.url) or usual_feed_urls(response.url)
            for candidate in candidates:
                try:
                    found = await fetcher.get(candidate, accept=FEED_ACCEPT)
                    return found.url, parse_feed(found.content, found.url)
                except (FetchError, NotAFeed):
                    continue
        raise NoFeedFound(f"{url}: no feed found (neither declared by the page nor at a usual address)")

    def add_source(self, url: str, name: str | None = None) -> Source:
        """Follows the feed at `url`, or the feed of the site at `url`."""
        feed_url, feed = asyncio.run(self.discover(url))
        label = name or feed.title or site_domain(feed_url)
        return source_store.add_source(self.engine, feed_url, " ".join(label.split()), feed.site_url)

    def import_opml(self, content: bytes) -> ImportResult:
        """Follows every feed of an OPML document, without fetching them first."""
        added: list[Source] = []
        skipped: list[str] = []
        for outline in read_opml(content):
            try:
                added.append(
                    source_store.add_source(
                        self.engine, outline.url, outline.name or site_domain(outline.url)
                    )
                )
            except SourceExists:
                skipped.append(outline.url)
        return ImportResult(added, skipped)

    def add_starter_sources(self) -> ImportResult:
        return self.import_opml(starter_opml())

    def export_opml(self) -> str:
        return write_opml(self.sources())

    def sources(self) -> list[Source]:
        return source_store.list_sources(self.engine)

    def remove_source(self, key: str) -> Source:
        return source_store.remove_source(self.engine, key)

    # Fetching

    def extraction_pool(self) -> Executor:
        return extraction_pool(self.settings)

    async def fetch(self, reporter: Reporter, pool: Executor) -> PassSummary:
        return await run_pass(self.settings, self.engine, reporter, pool)

    # Articles

    def article(self, number: int) -> Article:
        return article_store.get_article(self.engine, number)

    def articles(self, wanted: ArticleFilter) -> Iterator[Article]:
        return article_store.query_articles(self.engine, wanted)
