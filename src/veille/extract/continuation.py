"""Articles split into several containers (the text interrupted by an advertisement or a
"most popular" box, each part in its own `<div class="article__body">`): trafilatura keeps the
part it chose; the other parts, containers of the same kind in the same page, are added back in
page order."""

from __future__ import annotations

from lxml.etree import _Element
from lxml.html import HtmlElement

_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
_SKIP = frozenset({"figure", "figcaption", "aside", "nav", "form", "script", "style", "noscript", "button"})
_MIN_ANCHOR = 40
MIN_PROSE = 100
"""A part with no block this long is a caption, a teaser or a form, not the article's text."""
MAX_LINK_DENSITY = 0.3


def _norm(text: str) -> str:
    return " ".join(text.split())


def _blocks_of(container: _Element) -> list[str]:
    """Text blocks of a container: outermost only, and not inside a figure, aside or form."""
    found: list[str] = []
    for element in container.iter(*_BLOCKS):
        node = element.getparent()
        while (
            node is not None and node is not container and node.tag not in _SKIP and node.tag not in _BLOCKS
        ):
            node = node.getparent()
        if node is not container:
            continue
        text = _norm(element.text_content())
        if text and _link_share(element, text) < MAX_LINK_DENSITY:
            found.append(text)
    return found


def _link_share(element: _Element, text: str) -> float:
    return sum(len(_norm(a.text_content())) for a in element.iter("a")) / (len(text) or 1)


def _signature(element: _Element) -> tuple[str, ...] | None:
    """A container's kind: its tag and class, and those of its parent and grandparent."""
    classes = (element.get("class") or "").strip()
    if not classes:
        return None
    kind = [str(element.tag), classes]
    for ancestor in list(element.iterancestors())[:2]:
        kind += [str(ancestor.tag), (ancestor.get("class") or "").strip()]
    return tuple(kind)


def _is_prose(container: _Element, blocks: list[str]) -> bool:
    """Paragraphs of running text, not a list of links or a sign-up form."""
    if not blocks or max(map(len, blocks)) < MIN_PROSE or sum(map(len, blocks)) / len(blocks) < 60:
        return False
    return _link_share(container, _norm(container.text_content())) < MAX_LINK_DENSITY


def complete_split_body(document: HtmlElement, paragraphs: list[str]) -> list[str]:
    """`paragraphs` with the other parts of a split article body added in page order."""
    wanted = {_norm(p) for p in paragraphs if len(p) >= _MIN_ANCHOR}
    if not wanted:
        return paragraphs
    containers: dict[tuple[str, ...], list[_Element]] = {}
    for element in document.iter("p"):
        if _norm(element.text_content()) not in wanted:
            continue
        parent = element.getparent()
        while parent is not None and _signature(parent) is None:
            parent = parent.getparent()
        if parent is not None and (signature := _signature(parent)) is not None:
            containers.setdefault(signature, []).append(parent)
    if not containers:
        return paragraphs
    signature = max(containers, key=lambda s: len(containers[s]))
    parts = [
        e
        for e in document.iter(signature[0])
        if (e.get("class") or "").strip() == signature[1] and _signature(e) == signature
    ]
    if len(parts) < 2:
        return paragraphs
    known = {_norm(p) for p in paragraphs}
    used = containers[signature]
    before: list[str] = []
    after: list[str] = []
    seen_used = False
    for part in parts:
        if part in used:
            seen_used = True
            continue
        blocks = _blocks_of(part)
        if not _is_prose(part, blocks):
            continue
        extra = [b for b in blocks if b not in known]
        known.update(extra)
        (after if seen_used else before).extend(extra)
    return before + paragraphs + after if before or after else paragraphs
