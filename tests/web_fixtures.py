"""A veille home with real data in it, and its web reader served on 127.0.0.1, for the web tests
and the screenshot script."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx

from events import EARTHQUAKE, EARTHQUAKE_DATE, SUMMIT, SUMMIT_DATE
from pages import STORIES
from veille.cli.app import web_server
from veille.config import Settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.enrich.language import detect_language
from veille.enrich.reading_time import reading_minutes
from veille.extract.credits import original_publication
from veille.extract.text import count_words
from veille.store.articles import save_article
from veille.types import NewArticle

MALICIOUS = (
    "Click <script>alert('xss')</script> here and <img src=x onerror=alert(1)> there, "
    "or <a href=\"javascript:alert(2)\">this link</a>, <iframe src='https://evil.example'></iframe>"
)


CHROMIUM = os.environ.get("VEILLE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def add_article(
    veille: Veille,
    grouper: Grouper,
    title: str,
    text: str,
    when: datetime,
    site: str,
    author: str | None = None,
) -> int:
    lang = detect_language(title, text)
    article = NewArticle(
        url=f"https://{site}/{abs(hash((title, site)))}",
        site=site,
        title=title,
        author=author,
        published=when,
        lang=lang,
        reading_minutes=reading_minutes(text, lang),
        word_count=count_words(text),
        text=text,
        description=None,
        image=None,
        from_feed=False,
        original=original_publication(text.split("\n\n")),
    )
    number, _ = save_article(veille.engine, article, None)
    grouper.place(number)
    return number


def fill_demo(veille: Veille, grouper: Grouper) -> dict[str, int]:
    """Two stories in several languages, and an article with its reprint: what the screenshots show."""
    numbers: dict[str, int] = {}
    for lang, (title, text) in SUMMIT.items():
        numbers[f"summit-{lang}"] = add_article(
            veille, grouper, title, text, SUMMIT_DATE, f"{lang}.news.example"
        )
    for lang, (title, text) in EARTHQUAKE.items():
        site = f"{lang}.press.example"
        numbers[f"quake-{lang}"] = add_article(
            veille, grouper, title, text, EARTHQUAKE_DATE, site, "Aylin Demir"
        )
    bridge = "\n\n".join(STORIES["en"].paragraphs)
    numbers["bridge"] = add_article(
        veille,
        grouper,
        STORIES["en"].title,
        bridge,
        STORIES["en"].published,
        "harbourtimes.example",
        "M. Ellison",
    )
    numbers["bridge-reprint"] = add_article(
        veille, grouper, STORIES["en"].title, bridge + "\n\nReprinted with permission from Harbour Times.",
        STORIES["en"].published, "aggregator.example",
    )  # fmt: skip
    return numbers


def fill(veille: Veille) -> dict[str, int]:
    """The demo, and an article carrying hostile markup."""
    grouper = Grouper(veille.engine)
    numbers = fill_demo(veille, grouper)
    hostile = f"{MALICIOUS}\n\n" + "\n\n".join(STORIES["fr"].paragraphs)
    numbers["hostile"] = add_article(
        veille, grouper, "Un titre <b>piégé</b>", hostile, SUMMIT_DATE, "evil.example"
    )
    return numbers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_served(port: int, seconds: float = 90) -> bool:
    """Whether a veille started in another process serves its sources page on `port` in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sources", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.2)
    return False


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The web reader of `settings` on a free port of 127.0.0.1, for the duration, set up as
    `veille serve` sets it up."""
    port = free_port()
    server = web_server(settings.replace(web_host="127.0.0.1", web_port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
