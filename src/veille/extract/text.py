"""Turning extracted markup into plain text, one paragraph per block, blocks separated by a
blank line (the card's layout)."""

from __future__ import annotations

import math
import re

import lxml.html
import regex
from lxml import etree
from lxml.etree import ParserError, _Element

_WORD = regex.compile(r"[\w\p{M}]+(?:['’\-][\w\p{M}]+)*")
"""A word keeps its combining marks: the vowel signs of Devanagari or Thai do not split it."""
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Chinese and Japanese characters: their sentences have no spaces between words."""
CHARACTERS_PER_CJK_WORD = 2


def count_words(text: str) -> int:
    """Words as spaces separate them, and Chinese and Japanese words as characters two by two
    (the mean length of a Chinese word is under two characters)."""
    characters = len(CJK_CHARACTER.findall(text))
    others = len(_WORD.findall(CJK_CHARACTER.sub(" ", text)))
    return others + math.ceil(characters / CHARACTERS_PER_CJK_WORD)


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
