"""Reading sitemaps (sitemaps.org 0.9) and Google News sitemaps: the addresses a site lists, with
`<lastmod>` and, for news, `news:title`, `news:publication_date`, `news:language` and
`news:name`; an index lists further sitemaps. Gzipped sitemaps are read bounded.

Why not trafilatura's `sitemaps` module or ultimate-sitemap-parser: both fetch the sitemaps
themselves (with their own HTTP clients, outside veille's politeness, robots.txt, conditional
GET and size limits), and trafilatura's keeps only the addresses, not the news fields or the
dates that decide which addresses are new. What is left is parsing XML, which lxml does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil import parser as dateparser
from lxml import etree

from veille.addresses import web_address
from veille.cleaning import clean_optional
from veille.messages import _

SITEMAP_PATHS = ("/news-sitemap.xml", "/sitemap-news.xml", "/sitemap_news.xml", "/sitemap.xml",
                 "/sitemap_index.xml", "/sitemap-index.xml", "/wp-sitemap.xml")  # fmt: skip
"""Where sites put their sitemaps when robots.txt names none, news sitemaps first."""


class NotASitemap(ValueError):
    """The document is not a sitemap nor a sitemap index."""


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    modified: datetime | None = None
    title: str | None = None
    published: datetime | None = None
    lang: str | None = None
    publication: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    entries: list[SitemapEntry]
    children: list[SitemapEntry]
    """The sitemaps an index lists (their `modified` is the index's `<lastmod>`)."""

    @property
    def is_news(self) -> bool:
        return any(entry.title or entry.published for entry in self.entries)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _date(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        parsed = dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _texts(node: etree._Element) -> dict[str, str]:
    """The texts of an `<url>`'s descendants, by local name (news:title → title…)."""
    found: dict[str, str] = {}
    for child in node.iter():
        name = _local(child.tag)
        if name and child.text and child.text.strip() and name not in found:
            found[name] = child.text.strip()
    return found


def parse_sitemap(content: bytes, base_url: str) -> Sitemap:
    """The entries (or, for an index, the sitemaps) of a sitemap; raises NotASitemap."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(content.lstrip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise NotASitemap(_("not a sitemap"))
    entries: list[SitemapEntry] = []
    children: list[SitemapEntry] = []
    for node in root:
        kind = _local(node.tag)
        if kind not in ("url", "sitemap"):
            continue
        texts = _texts(node)
        url = web_address(texts.get("loc"), base_url)
        if url is None:
            continue
        entry = SitemapEntry(
            url=url,
            modified=_date(texts.get("lastmod")),
            title=clean_optional(texts.get("title")),
            published=_date(texts.get("publication_date")),
            lang=(texts.get("language") or "")[:8] or None,
            publication=clean_optional(texts.get("name")),
        )
        (children if kind == "sitemap" else entries).append(entry)
    return Sitemap(entries=entries, children=children)


def sitemaps_in_robots(text: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, news sitemaps first."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and (url := web_address(value.strip(), base_url)):
            found.append(url)
    return sorted(dict.fromkeys(found), key=lambda url: "news" not in url.lower())
