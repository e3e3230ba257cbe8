"""The search language on both engines: words, phrases, OR, negation, parentheses, fields, and
syntax errors in one clear line (the CLI, the web page, the API)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from events import SEARCHED
from localweb import LOCAL
from veille.cli import app
from veille.core import ArticleFilter, Veille
from veille.extract.text import count_words
from veille.show.web.app import create_app
from veille.store.articles import save_article
from veille.store.query import QuerySyntaxError, Search, parse
from veille.store.sources import add_source
from veille.types import NewArticle


@pytest.fixture
def numbers(veille: Veille) -> dict[str, int]:
    found = {}
    for key, (title, site, lang, author, day) in SEARCHED.items():
        text = f"{title}. " + "Les faits, die Fakten, the facts of the day, reported at length. " * 3
        article = NewArticle(
            url=f"https://{site}/{key}", site=site, title=title, author=author,
            published=datetime(2025, 10, day, 9, tzinfo=UTC), lang=lang, reading_minutes=1,
            word_count=count_words(text), text=text, description=None, image=None, from_feed=False,
        )  # fmt: skip
        found[key] = save_article(veille.engine, article, None)[0]
    return found


def search(veille: Veille, query: str) -> set[str]:
    urls = {
        a.url.rsplit("/", 1)[1] for a in veille.articles(ArticleFilter(query=query, originals_only=False))
    }
    return urls


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("airbus", {"airbus-toulouse", "airbus-hamburg"}),
        ("airbus -toulouse", {"airbus-hamburg"}),
        ("airbus NOT toulouse", {"airbus-hamburg"}),
        ('"au Louvre"', {"louvre-fr"}),
        ('"Louvre au"', set()),
        ("hamburg OR toulouse", {"airbus-toulouse", "airbus-hamburg"}),
        ("hamburg | toulouse", {"airbus-toulouse", "airbus-hamburg"}),
        ("budapest -(football OR final)", {"summit"}),
        ('budapest -"football final"', {"summit"}),
        ("lang:de louvre", {"louvre-de"}),
        ("lang:fr", {"airbus-toulouse", "louvre-fr"}),
        ("site:lemonde.fr", {"airbus-toulouse", "louvre-fr"}),
        ("site:de airbus", {"airbus-hamburg"}),
        ("title:budapest", {"summit", "football"}),
        ('author:"claire martin"', {"louvre-fr"}),
        ("since:2025-10-18 budapest", {"football"}),
        ("until:2025-10-16 budapest", {"summit"}),
        ("since:2025-10-19 until:2025-10-19", {"louvre-de", "louvre-fr"}),
        ("Budap*", {"summit", "football"}),
        ("Budap", set()),
        ("(putin OR louvre) lang:en", {"summit"}),
        ("CAMBRIOLAGE", {"louvre-fr"}),
        ("volés", {"louvre-fr"}),
        ("voles", {"louvre-fr"}),
    ],
)
def test_each_operator_and_field(
    veille: Veille, numbers: dict[str, int], query: str, expected: set[str]
) -> None:
    assert search(veille, query) == expected, query


def test_story_field(veille: Veille, numbers: dict[str, int]) -> None:
    with veille.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE articles SET story_id = 7 WHERE id = {numbers['summit']}")
    assert search(veille, "story:7") == {"summit"}
    assert search(veille, "story:99999999999") == set()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ('"unclosed', "caractère 1"),
        ("(airbus", "caractère 1"),
        ("airbus )", "caractère 8"),
        ("airbus OR", "OR"),
        ("since:2025-13-45", "since: prend une date"),
        ("story:x", "story"),
    ],
)
def test_a_syntax_error_says_where(veille: Veille, query: str, said: str) -> None:
    with pytest.raises(QuerySyntaxError, match=said):
        veille.articles(ArticleFilter(query=query))


def test_a_syntax_error_is_one_line_in_the_cli_the_page_and_the_api(
    veille: Veille, numbers: dict[str, int]
) -> None:
    result = CliRunner().invoke(
        app, ["--db", veille.settings.db, "--home", str(veille.settings.home), "list", "--search", '"airbus'],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "guillemet" in result.stderr, (
        result.stderr
    )
    client = TestClient(create_app(veille.settings, veille), base_url=LOCAL)
    page = client.get("/search", params={"q": "(airbus"})
    assert page.status_code == 200 and "parenthèse" in page.text
    for path in ("/api/search", "/feeds/atom", "/stories/feed.json"):
        answer = client.get(path, params={"q": "airbus OR"})
        assert answer.status_code == 422 and "OR" in answer.json()["detail"][0]["msg"], path


def test_words_phrases_ors_and_exclusions_are_one_lookup_of_the_index() -> None:
    def looked_up(query: str) -> str:
        tree = parse(query)
        match = Search(tree).text_match() if tree else None
        return match.fts5() if match else ""

    assert "budapest" in looked_up("poutine budapest") and "putin" in looked_up('"sommet" (poutine OR putin)')
    assert "NOT" in looked_up("poutine -budapest") and "lang" not in looked_up("poutine lang:fr")
    assert looked_up("-budapest") == "" and looked_up("lang:fr") == ""


def test_source_reads_every_source_that_lists_an_article(veille: Veille, numbers: dict[str, int]) -> None:
    first = add_source(veille.engine, "https://lemonde.fr/rss", "Le Monde")
    second = add_source(veille.engine, "https://agregateur.example/feed", "Agrégateur")
    save_article(veille.engine, _stored(veille, numbers["louvre-fr"]), first.id)
    save_article(veille.engine, _stored(veille, numbers["louvre-fr"]), second.id)
    for key in (str(second.id), "agrégateur", "https://agregateur.example/feed"):
        assert search(veille, f"source:{key!r}".replace("'", '"')) == {"louvre-fr"}
        listed = ArticleFilter(source=key, originals_only=False)
        assert [a.url.rsplit("/", 1)[1] for a in veille.articles(listed)] == ["louvre-fr"]
    assert search(veille, f"source:{first.id} Louvre") == {"louvre-fr"}
    assert search(veille, f"source:{second.id} airbus") == set()


def _stored(veille: Veille, number: int) -> NewArticle:
    """A new article with the address of stored article `number`: saving it links a source."""
    article = veille.article(number)
    return NewArticle(
        url=article.url, site=article.site, title=article.title, author=None, published=None,
        lang=article.lang, reading_minutes=1, word_count=1, text=article.text, description=None,
        image=None, from_feed=False,
    )  # fmt: skip
