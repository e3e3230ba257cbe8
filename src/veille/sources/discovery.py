"""Finding a site's feed: the `<link rel="alternate">` it declares, else the usual paths."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError

from veille.addresses import web_address

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)

USUAL_PATHS = (
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/feeds/posts/default",
    "/?feed=rss2",
)


def declared_feeds(html: str, base_url: str) -> list[str]:
    """Feed addresses a page declares, best first (in the order of FEED_TYPES, then of the page)."""
    try:
        document = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return []
    found: list[tuple[int, int, str]] = []
    for position, link in enumerate(document.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().strip()
        href = link.get("href")
        url = web_address(href, base_url)
        if "alternate" in rel and url and kind in FEED_TYPES:
            found.append((FEED_TYPES.index(kind), position, url))
    return list(dict.fromkeys(url for _, _, url in sorted(found)))


def usual_feed_urls(site_url: str) -> list[str]:
    return [urljoin(site_url, path) for path in USUAL_PATHS]
