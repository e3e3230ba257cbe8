"""Search by word forms in each article's language, inside Chinese, Japanese and Korean
sentences, across the spellings and scripts of a name, and by relevance; on both engines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from typer.testing import CliRunner

from events import BODY, PUTIN
from localweb import LOCAL
from veille.cli import app
from veille.config import load_settings
from veille.core import ArticleFilter, Veille
from veille.enrich.grouping import Grouper
from veille.enrich.names import meetings, name_key, names
from veille.extract.text import count_words
from veille.show.web.app import create_app
from veille.store import names as name_store
from veille.store.analysis import tokens
from veille.store.articles import save_article
from veille.types import NewArticle

FORMS = {
    "en": ("Airlines welcomed the agreement", "airline welcome"),
    "fr": ("Les compagnies aériennes ont salué l'accord", "compagnie aerienne saluer"),
    "de": ("Die Wahlen in Sachsen und Thüringen", "Wahl thuringen"),
    "es": ("Las elecciones presidenciales en Chile", "elección presidencial"),
    "it": ("Le elezioni regionali in Liguria", "elezione regionale"),
    "pt": ("Os governos estaduais e os presidentes", "governo presidente"),
    "ru": ("Путина встретили в Будапеште", "Путин Будапешт"),
    "zh": ("北京地铁站今天因暴雨关闭", "地铁"),
    "ja": ("プーチン大統領がブダペストを訪問した", "大統領"),
    "ko": ("윤석열 대통령이 계엄령을 선포했다", "대통령"),
}


def store(veille: Veille, key: str, title: str, lang: str, day: int = 10, body: str = "") -> int:
    text = f"{title}. {body or title}"
    article = NewArticle(
        url=f"https://example.{lang}/{key}", site=f"example.{lang}", title=title, author=None,
        published=datetime(2025, 10, day, 9, tzinfo=UTC), lang=lang, reading_minutes=1,
        word_count=count_words(text), text=text, description=None, image=None, from_feed=False,
    )  # fmt: skip
    return save_article(veille.engine, article, None)[0]


def found(veille: Veille, query: str, **options: object) -> list[str]:
    wanted = ArticleFilter(query=query, originals_only=False, **options)  # type: ignore[arg-type]
    return [a.url.rsplit("/", 1)[1] for a in veille.articles(wanted)]


@pytest.fixture
def forms(veille: Veille) -> Veille:
    for lang, (title, _query) in FORMS.items():
        store(veille, lang, title, lang)
    return veille


@pytest.mark.parametrize("lang", list(FORMS))
def test_a_word_finds_its_forms_in_the_articles_language(forms: Veille, lang: str) -> None:
    assert found(forms, FORMS[lang][1]) == [lang]


def test_a_phrase_matches_its_words_forms_in_order(forms: Veille) -> None:
    assert found(forms, '"compagnie aérienne"') == ["fr"]
    assert found(forms, '"aerienne compagnie"') == []
    assert found(forms, '"election presidentielle"') == []  # Spanish words, not a French phrase


def test_chinese_japanese_and_korean_are_found_inside_sentences(forms: Veille) -> None:
    assert found(forms, "地铁站") == ["zh"] and found(forms, "京地") == ["zh"]
    assert found(forms, "站") == ["zh"] and found(forms, "闭") == ["zh"]  # one character, inside or last
    assert found(forms, "地站") == []  # not next to each other
    assert found(forms, "ブダペスト") == ["ja"] and found(forms, "プーチン") == ["ja"]
    assert found(forms, "ブーチン") == []  # the kana's voicing marks tell words apart
    assert found(forms, "계엄령") == ["ko"]


def test_a_beginning_is_asked_for_with_a_star(forms: Veille) -> None:
    assert found(forms, "budapesht") == [] and found(forms, "будап*") == ["ru"]
    assert found(forms, "thuri*") == ["de"] and found(forms, "thuri") == []


@pytest.fixture
def summit(veille: Veille) -> Veille:
    """One story told in five languages and three scripts, placed as a pass places it, and an
    article on General Patton, whose name sounds like Putin's but never meets it in a story."""
    grouper = Grouper(veille.engine)
    stories = set()
    for lang, (title, _site) in PUTIN.items():
        stories.add(grouper.place(store(veille, lang, title, lang, 20, BODY[lang])).story)
    assert len(stories) == 1, "the five articles make one story"
    grouper.place(store(veille, "patton", "General Patton crossed the Rhine in March 1945", "en", 1))
    return veille


def test_a_name_is_found_in_its_other_spellings_and_scripts(summit: Veille) -> None:
    assert set(found(summit, "Poutine")) == {"en", "fr", "ru", "el", "de"}
    assert set(found(summit, "Путин")) == {"en", "fr", "ru", "el", "de"}
    assert set(found(summit, "Patton")) == {"patton"}  # sounds alike, never met


def test_quotes_search_the_spelling_typed_alone(summit: Veille) -> None:
    assert found(summit, '"Poutine"') == ["fr"]
    assert set(found(summit, '"Putin"')) == {"en", "de"}  # Putins: German's own form of it


