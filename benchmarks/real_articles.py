"""Articles like real ones, for the benchmarks that need many: each is one of the 197 real
articles of ../shared/data/stories-dev (its title, language, event and first paragraph), filled to
a length drawn from the real articles of ../shared/data/extraction-dev with paragraphs of its
language written by a word chain learnt from the real paragraphs of both sets (each word drawn
after the two before it, as they follow each other there). So the texts have real lengths,
vocabulary and word frequencies, and are each their own. The chain's names (capitalised words
inside a sentence) are each replaced by one of 20,000 made-up names drawn as often as names are
in the press (the name of rank r in proportion to 1/r), so that unrelated articles share names
as often as real ones do, not the few names of the sets. The stories have real sizes (each
event's articles share their event's real opening, nothing else). With `events=False` no opening
is shared, and nearly every article is a story of its own (the most open stories)."""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pages import Story

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 40]


NAMES = 20_000
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


class MadeUpNames:
    """Names that sound like names, drawn with Zipf's frequencies."""

    def __init__(self, chosen: random.Random) -> None:
        self.names = [
            "".join(chosen.choice(SYLLABLES) for _ in range(chosen.randint(2, 4))).capitalize()
            for _ in range(NAMES)
        ]
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, NAMES + 1)))

    def draw(self, chosen: random.Random) -> str:
        return self.names[bisect.bisect(self.cumulative, chosen.random() * self.cumulative[-1])]

    def rename(self, text: str, chosen: random.Random, given: dict[str, str]) -> str:
        """`text` with each name inside a sentence replaced, the same way throughout an article."""

        def renamed(match: re.Match[str]) -> str:
            name = match.group(2)
            if name not in given:
                given[name] = self.draw(chosen)
            return match.group(1) + given[name]

        return INNER_NAME.sub(renamed, text)


INNER_NAME = re.compile(r"([^.!?]\s)([A-Z][a-z]+)\b")


class WordChain:
    """Which word follows each pair of words in a language's paragraphs."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.following: dict[tuple[str, str], list[str]] = {}
        self.openings: list[tuple[str, str]] = []
        for paragraph in paragraphs:
            words = paragraph.split()
            if len(words) < 3:
                continue
            self.openings.append((words[0], words[1]))
            for first, second, third in zip(words, words[1:], words[2:], strict=False):
                self.following.setdefault((first, second), []).append(third)

    def paragraph(self, chosen: random.Random, length: int) -> str:
        state = chosen.choice(self.openings)
        words = list(state)
        while sum(map(len, words)) + len(words) < length:
            state = (state[1], chosen.choice(self.following.get(state) or [chosen.choice(self.openings)[0]]))
            words.append(state[1])
        return " ".join(words)


def real_articles(count: int, shared: Path = SHARED, events: bool = True) -> list[Story]:
    """`count` articles built from the real ones (see the module's docstring), the same for the
    same count."""
    chosen = random.Random(count)
    seeds = [json.loads(line) for line in (shared / "stories-dev" / "articles.jsonl").open()]
    truth = json.loads((shared / "extraction-dev" / "ground-truth.json").read_text())
    lengths = [len(page["articleBody"]) for page in truth.values()]
    pool: dict[str, list[str]] = {}
    for seed in seeds:
        pool.setdefault(seed["lang"], []).extend(_paragraphs(seed["text"])[1:])
    for name, page in truth.items():
        head = gzip.decompress((shared / "extraction-dev" / "html" / f"{name}.html.gz").read_bytes())[:4000]
        if re.search(rb'<html[^>]*lang="en', head):
            pool["en"].extend(_paragraphs(page["articleBody"]))
    chains = {lang: chain for lang, paragraphs in pool.items() if (chain := WordChain(paragraphs)).openings}
    sizes = [len(p) for paragraphs in pool.values() for p in paragraphs]
    made_up = MadeUpNames(chosen)
    made = []
    for index in range(count):
        seed = seeds[index % len(seeds)]
        own = _paragraphs(seed["text"])
        paragraphs = [own[0] if own else seed["title"]] if events else []
        wanted = chosen.choice(lengths)
        given: dict[str, str] = {}
        while sum(map(len, paragraphs)) < wanted:
            chain = chains.get(seed["lang"]) or chains["en"]
            paragraphs.append(made_up.rename(chain.paragraph(chosen, chosen.choice(sizes)), chosen, given))
        title = seed["title"] if events else " ".join(paragraphs[0].split()[:12])
        day = datetime.fromisoformat(seed["date"] or seed["event"][:10]).replace(tzinfo=UTC)
        made.append(Story(
            f"article-{index}", seed["lang"], title, f"Reporter {index % 37}",
            day + timedelta(hours=chosen.randrange(48)), tuple(paragraphs),
        ))  # fmt: skip
    return made
