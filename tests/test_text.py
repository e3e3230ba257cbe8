"""Charsets, language detection and text helpers."""

import pytest

from pages import STORIES
from veille.enrich.language import detect_language
from veille.extract.metadata import clean_author, clean_title
from veille.extract.text import html_to_text
from veille.fetch.charset import decode


def test_charset_from_header_then_declaration_then_detection() -> None:
    russian = "Городской совет одобрил строительство нового моста через порт. " * 5
    assert decode(russian.encode("cp1251"), "windows-1251") == russian
    declared = f'<meta charset="windows-1251"><p>{russian}</p>'.encode("cp1251")
    assert russian in decode(declared)
    assert decode(russian.encode("cp1251")) == russian
    french = "Le conseil municipal a voté lundi soir la construction du pont. " * 5
    assert decode(french.encode("latin-1")) == french


def test_unknown_declared_charset_falls_back_to_detection() -> None:
    content = '<meta charset="x-unknown-42"><p>Ça marche très bien</p>'.encode()
    assert "Ça marche très bien" in decode(content, "bogus")


@pytest.mark.parametrize("lang", sorted(STORIES))
def test_language_of_each_fixture(lang: str) -> None:
    story = STORIES[lang]
    assert detect_language(story.title, "\n\n".join(story.paragraphs)) == lang


def test_language_of_arabic_and_italian() -> None:
    assert detect_language("مجلس المدينة", "وافق مجلس المدينة على بناء جسر جديد فوق الميناء") == "ar"
    assert detect_language(None, "Il consiglio comunale ha approvato la costruzione del nuovo ponte") == "it"
    assert detect_language(None, "") is None


def test_title_loses_the_site_suffix_only() -> None:
    sites = ["The Daily Example", "dailyexample.com"]
    assert clean_title("Bridge approved | The Daily Example", sites) == "Bridge approved"
    assert clean_title("Bridge approved - Daily Example", ["dailyexample.com"]) == "Bridge approved"
    assert clean_title("Putin - Trump: the call", sites) == "Putin - Trump: the call"


def test_author_is_a_clean_name() -> None:
    assert clean_author("By  Margaret Ellison ") == "Margaret Ellison"
    assert clean_author("Moon of Alabama") == "Moon of Alabama"
    assert clean_author("https://facebook.com/someone") is None


def test_html_fragment_keeps_paragraphs_and_drops_scripts() -> None:
    text = html_to_text("<p>One <b>bold</b></p><script>alert(1)</script><ul><li>two</li></ul>three")
    assert text == "One bold\n\ntwo\n\nthree"
