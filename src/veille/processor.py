"""From a fetched page, or a feed entry alone, to an article ready to store: extract, then
enrich. Pure CPU work, run in worker processes."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from veille.addresses import web_address
from veille.cleaning import clean_optional, clean_text
from veille.enrich.language import detect_language
from veille.enrich.reading_time import reading_minutes
from veille.enrich.traits import Traits, traits
from veille.extract.metadata import clean_title, site_domain
from veille.extract.page import NotAnArticle, extract_article
from veille.extract.text import count_words, html_to_text
from veille.messages import _
from veille.store.analysis import tokens
from veille.store.identity import canonical_url
from veille.types import Extracted, FeedEntry, NewArticle

MIN_USABLE_WORDS = 30
"""Below this, a page's text is a teaser or a paywall, and the feed's own content may be better."""


def _from_feed(entry: FeedEntry) -> Extracted | None:
    text = html_to_text(entry.content_html or "") or html_to_text(entry.summary or "")
    if not text:
        return None
    return Extracted(text=text, title=entry.title, author=entry.author, published=entry.published)


def _trusted_canonical(canonical: str | None, page_url: str | None) -> str | None:
    """The page's canonical link, unless it leaves the site or points to the home page (both
    are common mistakes that would merge different articles into one)."""
    if not canonical or not page_url or canonical == page_url:
        return canonical
    if site_domain(canonical) != site_domain(page_url):
        return None
    if urlsplit(canonical).path.strip("/") == "" and urlsplit(page_url).path.strip("/") != "":
        return None
    return canonical


def prepare_article(entry: FeedEntry, html: str | None, page_url: str | None) -> NewArticle:
    """The article for `entry`, from its page's HTML when given and usable, else from the feed.

    Raises NotAnArticle when neither has any text."""
    extracted: Extracted | None = None
    problem = _("the page could not be fetched")
    if html is not None and page_url is not None:
        try:
            extracted = extract_article(html, page_url)
        except NotAnArticle as error:
            problem = str(error)
    from_feed = False
    fallback = _from_feed(entry)
    page_words = count_words(extracted.text) if extracted else 0
    if fallback and page_words < MIN_USABLE_WORDS and count_words(fallback.text) > page_words:
        extracted, from_feed = fallback, True
    if extracted is None:
        raise NotAnArticle(
            _("{url}: {problem}, and the feed gives no text for it").format(url=entry.url, problem=problem)
        )
    canonical = web_address(_trusted_canonical(extracted.canonical_url, page_url))
    url = canonical_url(canonical or page_url or entry.url)
    aliases = {canonical_url(entry.url), *([canonical_url(page_url)] if page_url else [])} - {url}
    site = site_domain(page_url or entry.url)
    title = clean_text(extracted.title or clean_title(entry.title, [site]) or url)
    text = clean_text(extracted.text)
    lang = detect_language(title, text)
    return NewArticle(
        url=url,
        site=site,
        title=title,
        author=clean_optional(extracted.author or entry.author),
        published=extracted.published or entry.published,
        lang=lang,
        reading_minutes=reading_minutes(text, lang),
        word_count=count_words(text),
        text=text,
        description=clean_optional(extracted.description),
        image=web_address(extracted.image, page_url or entry.url),
        from_feed=from_feed,
        original=clean_optional(extracted.original),
        aliases=tuple(sorted(aliases)),
    )


def prepare_traced_article(
    entry: FeedEntry, html: str | None, page_url: str | None
) -> tuple[NewArticle, Traits]:
    """`prepare_article` with its search terms, and the traits its story and reprints are found by
    (enrich.traits): the work the main process would otherwise do one article at a time."""
    article = prepare_article(entry, html, page_url)
    terms = tuple(tokens(f"{article.title}\n{article.text}", article.lang))
    return replace(article, terms=terms), traits(article.title, article.text, article.lang)
