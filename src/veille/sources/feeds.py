"""Reading feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x directly.

A malformed feed keeps whatever entries could be read; `Feed.problem` says what was wrong."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from dateutil import parser as dateparser

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
        if not isinstance(link, str):
            skipped += 1
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and a.get("name")]
        entries.append(
            FeedEntry(
                url=urljoin(base_url, link),
                title=item.get("title"),
                author=", ".join(names) or None,
                published=_iso_to_datetime(item.get("date_published") or item.get("date_modified")),
                summary=item.get("summary"),
                content_html=item.get("content_html") or item.get("content_text"),
            )
        )
    return Feed(
        title=document.get("title"),
        site_url=document.get("home_page_url"),
        entries=entries,
        problem=n_("{count} item without a link skipped", "{count} items without a link skipped", skipped)
        if skipped
        else None,
    )


def parse_feed(content: bytes, base_url: str) -> Feed:
    """Entries of an RSS, Atom or JSON feed; raises NotAFeed when nothing is readable."""
    if looks_like_json_feed(content):
        return parse_json_feed(content, base_url)
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(_("not a feed ({reason})").format(reason=reason) if reason else _("not a feed"))
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        if not link:
            continue
        content_html = None
        if entry.get("content"):
            content_html = max((c.get("value", "") for c in entry["content"]), key=len) or None
        entries.append(
            FeedEntry(
                url=urljoin(base_url, link),
                title=entry.get("title"),
                author=entry.get("author"),
                published=_struct_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
                summary=entry.get("summary"),
                content_html=content_html,
            )
        )
    problem = None
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
        site_url=feed_info.get("link"),
        entries=entries,
        problem=problem,
    )
