"""The API, search and paging on both database engines (the browser tests use SQLite)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from events import EARTHQUAKE, SUMMIT
from veille.config import Settings
from veille.core import Veille
from veille.show.web.app import create_app
from web_fixtures import fill


def test_search_paging_marks_and_stories_on_each_engine(settings: Settings) -> None:
    with Veille(settings) as veille:
        numbers = fill(veille)
    client = TestClient(create_app(settings))
    found = client.get("/api/search", params={"q": "SÉISME"}).json()["items"]
    assert [a["id"] for a in found] == [numbers["quake-fr"]]
    prefix = client.get("/api/search", params={"q": "hydrog"}).json()["items"]
    assert {a["lang"] for a in prefix} == {"en", "fr"}
    pages, cursor = [], None
    while True:
        page = client.get(
            "/api/articles", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        pages.append([a["id"] for a in page["items"]])
        cursor = page["next_cursor"]
        if not cursor:
            break
    seen = [n for p in pages for n in p]
    assert len(seen) == len(set(seen)) == len(numbers) - 1  # every original once, the reprint not
    html = client.get("/").text
    token = html.split('name="csrf-token" content="')[1].split('"')[0]
    star = client.post(
        f"/articles/{numbers['quake-en']}/star", data={"on": "true"}, headers={"X-CSRF-Token": token}
    )
    assert star.status_code == 200
    starred = client.get("/api/articles", params={"starred": "true"}).json()["items"]
    assert [a["id"] for a in starred] == [numbers["quake-en"]]
    story = client.get(f"/api/articles/{numbers['quake-en']}").json()["story"]
    assert client.get(f"/api/stories/{story}").json()["headline"] == EARTHQUAKE["fr"][0]
    assert (
        client.get(f"/api/articles/{numbers['summit-de']}", params={"reader": "de"}).json()["headline"]
        == SUMMIT["de"][0]
    )
