"""A small web of news sites on 127.0.0.1, followed end to end: feeds in RSS, Atom and JSON
Feed, article pages in five languages, a second pass answered 304, cards checked."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from localweb import LocalWeb
from pages import STORIES, article_page, atom, json_feed, rss
from veille.config import Settings
from veille.core import ArticleFilter, Veille
from veille.show.card import render_card
from veille.store.articles import save_article
from veille.types import NewArticle, Source
from veille.update import ADMITTED_PER_CONNECTION, PassSummary


class Recorder:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.new: list[int] = []

    def start(self, sources: int) -> None:
        pass

    def source_done(self, source: Source, outcome: str | None) -> None:
        pass

    def article_new(self, number: int, title: str) -> None:
        self.new.append(number)

    def problem(self, message: str) -> None:
        self.problems.append(message)


def build_web(web: LocalWeb) -> dict[str, str]:
    """Three sites; the English article is listed by two feeds (once with tracking)."""
    urls: dict[str, str] = {}
    for lang, site in (("en", "Daily Example"), ("fr", "Le Quotidien"), ("de", "Tagesblatt")):
        story = STORIES[lang]
        urls[lang] = web.route(f"/{lang}/{story.slug}", article_page(story, site))
    for lang in ("es", "ru"):
        story = STORIES[lang]
        urls[lang] = web.route(f"/{lang}/{story.slug}", article_page(story, "El Ejemplo", jsonld=False))
    web.route(
        "/rss.xml",
        rss("Daily Example", web.url("/"), [(urls["en"], STORIES["en"]), (urls["fr"], STORIES["fr"])]),
        content_type="application/rss+xml",
        etag='"rss-1"',
    )
    web.route(
        "/atom.xml",
        atom("Tagesblatt", web.url("/"), [(urls["de"], STORIES["de"]), (urls["es"], STORIES["es"])]),
        content_type="application/atom+xml",
        last_modified="Tue, 21 Oct 2025 12:00:00 GMT",
    )
    tracked = urls["en"] + "?utm_source=feed&utm_medium=json"
    web.route(
        "/feed.json",
        json_feed("Vestnik", web.url("/"), [(urls["ru"], STORIES["ru"]), (tracked, STORIES["en"])]),
        content_type="application/feed+json",
        etag='"json-1"',
    )
    return urls


def fetch(veille: Veille, pool: Executor) -> tuple[PassSummary, Recorder]:
    recorder = Recorder()
    return asyncio.run(veille.fetch(recorder, pool)), recorder


def test_follow_a_small_web_end_to_end(web: LocalWeb, veille: Veille, pool: Executor) -> None:
    urls = build_web(web)
    for path in ("/rss.xml", "/atom.xml", "/feed.json"):
        veille.add_source(web.url(path))
    summary, recorder = fetch(veille, pool)
    assert recorder.problems == []
    assert (summary.fetched, summary.failed, summary.articles_new) == (3, 0, 5)
    assert web.hits["/en/harbour-bridge"] == 1  # listed twice, fetched and stored once

    stored = {a.lang or "": a for a in veille.articles(ArticleFilter())}
    assert sorted(stored) == ["de", "en", "es", "fr", "ru"]
    english = stored["en"]
    assert english.url == urls["en"]
    assert english.title == STORIES["en"].title  # without " | Daily Example"
    assert english.author == "Margaret Ellison"
    assert english.site == "127.0.0.1"
    assert english.published == STORIES["en"].published
    assert english.reading_minutes == 1  # 190 words at 228 a minute
    assert english.paragraphs == list(STORIES["en"].paragraphs)
    assert not english.from_feed

    card = render_card(english, "fr")
    blocks = card.rstrip("\n").split("\n\n")
    assert re.fullmatch(r"20/10/2025 127\.0\.0\.1 \u202f1min 🇬🇧 #\d+", blocks[0])
    assert blocks[1:5] == [english.title, english.title, "Margaret Ellison", "October 20, 2025"]
    assert blocks[5:-1] == list(STORIES["en"].paragraphs)
    assert blocks[-1] == "127.0.0.1"
    assert "Most read" not in card and "cookies" not in card

    french_card = render_card(stored["fr"], "fr").split("\n\n")
    assert "🇫🇷" in french_card[0] and "21 octobre 2025" in french_card

    sources = {s.url: s for s in veille.sources()}
    assert sources[web.url("/feed.json")].article_count == 2
    assert sources[web.url("/rss.xml")].article_count == 2


def test_second_pass_is_answered_304_and_stores_nothing_twice(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    build_web(web)
    for path in ("/rss.xml", "/atom.xml", "/feed.json"):
        veille.add_source(web.url(path))
    fetch(veille, pool)
    numbers = sorted(a.id for a in veille.articles(ArticleFilter()))
    with veille.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
    summary, _ = fetch(veille, pool)
    assert (summary.not_modified, summary.fetched, summary.articles_new) == (3, 0, 0)
    assert sorted(a.id for a in veille.articles(ArticleFilter())) == numbers
    assert web.hits["/en/harbour-bridge"] == 1


def test_a_pass_asked_for_while_one_runs_starts_nothing(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    """The web's "fetch now", clicked twice, or while the main job runs a pass."""
    build_web(web)
    veille.add_source(web.url("/rss.xml"))  # reads the feed's title
    with veille.passing:  # another pass is running
        assert asyncio.run(veille.fetch_unless_busy(Recorder(), pool)) is None
    assert web.hits["/rss.xml"] == 1 and "/en/harbour-bridge" not in web.hits
    summary = asyncio.run(veille.fetch_unless_busy(Recorder(), pool))
    assert summary is not None and summary.articles_new == 2
    assert not veille.passing.locked()


