"""What veille says of its own work (progress, summaries, what went wrong) in the reader's
language.

Messages are written in English in the code, marked with `_()` (or `n_()` for a count), and
looked up, gettext-style, in `locales/<lang>.po` (French, German, Spanish, Italian, Portuguese:
the languages of the web reader); a language without a catalogue reads English.
The catalogues are read by Babel when first needed, so there is no compile step. A process speaks
one language, the reader's, set from the settings (`speak`): by the CLI as it starts, by every
Veille as it opens (the web app's too), by the extraction workers as they start. What the reader
reads of the articles (cards, headlines, the web reader's labels) is in show/i18n.py."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES = Path(__file__).parent / "locales"

_spoken: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of veille's messages into `lang` (none for English or an unknown language)."""
    path = LOCALES / f"{lang}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(po, locale=lang))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def speak(lang: str) -> None:
    """From now on, this process says its messages in `lang`."""
    global _spoken, _language
    _spoken = catalogue(lang)
    _language = lang


def _(message: str) -> str:
    return _spoken.gettext(message)


def about(subject: object, message: object) -> str:
    """A message about `subject` (a source, a file): "Le Monde : …" in French, "Le Monde: …" in English."""
    return _("{subject}: {message}").format(subject=subject, message=message)


def decimal(value: float, digits: int = 1) -> str:
    """`value` written as the language spoken writes numbers (4.2 in English, 4,2 in French)."""
    try:
        return format_decimal(value, format="0." + "0" * digits, locale=_language)
    except (UnknownLocaleError, ValueError):
        return f"{value:.{digits}f}"


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    """The form of a message that agrees with `count`, by the plural rules of the language spoken,
    with `{count}` and the other `values` filled in."""
    return _spoken.ngettext(singular, plural, count).format(count=count, **values)
