"""`veille extract`: extraction alone, on saved pages or addresses, in parallel across cores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veille.config import DEFAULT_MAX_BYTES
from veille.enrich.language import detect_language
from veille.enrich.reading_time import reading_minutes
from veille.extract.page import NotAnArticle, extract_article
from veille.fetch.charset import decode
from veille.fetch.decoding import DecodingFailed, TooLarge, decode_bounded
from veille.messages import _, os_reason
from veille.show.export import extracted_record


class UnreadablePage(ValueError):
    """A saved page that cannot be read: missing, too large, or a broken gzip file."""


def read_page(path: Path, limit: int = DEFAULT_MAX_BYTES) -> str:
    """A saved page, gzipped or not, decoded by its declared or detected charset; no larger
    than `limit` bytes once decompressed (a gzip bomb is refused as it inflates)."""
    too_large = _("larger than the {limit}-byte limit").format(limit=limit)
    try:
        with path.open("rb") as file:
            content = file.read(limit + 1)
    except OSError as error:
        raise UnreadablePage(os_reason(error)) from None
    if len(content) > limit:
        raise UnreadablePage(too_large)
    if content[:2] == b"\x1f\x8b":
        try:
            content = decode_bounded(content, "gzip", limit)
        except TooLarge:
            raise UnreadablePage(too_large) from None
        except DecodingFailed:
            raise UnreadablePage(_("not a valid gzip file")) from None
    return decode(content)


def extract_html(html: str, url: str) -> dict[str, Any]:
    """The `export` fields of the article on `html`."""
    extracted = extract_article(html, url)
    lang = detect_language(extracted.title, extracted.text)
    return extracted_record(extracted, lang, reading_minutes(extracted.text, lang))


def extract_file(path: str, url: str | None) -> dict[str, Any]:
    """One JSON record for a file: its fields, or `error` when it has no article."""
    try:
        record = extract_html(read_page(Path(path)), url or Path(path).resolve().as_uri())
    except (UnreadablePage, NotAnArticle) as error:
        return {"file": path, "error": str(error)}
    return {"file": path, **record}
