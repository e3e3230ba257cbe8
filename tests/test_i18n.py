"""The reader's interface speaks the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from veille.config import load_settings
from veille.show.i18n import CATALOGUE, counted, language_name, strings
from veille.show.web.app import create_app


def test_every_catalogue_has_every_string() -> None:
    for lang, catalogue in CATALOGUE.items():
        assert set(catalogue) == set(CATALOGUE["fr"]), lang


@pytest.mark.parametrize(
    ("lang", "word"), [("fr", "Fil"), ("de", "Quellen"), ("es", "Fuentes"), ("ja", "Sources")]
)
def test_pages_follow_the_reader_language(tmp_path: Path, lang: str, word: str) -> None:
    client = TestClient(create_app(load_settings(tmp_path, lang=lang)))
    page = client.get("/").text
    assert f'<html lang="{lang}">' in page and word in page
    assert strings(lang)["search"] in page


def test_counts_follow_the_plural_rules_of_the_reader_language() -> None:
    assert counted("fr", 0, "article", "articles") == "0 article"  # French: 0 and 1 are singular
    assert counted("fr", 2, "article", "articles") == "2 articles"
    assert counted("en", 0, "article", "articles") == "0 articles"
    assert counted("de", 1, "new_article", "new_articles") == "1 neuer Artikel"
    assert counted("ja", 1, "article", "articles") == "1 article"  # English strings, English rules


def test_languages_are_named_in_the_reader_language() -> None:
    assert language_name("es", "fr") == "Espagnol"
    assert language_name("de", "es") == "Alemán"
    assert language_name("?", "fr") == "?"  # undetected: the code as it is
