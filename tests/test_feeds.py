import json

import pytest

from pages import STORIES, atom, json_feed, rss
from veille.sources.feeds import NotAFeed, parse_feed

BASE = "http://news.example/feed"
ITEMS = [("http://news.example/a", STORIES["en"]), ("http://news.example/b", STORIES["fr"])]


def test_rss_2() -> None:
    feed = parse_feed(rss("Example", "http://news.example/", ITEMS).encode(), BASE)
    assert feed.title == "Example"
    assert [e.url for e in feed.entries] == ["http://news.example/a", "http://news.example/b"]
    assert feed.entries[0].published == STORIES["en"].published
    assert feed.problem is None


def test_atom() -> None:
    feed = parse_feed(atom("Example", "http://news.example/", ITEMS).encode(), BASE)
    assert [e.title for e in feed.entries] == [STORIES["en"].title, STORIES["fr"].title]
    assert feed.entries[1].author == "Claire Dubois"


def test_json_feed() -> None:
    feed = parse_feed(json_feed("Example", "http://news.example/", ITEMS).encode(), BASE)
    assert feed.site_url == "http://news.example/"
    assert feed.entries[0].author == "Margaret Ellison"
    assert feed.entries[0].content_html and "harbour" in feed.entries[0].content_html


def test_rss_1_rdf() -> None:
    content = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://news.example/"><title>RDF news</title><link>http://news.example/</link>
 <description>d</description></channel>
 <item rdf:about="http://news.example/one"><title>One</title><link>http://news.example/one</link>
 <dc:date>2025-10-20T10:00:00+02:00</dc:date></item>
</rdf:RDF>"""
    feed = parse_feed(content, BASE)
    assert [e.url for e in feed.entries] == ["http://news.example/one"]
    assert feed.entries[0].published is not None and feed.entries[0].published.hour == 8


def test_rss_091_with_relative_links() -> None:
    content = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://news.example/</link><item><title>Relative</title><link>/2025/relative</link></item>
</channel></rss>"""
    feed = parse_feed(content, BASE)
    assert feed.entries[0].url == "http://news.example/2025/relative"


def test_malformed_feed_keeps_what_can_be_read() -> None:
    broken = rss("Example", "http://news.example/", ITEMS).replace("</channel></rss>", "<item><title>cut")
    feed = parse_feed(broken.encode(), BASE)
    assert [e.url for e in feed.entries] == ["http://news.example/a", "http://news.example/b"]
    assert feed.problem is not None and "malformed" in feed.problem


@pytest.mark.parametrize(
    "content",
    [b"<html><body><p>Just a page</p></body></html>", b"", b"\x89PNG\r\n\x1a\n\x00\x00", b'{"a": 1}'],
)
def test_not_a_feed(content: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(content, BASE)


def test_json_feed_without_items_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed):
        parse_feed(json.dumps({"version": "https://jsonfeed.org/version/1.1"}).encode(), BASE)
