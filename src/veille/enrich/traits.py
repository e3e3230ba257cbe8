"""What grouping needs to know of an article's text: its story keys, its reprint fingerprint and
the names it writes. Pure CPU work on the text alone, so a worker process works it out beside the
extraction, and the main process, which places articles one at a time, only compares and stores."""

from __future__ import annotations

from dataclasses import dataclass

from veille.enrich.names import Names, names
from veille.enrich.reprints import Fingerprint, fingerprint
from veille.enrich.stories.features import Keys, article_keys


@dataclass(frozen=True, slots=True)
class Traits:
    keys: Keys
    fingerprint: Fingerprint | None
    names: Names


def traits(title: str, text: str, lang: str | None) -> Traits:
    return Traits(article_keys(title, text, lang), fingerprint(text), names(title, text, lang))
