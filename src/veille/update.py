"""One pass over the due sources: fetch each feed (conditionally), find its new entries, fetch,
extract and enrich each new article, store it. Every article is stored in a transaction of its
own and a feed's validators only after its entries, so a pass killed at any point is taken up
again by the next one, with nothing stored twice."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from sqlalchemy import Engine

from veille.config import Settings
from veille.enrich.grouping import Grouper
from veille.enrich.traits import Traits
from veille.extract.page import NotAnArticle
from veille.fetch.client import Fetcher, FetchError, HostDeferred, Response
from veille.fetch.guard import on_private_network
from veille.messages import _, about, n_, speak
from veille.processor import prepare_traced_article
from veille.reading import HTML_ACCEPT, Reading, SourceReader
from veille.sources.feeds import NotAFeed
from veille.sources.sitemaps import NotASitemap
from veille.store import articles as article_store
from veille.store import failures as failure_store
from veille.store import sources as source_store
from veille.store import stories as story_store
from veille.store.identity import canonical_url
from veille.store.times import utcnow
from veille.types import FeedEntry, NewArticle, Source

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
MAX_BACKOFF = timedelta(hours=24)
ADMITTED_PER_CONNECTION = 2
"""Entries in progress per connection of the `concurrency` setting (see `Pass._admitted`)."""


class Reporter(Protocol):
    """Told what happens during a pass, to show progress."""

    def start(self, sources: int) -> None: ...

    def source_done(self, source: Source, outcome: str | None) -> None:
        """`outcome`: what came of the source, to show; None when it failed (its error was a `problem`)."""

    def article_new(self, number: int, title: str) -> None: ...

    def problem(self, message: str) -> None: ...


@dataclass(slots=True)
class PassSummary:
    sources: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    articles_new: int = 0
    article_errors: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _exit_with(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(0)


def _start_worker(parent_pid: int, lang: str) -> None:
    """Workers leave Ctrl-C and SIGTERM to the main process, which stops them cleanly, and end by
    themselves when it is killed outright (SIGKILL leaves it no chance to stop them). They say
    what went wrong in the reader's language, as the main process does."""
    speak(lang)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent_pid,), daemon=True).start()


def extraction_pool(settings: Settings) -> Executor:
    return ProcessPoolExecutor(
        max_workers=settings.worker_count,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=_start_worker,
        initargs=(os.getpid(), settings.lang),
    )


def is_html(response: Response) -> bool:
    if response.content_type in HTML_TYPES:
        return True
    head = response.content[:512].lstrip().lower()
    return response.content_type.startswith("text/") and head.startswith((b"<!doctype html", b"<html"))


def backoff(settings: Settings, failures: int) -> timedelta:
    """Exponential backoff after `failures` consecutive failures, capped at a day."""
    interval = timedelta(minutes=settings.interval_minutes)
    return min(MAX_BACKOFF, interval * float(2 ** min(failures, 16)))


