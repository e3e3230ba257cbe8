"""Output feeds, Atom and JSON Feed, for any filter, story or search: each entry's title is the
headline in the reader's language, so that any feed reader can follow veille."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from veille import __version__
from veille.types import Article

ATOM = "http://www.w3.org/2005/Atom"


def _moment(article: Article) -> datetime:
    moment = article.published or article.fetched_at
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _summary(article: Article) -> str:
    return "\n\n".join(article.paragraphs[:3])


def atom_feed(title: str, self_url: str, home_url: str, found: list[Article], article_url: str) -> bytes:
    """`article_url` is a format string with `{id}`: where veille shows each article."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    etree.SubElement(root, f"{{{ATOM}}}title").text = title
    etree.SubElement(root, f"{{{ATOM}}}id").text = self_url
    etree.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_url)
    etree.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=home_url)
    etree.SubElement(root, f"{{{ATOM}}}generator", version=__version__).text = "veille"
    updated = max((_moment(a) for a in found), default=datetime.now(UTC))
    etree.SubElement(root, f"{{{ATOM}}}updated").text = updated.isoformat()
    for article in found:
        entry = etree.SubElement(root, f"{{{ATOM}}}entry")
        etree.SubElement(entry, f"{{{ATOM}}}title").text = article.headline
        etree.SubElement(entry, f"{{{ATOM}}}id").text = article_url.format(id=article.id)
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=article_url.format(id=article.id))
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=article.url)
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = _moment(article).isoformat()
        etree.SubElement(entry, f"{{{ATOM}}}published").text = _moment(article).isoformat()
        author = etree.SubElement(entry, f"{{{ATOM}}}author")
        etree.SubElement(author, f"{{{ATOM}}}name").text = article.author or article.site
        summary = etree.SubElement(entry, f"{{{ATOM}}}summary", type="text")
        summary.text = f"{article.title}\n\n{_summary(article)}"
        if article.lang:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", article.lang)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def json_feed(
    title: str, self_url: str, home_url: str, found: list[Article], article_url: str
) -> dict[str, Any]:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_url,
        "feed_url": self_url,
        "items": [
            {
                "id": article_url.format(id=article.id),
                "url": article_url.format(id=article.id),
                "external_url": article.url,
                "title": article.headline,
                "summary": article.title,
                "content_text": article.text,
                "date_published": _moment(article).isoformat(),
                "authors": [{"name": article.author or article.site}],
                "language": article.lang,
            }
            for article in found
        ],
    }
