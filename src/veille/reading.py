"""A source of any kind read into entries, and the kind found for an address: a feed (RSS, Atom,
JSON Feed), a news sitemap or a plain sitemap (announced by robots.txt or at the usual paths,
indexes followed, gzip read), or a home or section page whose article links are its entries.
Each is fetched with the same politeness, robots.txt and conditional GET."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from veille.config import Settings
from veille.extract.listing import article_links
from veille.extract.metadata import site_domain
from veille.fetch.client import Fetcher, FetchError, Response
from veille.fetch.decoding import DecodingFailed, TooLarge, decode_bounded
from veille.messages import N_, _
from veille.sources.discovery import declared_feeds, usual_feed_urls
from veille.sources.feeds import NotAFeed, parse_feed
from veille.sources.sitemaps import (
    SITEMAP_PATHS,
    NotASitemap,
    Sitemap,
    SitemapEntry,
    parse_sitemap,
    sitemaps_in_robots,
)
from veille.types import FeedEntry, Source

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
KINDS = (N_("feed"), N_("news sitemap"), N_("sitemap"), N_("home page"))
"""What a source can be, as stored and (translated) shown."""
CHILD_SITEMAPS = 3
"""Sitemaps of an index read in one pass: the most recently changed (news ones first)."""


class NoSourceFound(LookupError):
    """Neither a feed, a sitemap, nor a page listing articles at an address."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a source gave this pass."""

    entries: list[FeedEntry]
    etag: str | None = None
    last_modified: str | None = None
    site_url: str | None = None
    problem: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """What an address turned out to be."""

    url: str
    kind: str
    title: str | None
    site_url: str | None


def _body(response: Response, limit: int) -> bytes:
    """The body, a gzipped file (a `.xml.gz` sitemap) opened, as bounded as any response."""
    if response.content[:2] != b"\x1f\x8b":
        return response.content
    try:
        return decode_bounded(response.content, "gzip", limit)
    except (TooLarge, DecodingFailed) as error:
        raise FetchError(
            _("{url}: the response could not be decompressed").format(url=response.url)
        ) from error


def _validators(response: Response) -> dict[str, str | None]:
    return {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}


