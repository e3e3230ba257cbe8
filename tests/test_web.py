"""The web reader in a real headless Chromium (Debian's, driven by Playwright), the API and the
feeds, against a server with real data in it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import feedparser
import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from events import EARTHQUAKE, SUMMIT, SUMMIT_DATE
from localweb import LocalWeb
from pages import STORIES, rss
from veille.config import Settings, load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.show.web.timeline import by_story
from veille.types import Article
from web_fixtures import CHROMIUM, CHROMIUM_FLAGS, MALICIOUS, add_article, fill, serving

LISBON = (
    "La municipalité de Lisbonne a inauguré samedi une ligne de tramway qui franchit le Tage sur le pont "
    "du 25-Avril, une première depuis la construction de l'ouvrage en 1966. La ligne relie Alcântara à "
    "Almada en dix-huit minutes; la mairie attend quarante mille voyageurs par jour dès la rentrée."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def site_settings(home: Path) -> Settings:
    return load_settings(home, web_poll_seconds=0.5, per_host_delay=0)


@pytest.fixture(scope="module")
def numbers(site_settings: Settings) -> dict[str, int]:
    with Veille(site_settings) as veille:
        return fill(veille)


@pytest.fixture(scope="module")
def server(site_settings: Settings, numbers: dict[str, int]) -> Iterator[str]:
    with serving(site_settings) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server)
    opened = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", refuse)
    yield opened
    assert dialogs == [], f"a script ran: {dialogs}"
    context.close()


def test_timeline_shows_headlines_in_french_and_reprints_once(page: Page, numbers: dict[str, int]) -> None:
    page.goto("/")
    headlines = page.locator(".item .headline").all_inner_texts()
    assert headlines.count(SUMMIT["fr"][0]) == 1  # one piece of news, told in four languages: once
    assert headlines.count(STORIES["en"].title) == 1  # the reprint is not shown as another piece of news
    summit = page.locator(".item", has_text=SUMMIT["fr"][0])
    coverage = summit.locator(".coverage li").evaluate_all("items => items.map(i => i.dataset.id)")
    shown = [summit.get_attribute("data-id"), *coverage]
    assert sorted(shown) == sorted(str(numbers[f"summit-{lang}"]) for lang in SUMMIT)
    english = summit.locator(f'.coverage li[data-id="{numbers["summit-en"]}"]')
    expect(english).to_have_text(f"🇬🇧 {SUMMIT['en'][0]} en.news.example")
    expect(english.locator("a")).to_have_attribute("href", f"/articles/{numbers['summit-en']}")
    expect(summit.locator(".meta")).to_have_text(
        re.compile(r"^12/03/2026 \w\w\.news\.example \u202f1min \S+ #\d+$")
    )
    expect(page.locator(f'.item[data-id="{numbers["bridge"]}"] .also')).to_have_text(
        "Aussi sur aggregator.example"
    )


def test_filters_by_language_and_date(page: Page) -> None:
    page.goto("/?lang=de")
    expect(page.locator(".item")).to_have_count(1)
    page.goto("/?since=2026-04-01")
    assert {t for t in page.locator(".item .headline").all_inner_texts()} == {EARTHQUAKE["fr"][0]}


def test_article_page_is_the_whole_card_and_its_story(page: Page, numbers: dict[str, int]) -> None:
    page.goto(f"/articles/{numbers['summit-en']}")
    card = page.locator(".card")
    expect(card.locator(".headline")).to_have_text(SUMMIT["fr"][0])
    expect(card.locator(".own-title")).to_have_text(SUMMIT["en"][0])
    expect(card.locator(".own-date")).to_have_text("March 12, 2026")
    expect(card.locator(".text p")).to_have_text([SUMMIT["en"][1]])
    expect(card.locator("a.original")).to_have_attribute("href", re.compile(r"^https://en\.news\.example/"))
    expect(page.locator(".story-box li")).to_have_count(3)
    assert "🇩🇪" in page.locator(".story-box").inner_text()


def test_opening_marks_read_and_the_reader_can_undo_it(
    page: Page, server: str, numbers: dict[str, int]
) -> None:
    number = numbers["quake-en"]
    page.goto(f"/articles/{number}")
    assert httpx.get(f"{server}/api/articles/{number}").json()["read"] is True
    page.click("#unread")
    expect(page.locator("#unread")).to_have_text("Marquer comme lu")
    assert httpx.get(f"{server}/api/articles/{number}").json()["read"] is False
    page.goto("/?unread=1")  # an article, or one of the story's coverage under it
    shown = page.locator("#timeline [data-id]").evaluate_all("found => found.map(e => e.dataset.id)")
    assert str(number) in shown


def test_reprint_page_names_its_original(page: Page, numbers: dict[str, int]) -> None:
    page.goto(f"/articles/{numbers['bridge-reprint']}")
    expect(page.locator(".reprint a")).to_have_text("harbourtimes.example")
    expect(page.locator(".reprint")).to_have_text("Publication d'origine : harbourtimes.example")
    expect(page.locator(".byline")).to_have_text("Harbour Times")


def test_story_page_groups_articles_by_language(page: Page, numbers: dict[str, int], server: str) -> None:
    story = httpx.get(f"{server}/api/articles/{numbers['summit-de']}").json()["story"]
    page.goto(f"/stories/{story}")
    expect(page.locator("h1.headline")).to_have_text(SUMMIT["fr"][0])
    expect(page.locator("h2.lang")).to_have_count(4)
    expect(page.locator("h2.lang").first).to_have_text("🇫🇷 Français")  # the reader's language first
    expect(page.locator("h2.lang").nth(1)).to_have_text("🇩🇪 Allemand")  # then by count, then code
    expect(page.locator(".story > p.meta")).to_contain_text("4 articles · 4 sites")


def test_counts_agree_with_their_number(page: Page, server: str, numbers: dict[str, int]) -> None:
    story = httpx.get(f"{server}/api/articles/{numbers['bridge']}").json()["story"]
    page.goto(f"/stories/{story}")
    expect(page.locator(".story > p.meta")).to_contain_text("1 article · 2 sites")  # and its reprint's
    page.goto("/stories")
    expect(page.locator(f'.item[data-href="/stories/{story}"] .meta')).to_contain_text("1 article ·")


def test_hostile_markup_never_reaches_the_page(page: Page, numbers: dict[str, int]) -> None:
    page.goto(f"/articles/{numbers['hostile']}")
    text = page.locator(".card .text")
    assert text.locator("script, iframe, img, a").count() == 0
    expect(text.locator("p").first).to_have_text(MALICIOUS)
    expect(page.locator(".card h1.headline")).to_have_text("Un titre <b>piégé</b>")
    expect(page.locator(".card .own-title")).to_have_count(0)  # the headline is its own title: once


def test_keyboard_navigation_open_and_star(page: Page, server: str) -> None:
    page.goto("/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    current = page.locator(".item.current")
    expect(current).to_have_count(1)
    second = page.locator(".item").nth(1)
    expect(second).to_have_class(re.compile("current"))
    number = second.get_attribute("data-id")
    page.keyboard.press("k")
    expect(page.locator(".item").first).to_have_class(re.compile("current"))
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page).to_have_url(f"{server}/articles/{number}")
    page.keyboard.press("s")
    expect(page.locator("#star")).to_have_text("Retirer des favoris")
    assert httpx.get(f"{server}/api/articles/{number}").json()["starred"] is True
    page.goto("/?starred=1")
    expect(page.locator(".item")).to_have_count(1)
    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()


def test_search_ignores_accents_and_keeps_filters(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("/")
    page.keyboard.type("seisme")
    page.keyboard.press("Enter")
    expect(page.locator(".item .headline")).to_have_text([EARTHQUAKE["fr"][0]])
    expect(page.locator("h1.page-title")).to_have_text("Résultats pour « seisme »")
    page.goto("/search?q=Hambourg&lang=fr")
    expect(page.locator(".item")).to_have_count(1)
    page.goto("/search?q=hydrogen")  # hydrogen, hydrogène: a prefix, accents ignored
    expect(page.locator(".item .headline")).to_have_text([SUMMIT["fr"][0]])
    expect(page.locator(".item .coverage li")).to_have_count(1)  # the story's other article found


def test_sources_add_and_remove(page: Page, web: LocalWeb) -> None:
    web.route("/feed.xml", rss("Le Quotidien du Port", web.url("/"), []), content_type="application/rss+xml")
    page.goto("/sources")
    page.fill("input[name=url]", web.url("/feed.xml"))
    page.click("form.add button")
    expect(page.locator(".message")).to_contain_text("Source ajoutée : Le Quotidien du Port")
    row = page.locator("tr", has_text="Le Quotidien du Port")
    expect(row).to_have_count(1)
    page.click("form.fetch button")
    expect(page.locator(".message")).to_contain_text("Relevé en cours")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and web.hits["/feed.xml"] < 2:
        time.sleep(0.2)
    assert web.hits["/feed.xml"] >= 2  # discovery, then the pass started from the page
    page.goto("/sources")
    row.locator("button.remove").click()
    expect(page.locator(".message")).to_contain_text("Source retirée")
    expect(page.locator("tr", has_text="Le Quotidien du Port")).to_have_count(0)
    expect(page.locator("td.empty")).to_have_text("Aucune source pour l'instant.")


def test_new_articles_appear_without_a_reload(page: Page, site_settings: Settings) -> None:
    page.goto("/")
    before = page.locator(".item").count()
    with Veille(site_settings) as veille:
        add_article(
            veille, Grouper(veille.engine), "Lisbonne inaugure un tramway sur le Tage", LISBON, SUMMIT_DATE,
            "lisboa.example",
        )  # fmt: skip
    expect(page.locator(".item")).to_have_count(before + 1, timeout=10_000)
    expect(page.locator("#new-articles")).to_have_text("1 nouvel article")  # French plural rules


def test_new_articles_come_grouped_by_story(server: str, numbers: dict[str, int]) -> None:
    """What the page fetches to show new articles: a story's new articles under one headline."""
    fresh = httpx.get(f"{server}/timeline/new", params={"after": 0}).text
    summit = next(item for item in fresh.split("<article")[1:] if SUMMIT["fr"][0] in item)
    assert summit.count('class="headline"') == 1
    assert sorted(map(int, re.findall(r'data-id="(\d+)"', summit))) == sorted(
        numbers[f"summit-{lang}"] for lang in SUMMIT
    )


