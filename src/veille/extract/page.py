"""Extraction of one article page. The page is parsed once: veille reads its metadata from the
tree, trafilatura (precision mode, with its fallback extractors) finds the body in a copy, then
veille completes a body split into several parts and removes what is not the article."""

from __future__ import annotations

from lxml.etree import ParserError, strip_elements

from veille.extract.boilerplate import strip_boilerplate
from veille.extract.continuation import complete_split_body
from veille.extract.credits import original_publication
from veille.extract.metadata import read_metadata
from veille.extract.text import body_to_text, count_words
from veille.messages import _
from veille.types import Extracted

_INERT = (
    "script", "style", "svg", "template", "link", "meta", "iframe", "object", "embed", "canvas",
    "button", "input", "select", "textarea",
)  # fmt: skip


MIN_WORDS = 15
"""Fewer words than this is a menu, a cookie notice or an error page, not an article."""


class NotAnArticle(ValueError):
    """The page has no text that can be read as an article."""


def extract_article(html: str, url: str) -> Extracted:
    """The article on `html` (fetched from `url`); raises NotAnArticle when there is none."""
    # Imported here: trafilatura takes 0.1 s to import, which the commands that only read (and
    # catch NotAnArticle) need not pay.
    from trafilatura import bare_extraction
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    if not html or not html.strip():
        raise NotAnArticle(_("empty page"))
    try:
        document = load_html(html)
    except (ParserError, ValueError) as error:
        raise NotAnArticle(_("unreadable HTML ({error})").format(error=error)) from None
    if document is None:
        raise NotAnArticle(_("unreadable HTML"))
    metadata = read_metadata(document, url)
    # What no extractor reads, gone before trafilatura copies and walks the tree many times.
    strip_elements(document, *_INERT, with_tail=False)
    found = bare_extraction(
        document,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        output_format="python",
    )
    body = found.body if isinstance(found, Document) else None
    text = body_to_text(body) if body is not None else ""
    if count_words(text) < MIN_WORDS:
        raise NotAnArticle(_("no article text found on the page"))
    paragraphs = complete_split_body(document, text.split("\n\n"))
    paragraphs = strip_boilerplate(paragraphs, metadata.title, metadata.description, metadata.author)
    return Extracted(
        text="\n\n".join(paragraphs),
        title=metadata.title,
        author=metadata.author,
        published=metadata.published,
        site_name=metadata.site_name,
        canonical_url=metadata.canonical_url,
        description=metadata.description,
        image=metadata.image,
        original=original_publication(paragraphs),
    )
