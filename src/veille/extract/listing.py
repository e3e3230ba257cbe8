"""Which links of a home or section page are articles, decided from the page and the links
themselves, with no rule for any one site: an article's address has the shape of one (a date,
a long slug, a numeric id, SPIP's `?article123` or `?Le-titre`), its link text reads as a
headline, and it sits in the page's content rather than its navigation. The site's own pages
(about, contact, privacy, terms, tags, authors, sections, the home page itself) are left out,
with courlan's navigation and crawlability filters as a second opinion."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
from courlan.filters import is_navigation_page, is_not_crawlable
from lxml.etree import ParserError

from veille.addresses import web_address
from veille.cleaning import clean_text
from veille.extract.metadata import site_domain
from veille.extract.text import count_words
from veille.types import FeedEntry

THRESHOLD = 3
"""The score from which a link is an article (see `_address_score` and `_text_score`)."""

SITE_PAGES = frozenset(
    """
    about about-us a-propos apropos qui-sommes-nous contact contacts contact-us kontakt contacto
    contatti contato privacy privacy-policy confidentialite politique-de-confidentialite
    datenschutz privacidad politica-de-privacidad terms terms-of-use terms-of-service conditions
    cgu cgv mentions-legales legal impressum imprint aviso-legal note-legali cookies cookie-policy
    login signin sign-in register signup sign-up subscribe abonnement newsletter newsletters
    account search recherche suche buscar cerca tag tags topic topics theme themes author authors
    auteur auteurs autor autores category categories categorie rubrique rubriques section sections
    archive archives sitemap rss feed feeds faq help aide hilfe ayuda jobs careers emplois
    advertise publicite werbung team equipe redaction masthead staff donate faire-un-don
    """.split()  # noqa: SIM905 (a list of words, read as one)
)
"""Words that name a site's own pages, in the languages of the web's largest press."""

_DATE = re.compile(r"(?<!\d)(19|20)\d{2}[/_-]?(0[1-9]|1[0-2])([/_-]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
_NUMBER = re.compile(r"\d{4,}")
_MEDIA = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js)$", re.IGNORECASE)
_NAVIGATION = frozenset({"nav", "header", "footer", "aside", "menu"})
_NAVIGATION_CLASS = re.compile(r"\b(nav|menu|footer|breadcrumb|sidebar|social|share|pagination|skip)", re.I)
_CONTENT = frozenset({"article", "main", "h1", "h2", "h3", "h4"})


def _words(segment: str) -> list[str]:
    stem = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", segment, flags=re.IGNORECASE)
    return [word for word in re.split(r"[-_+.]+", stem) if word]


def _address_score(url: str) -> float | None:
    """How much an address looks like an article's; None for what is never one."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if (not segments and not parts.query) or _MEDIA.search(parts.path):
        return None
    lowered = [s.lower() for s in segments]
    dated = bool(_DATE.search(parts.path))
    if not dated and (
        lowered and (lowered[-1] in SITE_PAGES or (len(lowered) <= 2 and lowered[0] in SITE_PAGES))
    ):
        return None
    last = segments[-1] if segments else ""
    slug = _words(last)
    path_only = url.split("?", 1)[0]  # courlan takes WordPress's ?p=123 for a page number
    headline_slug = len(slug) >= 5  # a sentence in the address: /topic/…/a-long-headline-slug
    if not (dated or headline_slug) and (is_navigation_page(path_only) or is_not_crawlable(path_only)):
        return None
    score = 0.0
    if dated:
        score += 3
    if len(slug) >= 3:
        score += 2 + (len(slug) >= 5)
    if _NUMBER.search(last) or any(_NUMBER.fullmatch(value) for value in re.split(r"[=&]", parts.query)):
        score += 2
    if parts.query and (re.match(r"(?i)(article|art|p|id|news|story)\d*=?\d+", parts.query)
                        or ("=" not in parts.query and parts.query.count("-") >= 2)):  # fmt: skip
        score += 3
    if len(segments) == 1 and len(slug) <= 2 and not _NUMBER.search(last) and not parts.query:
        score -= 2  # /politique, /sport: a section
    return score


def _text_score(text: str) -> float:
    words = count_words(text)
    return 2 if words >= 5 else 1 if words >= 3 else -1 if words <= 1 else 0


def _block_score(link: lxml.html.HtmlElement) -> float:
    for ancestor in link.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''} {ancestor.get('role') or ''}"
        if tag in _NAVIGATION or _NAVIGATION_CLASS.search(marks):
            return -2
        if tag in _CONTENT:
            return 1
    return 0


def _link_text(link: lxml.html.HtmlElement) -> str:
    text = " ".join(link.text_content().split())
    if not text:
        images = [img.get("alt") or "" for img in link.iter("img")]
        text = " ".join(" ".join(images).split()) or (link.get("title") or "")
    return clean_text(text)


def article_links(html: str, page_url: str, limit: int) -> list[FeedEntry]:
    """The articles a listing page links to, in the page's order, at most `limit`; each titled
    with its longest link text."""
    try:
        document = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return []
    site = site_domain(page_url)
    page = page_url.split("#", 1)[0].rstrip("/")
    found: dict[str, tuple[float, str]] = {}
    for link in document.iter("a"):
        url = web_address((link.get("href") or "").split("#", 1)[0], page_url)
        if url is None or url.rstrip("/") == page or site_domain(url) != site:
            continue
        address = _address_score(url)
        if address is None:
            continue
        text = _link_text(link)
        score = address + _text_score(text) + _block_score(link)
        best_score, best_text = found.get(url, (float("-inf"), ""))
        found[url] = (max(score, best_score), text if len(text) > len(best_text) else best_text)
    chosen = [(url, text) for url, (score, text) in found.items() if score >= THRESHOLD]
    return [FeedEntry(url=url, title=text or None) for url, text in chosen[:limit]]
