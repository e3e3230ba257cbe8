"""Extraction of one article page: trafilatura for the body, schema.org JSON-LD and meta tags
first for metadata, trafilatura's (htmldate) findings after."""

from __future__ import annotations

import lxml.html
from lxml.etree import ParserError
from trafilatura import bare_extraction
from trafilatura.settings import Document

from veille.extract.boilerplate import strip_boilerplate
from veille.extract.continuation import complete_split_body
from veille.extract.jsonld import read_jsonld
from veille.extract.metadata import (
    canonical_link,
    clean_author,
    clean_title,
    meta_content,
    parse_date,
    site_domain,
)
from veille.extract.text import body_to_text
from veille.types import Extracted


class NotAnArticle(ValueError):
    """The page has no text that can be read as an article."""


def extract_article(html: str, url: str) -> Extracted:
    """The article on `html` (fetched from `url`); raises NotAnArticle when there is none."""
    if not html or not html.strip():
        raise NotAnArticle("empty page")
    try:
        document = lxml.html.fromstring(html)
    except (ParserError, ValueError) as error:
        raise NotAnArticle(f"unreadable HTML ({error})") from None
    jsonld = read_jsonld(document)
    found = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        output_format="python",
    )
    result = found if isinstance(found, Document) else None
    text = body_to_text(result.body) if result is not None and result.body is not None else ""
    if not text.strip():
        raise NotAnArticle("no article text found on the page")
    paragraphs = complete_split_body(document, text.split("\n\n"))
    site_name = (jsonld.publisher if jsonld else None) or meta_content(document, "og:site_name")
    if site_name is None and result is not None:
        site_name = result.sitename
    canonical = canonical_link(document, url) or url
    title = (
        meta_content(document, "og:title", "twitter:title")
        or (jsonld.headline if jsonld else None)
        or (result.title if result is not None else None)
    )
    authors = ", ".join(jsonld.authors) if jsonld and jsonld.authors else None
    author = clean_author(
        authors
        or meta_content(document, "author", "article:author", "byl")
        or (result.author if result else None)
    )
    published = parse_date(
        (jsonld.date_published if jsonld else None)
        or meta_content(
            document, "article:published_time", "datePublished", "date", "dc.date", "DC.date.issued"
        )
        or (result.date if result else None)
    )
    description = (jsonld.description if jsonld else None) or (result.description if result else None)
    clean = clean_title(title, [site_name or "", site_domain(canonical)])
    return Extracted(
        text="\n\n".join(strip_boilerplate(paragraphs, clean, description, author)),
        title=clean,
        author=author,
        published=published,
        site_name=site_name,
        canonical_url=canonical,
        description=description,
        image=(jsonld.image if jsonld else None) or (result.image if result else None),
    )
