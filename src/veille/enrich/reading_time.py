"""Reading time from the IReST study (Trauzettel-Klosinski & Dietz 2012, Invest. Ophthalmol.
Vis. Sci. 53:5452): mean silent reading speeds of adults in 17 languages, the table Firefox's
Reader View uses. Chinese and Japanese are counted in characters a minute."""

from __future__ import annotations

import math
from statistics import mean

from veille.extract.text import CJK_CHARACTER, count_words

WORDS_PER_MINUTE: dict[str, int] = {
    "ar": 138,
    "de": 179,
    "en": 228,
    "es": 218,
    "fi": 161,
    "fr": 195,
    "he": 187,
    "it": 188,
    "nl": 202,
    "pl": 166,
    "pt": 181,
    "ru": 184,
    "sl": 180,
    "sv": 199,
    "tr": 166,
}
CHARACTERS_PER_MINUTE: dict[str, int] = {"zh": 255, "ja": 357}

FALLBACK_WORDS_PER_MINUTE = round(mean(WORDS_PER_MINUTE.values()))
"""For languages the study lacks: the mean of its alphabetic languages (185 words a minute)."""


def reading_minutes(text: str, lang: str | None) -> int:
    """Whole minutes, rounded up, at least 1."""
    if lang in CHARACTERS_PER_MINUTE:
        units, speed = len(CJK_CHARACTER.findall(text)) or count_words(text), CHARACTERS_PER_MINUTE[lang]
    else:
        units = count_words(text)
        speed = WORDS_PER_MINUTE.get(lang or "", FALLBACK_WORDS_PER_MINUTE)
    return max(1, math.ceil(units / speed))
