"""The `veille` command, as a user runs it."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from typer.testing import CliRunner

from events import SUMMIT
from localweb import LocalWeb
from pages import STORIES, article_page, rss
from veille.cli import app
from veille.config import load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.store.database import engine_url
from veille.store.times import day_span
from web_fixtures import fill_demo, free_port, wait_until_served

runner = CliRunner()
FAST = {"VEILLE_PER_HOST_DELAY": "0"}


def veille(database_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", database_url, *args], env=FAST, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def serve_site(web: LocalWeb) -> None:
    items = []
    for lang in ("en", "fr"):
        story = STORIES[lang]
        items.append((web.route(f"/{story.slug}", article_page(story, "Daily Example")), story))
    web.route("/rss.xml", rss("Daily Example", web.url("/"), items), content_type="application/rss+xml")
    web.route(
        "/",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
        "<body>home</body></html>",
    )


def test_list_shows_the_story_headline_then_the_own_title(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    with Veille(settings) as veille_:
        numbers = fill_demo(veille_, Grouper(veille_.engine))
    result = runner.invoke(app, ["--home", str(tmp_path), "list", "--article-lang", "es"], env=FAST)
    assert result.stdout.splitlines()[1:] == [f"  {SUMMIT['fr'][0]}", f"  {SUMMIT['es'][0]}"]
    assert result.stdout.startswith(f"12/03/2026 es.news.example \u202f1min 🇪🇸 #{numbers['summit-es']}\n")
    result = runner.invoke(app, ["--home", str(tmp_path), "list", "--article-lang", "fr"], env=FAST)
    assert f"  {SUMMIT['fr'][0]}\n" in result.stdout  # a French title is the headline: shown once
    assert result.stdout.count(SUMMIT["fr"][0]) == 1


def test_source_add_discovers_the_feed_of_a_site(web: LocalWeb, database_url: str) -> None:
    serve_site(web)
    code, out, _ = veille(database_url, "source", "add", web.url("/"))
    assert code == 0 and web.url("/rss.xml") in out and "Daily Example" in out
    code, _, err = veille(database_url, "source", "add", web.url("/rss.xml"))
    assert code == 1 and "déjà suivie" in err


def test_source_add_tries_the_usual_paths(web: LocalWeb, database_url: str) -> None:
    web.route("/", "<html><head></head><body>no link</body></html>")
    web.route("/feed", rss("Usual", web.url("/"), []), content_type="application/rss+xml")
    code, out, _ = veille(database_url, "source", "add", web.url("/"), "--name", "Mine")
    assert code == 0 and f"Mine <{web.url('/feed')}>" in out


def test_source_add_without_feed_or_host_is_one_clear_line(web: LocalWeb, database_url: str) -> None:
    web.route("/", "<html><body>nothing here</body></html>")
    code, _, err = veille(database_url, "source", "add", web.url("/"))
    assert code == 1 and err.count("\n") == 1 and "ni flux, ni sitemap" in err
    code, _, err = veille(database_url, "source", "add", "http://127.0.0.1:9/feed")
    assert code == 1 and err.startswith("erreur : 127.0.0.1:9 : hôte injoignable")


def test_fetch_list_show_export(web: LocalWeb, database_url: str) -> None:
    serve_site(web)
    veille(database_url, "source", "add", web.url("/rss.xml"))
    code, _, err = veille(database_url, "fetch")
    assert code == 0
    assert "1 source : 1 relevée, 0 inchangée, 0 en échec ; 2 nouveaux articles ; " in err
    assert "Daily Example : 2 nouvelles entrées\n" in err

    code, out, _ = veille(database_url, "list")
    lines = out.splitlines()
    assert len(lines) == 4 and lines[0].startswith("21/10/2025 127.0.0.1 \u202f1min 🇫🇷 #")
    assert lines[1] == f"  {STORIES['fr'].title}"
    number = lines[0].rsplit("#", 1)[1]

    code, out, _ = veille(database_url, "show", number)
    assert code == 0 and out.split("\n\n")[2] == STORIES["fr"].title and "21 octobre 2025" in out
    code, out, _ = veille(database_url, "show", number, "--lang", "en")
    assert out.startswith("10/21/2025 ")

    code, out, _ = veille(database_url, "list", "--article-lang", "en", "--since", "2025-10-01")
    assert len(out.splitlines()) == 2 and "🇬🇧" in out
    code, out, _ = veille(database_url, "list", "--since", "2025-10-21")
    assert len(out.splitlines()) == 2 and "🇫🇷" in out
    code, out, _ = veille(database_url, "list", "--until", "2025-10-20")  # the day included
    assert len(out.splitlines()) == 2 and "🇬🇧" in out
    code, out, _ = veille(database_url, "list", "--search", "DEBATS municipal")  # accents, case ignored
    assert len(out.splitlines()) == 2 and "🇫🇷" in out
    code, out, _ = veille(database_url, "list", "--unread")  # `show` marked the French one read
    assert len(out.splitlines()) == 2 and "🇬🇧" in out
    code, out, _ = veille(database_url, "list", "--starred")
    assert code == 0 and out == ""
    assert veille(database_url, "mark", number, "--unread", "--star")[0] == 0
    code, out, _ = veille(database_url, "list", "--starred", "--unread")
    assert len(out.splitlines()) == 2 and "🇫🇷" in out
    code, _, err = veille(database_url, "mark", number)
    assert (code, err) == (1, "erreur : dites comment : --read, --unread, --star ou --unstar\n")
    code, _, err = veille(database_url, "mark", "424242", "--read")
    assert (code, err) == (1, "erreur : pas d'article n° 424242\n")
    code, _, err = veille(database_url, "list", "--until", "21/10/2025")
    assert (code, err) == (1, "erreur : --until : '21/10/2025' n'est pas une date (AAAA-MM-JJ)\n")

    code, out, _ = veille(database_url, "stories")
    english = re.search(r"^#(\d+) 20/10/2025 1 article 🇬🇧1$", out, re.MULTILINE)  # French plural rules
    assert code == 0 and english, out
    code, out, _ = veille(database_url, "list", "--stories", "--search", "harbour bridge")
    assert len(out.splitlines()) == 2 and out.splitlines()[0] == english[0]  # the stories of those kept
    code, out, _ = veille(database_url, "list", "--stories", "--article-lang", "fr", "--until", "2025-10-20")
    assert code == 0 and out == ""
    code, out, _ = veille(database_url, "story", english[1])
    assert code == 0 and "\n🇬🇧 Anglais\n" in out  # languages named in the reader's language

    code, out, _ = veille(database_url, "export", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["lang"] for r in records} == {"en", "fr"}
    wanted = {"id", "url", "site", "source", "title", "headline", "author", "published", "lang"}
    assert wanted | {"reading_minutes", "text"} <= set(records[0])
    assert records[0]["published"] == STORIES["fr"].published.isoformat()
    code, out, _ = veille(database_url, "export", "--format", "cards")
    assert out.count("\n---\n") == 1
    code, out, _ = veille(database_url, "export", "--search", "harbour", "--since", "2025-10-20")
    assert [json.loads(line)["lang"] for line in out.splitlines()] == ["en"]

    code, out, _ = veille(database_url, "source", "list")
    assert "Daily Example" in out and " 2 " in out


def test_unknown_number_and_source_are_one_clear_line(database_url: str) -> None:
    code, _, err = veille(database_url, "show", "424242")
    assert (code, err) == (1, "erreur : pas d'article n° 424242\n")
    code, _, err = veille(database_url, "source", "remove", "77")
    assert code == 1 and "pas de source '77'" in err


def test_opml_import_export_remove(tmp_path: Path, database_url: str) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="http://a.example/rss"/>'
        '<outline text="B" xmlUrl="http://b.example/rss"/></body></opml>'
    )
    code, out, _ = veille(database_url, "source", "import", str(opml))
    assert "2 sources ajoutées, 0 déjà suivie(s)" in out
    code, out, _ = veille(database_url, "source", "import", str(opml))
    assert "0 source ajoutée, 2 déjà suivie(s)" in out
    code, out, _ = veille(database_url, "source", "export")
    assert out.startswith("<?xml") and "http://a.example/rss" in out and "http://b.example/rss" in out
    code, out, _ = veille(database_url, "source", "remove", "http://a.example/rss")
    assert code == 0 and "retirée" in out
    code, out, _ = veille(database_url, "source", "export")
    assert "http://a.example/rss" not in out


def test_opml_import_of_something_else_is_one_clear_line(tmp_path: Path, database_url: str) -> None:
    bad = tmp_path / "feed.xml"
    bad.write_text("<rss version='2.0'><channel/></rss>")
    code, _, err = veille(database_url, "source", "import", str(bad))
    assert code == 1 and "pas un fichier OPML" in err
    code, _, err = veille(database_url, "source", "import", str(tmp_path / "missing.opml"))
    assert code == 1 and "aucun fichier ou dossier de ce nom" in err


def test_starter_list_has_30_feeds_in_8_languages(database_url: str) -> None:
    code, out, _ = veille(database_url, "source", "add", "--starter")
    assert code == 0 and "30 sources ajoutées" in out
    code, out, _ = veille(database_url, "source", "export")
    assert out.count("xmlUrl=") == 30


def test_extract_files_in_all_formats(tmp_path: Path) -> None:
    pages = []
    for lang in ("en", "de", "ru"):
        path = tmp_path / f"{lang}.html.gz"
        path.write_bytes(gzip.compress(article_page(STORIES[lang], "Site").encode()))
        pages.append(str(path))
    result = runner.invoke(app, ["extract", pages[0]])
    assert result.exit_code == 0 and "title: " + STORIES["en"].title in result.stdout
    result = runner.invoke(app, ["extract", pages[1], "--format", "json", "--url", "https://s.example/a"])
    assert json.loads(result.stdout)["url"] == "https://s.example/a"
    result = runner.invoke(app, ["extract", *pages, "--format", "jsonl", "--workers", "2"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == pages
    assert [r["lang"] for r in records] == ["en", "de", "ru"]
    assert records[2]["text"].startswith(STORIES["ru"].paragraphs[0])


def test_extract_of_a_page_without_article_fails_clearly(tmp_path: Path, web: LocalWeb) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1 and "empty.html : page vide" in result.stderr
    url = web.route("/a", article_page(STORIES["es"], "Ejemplo"))
    result = runner.invoke(app, ["extract", url, "--format", "jsonl"])
    assert json.loads(result.stdout)["lang"] == "es"


def test_a_story_model_that_cannot_load_is_one_warning_after_the_pass(
    web: LocalWeb, database_url: str, tmp_path: Path
) -> None:
    serve_site(web)
    veille(database_url, "source", "add", web.url("/rss.xml"))
    result = runner.invoke(
        app, ["--db", database_url, "fetch"], env={**FAST, "VEILLE_STORY_MODEL": str(tmp_path / "missing")}
    )
    assert result.exit_code == 0
    assert "2 nouveaux articles" in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("attention : le modèle")]
    assert len(warnings) == 1 and "n'a pas pu être chargé" in warnings[0]
    code, out, _ = veille(database_url, "list", "--stories")
    assert code == 0 and out.strip()  # stories were made all the same, from keys


def test_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "veille.toml").write_text("interval_minutes = 'often'\n")
    result = runner.invoke(app, ["--home", str(home), "source", "list"])
    assert result.exit_code == 1 and "interval_minutes" in result.stderr


def stored_articles(engine: Engine) -> int:
    """How many articles another process has stored so far (0 before it created its tables)."""
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except (OperationalError, ProgrammingError):
        return 0


def follow_slow_feed(web: LocalWeb, database_url: str, pages: int, delay: float) -> None:
    """A source whose `pages` articles take `delay` seconds each to serve: a pass over it is still
    fetching when a test stops it."""
    items = []
    for index in range(pages):
        story = STORIES[("en", "fr", "de", "es")[index % 4]]
        items.append((web.route(f"/slow/{index}", article_page(story, "Slow"), delay=delay), story))
    web.route("/slow.xml", rss("Slow", web.url("/"), items), content_type="application/rss+xml", etag='"s"')
    veille(database_url, "source", "add", web.url("/slow.xml"))


def wait_for_first_article(database_url: str) -> None:
    """Until another process has stored its first article (a minute at most)."""
    deadline = time.monotonic() + 60
    watcher = create_engine(engine_url(database_url))
    while time.monotonic() < deadline and stored_articles(watcher) == 0:
        time.sleep(0.05)
    watcher.dispose()


def test_fetch_killed_with_sigkill_loses_nothing_and_stores_nothing_twice(
    web: LocalWeb, database_url: str, tmp_path: Path
) -> None:
    """A pass killed mid-way (SIGKILL) is taken up by the next; no article is stored twice."""
    follow_slow_feed(web, database_url, pages=12, delay=0.4)
    env = {**os.environ, "VEILLE_DB": database_url, "VEILLE_PER_HOST_CONCURRENCY": "1",
           "VEILLE_PER_HOST_DELAY": "0", "VEILLE_WORKERS": "1"}  # fmt: skip
    command = [sys.executable, "-m", "veille", "fetch"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_first_article(database_url)  # killed then: the other pages take 4 s more
    process.send_signal(signal.SIGKILL)
    process.wait()
    _, out, _ = veille(database_url, "export", "--format", "jsonl")
    before = [json.loads(line)["url"] for line in out.splitlines()]
    assert 0 < len(before) < 12

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    _, out, _ = veille(database_url, "export", "--format", "jsonl")
    after = [json.loads(line)["url"] for line in out.splitlines()]
    assert sorted(after) == sorted(set(after)) and len(after) == 12
    assert set(before) <= set(after)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_pass_stopped_midway_says_so_in_one_line(
    web: LocalWeb, database_url: str, tmp_path: Path, stop: signal.Signals
) -> None:
    """Ctrl-C or SIGTERM while the pass's pages are being fetched: one line says the pass stopped,
    and nothing after it (no traceback of a task interrupted halfway, no task exception "never
    retrieved"); what was stored stays, and the next pass takes up the rest."""
    follow_slow_feed(web, database_url, pages=8, delay=0.5)
    env = {**os.environ, "VEILLE_DB": database_url, "VEILLE_HOME": str(tmp_path), "VEILLE_WORKERS": "1",
           "VEILLE_PER_HOST_CONCURRENCY": "2", "VEILLE_PER_HOST_DELAY": "0"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "veille", "fetch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    wait_for_first_article(database_url)  # stopped then, with the next pages being fetched
    process.send_signal(stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.rstrip().splitlines()[-1] == "erreur : arrêté", err
    assert "Traceback" not in err and "never retrieved" not in err, err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_run_adds_the_starter_list_serves_and_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    """`veille run` on an empty home, not on a terminal: it follows the starter list, says per
    source that it cannot reach it (every request goes to a dead local proxy: no test touches the
    internet), serves the reader, and stops on Ctrl-C or SIGTERM (a service manager's stop) with
    its workers shut down, nothing left behind."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    port = free_port()
    env = {
        **os.environ, "VEILLE_HOME": str(tmp_path / "home"), "HTTP_PROXY": f"http://127.0.0.1:{dead}",
        "HTTPS_PROXY": f"http://127.0.0.1:{dead}", "NO_PROXY": "", "VEILLE_RETRIES": "0",
    }  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "veille", "run", "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert wait_until_served(port)
    time.sleep(2)
    process.send_signal(stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "30 sources de départ suivies" in err
    assert "hôte injoignable" in err
    assert err.rstrip().endswith("arrêté")  # no traceback, no leaked-semaphore warning after it


def test_a_span_of_days_includes_both_of_its_days() -> None:
    """--since and --until, and the web reader's filter: from the first moment of the first day
    up to the first moment of the day after the last, excluded."""
    start, end = day_span(date(2025, 10, 1), date(2025, 10, 20))
    assert start == datetime(2025, 10, 1) and end == datetime(2025, 10, 21)
    assert day_span(None, None) == (None, None)


def test_the_cli_starts_without_the_heavy_libraries_only_some_commands_need() -> None:
    """`veille list` and the like start in under a second: scipy (through datasketch, for
    reprints) and FastAPI (for serving) are imported where they are used."""
    check = "import sys, veille.cli; print(sorted({'scipy', 'fastapi', 'datasketch'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