class Pass:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        fetcher: Fetcher,
        pool: Executor,
        reporter: Reporter,
        grouper: Grouper,
    ) -> None:
        self.grouper = grouper
        self.settings = settings
        self.engine = engine
        self.fetcher = fetcher
        self.pool = pool
        self.reporter = reporter
        self.summary = PassSummary()
        self._in_flight: dict[str, asyncio.Future[int | None]] = {}
        self._deferred: set[str] = set()
        """Entries whose host was left for a later pass."""
        self._errors: dict[str, str] = {}
        """Why each entry not stored failed."""
        self.reader = SourceReader(fetcher, settings)
        self._admitted = asyncio.Semaphore(settings.concurrency * ADMITTED_PER_CONNECTION)
        """Bounds the entries being fetched, extracted or stored at once: a pass of ten thousand
        entries holds a few dozen pages in memory, not ten thousand waiting for a worker."""
        self._storer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-store")
        """Stores and places the new articles, one at a time, off the event loop: fetching goes
        on while an article is written and placed in its story."""

    def _problem(self, message: str) -> None:
        self.summary.problems.append(message)
        self.reporter.problem(message)

    async def run(self, due: list[Source]) -> PassSummary:
        started = time.monotonic()
        self.summary.sources = len(due)
        self.reporter.start(len(due))
        try:
            await asyncio.gather(*(self.update_source(source) for source in due))
            await asyncio.get_running_loop().run_in_executor(self._storer, self.grouper.settle)
        finally:
            self._storer.shutdown(cancel_futures=True)
            self.summary.seconds = time.monotonic() - started
        for host, count in self.fetcher.deferred.items():
            if count:
                self._problem(
                    about(
                        host,
                        n_(
                            "{count} entry left for the next pass",
                            "{count} entries left for the next pass",
                            count,
                        ),
                    )
                )
        return self.summary

    async def update_source(self, source: Source) -> None:
        """One source; whatever goes wrong with it is its own failure, in one line."""
        try:
            await self._update_source(source)
        except Exception as error:
            self._fail(source, about(source.name, _unexpected(error)))

    async def _update_source(self, source: Source) -> None:
        try:
            changed = await self.reader.read(source)
        except (FetchError, NotAFeed, NotASitemap) as error:
            self._fail(source, about(source.name, error))
            return
        retried = failure_store.due_entries(self.engine, source.id)
        if changed is None and not retried:
            self._reschedule(source, source.etag, source.last_modified)
            self.summary.not_modified += 1
            self.reporter.source_done(source, _("not modified"))
            return
        reading = changed or Reading([], etag=source.etag, last_modified=source.last_modified)
        by_key = {canonical_url(e.url): e for e in [*retried, *reading.entries]}
        known = article_store.known_urls(self.engine, by_key)
        with self.engine.begin() as connection:
            for url, number in known.items():
                article_store.link_article(connection, number, [url], source.id)
        failure_store.forget(self.engine, list(known))
        skipped = known.keys() | failure_store.given_up(self.engine, list(by_key))
        new = {key: entry for key, entry in by_key.items() if key not in skipped}
        guarded = not await on_private_network(source.url)
        numbers = await asyncio.gather(*(self.update_entry(source, entry, guarded) for entry in new.values()))
        self._remember_failures(source, dict(zip(new, numbers, strict=True)), new)
        if reading.problem:
            self._problem(about(source.name, reading.problem))
        problem = reading.problem
        if waiting := failure_store.pending(self.engine, source.id):
            later = n_(
                "{count} article could not be stored yet: tried again later",
                "{count} articles could not be stored yet: tried again later",
                waiting,
            )
            problem = f"{problem} ; {later}" if problem else later
        self._reschedule(
            source, reading.etag, reading.last_modified, site_url=reading.site_url, problem=problem
        )
        if changed is None:
            self.summary.not_modified += 1
        else:
            self.summary.fetched += 1
        self.reporter.source_done(source, n_("{count} new entry", "{count} new entries", len(new)))

    def _remember_failures(
        self, source: Source, numbers: dict[str, int | None], entries: dict[str, FeedEntry]
    ) -> None:
        """Entries not stored (`numbers` None, by canonical address) are tried again on a backoff
        of their own (a host left for later: at the next pass, uncounted); one tried too often is
        given up, and said so once."""
        failure_store.forget(self.engine, [key for key, number in numbers.items() if number is not None])
        wait = timedelta(minutes=self.settings.interval_minutes)
        tries = self.settings.max_article_attempts
        for key, number in numbers.items():
            if number is not None:
                continue
            gave_up = failure_store.record_failure(
                self.engine, source.id, key, entries[key], self._errors.get(key), wait, tries,
                counted=key not in self._deferred,
            )  # fmt: skip
            if gave_up:
                self._problem(
                    _("{url}: given up after {count} tries").format(url=entries[key].url, count=tries)
                )

    def _reschedule(
        self,
        source: Source,
        etag: str | None,
        last_modified: str | None,
        site_url: str | None = None,
        problem: str | None = None,
    ) -> None:
        source_store.record_success(
            self.engine,
            source.id,
            etag=etag,
            last_modified=last_modified,
            next_fetch_at=utcnow() + timedelta(minutes=self.settings.interval_minutes),
            site_url=site_url,
            problem=problem,
        )

    def _fail(self, source: Source, message: str) -> None:
        self.summary.failed += 1
        retry_at = utcnow() + backoff(self.settings, source.error_count)
        source_store.record_failure(self.engine, source.id, message, retry_at)
        self._problem(message)
        self.reporter.source_done(source, None)

    async def update_entry(self, source: Source, entry: FeedEntry, guarded: bool = True) -> int | None:
        """Stores the article behind `entry` once, even when several feeds list it in this pass.

        `guarded`: its page must be on a public address. Whatever goes wrong with one entry
        fails that entry alone, in one line."""
        key = canonical_url(entry.url)
        if key in self._in_flight:
            stored = await self._in_flight[key]
            if stored is not None:
                with self.engine.begin() as connection:
                    article_store.link_article(connection, stored, [key], source.id)
            return stored
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        number: int | None = None
        try:
            async with self._admitted:
                number = await self._store_entry(source, entry, guarded)
        except Exception as error:
            self.summary.article_errors += 1
            self._problem(about(entry.url, _unexpected(error)))
        finally:
            future.set_result(number)
        return number

    async def _store_entry(self, source: Source, entry: FeedEntry, guarded: bool) -> int | None:
        html: str | None = None
        page_url: str | None = None
        try:
            response = await self.fetcher.get(
                entry.url, check_robots=True, accept=HTML_ACCEPT, guarded=guarded
            )
            if is_html(response):
                html, page_url = response.text, response.url
            else:
                self._problem(
                    _("{url}: not an HTML page ({type})").format(url=entry.url, type=response.content_type)
                )
        except HostDeferred:
            self._deferred.add(canonical_url(entry.url))
            return None
        except FetchError as error:
            self._errors[canonical_url(entry.url)] = str(error)
            self._problem(str(error))
        loop = asyncio.get_running_loop()
        try:
            article, traits = await loop.run_in_executor(
                self.pool, prepare_traced_article, entry, html, page_url
            )
        except NotAnArticle as error:
            self.summary.article_errors += 1
            self._errors[canonical_url(entry.url)] = str(error)
            self._problem(str(error))
            return None
        number, created = await loop.run_in_executor(self._storer, self._store, article, traits, source.id)
        if created:
            self.summary.articles_new += 1
            self.reporter.article_new(number, article.title)
        return number

    def _store(self, article: NewArticle, traits: Traits, source_id: int) -> tuple[int, bool]:
        number, created = article_store.save_article(self.engine, article, source_id)
        if created:
            self.grouper.arrive(number, article.published, traits)
        return number, created


def _unexpected(error: Exception) -> str:
    """One line for an error no stage expected (a bug, or data no test foresaw)."""
    detail = str(error).splitlines()[0][:300] if str(error) else ""
    return _("unexpected error ({kind})").format(kind=type(error).__name__) + (
        f": {detail}" if detail else ""
    )


async def run_pass(
    settings: Settings,
    engine: Engine,
    reporter: Reporter,
    pool: Executor,
    grouper: Grouper,
    chosen: list[Source] | None = None,
) -> PassSummary:
    """Takes up the articles a stopped pass left outside any story (the dated placed now, the
    undated with this pass's), then fetches every due source (or the `chosen` ones)."""
    grouper.forget_closed_stories()
    for number, published in story_store.unplaced_articles(engine):
        grouper.arrive(number, published)
    due = source_store.due_sources(engine) if chosen is None else chosen
    async with Fetcher(settings) as fetcher:
        return await Pass(settings, engine, fetcher, pool, reporter, grouper).run(due)
