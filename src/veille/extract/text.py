"""Turning extracted markup into plain text, one paragraph per block, blocks separated by a
blank line (the card's layout)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.etree import ParserError, _Element

_TEXT_NODES = etree.Element  # itertext(tag=Element) skips comments and processing instructions
_SPACES = re.compile(r"[^\S\n]+")
_TRAFILATURA_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "row", "cell", "list", "table"})
_HTML_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "figcaption",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "header",
        "footer",
        "aside",
    }
)


def _clean(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _inline_text(element: _Element) -> str:
    return "".join(element.itertext(tag=_TEXT_NODES))


def _mark_line_breaks(root: _Element) -> None:
    """Turns `<lb/>` / `<br>` into newlines in the text, so that paragraphs keep their lines."""
    for node in root.iter("lb", "br"):
        node.tail = "\n" + (node.tail or "")


def _blocks(element: _Element, block_tags: frozenset[str], out: list[str]) -> None:
    has_blocks = any(isinstance(child.tag, str) and child.tag in block_tags for child in element)
    if not has_blocks:
        text = _clean(_inline_text(element))
        if text:
            out.append(text)
        return
    if element.text and element.text.strip():
        out.append(_clean(element.text))
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in block_tags:
            _blocks(child, block_tags, out)
        elif text := _clean(_inline_text(child)):
            out.append(text)
        if child.tail and child.tail.strip():
            out.append(_clean(child.tail))


def body_to_text(body: _Element) -> str:
    """Paragraphs of trafilatura's XML body (`<p>`, `<head>`, `<list><item>`, `<quote>`…)."""
    _mark_line_breaks(body)
    paragraphs: list[str] = []
    _blocks(body, _TRAFILATURA_BLOCKS, paragraphs)
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Paragraphs of an HTML fragment, such as a feed entry's content."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return _clean(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    _mark_line_breaks(root)
    paragraphs: list[str] = []
    _blocks(root, _HTML_BLOCKS, paragraphs)
    return "\n\n".join(paragraphs)
