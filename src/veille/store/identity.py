"""An article's identity is its canonical address: the same article reached by two feeds,
with tracking parameters or with a fragment is stored once."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def canonical_url(url: str) -> str:
    """`url` with host lower-cased, default port, tracking parameters and fragment dropped,
    and the remaining query parameters sorted."""
    url = url.strip()
    try:
        normalized = normalize_url(url, strict=False)
    except (ValueError, TypeError):
        normalized = url
    parts = urlsplit(normalized)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
