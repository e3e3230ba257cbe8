"""What each fuzzing target checks: any bytes in, only the error its stage documents for bad
input out (and what it returns is well-formed). Plain functions, so that the tests replay the
corpus without the fuzzer; `harness.py` runs them under atheris."""

from __future__ import annotations

from collections.abc import Callable

from veille.addresses import web_address
from veille.cleaning import clean_text
from veille.extract.page import NotAnArticle, extract_article
from veille.fetch.charset import decode
from veille.sources.feeds import NotAFeed, parse_feed
from veille.sources.opml import NotOpml, read_opml
from veille.store.identity import canonical_url

BASE = "https://news.example/section/"


def feed(data: bytes) -> None:
    try:
        parsed = parse_feed(data, BASE)
    except NotAFeed:
        return
    for entry in parsed.entries:
        assert web_address(entry.url) == entry.url, entry.url


def page(data: bytes) -> None:
    try:
        extracted = extract_article(decode(data), BASE + "article.html")
    except NotAnArticle:
        return
    assert extracted.text.strip()


def opml(data: bytes) -> None:
    try:
        outlines = read_opml(data)
    except NotOpml:
        return
    assert all(web_address(outline.url) == outline.url for outline in outlines)


def address(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    for candidate in (web_address(text), web_address(text, BASE)):
        if candidate is not None:
            canonical = canonical_url(candidate)
            assert canonical.startswith(("http://", "https://")), canonical
    assert clean_text(clean_text(text)) == clean_text(text)


TARGETS: dict[str, Callable[[bytes], None]] = {"feed": feed, "page": page, "opml": opml, "address": address}
