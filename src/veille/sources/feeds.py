"""Reading feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x directly.

A malformed feed keeps whatever entries could be read; `Feed.problem` says what was wrong."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from typing import Any

import feedparser
from dateutil import parser as dateparser

from veille.addresses import web_address
from veille.messages import _, n_
from veille.types import Feed, FeedEntry

_HARMLESS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
"""What feedparser flags but a reader does not care about: a feed served as text/plain, or
whose declared encoding differs from the HTTP header's."""


class NotAFeed(ValueError):
    """The document is neither a feed nor partly readable as one."""


def _struct_to_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)


def _iso_to_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def looks_like_json_feed(content: bytes) -> bool:
    head = content.lstrip()[:200]
    return head.startswith(b"{") and b"jsonfeed.org" in content[:2000]


def parse_json_feed(content: bytes, base_url: str) -> Feed:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise NotAFeed(_("invalid JSON Feed: {error}").format(error=error)) from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise NotAFeed(_("invalid JSON Feed: no list of items"))
    entries: list[FeedEntry] = []
    skipped = 0
    for item in document["items"]:
        link = item.get("url") or item.get("external_url") if isinstance(item, dict) else None
        url = web_address(link, base_url) if isinstance(link, str) else None
        if url is None:
            skipped += 1
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        if not isinstance(authors, list):
            authors = []
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and a.get("name")]
        entries.append(
            FeedEntry(
                url=url,
                title=_text(item.get("title")),
                author=", ".join(names) or None,
                published=_iso_to_datetime(item.get("date_published") or item.get("date_modified")),
                summary=_text(item.get("summary")),
                content_html=_text(item.get("content_html") or item.get("content_text")),
            )
        )
    return Feed(
        title=_text(document.get("title")),
        site_url=web_address(_text(document.get("home_page_url")), base_url),
        entries=entries,
        problem=_skipped(skipped),
    )


def _skipped(count: int) -> str | None:
    if not count:
        return None
    return n_("{count} item without a link skipped", "{count} items without a link skipped", count)


def _text(value: object) -> str | None:
    """A JSON Feed field that should be text, or None (a feed may put anything anywhere)."""
    return value if isinstance(value, str) else None


def parse_feed(content: bytes, base_url: str) -> Feed:
    """Entries of an RSS, Atom or JSON feed; raises NotAFeed when nothing is readable."""
    if looks_like_json_feed(content):
        return parse_json_feed(content, base_url)
    try:
        parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    except Exception as error:  # feedparser's own bugs on hostile input (found by fuzzing: KeyError)
        raise NotAFeed(_("not a feed ({reason})").format(reason=type(error).__name__)) from None
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(_("not a feed ({reason})").format(reason=reason) if reason else _("not a feed"))
    entries: list[FeedEntry] = []
    skipped = 0
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        url = web_address(link, base_url)
        if url is None:
            skipped += 1
            continue
        content_html = None
        if entry.get("content"):
            content_html = max((c.get("value", "") for c in entry["content"]), key=len) or None
        entries.append(
            FeedEntry(
                url=url,
                title=entry.get("title"),
                author=entry.get("author"),
                published=_struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
                summary=entry.get("summary"),
                content_html=content_html,
            )
        )
    problem = _skipped(skipped)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _HARMLESS):
        problem = n_(
            "malformed feed, {count} entry kept ({reason})",
            "malformed feed, {count} entries kept ({reason})",
            len(entries),
            reason=parsed.get("bozo_exception"),
        )
    feed_info = parsed.get("feed", {})
    return Feed(
        title=feed_info.get("title"),
        site_url=web_address(feed_info.get("link"), base_url),
        entries=entries,
        problem=problem,
    )
