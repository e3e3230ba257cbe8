"""Output feeds, Atom and JSON Feed: of articles, for any filter, story or search, each entry
titled with its story's headline in the reader's language; and of stories, one entry a story, as
news aggregators give them, updated as the story grows. Any feed reader can follow veille."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from lxml import etree

from veille import __version__
from veille.addresses import web_address
from veille.cleaning import clean_text
from veille.show.dates import short_date
from veille.show.languages import language_flag
from veille.types import Article, StoryView

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STORY_AUTHORS = 3
"""A story entry's author: the sites that tell it, this many, then "…"."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed, whatever it stands for."""

    url: str
    """Where veille shows it; also its id."""
    title: str
    published: datetime
    updated: datetime
    author: str
    summary: str
    text: str | None = None
    """Its full text (an article's)."""
    html: str | None = None
    """Its content as HTML (a story's list of articles)."""
    related: str | None = None
    """Where it comes from (an article's own page)."""
    lang: str | None = None


def _moment(article: Article) -> datetime:
    moment = article.published or article.fetched_at
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def article_entry(article: Article, article_url: str) -> Entry:
    """`article_url` is a format string with `{id}`: where veille shows each article."""
    return Entry(
        url=article_url.format(id=article.id),
        title=article.headline,
        published=_moment(article),
        updated=_moment(article),
        author=article.author or article.site,
        summary="\n\n".join([article.title, *article.paragraphs[:3]]),
        text=article.text,
        related=web_address(article.url),
        lang=article.lang,
    )


def story_entry(story: StoryView, reader: str, story_url: str, article_url: str) -> Entry:
    """A story: its headline, and its articles listed with flag, own title, site and day, the
    reader's language first. Its updated time is its newest article's, so a feed reader shows it
    again as it grows."""
    moments = [_moment(article) for article in story.articles]
    listed = [article for articles in story.by_language(reader).values() for article in articles]
    items = "".join(
        f'<li>{language_flag(a.lang)} <a href="{escape(article_url.format(id=a.id))}"'
        f' hreflang="{escape(a.lang or "")}">{escape(a.title)}</a> — {escape(a.site)},'
        f" {escape(short_date(a.published or a.fetched_at, reader))}</li>"
        for a in listed
    )
    sites = story.sites
    return Entry(
        url=story_url.format(id=story.id),
        title=story.headline,
        published=min(moments),
        updated=max(moments),
        author=", ".join(sites[:STORY_AUTHORS]) + (", …" if len(sites) > STORY_AUTHORS else ""),
        summary="\n".join(f"{a.title} — {a.site}" for a in listed),
        html=f"<ul>{items}</ul>",
    )


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    """An Atom element, its text and attributes cleaned of what XML forbids (an old article's
    NUL byte would otherwise make the whole feed a 500)."""
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}", {k: clean_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = clean_text(text)
    return element


def atom_feed(title: str, self_url: str, home_url: str, entries: list[Entry]) -> bytes:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _add(root, "title", title)
    _add(root, "id", self_url)
    _add(root, "link", rel="self", href=self_url)
    _add(root, "link", rel="alternate", href=home_url)
    _add(root, "generator", "veille", version=__version__)
    updated = max((entry.updated for entry in entries), default=datetime.now(UTC))
    _add(root, "updated", updated.isoformat())
    for item in entries:
        entry = _add(root, "entry")
        _add(entry, "title", item.title)
        _add(entry, "id", item.url)
        _add(entry, "link", rel="alternate", href=item.url)
        if item.related:
            _add(entry, "link", rel="related", href=item.related)
        _add(entry, "updated", item.updated.isoformat())
        _add(entry, "published", item.published.isoformat())
        _add(_add(entry, "author"), "name", item.author)
        _add(entry, "summary", item.summary, type="text")
        if item.html:
            _add(entry, "content", item.html, type="html")
        if item.lang:
            entry.set(XML_LANG, clean_text(item.lang))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def json_feed(title: str, self_url: str, home_url: str, entries: list[Entry]) -> dict[str, Any]:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_url,
        "feed_url": self_url,
        "items": [
            {
                "id": entry.url,
                "url": entry.url,
                **({"external_url": entry.related} if entry.related else {}),
                "title": entry.title,
                "content_text": entry.text or entry.summary,
                **({"content_html": entry.html} if entry.html else {}),
                "summary": entry.summary,
                "date_published": entry.published.isoformat(),
                "date_modified": entry.updated.isoformat(),
                "authors": [{"name": entry.author}],
                **({"language": entry.lang} if entry.lang else {}),
            }
            for entry in entries
        ],
    }
