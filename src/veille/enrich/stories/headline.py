"""A story's headline in the reader's language: the title of its most representative article
written in that language; else the most representative title translated by the configured
engine (or a headline the engine writes from the story's titles); else that title as it is."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from veille.enrich.stories.features import Keys, article_keys
from veille.enrich.translation.engines import HeadlineWriter, TranslationError, Translator


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    title: str
    text: str
    lang: str | None


def _cosine(a: Keys, b: Keys) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def by_representativeness(members: Sequence[Member]) -> list[Member]:
    """Members, the one closest to what the whole story says first (ties: the earliest)."""
    keys = {m.id: article_keys(m.title, m.text, m.lang) for m in members}
    story: Keys = {}
    for found in keys.values():
        for key, weight in found.items():
            story[key] = story.get(key, 0.0) + weight
    return sorted(members, key=lambda m: (-_cosine(keys[m.id], story), m.id))


def choose_headline(
    members: Sequence[Member],
    reader_lang: str,
    translator: Translator | None,
    writer: HeadlineWriter | None = None,
    on_error: Callable[[str], None] | None = None,
) -> str:
    """The rules of the module's docstring, in order; an engine's failure falls to the next."""
    ranked = by_representativeness(members)
    for member in ranked:
        if member.lang == reader_lang:
            return member.title
    best = ranked[0]
    attempts: list[Callable[[], str]] = []
    if writer is not None and len(ranked) > 1:
        attempts.append(lambda: writer.write_headline([m.title for m in ranked], reader_lang))
    if translator is not None:
        attempts.append(lambda: translator.translate(best.title, best.lang, reader_lang))
    for attempt in attempts:
        try:
            return attempt()
        except TranslationError as error:
            if on_error is not None:
                on_error(str(error))
    return best.title
