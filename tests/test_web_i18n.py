"""The reader's interface speaks the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from veille.config import load_settings
from veille.show.web.app import create_app
from veille.show.web.i18n import CATALOGUE, strings


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
