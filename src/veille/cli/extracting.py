"""`veille extract`: extraction alone, on saved pages or addresses, in parallel across cores."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from veille.enrich.language import detect_language
from veille.enrich.reading_time import reading_minutes
from veille.extract.page import NotAnArticle, extract_article
from veille.fetch.charset import decode
from veille.show.export import extracted_record


def read_page(path: Path) -> str:
    """A saved page, gzipped or not, decoded by its declared or detected charset."""
    content = path.read_bytes()
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
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
    except (OSError, EOFError, NotAnArticle) as error:
        return {"file": path, "error": str(error)}
    return {"file": path, **record}
