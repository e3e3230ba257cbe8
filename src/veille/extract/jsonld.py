"""schema.org metadata from a page's JSON-LD: the NewsArticle (or Article, BlogPosting…) node."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "scholarlyarticle",
        "report",
    }
)


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    headline: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    publisher: str | None = None
    body: str | None = None
    url: str | None = None
    image: str | None = None
    description: str | None = None


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _nodes(value.get("@graph", []))
        yield from _nodes(value.get("mainEntity", []))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower().rsplit("/", 1)[-1] for k in kinds}


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.strip().startswith("http"):
            names.append(" ".join(name.split()))
    return tuple(dict.fromkeys(names))


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_jsonld(document: HtmlElement) -> JsonLdArticle | None:
    """The first article node of the page's JSON-LD blocks, if any."""
    for script in document.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except (json.JSONDecodeError, ValueError):
            continue
        for node in _nodes(data):
            if not _types(node) & ARTICLE_TYPES:
                continue
            publisher = _names(node.get("publisher"))
            return JsonLdArticle(
                headline=_text(node.get("headline") or node.get("name")),
                authors=_names(node.get("author", [])),
                date_published=_text(node.get("datePublished") or node.get("dateCreated")),
                publisher=publisher[0] if publisher else None,
                body=_text(node.get("articleBody")),
                url=_text(node.get("url") or node.get("mainEntityOfPage")),
                image=_text(node.get("image")),
                description=_text(node.get("description")),
            )
    return None