class SourceReader:
    def __init__(self, fetcher: Fetcher, settings: Settings) -> None:
        self.fetcher = fetcher
        self.settings = settings

    async def read(self, source: Source) -> Reading | None:
        """The source's entries this pass; None when it has not changed (304)."""
        accept = HTML_ACCEPT if source.kind == "home page" else FEED_ACCEPT
        response = await self.fetcher.get(
            source.url, etag=source.etag, last_modified=source.last_modified, accept=accept
        )
        if response.not_modified:
            return None
        limit = self.settings.max_entries_per_feed
        if source.kind == "home page":
            entries = article_links(response.text, response.url, limit)
            return Reading(entries, **_validators(response), site_url=response.url)
        if source.kind in ("news sitemap", "sitemap"):
            since = (
                (source.last_fetched_at.replace(tzinfo=UTC) - timedelta(hours=1))
                if source.last_fetched_at
                else None
            )
            sitemap = parse_sitemap(_body(response, self.settings.max_bytes), response.url)
            found = await self._sitemap_entries(sitemap, since or self._recent(), depth=2)
            entries = [FeedEntry(url=e.url, title=e.title, published=e.published) for e in found[:limit]]
            return Reading(entries, **_validators(response))
        feed = parse_feed(response.content, response.url)
        return Reading(feed.entries[:limit], **_validators(response), site_url=feed.site_url,
                       problem=feed.problem, title=feed.title)  # fmt: skip

    def _recent(self) -> datetime:
        return datetime.now(UTC) - timedelta(days=self.settings.sitemap_recent_days)

    async def _sitemap_entries(self, sitemap: Sitemap, since: datetime, depth: int) -> list[SitemapEntry]:
        """A sitemap's addresses changed or published since `since`, newest first; an index's
        most recent sitemaps read in turn. An undated address counts as recent in a news
        sitemap (which lists the last two days alone), as old in a plain one."""
        found = [entry for entry in sitemap.entries if _is_recent(entry, since, sitemap.is_news)]
        if depth > 0 and sitemap.children:
            for child in _recent_children(sitemap.children, since):
                try:
                    response = await self.fetcher.get(child.url, accept=FEED_ACCEPT)
                    inner = parse_sitemap(_body(response, self.settings.max_bytes), response.url)
                except (FetchError, NotASitemap):
                    continue
                found.extend(await self._sitemap_entries(inner, since, depth - 1))
        found.sort(key=lambda e: e.published or e.modified or since, reverse=True)
        return found

    async def discover(self, url: str) -> Found:
        """What `url` is: a feed, a sitemap, or a site whose feed, news sitemap, sitemap or home
        page veille follows, in that order."""
        response = await self.fetcher.get(url, accept=FEED_ACCEPT)
        body = _body(response, self.settings.max_bytes)
        direct = self._as_feed_or_sitemap(body, response.url)
        if direct is not None:
            return direct
        candidates = declared_feeds(response.text, response.url) or usual_feed_urls(response.url)
        for candidate in candidates:
            try:
                found = await self.fetcher.get(candidate, accept=FEED_ACCEPT)
                feed = parse_feed(found.content, found.url)
            except (FetchError, NotAFeed):
                continue
            return Found(found.url, "feed", feed.title, feed.site_url)
        sitemap = await self._site_sitemap(response.url)
        if sitemap is not None:
            return sitemap
        if article_links(response.text, response.url, self.settings.max_entries_per_feed):
            return Found(response.url, "home page", None, response.url)
        raise NoSourceFound(_("{url}: no feed, sitemap or list of articles found").format(url=url))

    def _as_feed_or_sitemap(self, body: bytes, url: str) -> Found | None:
        try:
            feed = parse_feed(body, url)
            return Found(url, "feed", feed.title, feed.site_url)
        except NotAFeed:
            pass
        try:
            sitemap = parse_sitemap(body, url)
        except NotASitemap:
            return None
        news = sitemap.is_news or any("news" in child.url.lower() for child in sitemap.children)
        publication = next((e.publication for e in sitemap.entries if e.publication), None)
        return Found(url, "news sitemap" if news else "sitemap", publication, None)

    async def _site_sitemap(self, page_url: str) -> Found | None:
        """The site's news sitemap, else its first plain one: those robots.txt names, then those
        at the usual paths."""
        origin = f"{urlsplit(page_url).scheme}://{urlsplit(page_url).netloc}"
        candidates: list[str] = []
        try:
            robots = await self.fetcher.get(urljoin(origin, "/robots.txt"), accept="text/plain")
            candidates += sitemaps_in_robots(robots.text, origin)
        except FetchError:
            pass
        candidates += [urljoin(origin, path) for path in SITEMAP_PATHS]
        plain: Found | None = None
        for candidate in dict.fromkeys(candidates):
            try:
                response = await self.fetcher.get(candidate, accept=FEED_ACCEPT)
                found = self._as_feed_or_sitemap(_body(response, self.settings.max_bytes), response.url)
            except FetchError:
                continue
            if found is None or found.kind == "feed":
                continue
            found = Found(found.url, found.kind, found.title or site_domain(page_url), origin + "/")
            if found.kind == "news sitemap":
                return found
            plain = plain or found
        return plain


def _recent_children(children: list[SitemapEntry], since: datetime) -> list[SitemapEntry]:
    dated = [child for child in children if child.modified is not None]
    if dated:
        fresh = [child for child in dated if child.modified and child.modified >= since]
        fresh.sort(key=lambda child: child.modified or since, reverse=True)
        return fresh[:CHILD_SITEMAPS]
    news = [child for child in children if "news" in child.url.lower()]
    return (news or children[-CHILD_SITEMAPS:])[:CHILD_SITEMAPS]


def _is_recent(entry: SitemapEntry, since: datetime, news: bool) -> bool:
    when = entry.published or entry.modified
    return when >= since if when else news
