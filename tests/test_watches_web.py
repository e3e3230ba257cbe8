"""The watches in the web reader and the API, on both engines: the « Veille » page, a watch made
from a search, its page, changes, undo and removal, its feeds, and the API's watches (changes
need a token or the page's CSRF token); in Chromium, a watch made with one click."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect, sync_playwright

from localweb import LOCAL
from veille.config import load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.extract.text import count_words
from veille.show.web.app import create_app
from veille.store.articles import save_article
from veille.store.times import utcnow
from veille.types import NewArticle, Watch
from web_fixtures import CHROMIUM, CHROMIUM_FLAGS, serving

TITLE = "Poutine et Trump se retrouveront à Budapest"
TEXT = "Vladimir Poutine et Donald Trump tiendront un sommet à Budapest, a dit Viktor Orban aux journalistes."


def arrived(veille: Veille, key: str = "sommet", title: str = TITLE) -> int:
    article = NewArticle(
        url=f"https://lemonde.fr/{key}", site="lemonde.fr", title=title, author=None,
        published=datetime(2025, 10, 17, 9, tzinfo=UTC), lang="fr", reading_minutes=1,
        word_count=count_words(TEXT), text=f"{TEXT}\n\n{TEXT}", description=None, image=None, from_feed=False,
    )  # fmt: skip
    number = save_article(veille.engine, article, None)[0]
    Grouper(veille.engine).place(number)
    veille.watches.after_pass()
    return number


def csrf_of(client: TestClient, path: str = "/watches") -> str:
    return client.get(path).text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


@pytest.fixture
def client(veille: Veille) -> TestClient:
    return TestClient(create_app(veille.settings, veille), base_url=LOCAL)


def test_a_watch_made_from_a_search_and_its_page(veille: Veille, client: TestClient) -> None:
    assert "Aucune veille" in client.get("/watches").text
    page = client.get("/search", params={"q": "Budapest -football"}).text
    assert "Veiller sur cette recherche" in page
    token = csrf_of(client, "/search?q=Budapest")
    made = client.post("/watches", data={"q": "Budapest -football", "csrf": token}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/watches/1"
    assert client.post("/watches", data={"q": "Budapest"}, follow_redirects=False).status_code == 403
    arrived(veille)
    listing = client.get("/watches").text
    assert "Budapest -football" in listing and TITLE in listing and "1 sujet aujourd’hui" in listing
    watch_page = client.get("/watches/1").text
    assert TITLE in watch_page and "Vladimir Poutine et Donald Trump" in watch_page  # the lead
    assert client.get("/watches/99").status_code == 404


def test_a_watch_is_changed_undone_and_removed_from_its_page(veille: Veille, client: TestClient) -> None:
    token = csrf_of(client)
    client.post("/watches", data={"q": "Budapest", "name": "Hongrie", "csrf": token})
    changed = client.post(
        "/watches/1", data={"csrf": token, "name": "Hongrie", "q": "Budapest", "rules": "star tag:hongrie",
                            "notify": "", "digest": "daily", "alert_again": "never"},
    )  # fmt: skip
    assert "Veille enregistrée" in changed.text
    bad = client.post("/watches/1", data={"csrf": token, "name": "Hongrie", "q": "(Budapest", "rules": ""})
    assert "parenthèse" in bad.text
    number = arrived(veille)
    article = client.get(f"/articles/{number}").text
    assert "#hongrie" in article
    assert veille.article(number).starred
    undone = client.post("/watches/1/undo", data={"csrf": token})
    assert "2 actions annulées" in undone.text and not veille.article(number).starred
    removed = client.post("/watches/1/remove", data={"csrf": token})
    assert "Veille retirée : Hongrie" in removed.text and 'class="watch"' not in removed.text


def test_a_watch_has_its_feeds(veille: Veille, client: TestClient) -> None:
    client.post("/watches", data={"q": "Budapest", "csrf": csrf_of(client)})
    arrived(veille)
    atom = feedparser.parse(client.get("/watches/1/feed.atom").content)
    assert [entry.title for entry in atom.entries] == [TITLE]
    as_json = client.get("/watches/1/feed.json").json()
    assert as_json["items"][0]["title"] == TITLE and as_json["items"][0]["url"].endswith("/stories/1")
    assert client.get("/watches/1/feed.rss").status_code == 404


def test_the_api_keeps_watches(veille: Veille, client: TestClient) -> None:
    body = {"name": "Hongrie", "query": "Budapest", "rules": ["tag:hu"], "alert_again": "double"}
    assert client.post("/api/watches", json=body).status_code == 403  # no token, no CSRF: another site's form
    token = csrf_of(client)
    headers = {"X-CSRF-Token": token}
    made = client.post("/api/watches", json=body, headers=headers)
    assert made.status_code == 201 and made.json()["rules"] == ["tag:hu"]
    assert client.post("/api/watches", json=body, headers=headers).status_code == 409
    bad = client.post("/api/watches", json={**body, "name": "x", "query": '"open'}, headers=headers)
    assert bad.status_code == 422 and "guillemet" in bad.json()["detail"]
    changed = client.patch("/api/watches/1", json={"query": "Budapest OR Vienne"}, headers=headers)
    assert changed.status_code == 200 and changed.json()["query"] == "Budapest OR Vienne"
    assert changed.json()["rules"] == ["tag:hu"]
    arrived(veille)
    stories = client.get("/api/watches/1/stories").json()
    assert stories[0]["story"]["headline"] == TITLE and stories[0]["matched"] == 1
    assert [w["name"] for w in client.get("/api/watches").json()] == ["Hongrie"]
    assert client.delete("/api/watches/1", headers=headers).status_code == 204
    assert client.get("/api/watches/1").status_code == 404


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Veille]]:
    settings = load_settings(tmp_path_factory.mktemp("watch-web"), per_host_delay=0)
    with Veille(settings) as veille, serving(settings) as url:
        yield url, veille


def test_one_click_watches_a_search_in_the_browser(site: tuple[str, Veille]) -> None:
    url, veille = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page: Page = browser.new_page(base_url=url)
        page.goto("/search?q=Budapest")
        page.click("form.watch-this button")
        expect(page.locator("h1.page-title")).to_have_text("Budapest")
        arrived(veille)
        page.reload()
        expect(page.locator(".item .headline")).to_have_text([TITLE])
        page.click("nav a[href='/watches']")
        expect(page.locator(".watch h2")).to_have_text(["Budapest"])
        browser.close()
    assert veille.watches.get("Budapest").query == "Budapest"


def test_the_press_review_reads_on_a_phone(veille: Veille, tmp_path: Path) -> None:
    """The HTML e-mail in Chromium at 390 px: one column, no sideways scrolling, every story."""
    veille.watches.add(Watch(0, "Hongrie", "Budapest"))
    arrived(veille)
    review = tmp_path / "revue.html"
    review.write_bytes(veille.watches.review(veille.watches.all(), datetime(2000, 1, 1), utcnow(), "html"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(review.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        expect(phone.locator("h3")).to_have_text([TITLE])
        expect(phone.locator("h1")).to_have_text("Revue de presse : Hongrie")
        phone.screenshot(path=str(tmp_path / "revue.png"))
        browser.close()
    assert (tmp_path / "revue.png").stat().st_size > 10_000
