"""Names across spellings and scripts, learnt from stories: when two articles of one story write
a name two ways that sound alike (Poutine and Putin, Putin and Путин, Zelensky and Selenskyj),
the two spellings are one name, and a search for one finds the other (`store.names`).

Sounding alike is the stories' consonant skeleton (`features.skeleton`), with voiced and
unvoiced consonants brought together (بوتين has no p: btn; Putin ptn). Many names share a
skeleton (Putin, Patton); only a story, which tells one event, puts two of them together."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from veille.enrich.stories.features import MONTHS, TEXT_CHARS, TOKEN, fold, skeleton, stop_words
from veille.store import analysis
from veille.store.names import Met

_VOICING = str.maketrans("bdgv", "ptkf")
SHORTEST_KEY = 3
"""Consonants a name needs to meet another of its script (two letters, Li and Le, say little),
unless the two are one letter apart."""

Names = dict[str, tuple[str, str]]
"""Folded spelling → (key, the spelling as written)."""


def name_key(word: str) -> str:
    return skeleton(word).translate(_VOICING)


def names(title: str | None, text: str, lang: str | None) -> Names:
    """The names an article's title and opening write: capitalised words it never writes in lower
    case, and the words of scripts without case (Arabic, Devanagari…), function words aside."""
    sample = f"{title or ''}\n{text[:TEXT_CHARS]}"
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


def _near(first: str, second: str) -> bool:
    """One letter apart, transliterated (Seoul, Seúl)."""
    a, b = fold(first), fold(second)
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(
        long_[:i] + long_[i + 1 :] == short for i in range(len(long_))
    )


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
            if (
                _script(shown) == _script(other_shown)
                and len(key) < SHORTEST_KEY
                and not _near(spelling, other)
            ):
                continue
            met.append(Met(spelling, shown, lang, other, other_shown, other_lang))
    return met
