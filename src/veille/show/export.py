"""Exports: cards separated by `---`, or one JSON object per article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from veille.show.card import render_card
from veille.types import Article, Extracted

CARD_SEPARATOR = "---"


def article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "site": article.site,
        "source": article.source,
        "title": article.title,
        "headline": article.headline,
        "author": article.author,
        "original_publication": article.original,
        "published": article.published.isoformat() if article.published else None,
        "lang": article.lang,
        "reading_minutes": article.reading_minutes,
        "word_count": article.word_count,
        "description": article.description,
        "image": article.image,
        "from_feed": article.from_feed,
        "fetched_at": article.fetched_at.isoformat() + "Z",
        "story": article.story,
        "reprint_of": article.reprint_of,
        "also_on": list(article.also_on),
        "text": article.text,
    }


def extracted_record(extracted: Extracted, lang: str | None, reading_minutes: int) -> dict[str, Any]:
    return {
        "url": extracted.canonical_url,
        "title": extracted.title,
        "author": extracted.author,
        "original_publication": extracted.original,
        "published": extracted.published.isoformat() if extracted.published else None,
        "site": extracted.site_name,
        "description": extracted.description,
        "image": extracted.image,
        "lang": lang,
        "reading_minutes": reading_minutes,
        "text": extracted.text,
    }


def export_jsonl(articles: Iterable[Article]) -> Iterator[str]:
    for article in articles:
        yield json.dumps(article_record(article), ensure_ascii=False)


def export_cards(articles: Iterable[Article], reader_lang: str) -> Iterator[str]:
    for index, article in enumerate(articles):
        if index:
            yield CARD_SEPARATOR
        yield render_card(article, reader_lang).rstrip("\n")
