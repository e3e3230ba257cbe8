"""Text as it may be stored, printed and sent as XML: without the characters XML 1.0 forbids
(NUL and the other C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF),
which PostgreSQL refuses in text, a terminal obeys and an Atom feed cannot carry."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def bounded(text: str, length: int) -> str:
    """`text` cleaned and cut to `length` characters (a column's bound)."""
    return clean_text(text)[:length]
