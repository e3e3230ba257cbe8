"""What an article says about its event, in keys that mean the same across languages.

Names of people, places and organisations, numbers and dates carry an event across languages
once their spellings are brought together: a name is transliterated to Latin letters
(Путин → Putin) and reduced to a consonant skeleton (Putin, Poutine → ptn; Zelensky, Zelenski,
Selenskyj, Зеленский → slnsk), a date mentioned in the text becomes its day and month whatever
the language (14 décembre, December 14, 14. Dezember → 14/12), a number is written one way
(260,000, 260.000, 260 000 → 260000; 49,3 → 49.3). Other
rare words are kept too, with less weight: they carry the event within a language, and across
languages when they are cognates (cyclone, ciclón)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache, lru_cache

import regex
from anyascii import anyascii
from stopwordsiso import stopwords

_MONTH_NAMES = (
    "january janvier januar enero gennaio janeiro januari styczen stycznia январь января jan janv ene gen",
    "february fevrier februar febrero febbraio fevereiro februari luty lutego февраль февраля feb fev",
    "march mars marz maerz marzo marco maart marzec marca март марта mar",
    "april avril abril aprile kwiecien kwietnia апрель апреля apr avr abr",
    "may mai mayo maggio maio mei maj maja май мая",
    "june juin juni junio giugno junho czerwiec czerwca июнь июня jun",
    "july juillet juli julio luglio julho lipiec lipca июль июля jul juil lug",
    "august aout agosto augustus sierpien sierpnia август августа aug ago",
    "september septembre septiembre settembre setembro wrzesien wrzesnia сентябрь сентября sep sept set",
    "october octobre oktober octubre ottobre outubro pazdziernik pazdziernika октябрь октября oct okt ott",
    "november novembre noviembre novembro listopad listopada ноябрь ноября nov",
    "december decembre dezember diciembre dicembre dezembro grudzien grudnia декабрь декабря dec dez dic",
)

TOKEN = regex.compile(
    r"(?<!\d)\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,:–-]\d+)*%?"
    r"|\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*"
)
"""Numbers, and words: letters with their combining marks (the vowel signs of Devanagari, Thai…)."""
_THOUSANDS = re.compile(r"\d{1,3}(?:[., \u00a0\u202f]\d{3})+")
"""A number in groups of three, whatever the separator: 260,000, 260.000, 260 000 (fr, pl, cs)."""
_SKELETON_RULES = [
    (re.compile(r"sch|sh|ch|tch|tsch|zh|sz|cz|ş|ș"), "s"),
    (re.compile(r"c(?=[eiy])|(?<=[a-z])t(?=i[aeou])"), "s"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ck|qu|q|c|x"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "s"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]
SKELETON_LENGTH = 6
ENTITY_WEIGHT = 1.0
NUMBER_WEIGHT = 2.0
DATE_WEIGHT = 1.5
WORD_WEIGHT = 0.15
TEXT_CHARS = 1500

Keys = dict[str, float]


@cache
def stop_words(lang: str | None) -> frozenset[str]:
    """Function words of the article's language, and English ones, which every press quotes."""
    words = set(stopwords("en"))
    if lang and lang != "en":
        words |= set(stopwords(lang))
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Latin letters, lower case, no accents: Zelenskiy, poutine, klodzko. Remembered: a text
    folds the same words again and again."""
    ascii_word = anyascii(unicodedata.normalize("NFC", word)).lower()
    return re.sub(r"[^a-z0-9]", "", ascii_word)


MONTHS: dict[str, int] = {
    fold(name): number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}
"""Month names in the languages veille reads most, folded to Latin letters (декабря → dekabria)."""


_ABJAD = regex.compile(r"[\p{Arabic}\p{Hebrew}]")
"""Scripts that write long vowels with consonant letters (بوريس, bwrys: Boris): after the first
letter, their w and y (v and i once the rules ran) are vowels."""


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """The first letter and the consonants after it: spellings of a name across languages meet."""
    folded = fold(word)
    if not folded:
        return ""
    for pattern, replacement in _SKELETON_RULES:
        folded = pattern.sub(replacement, folded)
    vowels = "[aeiouvi]" if _ABJAD.match(word) else "[aeiou]"
    head, rest = folded[0], re.sub(vowels, "", folded[1:])
    return (head + rest)[:SKELETON_LENGTH]


def _number_key(token: str) -> str | None:
    digits = token.rstrip("%")
    digits = re.sub(r"\D", "", digits) if _THOUSANDS.fullmatch(digits) else digits.replace(",", ".")
    if re.fullmatch(r"\d", digits):
        return None  # single digits say nothing of an event
    return "#" + re.sub(r"[–:]", "-", digits)


_DATE_PARTICLES = frozenset({"de", "of", "th", "st", "nd", "rd", "er", "do", "di", "del", "du"})


def _month_after(tokens: list[str], index: int) -> int | None:
    """The month named right after a day number ("14 December", "14 de diciembre", "14th of May")."""
    for following in tokens[index + 1 : index + 4]:
        folded = fold(following)
        if folded in MONTHS:
            return MONTHS[folded]
        if folded not in _DATE_PARTICLES:
            return None
    return None


def article_keys(title: str | None, text: str, lang: str | None) -> Keys:
    """Weighted keys of an article: `e:` names, `#` numbers, `d:` day/month dates, `w:` words."""
    stop = stop_words(lang)
    sample = f"{title or ''}\n{title or ''}\n{text[:TEXT_CHARS]}"
    tokens = TOKEN.findall(sample)
    lowered = {t.lower() for t in tokens if t[:1].islower()}
    keys: Keys = defaultdict(float)
    for index, token in enumerate(tokens):
        if token[0].isdigit():
            following = _month_after(tokens, index)
            if token.isdigit() and int(token) <= 31 and following:
                keys[f"d:{int(token)}/{following}"] += DATE_WEIGHT
            elif key := _number_key(token):
                keys[key] += NUMBER_WEIGHT
            continue
        lower = token.lower()
        folded = fold(token)
        if folded in MONTHS and index + 1 < len(tokens) and tokens[index + 1].isdigit():
            day = int(tokens[index + 1])
            if day <= 31:
                keys[f"d:{day}/{MONTHS[folded]}"] += DATE_WEIGHT
            continue
        if lower in stop or len(folded) < 2 or folded in MONTHS:
            continue
        shape = skeleton(token)
        if len(shape) < 2:
            continue
        caseless = not token[0].isupper() and not token[0].islower()  # Arabic, Devanagari, Han…
        is_name = caseless or (token[0].isupper() and lower not in lowered)
        if is_name:
            keys["e:" + shape] += ENTITY_WEIGHT
        elif len(folded) >= 5:
            keys["w:" + shape] += WORD_WEIGHT
    return dict(keys)
