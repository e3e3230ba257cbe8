"""Decoding bytes to text: the HTTP header's charset, then the document's own declaration,
then detection.

A declaration is trusted only when the bytes decode cleanly in it: a page saved in Windows-1252
and declared UTF-8 is common. Detection then tries Windows-1252 first, the web's most common
legacy charset by far, and keeps it when the text reads as a Western language would (accented
letters a minority, no symbol inside a word: a Polish page read as Windows-1252 shows
"Za¿ó³æ", a Russian one nothing but accented letters); otherwise charset-normalizer decides
(it takes French for Baltic, "brūlant ą Sčte", so it does not go first)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[\u0080-\u00bf\u2010-\u203a\u02c6\u02dc\u2122\u20ac](?=[^\W\d_])")
_MOST_ACCENTED = 0.25

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(content: bytes) -> str | None:
    """The charset a document declares in its first few kilobytes, if it is a known one."""
    match = _DECLARED.search(content[:4096])
    if not match:
        return None
    return _known((match.group(1) or match.group(2)).decode("ascii", "replace"))


def decode(content: bytes, header_charset: str | None = None) -> str:
    """Text of `content`: byte-order mark, header charset, declaration, then detection."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    for candidate in (_known(header_charset), declared_charset(content)):
        if candidate:
            try:
                return content.decode(candidate)
            except UnicodeDecodeError:
                continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _as_western(content)
    if western is not None:
        return western
    best = from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")


def _as_western(content: bytes) -> str | None:
    """`content` read as Windows-1252, when it reads as a Western language would."""
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if ord(c) > 127)
    if not letters or accented > _MOST_ACCENTED * len(letters) or _SYMBOL_IN_WORD.search(text):
        return None
    return text
