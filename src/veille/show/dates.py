"""Dates as a reader expects them: short in the reader's locale for the header (20/10/2025),
long in the article's own language for the article (October 20, 2025)."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format


def _locale(lang: str | None, fallback: str = "en") -> Locale:
    try:
        return Locale.parse(lang or fallback)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(fallback)


def short_date(moment: date | datetime, reader_lang: str) -> str:
    """The locale's short date with a four-digit year: 20/10/2025 in French, 10/20/2025 in English."""
    locale = _locale(reader_lang)
    pattern = get_date_format("short", locale=locale).pattern
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y")
    return format_date(moment, pattern, locale=locale)


def long_date(moment: date | datetime, article_lang: str | None) -> str:
    return format_date(moment, "long", locale=_locale(article_lang))
