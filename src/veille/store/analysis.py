"""How text becomes what the search index holds, and a query word what it looks for: the same
cuts on both engines, made here in Python rather than by SQLite's or PostgreSQL's tokenizers.

- Case and accents are folded away (Élysée → elysee, ß → ss).
- A word is reduced to its stem by the Snowball stemmer of the article's language (airlines →
  airlin, Wahlen → wahl, Путина → путин), and tagged with that language (`en·airlin`): each
  language's stems meet only in that language, so that an English stem never matches a French
  word that happens to be spelt like it. Words of a language without a stemmer, and numbers,
  are kept as they are, untagged.
- Chinese, Japanese, Korean, Thai, Lao, Khmer and Burmese, which do not put spaces between words,
  are cut into overlapping pairs of characters, as Lucene's CJK analyser does (北京地铁 → 北京 京地
  地铁), and the last character alone closes the run, so that a one-character word is found too.

A query word is looked for in each stemmed language's form and as it is (`forms`): `airline`
finds "airlines" in English articles and "Airline" in German ones."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import regex
import Stemmer

STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "nn": "norwegian",
    "no": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
"""The article languages (ISO 639-1) that have a Snowball stemmer, and its name in PyStemmer."""

TAG = "·"
"""Between a language and a stem (`fr·sommet`): not a letter, so no word of any text contains it,
and an index token is never both a tagged stem and some untagged word."""
MAX_TOKENS = 16_383
"""Tokens indexed per article, the first ones: PostgreSQL's positions stop at 16,383, and both
engines index the same."""
MAX_TOKEN_CHARS = 100
"""Longer runs of letters (a pasted address, a base64 blob) are cut: no one searches for them whole."""

_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\u3005\u30fc"
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_UNSPACED_RUN = regex.compile(rf"[{_UNSPACED}]+")
_PIECE = regex.compile(rf"(?P<pairs>[{_UNSPACED}]+)|[^{_UNSPACED}]+")
"""A word that mixes scripts cut where one without spaces begins or ends (東京2020, Google翻訳)."""


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[lang])


@cache
def stemmed_languages() -> tuple[str, ...]:
    """One language per stemmer (Norwegian's three codes stem alike and are indexed as `nb`)."""
    return tuple(dict.fromkeys(tag for code in STEMMERS if (tag := language_tag(code))))


def language_tag(lang: str | None) -> str | None:
    """The tag an article language's words carry: None when it has no stemmer."""
    code = (lang or "").lower().split("-")[0]
    if code not in STEMMERS:
        return None
    return "nb" if STEMMERS[code] == "norwegian" else code


@lru_cache(maxsize=65_536)
def _strip_accents(word: str) -> str:
    """`word` without its accents; remembered, as a text repeats its words and a language its
    common ones."""
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _runs(text: str) -> Iterator[tuple[str, bool]]:
    """The words of `text`, folded, each with whether it is a run of a script without spaces."""
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if word.isascii():
            yield word[:MAX_TOKEN_CHARS], False
        elif _UNSPACED_RUN.search(word) is None:
            if folded := _strip_accents(word[:MAX_TOKEN_CHARS]):
                yield folded, False
        else:
            for piece in _PIECE.finditer(word):
                run = piece.group()[:MAX_TOKEN_CHARS]
                if piece.group("pairs"):
                    yield run, True
                elif folded := _strip_accents(run):
                    yield folded, False


def words(text: str) -> list[str]:
    """The words of `text`, folded: lower case, without accents; a run of Chinese, Japanese… is
    one word (its marks kept: they are letters there, and the kana's voicing marks tell words
    apart)."""
    return [word for word, _unspaced in _runs(text)]


def is_unspaced(word: str) -> bool:
    return _UNSPACED_RUN.fullmatch(word) is not None


def _pairs(run: str, closed: bool) -> list[str]:
    """Overlapping pairs, and (`closed`) the last character alone when the run ends there."""
    if len(run) == 1:
        return [run]
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*pairs, run[-1]] if closed else pairs


def _token(word: str, lang: str | None) -> str:
    """A spaced word's index token in an article of `lang` (a tag from `_language`)."""
    if lang is None or word.isdigit():
        return word
    return f"{lang}{TAG}{_stemmer(lang).stemWord(word)}"


def could_hold(token: str, tag: str | None) -> bool:
    """Whether an article whose words carry `tag` (`language_tag`) can hold `token`: a stem of
    another language, never."""
    stemmed, sep, _stem = token.partition(TAG)
    return not sep or stemmed == tag


def tokens(text: str, lang: str | None) -> list[str]:
    """What the index holds for `text`, an article in `lang`, in order."""
    tag = language_tag(lang)
    found: list[str] = []
    stemmed: list[int] = []
    for word, unspaced in _runs(text):
        if unspaced:
            found.extend(_pairs(word, closed=True))
        else:
            if tag is not None and not word.isdigit():
                stemmed.append(len(found))
            found.append(word)
        if len(found) >= MAX_TOKENS:
            break
    del found[MAX_TOKENS:]
    if tag is not None:
        stems = _stemmer(tag).stemWords([found[i] for i in stemmed])
        for i, stem in zip(stemmed, stems, strict=True):
            found[i] = f"{tag}{TAG}{stem}"
    return found


def forms(
    sequence: tuple[str, ...], *, prefix: bool = False, languages: Iterable[str | None] | None = None
) -> list[tuple[str, ...]]:
    """The index tokens `sequence` (folded words, in order) is looked for as: one sequence per
    stemmed language, and one for the languages without a stemmer; identical ones once. With
    `prefix`, the last word is a beginning (`budap*`), not stemmed. With `languages` (article
    languages), in theirs only."""
    found: dict[tuple[str, ...], None] = {}
    tags = (*stemmed_languages(), None) if languages is None else {language_tag(lang) for lang in languages}
    for lang in tags:
        found[tuple(_query_tokens(sequence, lang, prefix))] = None
    return list(found)


def _query_tokens(sequence: tuple[str, ...], lang: str | None, prefix: bool) -> Iterator[str]:
    for index, word in enumerate(sequence):
        last = index == len(sequence) - 1
        if is_unspaced(word):
            # a run inside a phrase closes with its last character, as the indexed text does
            yield from _pairs(word, closed=not last and len(word) > 1)
        elif last and prefix:
            yield word if lang is None or word.isdigit() else f"{lang}{TAG}{word}"
        else:
            yield _token(word, lang)
