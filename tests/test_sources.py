import pytest

from veille.sources.discovery import declared_feeds, usual_feed_urls
from veille.sources.opml import NotOpml, read_opml, write_opml
from veille.store.identity import canonical_url
from veille.types import Source


def test_declared_feeds_prefer_rss_and_atom_and_resolve_links() -> None:
    page = """<html><head>
    <link rel="alternate" type="application/json" href="/feed.json">
    <link rel="alternate" type="application/atom+xml" href="/atom.xml">
    <link rel="alternate" type="application/rss+xml" href="https://cdn.example/rss">
    <link rel="stylesheet" href="/style.css"></head></html>"""
    assert declared_feeds(page, "https://news.example/world/") == [
        "https://cdn.example/rss",
        "https://news.example/atom.xml",
        "https://news.example/feed.json",
    ]


def test_no_declared_feed_gives_the_usual_paths() -> None:
    assert declared_feeds("<html><head></head></html>", "https://news.example/") == []
    assert "https://news.example/feed" in usual_feed_urls("https://news.example/section/")


def test_opml_round_trip_with_nested_categories() -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
    <outline text="World"><outline text="One" xmlUrl="https://one.example/rss"/></outline>
    <outline title="Two" text="2" xmlUrl=" https://two.example/feed "/></body></opml>"""
    outlines = read_opml(opml)
    assert [(o.url, o.name) for o in outlines] == [
        ("https://one.example/rss", "One"),
        ("https://two.example/feed", "Two"),
    ]
    source = Source(1, "https://one.example/rss", "One & Co", None, None, None, 0, None)
    again = read_opml(write_opml([source]).encode())
    assert [(o.url, o.name) for o in again] == [("https://one.example/rss", "One & Co")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not xml at all", "not an OPML file"),
        (b"<rss version='2.0'><channel/></rss>", "root element is <rss>"),
        (b"<opml version='2.0'><body><outline text='x'/></body></opml>", "without any feed"),
    ],
)
def test_not_opml(content: bytes, reason: str) -> None:
    with pytest.raises(NotOpml, match=reason):
        read_opml(content)


def test_canonical_url_drops_tracking_and_fragment() -> None:
    assert canonical_url("HTTPS://News.Example:443/a?utm_source=x&id=3&fbclid=1#top") == (
        "https://news.example/a?id=3"
    )
    assert canonical_url("http://news.example") == "http://news.example/"
    assert canonical_url("https://news.example/a?b=2&a=1") == canonical_url("https://news.example/a?a=1&b=2")
