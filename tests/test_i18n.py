"""The reader's interface speaks the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from localweb import LOCAL
from veille.config import load_settings
from veille.messages import voice
from veille.show.languages import language_name
from veille.show.web.app import create_app


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Fil", "Rechercher", "Toutes les langues"]),
        ("de", ["Quellen", "Suchen", "Alle Sprachen"]),
        ("es", ["Fuentes", "Todos los idiomas"]),
        ("ja", ["Sources", "Search", "All languages"]),  # no catalogue: English
    ],
)
def test_pages_follow_the_reader_language(tmp_path: Path, lang: str, words: list[str]) -> None:
    client = TestClient(create_app(load_settings(tmp_path, lang=lang)), base_url=LOCAL)
    page = client.get("/").text
    assert f'<html lang="{lang}">' in page
    for word in words:
        assert word in page, word


def test_each_web_app_speaks_its_own_language_whatever_the_process_speaks(tmp_path: Path) -> None:
    french = TestClient(create_app(load_settings(tmp_path / "fr", lang="fr")), base_url=LOCAL)
    german = TestClient(
        create_app(load_settings(tmp_path / "de", lang="de")), base_url=LOCAL
    )  # the process now speaks German
    assert "Rechercher" in french.get("/").text
    assert "Suchen" in german.get("/").text


def test_the_new_articles_banner_gets_both_plural_forms_with_a_placeholder(tmp_path: Path) -> None:
    page = TestClient(create_app(load_settings(tmp_path, lang="fr")), base_url=LOCAL).get("/").text
    assert 'data-one="{count} nouvel article" data-other="{count} nouveaux articles"' in page


def test_counts_follow_the_plural_rules_of_the_reader_language() -> None:
    def articles(lang: str, count: int) -> str:
        return voice(lang).n_("{count} article", "{count} articles", count)

    assert articles("fr", 0) == "0 article"  # French: 0 and 1 are singular
    assert articles("fr", 2) == "2 articles"
    assert articles("en", 0) == "0 articles"
    assert voice("de").n_("{count} new article", "{count} new articles", 1) == "1 neuer Artikel"
    assert articles("ja", 1) == "1 article"  # English messages, English rules


def test_languages_are_named_in_the_reader_language() -> None:
    assert language_name("es", "fr") == "Espagnol"
    assert language_name("de", "es") == "Alemán"
    assert language_name("?", "fr") == "?"  # undetected: the code as it is
