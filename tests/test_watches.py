"""Watches on both engines: the percolator means what the database search means, stories are
told once (not their copies), messages are batched, queued and retried until a real SMTP
server and a webhook take them, rules are applied and undone, press reviews are written."""

from __future__ import annotations

import asyncio
import email
import json
import random
import socket
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from events import BODY, PUTIN, SEARCHED
from localweb import LocalWeb
from pages import STORIES, article_page, rss
from veille.cli import app
from veille.core import ArticleFilter, Veille
from veille.enrich.grouping import Grouper
from veille.extract.text import count_words
from veille.store.articles import save_article
from veille.store.schema import deliveries
from veille.store.sources import add_source
from veille.store.watches import BadWatch, UnknownWatch, WatchExists
from veille.types import NewArticle, Source, Watch
from veille.watch.matching import Percolator
from veille.watch.notify import NotifierError
from veille.watch.stage import _arrivals

FILLER = (
    " The council met again on Tuesday evening and heard the mayor, the prefect and several residents"
    " describe what they had seen, what they feared and what they hoped the state would now decide."
)


def stored(
    veille: Veille, key: str, title: str, lang: str, site: str, day: int = 10, body: str = "",
    author: str | None = None, source: int | None = None,
) -> int:  # fmt: skip
    text = f"{title}. {body or title}"
    article = NewArticle(
        url=f"https://{site}/{key}", site=site, title=title, author=author,
        published=datetime(2025, 10, day, 9, tzinfo=UTC), lang=lang, reading_minutes=1,
        word_count=count_words(text), text=text, description=None, image=None, from_feed=False,
    )  # fmt: skip
    return save_article(veille.engine, article, source)[0]


# The percolator and the database search

ARTICLES = {**SEARCHED, "metro": ("北京地铁站今天因暴雨关闭", "xinhua.cn", "zh", None, 17)}
QUERIES = [
    "airbus", "airbus -toulouse", "airbus NOT toulouse", '"au Louvre"', '"Louvre au"', "hamburg OR toulouse",
    "hamburg | toulouse", "(airbus OR louvre) -hamburg", "budapest -football", 'budapest -"football final"',
    "lang:de", "lang:de Louvre", "site:lemonde.fr", "site:fr", "title:louvre", 'author:"claire martin"',
    "since:2025-10-18", "until:2025-10-11", "since:2025-10-11 until:2025-10-17 -lang:fr", "budap*", "avion*",
    "livrer", "Juwel", "地铁", "站", "source:1", "source:lemonde", "-airbus", "airbus OR lang:en",
    '"Putin and Trump"', "meeting", "bijou vole",
]  # fmt: skip


@pytest.fixture
def archive(veille: Veille) -> dict[str, int]:
    source = add_source(veille.engine, "https://lemonde.fr/rss", "lemonde")
    numbers = {}
    for key, (title, site, lang, author, day) in ARTICLES.items():
        listed = source.id if site == "lemonde.fr" else None
        numbers[key] = stored(veille, key, title, lang, site, day, title + FILLER, author, listed)
    return numbers


@pytest.mark.parametrize("query", QUERIES)
def test_the_percolator_matches_what_the_search_finds(
    veille: Veille, archive: dict[str, int], query: str
) -> None:
    searched = {a.id for a in veille.articles(ArticleFilter(query=query, originals_only=False))}
    with veille.engine.connect() as connection:
        percolator = Percolator(connection, [Watch(1, "w", query)])
        arrivals = [arrival for arrival, _copy in _arrivals(connection, 0, 10**6)]
    assert {a.id for a in arrivals if percolator.matching(a)} == searched
    assert searched or query in ('"Louvre au"', "meeting"), "the query finds something"


def test_a_watch_is_only_checked_against_the_articles_its_tokens_name(veille: Veille) -> None:
    watches = [Watch(n, f"w{n}", f"word{n}") for n in range(1000)] + [Watch(1000, "de", "lang:de")]
    with veille.engine.connect() as connection:
        percolator = Percolator(connection, watches)
    assert len(percolator.always) == 1  # the field alone names no token
    assert all(len(percolator.by_token[t]) == 1 for t in percolator.by_token)


# Stories, not copies


@dataclass
class Told:
    """A watch's messages, as its notifier received them."""

    messages: list[Any] = field(default_factory=list)


