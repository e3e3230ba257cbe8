"""The web reader against hostile content and hostile clients: every payload through every
output, Host headers, credential guessing, sessions, forwarded headers, uploads, HEAD, dates at
the edges, and malformed requests (Hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_cases import PAYLOADS, executable_markup
from localweb import LOCAL
from veille.config import Settings, load_settings
from veille.core import Veille
from veille.show.web import security
from veille.show.web.app import create_app
from veille.sources.opml import MAX_OPML_BYTES
from veille.store.articles import save_article
from veille.types import NewArticle
from web_fixtures import fill, serving


def hostile_article(number: int, payload: str) -> NewArticle:
    text = f"{payload}\n\nA paragraph of plain words that any reader would read without harm at all."
    return NewArticle(
        url=f"https://hostile.example/{number}", site="hostile.example", title=f"{payload} {number}",
        author=payload, published=datetime(2025, 10, 20, 8), lang="en", reading_minutes=1, word_count=20,
        text=text, description=payload, image="javascript:alert(1)" if number % 2 else payload,
        from_feed=False, original=payload[:200],
    )  # fmt: skip


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, list[int]]]:
    """Every payload in every field of an article, on SQLite (both engines store them alike:
    see test_hostile_store)."""
    home: Path = tmp_path_factory.mktemp("hostile")
    configured = load_settings(home)
    with Veille(configured) as veille:
        numbers = [
            save_article(veille.engine, hostile_article(n, p), None)[0] for n, p in enumerate(PAYLOADS)
        ]
        with veille.engine.begin() as connection:  # what an older veille may have stored
            connection.exec_driver_sql(
                f"UPDATE articles SET title = title || char(0) || char(27), author = 'a' || char(1) "
                f"WHERE id = {numbers[0]}"
            )
    yield create_app(configured), numbers


@pytest.fixture
def client(hostile_home: tuple[FastAPI, list[int]]) -> TestClient:
    return TestClient(hostile_home[0], base_url=LOCAL)


def test_no_payload_runs_as_script_on_any_page(
    client: TestClient, hostile_home: tuple[FastAPI, list[int]]
) -> None:
    pages = ["/", "/search?q=alert", "/stories", "/sources"]
    pages += [f"/articles/{number}" for number in hostile_home[1]]
    for page in pages:
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert executable_markup(answer.text) == [], page


def test_feeds_are_valid_xml_and_json_whatever_was_stored(client: TestClient) -> None:
    for path in ("/feeds/atom", "/stories/feed.atom", "/feeds/atom?q=alert"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        root = ElementTree.fromstring(answer.content)
        links = [link.get("href") or "" for link in root.iter("{http://www.w3.org/2005/Atom}link")]
        assert all(link.startswith("http") for link in links), links
    for path in ("/feeds/json", "/stories/feed.json"):
        items = client.get(path).json()["items"]
        assert items or path.startswith("/stories")
        assert all(item["url"].startswith("http") for item in items)
        assert all(item.get("external_url", "https://").startswith("http") for item in items)


def test_the_api_never_gives_an_address_that_is_not_http(client: TestClient) -> None:
    found = client.get("/api/articles", params={"limit": 100}).json()["items"]
    assert len(found) == len(PAYLOADS)
    for article in found:
        assert article["url"].startswith("https://")
        assert article["image"] is None or article["image"].startswith("http")
        assert "\x00" not in json.dumps(article, ensure_ascii=False)


@pytest.mark.parametrize(
    "path", ["/", "/search?q=a", "/feeds/atom", "/feeds/json", "/timeline/new", "/api/articles"]
)
def test_dates_at_the_edges_of_the_calendar_are_no_error(client: TestClient, path: str) -> None:
    separator = "&" if "?" in path else "?"
    for dates in ("until=9999-12-31", "since=0001-01-01", "since=9999-12-31&until=0001-01-01"):
        answer = client.get(f"{path}{separator}{dates}")
        assert answer.status_code in (200, 422), (path, dates, answer.status_code)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(
        ["/", "/search", "/articles/1", "/stories/1", "/feeds/atom", "/api/articles", "/timeline/new"]
    ),
    name=st.sampled_from(["q", "lang", "source", "since", "until", "cursor", "after", "limit", "unread"]),
    value=st.text(max_size=60),
)
def test_no_query_string_makes_a_server_error(client: TestClient, path: str, name: str, value: str) -> None:
    answer = client.get(path, params={name: value})
    assert answer.status_code < 500, (path, name, value)


def test_the_server_answers_only_to_its_own_names(client: TestClient) -> None:
    """DNS rebinding: a page of attacker.example whose name now points to 127.0.0.1 gets
    nothing, neither the API nor a CSRF token."""
    for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example", "localhostx"):
        answer = client.get("/api/articles", headers={"Host": host})
        assert answer.status_code == 400, host
        assert "csrf" not in answer.text.lower()
    for host in ("127.0.0.1:8000", "localhost", "localhost:8000", "[::1]:8000", "10.0.0.5"):
        assert client.get("/api/sources", headers={"Host": host}).status_code == 200, host


def test_configured_names_are_answered(tmp_path: Path) -> None:
    named = load_settings(
        tmp_path, web_allowed_hosts="veille.example.org, news.example", web_base_url="https://r.example/"
    )
    app = TestClient(create_app(named), base_url=LOCAL)
    for host in ("veille.example.org", "NEWS.example", "r.example"):
        assert app.get("/api/sources", headers={"Host": host}).status_code == 200, host
    assert app.get("/api/sources", headers={"Host": "other.example"}).status_code == 400


@pytest.fixture
def guarded(tmp_path: Path) -> Settings:
    protected = load_settings(tmp_path, web_password="correct horse")
    with Veille(protected) as veille:
        fill(veille)
    return protected


def test_tokens_are_generated_kept_as_digests_and_revocable(guarded: Settings) -> None:
    with Veille(guarded) as veille:
        token, secret = veille.new_token("phone")
        assert token.name == "phone"
        with veille.engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT digest FROM api_tokens").scalar_one()
    assert secret.startswith("veille_") and len(secret) > 40 and secret not in stored
    app = TestClient(create_app(guarded), base_url=LOCAL)
    assert app.get("/api/articles", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert app.get("/api/articles", headers={"Authorization": "Bearer correct horse"}).status_code == 401
    with Veille(guarded) as veille:
        assert [t.name for t in veille.tokens()] == ["phone"] and veille.tokens()[0].last_used_at
        veille.revoke_token("phone")
    assert app.get("/api/articles", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_credential_guesses_are_limited_per_client_and_the_lockout_is_short(
    guarded: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Veille(guarded) as veille:
        _, secret = veille.new_token("script")
    app = TestClient(create_app(guarded), base_url=LOCAL)
    codes = [
        app.get("/api/articles", headers={"Authorization": f"Bearer guess{n}"}).status_code for n in range(8)
    ]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    assert app.get("/api/articles", headers={"Authorization": f"Bearer {secret}"}).status_code == 429
    assert app.post("/login", data={"password": "correct horse"}).status_code == 429
    monkeypatch.setattr(security, "LOCKOUT_SECONDS", 0.0)  # the minute has passed
    assert app.get("/api/articles", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert app.post("/login", data={"password": "correct horse"}, follow_redirects=False).status_code == 303


def test_forwarded_headers_are_not_believed_unless_from_a_configured_proxy(guarded: Settings) -> None:
    """Rotating X-Forwarded-For used to reset the login limit."""
    with serving(guarded) as url:
        codes = [
            httpx.post(
                f"{url}/login", data={"password": f"g{n}"}, headers={"X-Forwarded-For": f"203.0.113.{n}"}
            ).status_code
            for n in range(7)
        ]
    assert codes[:5] == [401] * 5 and codes[-1] == 429


def test_logout_and_a_new_password_end_sessions(guarded: Settings) -> None:
    with serving(guarded) as url, httpx.Client(base_url=url) as browser:
        assert browser.post("/login", data={"password": "correct horse"}).status_code == 303
        cookie = browser.cookies["veille_session"]
        assert browser.get("/").status_code == 200
        csrf = browser.get("/").text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        assert browser.post("/logout", headers={"X-CSRF-Token": csrf}).status_code == 303
        stolen = httpx.get(f"{url}/api/articles", cookies={"veille_session": cookie})
        assert stolen.status_code == 401
        assert browser.post("/login", data={"password": "correct horse"}).status_code == 303
        kept = browser.cookies["veille_session"]
    with serving(guarded.replace(web_password="a new one")) as url:
        assert httpx.get(f"{url}/api/articles", cookies={"veille_session": kept}).status_code == 401


def test_session_cookies_are_secure_behind_https(guarded: Settings) -> None:
    behind = guarded.replace(web_base_url="https://veille.example.org/")
    app = TestClient(create_app(behind), base_url=LOCAL)
    answer = app.post("/login", data={"password": "correct horse"}, follow_redirects=False)
    assert "secure" in answer.headers["set-cookie"].lower()
    plain = TestClient(create_app(guarded), base_url=LOCAL)
    answer = plain.post("/login", data={"password": "correct horse"}, follow_redirects=False)
    assert "secure" not in answer.headers["set-cookie"].lower()


def test_an_upload_past_the_limit_is_refused(client: TestClient) -> None:
    csrf = client.get("/sources").text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    big = b"<opml>" + b" " * (MAX_OPML_BYTES + 100_000) + b"</opml>"
    answer = client.post("/sources/import", files={"opml": ("big.opml", big)}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 413


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/feeds/atom", "/api/articles"):
        answer = client.head(path)
        assert answer.status_code == 200 and answer.content == b"", path


def test_opening_an_article_page_does_not_mark_it_read_by_itself(
    client: TestClient, hostile_home: tuple[FastAPI, list[int]]
) -> None:
    """A prefetching browser or a link preview only GETs the page; its script marks it read."""
    number = hostile_home[1][3]
    assert client.get(f"/articles/{number}").status_code == 200
    assert client.get(f"/api/articles/{number}").json()["read"] is False
