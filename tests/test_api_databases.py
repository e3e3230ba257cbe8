"""The API, search and paging on both database engines (the browser tests use SQLite)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import event, insert

from conftest import POSTGRES_URL
from events import EARTHQUAKE, SUMMIT
from localweb import LOCAL
from scratch import scratch_schema
from veille.config import Settings
from veille.core import Veille
from veille.show.web.app import create_app
from veille.store.articles import ArticleFilter, query_articles
from veille.store.database import open_engine
from veille.store.schema import articles, metadata
from veille.store.search import index_article
from veille.types import Article
from web_fixtures import fill


def test_search_paging_marks_and_stories_on_each_engine(settings: Settings) -> None:
    with Veille(settings) as veille:
        numbers = fill(veille)
    client = TestClient(create_app(settings), base_url=LOCAL)
    found = client.get("/api/search", params={"q": "SÉISME"}).json()["items"]
    assert [a["id"] for a in found] == [numbers["quake-fr"]]
    prefix = client.get("/api/search", params={"q": "hydrog*"}).json()["items"]
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


def test_a_timeline_page_reads_no_table_whole_and_a_search_reads_what_it_must(tmp_path: Path) -> None:
    """On SQLite, once its statistics say that nearly every article is an original (reprint_of
    NULL), a timeline page still reads only indexes, and a search walks the timeline for a word in
    every article but looks the matches up for a rare one: a page costs about the same at any size
    of archive (benchmarks/web.py)."""
    engine = open_engine(f"sqlite:///{tmp_path / 'veille.db'}")
    start, newest = datetime(2026, 1, 1), 20_000  # at 2,000 articles SQLite used the index anyway
    rows: list[dict[str, Any]] = [
        {"id": n, "url": f"https://{site}/{n}", "site": site, "title": f"t{n}", "published_at": start,
         "sort_at": start + timedelta(minutes=n), "lang": "fr", "reading_minutes": 1, "word_count": 1,
         "text": "commun" + (" rare" if n % 1000 == 0 else "") + (" moyen" if n % 10 == 0 else ""),
         "from_feed": False, "fetched_at": start,
         "reprint_of": newest if n == newest - 1 else None}
        for n in range(1, newest + 1)
        for site in ["copy.example" if n == newest - 1 else "a.example"]
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(articles), rows)
        for row in rows:
            index_article(connection, row["id"], row["title"], row["text"], row["lang"])
        connection.exec_driver_sql("ANALYZE")

    def planned(wanted: ArticleFilter) -> tuple[list[Article], list[str], list[str]]:
        """The articles `wanted` finds, the steps of the plan of every query it took, and those of
        the page's own query."""
        statements: list[tuple[str, Any]] = []

        def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
            statements.append((sql, parameters))

        event.listen(engine, "before_cursor_execute", record)
        found = list(query_articles(engine, wanted))
        event.remove(engine, "before_cursor_execute", record)
        with engine.connect() as connection:
            plans = {
                sql: [
                    step[-1]
                    for step in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple(values))
                ]
                for sql, values in statements
            }
        (own,) = [steps for sql, steps in plans.items() if "ORDER BY articles.sort_at DESC" in sql]
        return found, [step for steps in plans.values() for step in steps], own

    page, steps, own = planned(ArticleFilter(limit=50, originals_only=True))
    assert (page[0].id, page[0].also_on, page[1].id) == (newest, ("copy.example",), newest - 2)
    assert not [step for step in steps if "SCAN articles" in step], steps
    assert own[0] == "SEARCH articles USING INDEX ix_articles_timeline (reprint_of=?)", own
    assert not [step for step in own if "TEMP B-TREE FOR ORDER BY" in step], own  # read in order
    page, steps, own = planned(ArticleFilter(limit=50, originals_only=True, query="commun"))
    assert [a.id for a in page[:3]] == [newest, newest - 2, newest - 3] and len(page) == 50
    assert own[0] == "SEARCH articles USING INDEX ix_articles_timeline (reprint_of=?)", own
    assert not [step for step in own if "TEMP B-TREE FOR ORDER BY" in step], own
    assert "CORRELATED SCALAR SUBQUERY 1" in own, own  # in every article: each walked one probed
    page, steps, own = planned(ArticleFilter(limit=50, originals_only=True, query="moyen"))
    assert [a.id for a in page[:3]] == [newest, newest - 10, newest - 20] and len(page) == 50
    assert own[0] == "SEARCH articles USING INDEX ix_articles_timeline (reprint_of=?)", own
    assert "LIST SUBQUERY 1" in own, own  # in one in 10: walked, the matches gathered once
    page, steps, own = planned(ArticleFilter(limit=50, originals_only=True, query="rare"))
    assert [a.id for a in page] == list(range(newest, 0, -1000))
    assert own[0] == "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)", own  # the 20 looked up


