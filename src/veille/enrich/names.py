"""Names across spellings and scripts, learnt from stories: when two articles of one story write
a name two ways that sound alike (Poutine and Putin, Putin and Путин, Zelensky and Selenskyj),
the two spellings are one name, and a search for one finds the other (`store.names`).

Sounding alike is the stories' consonant skeleton (`features.skeleton`), with voiced and
unvoiced consonants brought together (بوتين has no p: btn; Putin ptn); two spellings in one
script must also be spelt alike. Many names share a skeleton (Putin, Patton); only a story, which
tells one event, puts two of them together."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from veille.enrich.stories.features import MONTHS, TOKEN, fold, skeleton, stop_words
from veille.store import analysis
from veille.store.names import Met

_VOICING = str.maketrans("bdgv", "ptkf")
ALIKE = 0.7
ALIKE_SHORT = 0.8
"""How alike (difflib's ratio) two spellings of one script must be besides sounding alike, the
shorter under six letters: their skeletons meet more often than names do (Boris and Paris: brs,
prs; France and French: frns; Seoul and the Sul of Coreia do Sul: sl)."""

NAME_CHARS = 5000
"""How much of each article names are read in: a news article's length, most of the time."""

Names = dict[str, tuple[str, str]]
"""Folded spelling → (key, the spelling as written)."""


def name_key(word: str) -> str:
    return skeleton(word).translate(_VOICING)


def names(title: str | None, text: str, lang: str | None) -> Names:
    """The names an article's title and text (its first NAME_CHARS) write: capitalised words it
    never writes in lower case, and the words of scripts without case (Arabic, Devanagari…),
    function words aside."""
    sample = f"{title or ''}\n{text[:NAME_CHARS]}"
    tokens = [token for token in TOKEN.findall(sample) if not token[0].isdigit()]
    lowered = {token.lower() for token in tokens if token[:1].islower()}
    stop = stop_words(lang)
    found: Names = {}
    for token in tokens:
        caseless = not token[0].isupper() and not token[0].islower()
        if not (caseless or (token[0].isupper() and token.lower() not in lowered)):
            continue
        if token.lower() in stop or len(fold(token)) < 3 or fold(token) in MONTHS:
            continue
        spelled = analysis.words(token)
        key = name_key(token)
        if len(spelled) == 1 and len(key) >= 2 and not analysis.is_unspaced(spelled[0]):
            found.setdefault(spelled[0], (key, token))
    return found


def _script(word: str) -> str:
    """LATIN, CYRILLIC, ARABIC…: the first word of the first letter's Unicode name."""
    return unicodedata.name(word[0], "").split(" ")[0]


def _alike(first: str, second: str) -> bool:
    """Spelt alike once transliterated: Putin and Poutine, Malmö and Malmeu, not Boris and Paris."""
    a, b = fold(first), fold(second)
    return SequenceMatcher(None, a, b).ratio() >= (ALIKE if min(len(a), len(b)) >= 6 else ALIKE_SHORT)


def _cased(word: str) -> bool:
    return word[:1].isupper() or word[:1].islower()


def meetings(mine: Names, lang: str | None, theirs: Iterable[tuple[Names, str | None]]) -> list[Met]:
    """The pairs of spellings of one name between an article in `lang` and the others of its
    story (their names, their language)."""
    by_key: dict[str, dict[tuple[str, str | None], str]] = {}
    for names_met, other_lang in theirs:
        for spelling, (key, shown) in names_met.items():
            by_key.setdefault(key, {}).setdefault((spelling, other_lang), shown)
    met = []
    for spelling, (key, shown) in mine.items():
        for (other, other_lang), other_shown in by_key.get(key, {}).items():
            if other == spelling or not (_cased(shown) or _cased(other_shown)):
                continue  # two caseless words are not known to be names
            if _script(shown) == _script(other_shown) and not _alike(spelling, other):
                continue
            met.append(Met(spelling, shown, lang, other, other_shown, other_lang))
    return met
