"""Everything from an article that reaches a page goes through nh3: no script, event handler,
`javascript:` address, form or frame from a feed or a page can get through."""

from __future__ import annotations

import html

import nh3

from veille.addresses import web_address

ALLOWED_TAGS = {"p", "a", "img", "figure", "em", "strong", "blockquote", "h2", "h3", "ul", "ol", "li", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}


def clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def article_html(paragraphs: list[str], image: str | None, show_images: bool) -> str:
    """The article's body as safe HTML: its paragraphs, and its lead image when wanted."""
    blocks = []
    if show_images and image and web_address(image):
        blocks.append(f'<figure><img src="{html.escape(image, quote=True)}" alt=""></figure>')
    blocks.extend(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return clean("\n".join(blocks))