def test_postgresql_reads_a_search_from_its_index_and_a_common_word_from_the_timeline() -> None:
    """On PostgreSQL, whose planner cannot tell how many articles a word's forms match: a rare
    word's numbers come from the GIN index and its page is read by number; a word in every
    article walks the timeline in order; no statement reads the table whole."""
    with scratch_schema(POSTGRES_URL) as url:
        engine = open_engine(url)
        start, newest = datetime(2026, 1, 1), 20_000
        rows: list[dict[str, Any]] = [
            {"id": n, "url": f"https://a.example/{n}", "site": "a.example", "title": f"t{n}",
             "published_at": start, "sort_at": start + timedelta(minutes=n), "lang": "fr",
             "reading_minutes": 1, "word_count": 1, "from_feed": False, "fetched_at": start,
             "text": "commun " * 40 + ("rare" if n % 1000 == 0 else "")}
            for n in range(1, newest + 1)
        ]  # fmt: skip
        with engine.begin() as connection:
            connection.execute(insert(articles), rows)
            for row in rows:
                index_article(connection, row["id"], row["title"], row["text"], row["lang"])
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")

        def planned(query: str) -> tuple[list[int], list[str]]:
            statements: list[tuple[str, Any]] = []

            def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
                statements.append((sql, parameters))

            event.listen(engine, "before_cursor_execute", record)
            found = [a.id for a in query_articles(engine, ArticleFilter(limit=50, query=query))]
            event.remove(engine, "before_cursor_execute", record)
            steps = []
            with engine.connect() as connection:  # each statement explained where it ran
                for sql, values in statements:
                    if sql.startswith("SET"):
                        connection.exec_driver_sql(sql)
                    else:
                        steps += [r[0] for r in connection.exec_driver_sql(f"EXPLAIN {sql}", values)]
            return found, steps

        found, steps = planned("rare")
        assert found == list(range(newest, 0, -1000))
        assert any("Bitmap Index Scan on ix_articles_search" in step for step in steps), "\n".join(steps)
        assert not any("Seq Scan on articles" in step for step in steps), steps
        found, steps = planned("commun")
        assert found == list(range(newest, newest - 50, -1))
        assert any("Index Scan Backward using ix_articles_sort" in step for step in steps), "\n".join(steps)
        assert not any("Seq Scan on articles" in step for step in steps), steps
        engine.dispose()


SEARCH_OBJECTS = ("article_search", "search_vector", "ix_articles_search")
"""Full-text search is each engine's own (FTS5 tables on SQLite, a column and its GIN index on
PostgreSQL: store/search.py), made by the migrations and left out of schema.py."""


def test_the_migrations_build_the_schema_that_the_code_declares(database_url: str) -> None:
    engine = open_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert [d for d in differences if not any(name in str(d) for name in SEARCH_OBJECTS)] == []


def test_a_page_reads_its_stories_headlines_in_one_query(veille: Veille) -> None:
    fill(veille)
    wanted = ArticleFilter(limit=50)
    first = veille.articles(wanted)  # writes and caches the headlines
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        statements.append(sql)

    event.listen(veille.engine, "before_cursor_execute", record)
    again = veille.articles(wanted)
    event.remove(veille.engine, "before_cursor_execute", record)
    assert [a.headline for a in again] == [a.headline for a in first]
    assert len({a.story for a in again}) >= 3
    assert len(statements) == 3, statements  # the page, its reprints, its stories' headlines