class Mailbox:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def __init__(self) -> None:
        self.received: list[Any] = []


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks the one it is given by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def mail_address(port: int) -> str:
    return f"mailto://127.0.0.1:{port}?from=veille@example.org&to=analyste@example.org"


VOCABULARY = [
    "mayor",
    "river",
    "bridge",
    "budget",
    "harbour",
    "market",
    "council",
    "winter",
    "minister",
    "court",
    "storm",
    "school",
]


def report(seed: str) -> str:
    """Sixty words of a report of its own: two reports share no run of words, a copy all."""
    draw = random.Random(seed)
    return " ".join(draw.choice(VOCABULARY) for _ in range(60))


def arrive(
    veille: Veille, grouper: Grouper, key: str, lang: str, site: str | None = None, copy_of: str = ""
) -> int:
    title, own_site = PUTIN[lang]
    number = stored(veille, key, title, lang, site or own_site, 20, f"{BODY[lang]} {report(copy_of or key)}")
    grouper.place(number)
    return number


def test_a_story_is_told_once_then_when_it_reaches_a_new_language(
    veille: Veille, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    veille.watches.add(Watch(0, "Budapest", "Budapest", (mail_address(port),)))
    grouper = Grouper(veille.engine)
    arrive(veille, grouper, "en-1", "en")
    result = veille.watches.after_pass()
    assert (result.matched.alerts, result.queued, result.sent.sent) == (1, 1, 1)
    message = box.received[0]
    assert message["Subject"] == "Budapest : 1 sujet" and message["To"] == "analyste@example.org"
    html = message.get_body(("html",)).get_content()
    assert "Putin and Trump to meet in Budapest" in html and "/stories/" in html

    arrive(veille, grouper, "en-2", "en", "apnews.com")  # the same story, the same language
    copy = arrive(veille, grouper, "en-copy", "en", "copies.example", copy_of="en-1")
    assert veille.article(copy).reprint_of is not None
    assert veille.watches.after_pass().matched.alerts == 0
    arrive(veille, grouper, "fr-1", "fr")  # a new language
    result = veille.watches.after_pass(now=datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1))
    assert result.matched.alerts == 1 and len(box.received) == 2
    assert "désormais dans une nouvelle langue" in box.received[1].get_body(("plain", "html")).get_content()


def test_alerts_are_batched_one_message_an_interval(veille: Veille, web: LocalWeb) -> None:
    hook = web.route("/hook", b"ok", content_type="text/plain")
    veille.watches.add(Watch(0, "Budapest", "Budapest", (hook.replace("http://", "json://"),)))
    grouper = Grouper(veille.engine)
    arrive(veille, grouper, "en-1", "en")
    veille.watches.after_pass()
    assert len(web.bodies) == 1
    arrive(veille, grouper, "fr-1", "fr")  # the story in a new language, within the interval
    assert veille.watches.after_pass().matched.alerts == 1
    assert len(web.bodies) == 1  # kept for later
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=16)
    veille.watches.after_pass(now=later)
    assert (
        len(web.bodies) == 2
        and "désormais dans une nouvelle langue" in json.loads(web.bodies[1][1])["message"]
    )


