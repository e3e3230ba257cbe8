"""What veille says, in the reader's language: of its own work (progress, summaries, what went
wrong) and on its web pages (labels, counts).

Messages are written in English in the code and the templates, marked with `_()` (or `n_()` for
a count), and looked up, gettext-style, in `locales/<lang>.po` (French, German, Spanish, Italian,
Portuguese); a language without a catalogue reads English. The catalogues are read by Babel when
first needed, so there is no compile step.

A `Voice` speaks one language. A process speaks the reader's, set from the settings (`speak`): by
the CLI as it starts, by every Veille as it opens, by the extraction workers as they start; the
module's `_`, `n_`, `about` and `decimal` say things in it. The web app holds a Voice of its own
language, for its pages, whatever the process speaks."""

from __future__ import annotations

import errno
import gettext
import io
from functools import cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES = Path(__file__).parent / "locales"


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


class Voice:
    """veille's messages in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.translations = catalogue(lang)

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def n_(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of a message that agrees with `count`, by the plural rules of the language,
        with `{count}` and the other `values` filled in."""
        return self.translations.ngettext(singular, plural, count).format(count=count, **values)

    def about(self, subject: object, message: object) -> str:
        """A message about `subject` (a source, a file): "Le Monde : …" in French, "Le Monde: …"
        in English."""
        return self._("{subject}: {message}").format(subject=subject, message=message)

    def decimal(self, value: float, digits: int = 1) -> str:
        """`value` written as the language writes numbers (4.2 in English, 4,2 in French)."""
        try:
            return format_decimal(value, format="0." + "0" * digits, locale=self.lang)
        except (UnknownLocaleError, ValueError):
            return f"{value:.{digits}f}"


@cache
def voice(lang: str) -> Voice:
    return Voice(lang)


_spoken = voice("en")


def speak(lang: str) -> None:
    """From now on, this process says its messages in `lang`."""
    global _spoken
    _spoken = voice(lang)


def _(message: str) -> str:
    return _spoken._(message)


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    return _spoken.n_(singular, plural, count, **values)


def N_(message: str) -> str:
    """Marks `message` for the catalogues and leaves it in English, for text translated later,
    where it is shown (the CLI's help: cli/help.py)."""
    return message


def about(subject: object, message: object) -> str:
    return _spoken.about(subject, message)


def decimal(value: float, digits: int = 1) -> str:
    return _spoken.decimal(value, digits)


def os_reason(error: OSError) -> str:
    """Why a file could not be read or written, in the reader's language (the system's own
    words are English)."""
    reasons = {
        errno.ENOENT: N_("no such file or folder"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.EISDIR: N_("is a folder, not a file"),
        errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
        errno.EEXIST: N_("a file of that name is in the way"),
        errno.ENOSPC: N_("no space left on the disk"),
        errno.EROFS: N_("the disk is read-only"),
    }
    reason = reasons.get(error.errno or 0)
    return _(reason) if reason else (error.strerror or str(error) or type(error).__name__)