def test_the_searched_spellings_are_shown(summit: Veille) -> None:
    also = summit.searched_also("Poutine budapest")
    assert {"Putin", "Путин", "Πούτιν"} <= set(also) and "Poutine" not in also
    client = TestClient(create_app(summit.settings, summit), base_url=LOCAL)
    page = client.get("/search", params={"q": "Poutine"}).text
    assert "aussi :" in page and "Путин" in page
    api = client.get("/api/search", params={"q": "Poutine"}).json()
    assert {"Putin", "Путин"} <= set(api["also"])
    result = CliRunner().invoke(
        app, ["--db", summit.settings.db, "--home", str(summit.settings.home), "list", "--search", "Poutine"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0 and "aussi : " in result.stderr and "Путин" in result.stderr


def test_names_are_the_capitalised_words_and_those_of_caseless_scripts() -> None:
    found_names = names("Putin meets Trump", "The summit was held in Budapest. The summit ended.", "en")
    assert {"putin", "trump", "budapest"} <= set(found_names) and "summit" not in found_names
    assert name_key("Putin") == name_key("Poutine") == name_key("Путин") == name_key("بوتين")
    arabic = names(None, "بوتين في بودابست", "ar")
    latin = names(None, "Putin in Budapest", "en")
    met = {(m.first, m.second) for m in meetings(arabic, "ar", [(latin, "en")])}
    assert ("بوتين", "putin") in met and ("بودابست", "budapest") in met


def test_two_spellings_are_one_name_once_met(veille: Veille) -> None:
    with veille.engine.begin() as connection:
        name_store.record(
            connection, [name_store.Met("zelensky", "Zelensky", "en", "selenskyj", "Selenskyj", "de")]
        )
        name_store.record(
            connection, [name_store.Met("selenskyj", "Selenskyj", "pl", "zelensky", "Zelensky", "fr")]
        )
        name_store.record(
            connection, [name_store.Met("selenskyj", "Selenskyj", "de", "зеленськии", "Зеленський", "uk")]
        )
        variants = name_store.variants(connection, ["zelensky", "unknown"])
    assert [(s.shown, s.langs) for s in variants["zelensky"]] == [
        ("Selenskyj", ("de", "pl")),
        ("Зеленський", ("uk",)),
    ]
    assert "unknown" not in variants


def test_another_spelling_is_searched_in_the_languages_that_write_it(veille: Veille) -> None:
    store(veille, "seul-fr", "Seul contre tous, le maire démissionne", "fr")
    store(veille, "seul-es", "Seúl celebra elecciones", "es")
    with veille.engine.begin() as connection:
        name_store.record(connection, [name_store.Met("seoul", "Seoul", "en", "seul", "Seúl", "es")])
    assert found(veille, "Seoul") == ["seul-es"]


@pytest.fixture
def ranked(veille: Veille) -> Veille:
    store(veille, "once", "Budapest hosts a fair", "en", 20, "A fair opened in the city. " * 5)
    store(veille, "often", "Budapest, Budapest", "en", 10, "Budapest summit in Budapest. " * 5)
    store(veille, "none", "Rome hosts a fair", "en", 25)
    return veille


def test_newest_first_by_default_and_best_matches_first_on_request(ranked: Veille) -> None:
    assert found(ranked, "budapest") == ["once", "often"]
    assert found(ranked, "budapest", relevance=True) == ["often", "once"]
    assert found(ranked, "budapest", relevance=True, offset=1, limit=1) == ["once"]
    assert found(ranked, "budapest OR rome", relevance=True)[-1] in {"once", "none"}


def test_relevance_in_the_cli_the_page_and_the_api(ranked: Veille) -> None:
    client = TestClient(create_app(ranked.settings, ranked), base_url=LOCAL)
    items = client.get("/api/search", params={"q": "budapest", "sort": "relevance"}).json()["items"]
    assert [item["url"].rsplit("/", 1)[1] for item in items] == ["often", "once"]
    page = client.get("/search", params={"q": "budapest", "sort": "relevance"}).text
    assert page.index("Budapest, Budapest") < page.index("Budapest hosts a fair")
    result = CliRunner().invoke(
        app, ["--db", ranked.settings.db, "--home", str(ranked.settings.home), "export", "--format", "jsonl",
              "--search", "budapest", "--sort", "relevance"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0 and result.stdout.index("/often") < result.stdout.index("/once")


def test_an_index_that_kept_its_copy_becomes_contentless_and_finds_the_same(tmp_path: Path) -> None:
    """Migration 0015: a SQLite index made before it (FTS5 keeping a copy of every article's terms)
    is copied into a contentless one, which finds the same articles and ranks them."""
    url = f"sqlite:///{tmp_path / 'veille.db'}"
    with Veille(load_settings(tmp_path, db=url)) as veille:
        for number, text in enumerate(("Les élections municipales à Lyon.", "Un pont sur le Rhône."), 1):
            article = NewArticle(
                url=f"https://news.example/{number}", site="news.example", title=f"Article {number}",
                author=None, published=None, lang="fr", reading_minutes=1, word_count=count_words(text),
                text=text * 5, description=None, image=None, from_feed=False,
            )  # fmt: skip
            save_article(veille.engine, article, None)
    engine = create_engine(url)
    with engine.begin() as connection:
        rows = connection.exec_driver_sql("SELECT id, title, text, lang FROM articles").all()
        connection.exec_driver_sql("DROP TABLE article_search")
        connection.exec_driver_sql("CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize='ascii')")
        for row in rows:
            body = " ".join(tokens(f"{row.title}\n{row.text}", row.lang))
            connection.exec_driver_sql(
                "INSERT INTO article_search (rowid, body) VALUES (?, ?)", (row.id, body)
            )
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0014'")
    engine.dispose()
    with Veille(load_settings(tmp_path, db=url)) as veille:
        with veille.engine.connect() as connection:
            made = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'article_search'")
            assert "content=''" in made.scalar_one()
            assert connection.exec_driver_sql("SELECT body FROM article_search").scalars().all() == [None] * 2
        assert [a.id for a in veille.articles(ArticleFilter(query="élection"))] == [1]
        assert [a.id for a in veille.articles(ArticleFilter(query="pont", relevance=True))] == [2]