def test_a_receiver_that_is_down_loses_nothing(
    veille: Veille, web: LocalWeb, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    veille.watches.add(Watch(0, "Budapest", "Budapest", (mail_address(1), mail_address(port))))
    arrive(veille, Grouper(veille.engine), "en-1", "en")
    started = time.monotonic()
    result = veille.watches.after_pass()
    assert (result.sent.sent, result.sent.failed) == (1, 1) and time.monotonic() - started < 10
    watch = veille.watches.get("Budapest")
    assert veille.watches.pending(watch) == 1
    with veille.engine.begin() as connection:  # the receiver is back, and the backoff has passed
        back = deliveries.update().values(notify=mail_address(port), next_try_at=datetime(2000, 1, 1))
        connection.execute(back)
    assert veille.watches.after_pass().sent.sent == 1
    assert len(box.received) == 2 and veille.watches.pending(watch) == 0


# Rules


def test_rules_are_applied_as_articles_arrive_and_undone(veille: Veille) -> None:
    veille.watches.add(
        Watch(0, "sport", "site:bbc.co.uk football", rules=("read", "hide", "star", "tag:sport"))
    )
    mine = stored(veille, "mine", "Football: the final", "en", "bbc.co.uk", 11, "Football final." + FILLER)
    veille.mark(mine, starred=True)  # the reader's own star, before the watch
    veille.watches.add(Watch(0, "late", "football", rules=("tag:late",)))
    other = stored(
        veille, "other", "Football: the league", "en", "bbc.co.uk", 12, "Football league." + FILLER
    )
    veille.watches.after_pass()
    assert other not in {a.id for a in veille.articles(ArticleFilter())}  # hidden
    article = veille.article(other)
    assert article.read and article.starred
    assert veille.article(other).tags == ("late", "sport")
    assert veille.article(mine).tags == ("sport",)  # the later watch looks only at later articles
    assert veille.watches.undo("sport") == 4 + 3  # mine was starred by its reader already
    article = veille.article(other)
    assert not article.read and not article.starred
    assert other in {a.id for a in veille.articles(ArticleFilter())}
    assert veille.article(mine).starred  # the reader's: not the rule's to take back
    assert veille.article(other).tags == ("late",)


# Keeping watches, and the CLI


def test_watches_are_checked_as_they_are_kept(veille: Veille) -> None:
    veille.watches.add(Watch(0, "Louvre", "Louvre"))
    with pytest.raises(WatchExists):
        veille.watches.add(Watch(0, "Louvre", "musée"))
    with pytest.raises(BadWatch):
        veille.watches.add(Watch(0, "bad", "Louvre", rules=("delete",)))
    with pytest.raises(NotifierError):
        veille.watches.add(Watch(0, "bad", "Louvre", ("nothing://here",)))
    with pytest.raises(UnknownWatch):
        veille.watches.get("nope")
    assert veille.watches.edit("Louvre", query="Louvre -football").query == "Louvre -football"


def veille_cli(veille: Veille, *args: str) -> Any:
    return CliRunner().invoke(
        app, ["--db", veille.settings.db, "--home", str(veille.settings.home), *args], catch_exceptions=False
    )


def test_the_watch_commands(veille: Veille, tmp_path: Path) -> None:
    added = veille_cli(veille, "watch", "add", "Budapest", "Budapest -football", "--rule", "tag:hu")
    assert added.exit_code == 0 and "Budapest -football" in added.stdout
    arrive(veille, Grouper(veille.engine), "en-1", "en")
    veille.watches.after_pass()
    listed = veille_cli(veille, "watch", "list")
    assert "Budapest -football" in listed.stdout and "tag:hu" in listed.stdout
    shown = veille_cli(veille, "watch", "show", "Budapest")
    assert "Putin and Trump to meet in Budapest" in shown.stdout
    assert veille_cli(veille, "watch", "edit", "Budapest", "--query", "Budapest").exit_code == 0
    bad = veille_cli(veille, "watch", "add", "x", "(budapest")
    assert bad.exit_code == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "1" in veille_cli(veille, "watch", "undo", "Budapest").stdout
    for form in ("text", "md", "html"):
        review = veille_cli(veille, "digest", "--since", "2000-01-01", "--format", form)
        assert review.exit_code == 0 and "Putin and Trump to meet in Budapest" in review.stdout
    pdf = tmp_path / "revue.pdf"
    made = veille_cli(
        veille, "digest", "Budapest", "--since", "2000-01-01", "--format", "pdf", "--output", str(pdf)
    )
    assert made.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert veille_cli(veille, "watch", "remove", "Budapest").exit_code == 0
    assert veille_cli(veille, "watch", "show", "Budapest").exit_code == 1


def test_a_daily_review_is_sent_once_a_day(veille: Veille, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    veille.watches.add(Watch(0, "Budapest", "Budapest", (mail_address(port),), digest="daily"))
    arrive(veille, Grouper(veille.engine), "en-1", "en")
    morning = datetime(2030, 3, 4, 8)
    veille.watches.after_pass(now=morning)
    veille.watches.after_pass(now=morning + timedelta(hours=2))
    subjects = [m["Subject"] for m in box.received]
    assert subjects.count("Revue de presse : Budapest") == 1
    veille.watches.after_pass(now=morning + timedelta(days=1))
    assert [m["Subject"] for m in box.received].count("Revue de presse : Budapest") == 2


def test_a_pass_tells_the_watches_by_e_mail_and_webhook(
    veille: Veille, web: LocalWeb, smtp: tuple[Mailbox, int], pool: Executor
) -> None:
    """As a user does it: a watch made with the CLI, then `veille fetch` against local sites."""
    box, port = smtp
    hook = web.route("/hook", b"ok", content_type="text/plain").replace("http://", "json://")
    bridge = web.route(f"/en/{STORIES['en'].slug}", article_page(STORIES["en"], "Daily Example"))
    feed = rss("Daily Example", web.url("/"), [(bridge, STORIES["en"])])
    veille.add_source(web.route("/rss.xml", feed, content_type="application/rss+xml"))
    made = veille_cli(veille, "watch", "add", "Ponts", "harbour bridge", "--notify", mail_address(port),
                      "--notify", hook)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    summary = asyncio.run(veille.fetch(Silent(), pool))
    assert summary.articles_new == 1
    assert [m["Subject"] for m in box.received] == ["Ponts : 1 sujet"]
    assert STORIES["en"].title in box.received[0].get_body(("html",)).get_content()
    told = [json.loads(body) for path, body in web.bodies if path == "/hook"]
    assert [m["title"] for m in told] == ["Ponts : 1 sujet"] and STORIES["en"].title in told[0]["message"]
    assert veille.watches.stories(veille.watches.get("Ponts"))[0].story.headline == STORIES["en"].title


class Silent:
    def start(self, sources: int) -> None: ...

    def source_done(self, source: Source, outcome: str | None) -> None: ...

    def article_new(self, number: int, title: str) -> None: ...

    def problem(self, message: str) -> None: ...


def test_a_slow_receiver_never_holds_a_pass_long(veille: Veille, web: LocalWeb) -> None:
    hook = web.route("/slow", b"ok", content_type="text/plain", delay=4.0).replace("http://", "json://")
    slow = Veille(veille.settings.replace(notify_seconds=1))
    slow.watches.add(Watch(0, "Budapest", "Budapest", (hook, hook + "?again=1")))
    arrive(slow, Grouper(slow.engine), "en-1", "en")
    started = time.monotonic()
    result = slow.watches.after_pass()
    assert time.monotonic() - started < 8  # one try cut short, the other left for the next pass
    assert result.sent.sent + result.sent.failed + result.sent.waiting == 2 and result.sent.waiting >= 1
    assert slow.watches.pending(slow.watches.get("Budapest")) >= 1
    slow.close()


def test_a_rule_for_every_article(veille: Veille) -> None:
    veille.watches.add(Watch(0, "tout", "*", rules=("tag:tout",)))
    numbers = [
        stored(veille, key, title, lang, site, day) for key, (title, site, lang, _a, day) in ARTICLES.items()
    ]
    veille.watches.after_pass()
    assert all(veille.article(number).tags == ("tout",) for number in numbers)


def test_the_review_translates_a_lead_in_another_language(veille: Veille, web: LocalWeb) -> None:
    """LibreTranslate's API on 127.0.0.1 (POST /translate → {"translatedText": …})."""
    web.route("/translate", json.dumps({"translatedText": "Vladimir Poutine et Donald Trump"}),
              content_type="application/json")  # fmt: skip
    translating = Veille(veille.settings.replace(translate_engine="libretranslate", translate_url=web.base))
    translating.watches.add(Watch(0, "Budapest", "Budapest"))
    arrive(translating, Grouper(translating.engine), "en-1", "en")
    translating.watches.after_pass()
    review = translating.watches.review(
        translating.watches.all(), datetime(2000, 1, 1), datetime(2100, 1, 1), "md"
    )
    assert "> Vladimir Poutine et Donald Trump" in review.decode()
    assert json.loads(web.bodies[-1][1])["target"] == "fr"
    translating.close()


def test_a_kept_percolator_follows_the_watches_changes(veille: Veille) -> None:
    veille.watches.add(Watch(0, "w", "Budapest"))
    veille.watches.after_pass()
    veille.watches.edit("w", rules=("tag:vu",))  # the same search: the compiled one is kept
    budapest = stored(veille, "b", "Budapest hosts the final", "en", "bbc.co.uk", 12, "Budapest." + FILLER)
    veille.watches.after_pass()
    assert veille.article(budapest).tags == ("vu",)
    veille.watches.edit("w", query="Louvre")  # another search: compiled again
    louvre = stored(veille, "l", "Cambriolage au Louvre", "fr", "lemonde.fr", 19, "Louvre." + FILLER)
    veille.watches.after_pass()
    assert veille.article(louvre).tags == ("vu",)
