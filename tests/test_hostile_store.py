"""Hostile values against both engines: what SQLite takes and PostgreSQL refuses (a NUL byte,
a value over its column's length) is cleaned and bounded the same way on both; a number past
what the columns hold names nothing; two processes opening a new database take turns."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from concurrent.futures import Executor
from pathlib import Path

import pytest

from localweb import LocalWeb
from pages import STORIES, article_page
from scratch import scratch_schema
from test_end_to_end import Recorder
from veille.cleaning import clean_text
from veille.config import Settings
from veille.core import ArticleFilter, UnknownStory, Veille
from veille.store.articles import UnknownArticle
from veille.store.database import open_engine
from veille.store.sources import UnknownSource
from veille.store.times import day_span

NUL_TITLE = "Breaking\x00 news\x1b[2J with controls\x07"
LONG = "x" * 700


def test_hostile_values_are_stored_alike_on_both_engines(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    """An ETag over 512 characters, a Last-Modified over 128, an author over 512, an image or
    an entry address over 2,048, a NUL in a JSON Feed title and text: every pass used to crash
    on PostgreSQL (DataError), and again at the next."""
    page = article_page(STORIES["en"], "Daily Example").replace(
        "</head>", f'<meta property="og:image" content="https://img.example/{"i" * 3000}.jpg"></head>'
    )
    good = web.route("/news/bridge", page)
    with_nul = web.route("/news/nul", "not html", content_type="application/octet-stream")
    items = [
        {"id": "1", "url": good, "title": NUL_TITLE, "authors": [{"name": LONG}]},
        {"id": "2", "url": with_nul, "title": NUL_TITLE, "content_text": f"Text\x00 {'word ' * 80}"},
        {"id": "3", "url": web.url("/news/" + "a" * 2100), "title": "too long an address"},
    ]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": f"Feed\x00{LONG}", "items": items}
    web.route(
        "/feed.json", json.dumps(feed), content_type="application/feed+json", etag='"' + "e" * 600 + '"',
        last_modified="Tue, 21 Oct 2025 12:00:00 GMT" + "x" * 200,
    )  # fmt: skip
    source = veille.add_source(web.url("/feed.json"))
    assert len(source.name) <= 512 and "\x00" not in source.name
    recorder = Recorder()
    summary = asyncio.run(veille.fetch(recorder, pool))
    assert (summary.fetched, summary.failed, summary.articles_new) == (1, 0, 2), recorder.problems
    for article in veille.articles(ArticleFilter()):
        for value in (article.title, article.text, article.author or "", article.image or ""):
            assert clean_text(value) == value
        assert len(article.author or "") <= 512
        assert article.image is None or len(article.image) <= 2048
    stored = veille.sources()[0]
    assert stored.etag is None and stored.last_modified is None  # too long to be kept, not cut
    summary = asyncio.run(veille.fetch(Recorder(), pool))  # and the next pass is as calm
    assert summary.failed == 0


def test_numbers_past_what_the_columns_hold_name_nothing(veille: Veille) -> None:
    huge = 2**64
    with pytest.raises(UnknownArticle):
        veille.article(huge)
    with pytest.raises(UnknownArticle):
        veille.mark(huge, read=True)
    with pytest.raises(UnknownStory):
        veille.story(huge)
    with pytest.raises(UnknownSource):
        veille.remove_source(str(huge))
    assert veille.articles(ArticleFilter(limit=huge)) == []


def test_the_last_day_of_the_calendar_bounds_nothing(veille: Veille) -> None:
    import datetime as dt

    since, until = day_span(dt.date(9999, 12, 31), dt.date(9999, 12, 31))
    assert since == dt.datetime(9999, 12, 31) and until is None
    assert veille.articles(ArticleFilter(until=day_span(None, dt.date.max)[1])) == []


def _open(url: str) -> str:
    try:
        open_engine(url).dispose()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "ok"


def test_processes_opening_a_new_database_together_take_turns(tmp_path: Path, database_url: str) -> None:
    """Migrations run under a lock (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock): two
    processes used to race, and one failed with a traceback."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as processes:
        for attempt in range(4):
            if database_url.startswith("sqlite"):
                fresh = f"sqlite:///{tmp_path / f'race-{attempt}.db'}"
                assert processes.map(_open, [fresh] * 3) == ["ok"] * 3
            else:
                from conftest import POSTGRES_URL

                with scratch_schema(POSTGRES_URL) as fresh:
                    assert processes.map(_open, [fresh] * 3) == ["ok"] * 3


def test_settings_out_of_range_are_refused_with_the_setting_named(settings: Settings) -> None:
    from veille.config import SettingsError

    for name, value in (("concurrency", 0), ("per_host_concurrency", 0), ("total_timeout", -1),
                        ("max_bytes", -1), ("web_port", 99999), ("interval_minutes", 0)):  # fmt: skip
        with pytest.raises(SettingsError, match=name):
            settings.replace(**{name: value})
