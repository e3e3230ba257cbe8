"""Decoding bytes to text: the HTTP header's charset, then the document's own declaration,
then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

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
    best = from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")
