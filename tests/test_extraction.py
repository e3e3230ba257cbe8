"""Extraction: body text and metadata on pages in the styles real sites use."""

from __future__ import annotations

import html
from datetime import datetime

import pytest

from pages import STORIES, styled_page
from veille.extract.boilerplate import is_chrome, strip_boilerplate
from veille.extract.credits import original_publication
from veille.extract.page import NotAnArticle, extract_article

STYLES = ("jsonld", "meta", "byline", "sidebar-dates", "text-date", "div-soup", "org-author", "reprint")


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es", "ru"])
@pytest.mark.parametrize("style", STYLES)
def test_metadata_in_every_style(style: str, lang: str) -> None:
    page = styled_page(STORIES[lang], style, variant=1)
    found = extract_article(page.html, "https://news.example/a")
    assert found.title == page.title
    assert found.author == page.author
    assert found.original == page.original
    assert page.date is not None and found.published is not None
    if "T" in page.date:
        assert found.published == datetime.fromisoformat(page.date)
        assert found.published.utcoffset() == datetime.fromisoformat(page.date).utcoffset()
    else:
        assert found.published.date().isoformat() == page.date
    assert found.paragraphs[: len(STORIES[lang].paragraphs)] == list(STORIES[lang].paragraphs)


def test_dates_in_sidebars_and_comments_are_not_the_article_date() -> None:
    page = styled_page(STORIES["en"], "sidebar-dates")
    found = extract_article(page.html, "https://news.example/a")
    assert found.published is not None and found.published.year == 2025


def paragraphs_html(texts: list[str]) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def test_article_split_by_an_advertisement_is_read_whole() -> None:
    first, second = list(STORIES["en"].paragraphs[:2]), list(STORIES["en"].paragraphs[2:])
    related = (
        '<div class="body article__body"><ul><li><a href="/1">A much longer headline of another story that '
        'is only a link</a></li><li><a href="/2">Yet another long headline that is only a link to elsewhere'
        "</a></li></ul></div>"
    )
    page = f"""<html><head><title>{STORIES["en"].title}</title></head><body><main>
    <h1>{STORIES["en"].title}</h1>
    <div class="row"><div class="body article__body">{paragraphs_html(first)}</div></div>
    <div class="row"><div class="ad"><span>Advertisement</span></div></div>
    <div class="row"><div class="body article__body">{paragraphs_html(second)}</div></div>
    <div class="row">{related}</div>
    </main></body></html>"""
    found = extract_article(page, "https://news.example/a")
    assert found.paragraphs == list(STORIES["en"].paragraphs)


def test_headings_quotes_and_lists_stay_inside_the_article() -> None:
    story = STORIES["fr"]
    page = f"""<html><head><title>{story.title}</title></head><body><article><h1>{story.title}</h1>
    {paragraphs_html(list(story.paragraphs[:2]))}
    <h2>Un chantier de quatre ans</h2>
    <blockquote><p>« Ce pont changera la vie du quartier », a déclaré une habitante du port.</p>
    </blockquote>
    {paragraphs_html(list(story.paragraphs[2:]))}
    </article></body></html>"""
    found = extract_article(page, "https://news.example/a")
    assert "Un chantier de quatre ans" in found.paragraphs
    assert any(p.startswith("« Ce pont changera") for p in found.paragraphs)
    assert found.paragraphs[0] == story.paragraphs[0]
    assert found.paragraphs[-1] == story.paragraphs[-1]


@pytest.mark.parametrize(
    "block",
    [
        "READ MORE: China plague outbreak confirmed in Beijing",
        "Lire aussi : Le pont du port, dix ans de débats",
        "Lesen Sie auch: Die Brücke über den Hafen",
        "Sign up for our newsletter to get the news in your inbox",
        "Like this story? Share it with a friend!",
        "Plane passengers quarantined after outbreak [NEWS]",
        "Have a tip? Margaret Ellison may be reached at mellison@example.com.",
    ],
)
def test_chrome_lines_are_recognised(block: str) -> None:
    assert is_chrome(block)


@pytest.mark.parametrize(
    "block",
    [
        "Share prices fell sharply on Monday after the bank warned of lower profits.",
        "Subscribers to the service will pay more from January, the company said.",
        "TIP-INS",
        STORIES["en"].paragraphs[0],
    ],
)
def test_article_sentences_are_not_chrome(block: str) -> None:
    assert not is_chrome(block)


def test_heading_matter_is_removed_but_a_first_paragraph_is_kept() -> None:
    body = [
        "Bridge approved",
        "Twenty years of debate end tonight",
        "By Margaret Ellison",
        "Text one.",
        "Text two.",
    ]
    kept = strip_boilerplate(
        body, "Bridge approved", "Twenty years of debate end tonight", "Margaret Ellison"
    )
    assert kept == ["Text one.", "Text two."]
    lead = "The council voted on Monday evening to approve the bridge."
    assert strip_boilerplate([lead, "More."], "Bridge", lead, None) == [lead, "More."]


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("Reprinted with permission from Moon of Alabama.", "Moon of Alabama"),
        ("This article was originally published on The Conversation. Read the original.", "The Conversation"),
        ("Cet article a été initialement publié sur Le Grand Continent.", "Le Grand Continent"),
        ("Dieser Artikel erschien zuerst bei Telepolis.", "Telepolis"),
        ("Publicado originalmente en El Salto.", "El Salto"),
        ("Questo articolo è stato pubblicato originariamente su Valigia Blu.", "Valigia Blu"),
        ("Source: https://www.reuters.com/world/story", "reuters.com"),
    ],
)
def test_original_publication_from_credit_lines(credit: str, name: str) -> None:
    assert original_publication([STORIES["en"].paragraphs[0], credit]) == name


def test_no_credit_no_original() -> None:
    assert original_publication(list(STORIES["en"].paragraphs)) is None
    assert original_publication(["He was first published in a small magazine of note."]) is None


@pytest.mark.parametrize("page", ["", "   ", "<html><body><nav><a href='/'>Home</a></nav></body></html>"])
def test_pages_without_article(page: str) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(page, "https://news.example/a")