def test_usable_on_a_phone_and_in_dark_mode(browser: Browser, server: str) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, color_scheme="dark"
    )
    phone = context.new_page()
    phone.goto("/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    background = phone.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 21, 20)"
    context.close()


def test_api_articles_paging_and_errors(server: str, numbers: dict[str, int]) -> None:
    first = httpx.get(f"{server}/api/articles", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = httpx.get(f"{server}/api/articles", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    one = httpx.get(f"{server}/api/articles/{numbers['summit-es']}").json()
    assert one["headline"] == SUMMIT["fr"][0] and one["flag"] == "🇪🇸" and one["text"] == SUMMIT["es"][1]
    assert (
        httpx.get(f"{server}/api/articles/{numbers['summit-es']}", params={"reader": "es"}).json()["headline"]
        == SUMMIT["es"][0]
    )
    assert httpx.get(f"{server}/api/articles/999999").status_code == 404
    assert httpx.get(f"{server}/api/articles", params={"cursor": "nonsense"}).status_code == 422
    found = httpx.get(f"{server}/api/search", params={"q": "Izmir"}).json()["items"]
    assert {a["lang"] for a in found} == {"en", "fr"}
    stories = httpx.get(f"{server}/api/stories").json()
    assert any(s["headline"] == SUMMIT["fr"][0] and s["languages"] == {"de": 1, "en": 1, "es": 1, "fr": 1}
               for s in stories)  # fmt: skip
    assert httpx.get(f"{server}/api/sources").status_code == 200


def test_feeds_carry_the_headline_in_the_reader_language(server: str, numbers: dict[str, int]) -> None:
    atom = feedparser.parse(httpx.get(f"{server}/feeds/atom", params={"lang": "es"}).content)
    assert atom.bozo == 0 and [e.title for e in atom.entries] == [SUMMIT["fr"][0]]
    found = httpx.get(f"{server}/feeds/json", params={"q": "seisme"}).json()
    assert {item["title"] for item in found["items"]} == {EARTHQUAKE["fr"][0]}
    story = httpx.get(f"{server}/api/articles/{numbers['summit-de']}").json()["story"]
    story_feed = feedparser.parse(httpx.get(f"{server}/stories/{story}/feed.atom").content)
    assert len(story_feed.entries) == 4
    assert httpx.get(f"{server}/feeds/rss").status_code == 404


def test_the_stories_feed_gives_a_story_once_with_its_articles(server: str, numbers: dict[str, int]) -> None:
    stories = feedparser.parse(httpx.get(f"{server}/stories/feed.atom").content)
    assert stories.bozo == 0
    summit = next(entry for entry in stories.entries if entry.title == SUMMIT["fr"][0])
    story = httpx.get(f"{server}/api/articles/{numbers['summit-de']}").json()["story"]
    assert summit.link == f"{server}/stories/{story}"
    listed = re.findall(r'href="[^"]*/articles/(\d+)"', summit.content[0].value)
    assert sorted(int(n) for n in listed) == sorted(numbers[f"summit-{lang}"] for lang in SUMMIT)
    assert int(listed[0]) == numbers["summit-fr"]  # the reader's language first
    assert SUMMIT["de"][0] in summit.content[0].value and "de.news.example" in summit.content[0].value
    assert len({entry.title for entry in stories.entries}) == len(stories.entries)  # a story once
    quake = httpx.get(f"{server}/stories/feed.json", params={"q": "seisme"}).json()
    assert [item["title"] for item in quake["items"]] == [EARTHQUAKE["fr"][0]]
    assert "<ul>" in quake["items"][0]["content_html"]
    assert httpx.get(f"{server}/stories/feed.rss").status_code == 404


def test_forms_need_a_csrf_token(server: str, numbers: dict[str, int]) -> None:
    assert httpx.post(f"{server}/articles/{numbers['bridge']}/star", data={"on": "true"}).status_code == 403
    assert httpx.post(f"{server}/sources", data={"url": "http://127.0.0.1:9/"}).status_code == 403


def test_password_protects_pages_api_and_login_is_rate_limited(
    tmp_path: Path, numbers: dict[str, int]
) -> None:
    guarded = load_settings(tmp_path, web_password="correct horse", web_token="tok-123")
    with Veille(guarded) as veille:
        fill(veille)
    with serving(guarded) as url:
        assert httpx.get(f"{url}/").status_code == 303
        assert httpx.get(f"{url}/api/articles").status_code == 401
        assert httpx.get(f"{url}/feeds/atom").status_code == 401
        bearer = {"Authorization": "Bearer tok-123"}
        assert httpx.get(f"{url}/api/articles", headers=bearer).status_code == 200
        with httpx.Client(base_url=url) as client:
            assert client.post("/login", data={"password": "wrong"}).status_code == 401
            answer = client.post("/login", data={"password": "correct horse", "next": "/sources"})
            assert answer.status_code == 303 and answer.headers["location"] == "/sources"
            assert client.get("/").status_code == 200
        with httpx.Client(base_url=url) as attacker:
            codes = [attacker.post("/login", data={"password": f"guess{i}"}).status_code for i in range(7)]
            assert codes[:4] == [401] * 4 and codes[-1] == 429
            assert attacker.post("/login", data={"password": "correct horse"}).status_code == 429


def test_serve_beyond_localhost_needs_a_password(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from veille.cli import app

    result = CliRunner().invoke(app, ["--home", str(tmp_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "écouter sur 0.0.0.0 demande un mot de passe" in result.stderr


def test_timeline_items_group_a_story_under_its_article_in_the_reader_language() -> None:
    def article(number: int, story: int | None, lang: str = "en") -> Article:
        return Article(
            id=number, url=f"https://example.org/{number}", site="example.org", source=None,
            title=str(number), headline=str(number), author=None, published=None, lang=lang,
            reading_minutes=1, word_count=1, text="", description=None, image=None, from_feed=False,
            fetched_at=datetime(2026, 1, 1), story=story,
        )  # fmt: skip

    newest_first = [article(9, 1), article(8, None), article(7, 2), article(6, 1, "fr"), article(5, 2)]
    items = by_story([*newest_first, article(4, 1, "fr")], reader="fr")
    # in the order of each story's newest article; the newest French one leads, the rest newest first
    assert [[a.id for a in (item.lead, *item.coverage)] for item in items] == [[6, 9, 4], [8], [7, 5]]
    assert [[a.id for a in (item.lead, *item.coverage)] for item in by_story(newest_first, reader="de")] == [
        [9, 6],
        [8],
        [7, 5],
    ]