def test_numbers_are_stable_and_never_reused(web: LocalWeb, veille: Veille, pool: Executor) -> None:
    build_web(web)
    veille.add_source(web.url("/rss.xml"))
    fetch(veille, pool)
    first = sorted(a.id for a in veille.articles(ArticleFilter()))
    with veille.engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM articles WHERE id = {first[-1]}")
    veille.add_source(web.url("/atom.xml"))
    fetch(veille, pool)
    after = sorted(a.id for a in veille.articles(ArticleFilter()))
    assert first[-1] not in after
    assert min(set(after) - set(first)) > first[-1]


def test_bad_sources_and_pages_each_get_one_clear_message(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    urls = build_web(web)
    web.route("/broken.xml", "<html><body>This is not a feed</body></html>")
    web.route("/pdf/report", b"%PDF-1.4 binary", content_type="application/pdf")
    web.route("/empty", "", content_type="text/html")
    feed_items = [(web.url("/pdf/report"), STORIES["fr"]), (web.url("/empty"), STORIES["de"])]
    web.route("/mixed.xml", rss("Mixed", web.url("/"), [(urls["es"], STORIES["es"]), *feed_items]))
    for path in ("/broken.xml", "/missing.xml", "/mixed.xml"):
        veille.add_source(web.url(path)) if path == "/mixed.xml" else _add_raw(veille, web.url(path))
    summary, recorder = fetch(veille, pool)
    assert summary.failed == 2 and summary.articles_new == 3
    assert any("pas un flux" in p for p in recorder.problems)  # in the reader's language
    assert any("HTTP 404" in p for p in recorder.problems)
    assert any("pas une page HTML (application/pdf)" in p for p in recorder.problems)
    stored = {a.url: a for a in veille.articles(ArticleFilter())}
    assert stored[web.url("/pdf/report")].from_feed  # the feed's summary stands in
    assert stored[web.url("/empty")].from_feed
    assert not stored[urls["es"]].from_feed
    errors = {s.url: s.last_error for s in veille.sources()}
    assert "HTTP 404" in (errors[web.url("/missing.xml")] or "")
    assert errors[web.url("/mixed.xml")] is None


def _add_raw(veille: Veille, url: str) -> None:
    """Follows `url` as it is, as an OPML import does, without checking it first."""
    opml = f'<opml version="2.0"><body><outline text="x" xmlUrl="{url}"/></body></opml>'
    veille.import_opml(opml.encode())


def test_failing_source_backs_off(web: LocalWeb, veille: Veille, pool: Executor) -> None:
    _add_raw(veille, web.url("/gone.xml"))
    fetch(veille, pool)
    fetch(veille, pool)  # not due again yet: no second request
    assert web.hits["/gone.xml"] == 1
    (source,) = veille.sources()
    assert source.error_count == 1 and source.next_fetch_at is not None


def test_unfetchable_entry_is_retried_next_pass(web: LocalWeb, veille: Veille, pool: Executor) -> None:
    story = STORIES["en"]
    page = web.url("/later")
    feed = rss("Later", web.url("/"), [(page, story)]).replace(
        f"<description>{story.paragraphs[0]}</description>", ""
    )
    web.route("/later.xml", feed, etag='"l1"')
    veille.add_source(web.url("/later.xml"))
    summary, _ = fetch(veille, pool)
    assert summary.articles_new == 0
    web.route("/later", article_page(story, "Daily Example"))
    with veille.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
    summary, _ = fetch(veille, pool)
    assert summary.articles_new == 1 and summary.not_modified == 1  # the feed itself answered 304
    assert web.hits["/later.xml"] == 3  # added, then two passes


def test_an_article_nobody_dates_is_placed_at_the_end_of_the_pass(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    dated, undated = STORIES["en"], STORIES["fr"]
    first, second = web.url("/undated"), web.url("/dated")
    page = article_page(undated, "Sans Date", jsonld=False)
    web.route("/undated", re.sub(r'<meta property="article:published_time"[^>]*>', "", page))
    web.route("/dated", article_page(dated, "Daily Example"), delay=0.5)  # stored second
    feed = rss("Mixed", web.url("/"), [(first, undated), (second, dated)])
    web.route("/mixed.xml", re.sub(r"<pubDate>[^<]*</pubDate>", "", feed, count=1))
    veille.add_source(web.url("/mixed.xml"))
    summary, recorder = fetch(veille, pool)
    assert summary.articles_new == 2, recorder.problems
    placed = {a.url: a for a in veille.articles(ArticleFilter(originals_only=False))}
    assert placed[first].published is None and placed[second].published is not None
    undated_story, dated_story = placed[first].story, placed[second].story
    assert undated_story is not None and dated_story is not None  # both placed by the pass's end
    assert dated_story <= undated_story  # stories are numbered as made: the dated article went first


def test_the_next_pass_places_what_a_stopped_pass_left_unplaced(veille: Veille, pool: Executor) -> None:
    """Stored, then stopped before its story was found: the next pass places it (undated: at its end)."""
    left: dict[str, int] = {}
    for lang, published in (("fr", None), ("en", STORIES["en"].published)):  # the undated stored first
        story = STORIES[lang]
        article = NewArticle(
            url=f"https://{lang}.example/{story.slug}", site=f"{lang}.example", title=story.title,
            author=None, published=published, lang=lang, reading_minutes=1, word_count=100,
            text="\n\n".join(story.paragraphs), description=None, image=None, from_feed=False,
        )  # fmt: skip
        left[lang], _ = save_article(veille.engine, article, None)
    assert all(veille.article(number).story is None for number in left.values())
    fetch(veille, pool)  # no source is due: the pass only takes up what was left
    dated, undated = veille.article(left["en"]).story, veille.article(left["fr"]).story
    assert dated is not None and undated is not None
    assert dated <= undated  # stories are numbered as made: the dated article went first


class CountingPool(ThreadPoolExecutor):
    """Extraction in threads, slowed, counting the pages handed over and not yet extracted."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.waiting = self.most = 0
        self.lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self.lock:
            self.waiting += 1
            self.most = max(self.most, self.waiting)

        def counted() -> Any:
            time.sleep(0.02)
            try:
                return fn(*args, **kwargs)
            finally:
                with self.lock:
                    self.waiting -= 1

        return super().submit(counted)


def test_a_large_feed_holds_a_bounded_number_of_pages(web: LocalWeb, settings: Settings) -> None:
    """Sixty entries, extraction slower than fetching: the pages waiting for a worker stay
    within `concurrency` × ADMITTED_PER_CONNECTION, and every article is stored."""
    story = STORIES["en"]
    items = []
    for index in range(60):
        own = f"Paragraph of its own, number {index}."
        numbered = replace(
            story, slug=f"{story.slug}-{index}", title=f"{story.title} ({index})",
            paragraphs=(*story.paragraphs, own),
        )  # fmt: skip
        items.append((web.route(f"/news/{index}", article_page(numbered, "Daily Example")), numbered))
    web.route("/rss.xml", rss("Daily Example", web.url("/"), items), content_type="application/rss+xml")
    chosen = settings.replace(concurrency=3, per_host_concurrency=3, per_host_delay=0)
    with Veille(chosen) as veille, CountingPool() as pool:
        veille.add_source(web.url("/rss.xml"))
        summary, _ = fetch(veille, pool)
    assert summary.articles_new == 60
    assert 1 < pool.most <= 3 * ADMITTED_PER_CONNECTION
