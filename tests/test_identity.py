"""An article's identity: the address shapes of the common CMSs keep what names the article,
and lose only what tracks the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.store.identity import canonical_url

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

KEPT = [
    "http://www.24haubenin.info/?Le-Paris-Saint-Germain-remporte-sa-premiere-Ligue-des-Champions",  # SPIP
    "https://www.example.fr/spip.php?article123",  # SPIP
    "https://blog.example.com/?p=123",  # WordPress
    "https://site.example.org/node/123",  # Drupal
    "https://www.example.it/index.php?id=45&option=com_content&view=article",  # Joomla
    "https://news.example.com/Article.aspx?id=9876",  # ASP.NET
    "https://news.example.com/story.php?sid=20251020",  # a story id, not a session
    "https://www.aljazeera.example/news/2025/10/20/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1",  # Arabic path
    "https://ria.example/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/20251020/",  # Cyrillic path
    "https://xn--bcher-kva.example/artikel",  # IDN host
    "https://news.example/a%2Fb",  # an escaped slash is not a slash
]


@pytest.mark.parametrize("url", KEPT)
def test_what_names_the_article_is_kept(url: str) -> None:
    assert canonical_url(url) == url
    assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_two_articles_of_a_spip_site_are_two_addresses() -> None:
    first = canonical_url("http://www.24haubenin.info/?Le-Paris-Saint-Germain-remporte")
    second = canonical_url("http://www.24haubenin.info/?Une-autre-nouvelle")
    assert first != second and canonical_url("http://www.24haubenin.info/") not in (first, second)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://News.Example:443/a?utm_source=x&id=3&fbclid=1#top", "https://news.example/a?id=3"),
        ("https://news.example/a?b=2&a=1&gclid=z&PHPSESSID=abc", "https://news.example/a?a=1&b=2"),
        ("https://Bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
        ("https://ar.example/أخبار", "https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"),
        ("http://news.example", "http://news.example/"),
        ("http://news.example:8080/x", "http://news.example:8080/x"),
        ("https://news.example/x?q=%c3%a9", "https://news.example/x?q=%C3%A9"),
    ],
)
def test_what_tracks_the_reader_or_varies_in_spelling_goes(given: str, canonical: str) -> None:
    assert canonical_url(given) == canonical


def test_the_real_pages_addresses_stay_distinct() -> None:
    """Every page of the shared corpora keeps an address of its own."""
    urls = [
        page["url"]
        for page in json.loads((SHARED / "extraction-dev" / "ground-truth.json").read_text()).values()
    ]
    lines = (SHARED / "stories-dev" / "articles.jsonl").read_text().splitlines()
    urls += [json.loads(line)["url"] for line in lines]
    distinct = set(urls)
    assert len({canonical_url(url) for url in distinct}) == len(distinct)


def test_a_parameter_with_and_without_a_value_sorts() -> None:
    """Found by the fuzzer: `?a&a=1` compared None with a string."""
    assert canonical_url("https://news.example/?b=2&a&a=1") == "https://news.example/?a&a=1&b=2"
