"""Stories across languages, and reprints, on ../shared/data/stories-dev (or --data DIR).

Articles are fed to veille in publication order (undated ones first, in file order), stored,
and placed by veille's own code (language detection, reprint check, story placement); BCubed
precision, recall and F1 are printed overall, over pairs of articles in the same language and
over pairs in different languages, with articles placed a second and the copies found.

With --model (a sentence-transformers model name or directory; the `embeddings` extra), stories
also compare the model's vectors of each article; --lang keeps the articles of one language
only (to measure a model that reads only that language). --simulate-dates gives each undated
article a publication date, its event's date plus 0 to 3 days (seeded; --spread sets how many),
as feeds would: the corpus leaves 70 % of its articles undated, which the articles veille fetches
seldom are.

Stories form as articles arrive, so the order of the undated articles (the corpus's file order
is a hash of their URLs) changes the result: --orders N runs N other orders too (seeded shuffles,
and with --simulate-dates, other draws of dates) and prints the mean, spread and range, the
figure to expect on a set that is not this one.

    python benchmarks/stories.py [--data DIR] [--threshold T] [--model M] [--lang L]
                                 [--simulate-dates] [--spread DAYS] [--orders N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import mean, stdev

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
from bcubed import BCubed, bcubed
from veille.config import load_settings
from veille.enrich.grouping import Grouper
from veille.enrich.language import detect_language
from veille.enrich.reading_time import reading_minutes
from veille.enrich.stories.embedding import Embedder, load_embedder
from veille.extract.metadata import site_domain
from veille.extract.text import count_words
from veille.store.articles import ArticleFilter, query_articles, save_article
from veille.store.database import open_engine
from veille.types import Article, NewArticle

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories-dev"


def load(
    data: Path, simulate_dates: bool = False, seed: int | None = None, spread: int = 3
) -> list[dict[str, str]]:
    """The articles in publication order, the undated first in file order (or, with `seed`, in a
    shuffled order); `simulate_dates` dates the undated ones, 0 to `spread` days after their event
    (dates drawn with `seed`, else 1)."""
    rows = [json.loads(line) for line in (data / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    if seed is not None:
        random.Random(seed).shuffle(rows)
    if simulate_dates:
        draw = random.Random(1 if seed is None else seed)
        for row in rows:
            if not row["date"]:
                published = date.fromisoformat(row["event"][:10]) + timedelta(days=draw.randint(0, spread))
                row["date"] = published.isoformat()
    return sorted(rows, key=lambda row: row["date"] or "")


def as_article(row: dict[str, str]) -> NewArticle:
    lang = detect_language(row["title"], row["text"])
    return NewArticle(
        url=row["url"], site=site_domain(row["url"]), title=row["title"], author=None,
        published=datetime.fromisoformat(row["date"]) if row["date"] else None, lang=lang,
        reading_minutes=reading_minutes(row["text"], lang), word_count=count_words(row["text"]),
        text=row["text"], description=None, image=None, from_feed=False,
    )  # fmt: skip


@dataclass(frozen=True)
class Placed:
    rows: list[dict[str, str]]
    numbers: list[int]
    stored: dict[int, Article]
    seconds: float

    @property
    def stories(self) -> list[int | None]:
        return [self.stored[n].story for n in self.numbers]


def place_all(rows: list[dict[str, str]], threshold: float | None, embedder: Embedder | None) -> Placed:
    """Stores the articles in a new database, in order, and places them as one pass of veille would."""
    with tempfile.TemporaryDirectory() as home:
        engine = open_engine(load_settings(Path(home)).db)
        grouper = Grouper(engine, threshold, embedder=embedder)
        articles = [as_article(row) for row in rows]
        numbers = [save_article(engine, article, None)[0] for article in articles]
        started = time.perf_counter()
        for number, article in zip(numbers, articles, strict=True):
            grouper.arrive(number, article.published)  # as a pass does: the undated wait for the end
        grouper.settle()
        seconds = time.perf_counter() - started
        stored = {a.id: a for a in query_articles(engine, ArticleFilter(originals_only=False))}
        engine.dispose()
    return Placed(rows, numbers, stored, seconds)


PAIRS = ("all", "same language", "across languages")


def scores(placed: Placed) -> dict[str, BCubed | None]:
    """BCubed over all pairs, same-language pairs and cross-language pairs (None: no such pair)."""
    story = placed.stories
    gold = [row["event"] for row in placed.rows]
    langs = [row["lang"] for row in placed.rows]
    return {
        "all": bcubed(story, gold),
        "same language": bcubed(story, gold, langs, lambda a, b: a == b),
        "across languages": (
            bcubed(story, gold, langs, lambda a, b: a != b) if len(set(langs)) > 1 else None
        ),
    }


def orders_table(runs: list[dict[str, BCubed | None]], redated: bool) -> Table:
    drawn = ", with other draws of dates" if redated else ""
    table = Table(title=f"Over {len(runs)} other orders of the undated articles{drawn}")
    for column in ("pairs", "precision", "recall", "F1 mean ± sd", "F1 min–max"):
        table.add_column(column, justify="left" if column == "pairs" else "right")
    for label in PAIRS:
        found = [score for run in runs if (score := run[label]) is not None]
        if not found:
            table.add_row(label, "–", "–", "–", "–")
            continue
        f1 = [score.f1 for score in found]
        spread = stdev(f1) if len(f1) > 1 else 0.0
        table.add_row(
            label,
            f"{mean(score.precision for score in found):.3f}",
            f"{mean(score.recall for score in found):.3f}",
            f"{mean(f1):.3f} ± {spread:.3f}",
            f"{min(f1):.3f}–{max(f1):.3f}",
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--model", default="", help="sentence-transformers model (name or directory)")
    parser.add_argument("--lang", default=None, help="only the articles in this language")
    parser.add_argument("--simulate-dates", action="store_true", help="date the undated articles")
    parser.add_argument("--spread", type=int, default=3, help="simulated dates: up to this many days late")
    parser.add_argument("--orders", type=int, default=0, help="also run this many shuffled orders")
    args = parser.parse_args()

    def rows_in(seed: int | None) -> list[dict[str, str]]:
        rows = load(args.data, args.simulate_dates, seed, args.spread)
        return [row for row in rows if args.lang in (None, row["lang"])]

    embedder = load_embedder(args.model)
    placed = place_all(rows_in(None), args.threshold, embedder)
    gold = [row["event"] for row in placed.rows]
    table = Table(
        title=f"Stories: BCubed on {len(gold)} articles of {args.data.name}, {len(set(gold))} events"
        + (f", with {args.model}" if args.model else "")
    )
    for column in ("pairs", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "pairs" else "right")
    for label, score in scores(placed).items():
        if score is None:
            table.add_row(label, "–", "–", "–")  # one language: no such pair
        else:
            table.add_row(label, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    console = Console()
    console.print(table)
    console.print(
        f"{len(set(placed.stories))} stories for {len(set(gold))} events; "
        f"{len(gold) / placed.seconds:.0f} articles placed a second (reprint check included)"
    )
    event_of = dict(zip(placed.numbers, gold, strict=True))
    copies = [(n, original) for n in placed.numbers if (original := placed.stored[n].reprint_of) is not None]
    same_event = len([n for n, original in copies if event_of[n] == event_of.get(original)])
    console.print(
        f"reprints: {len(copies)} article(s) found to copy another, {same_event} of them of the same "
        "event (the corpus labels events, not copies: a copy of another event would be an error; "
        "benchmarks/reprints.py measures detection on labelled copies)"
    )
    if args.orders:
        runs = [
            scores(place_all(rows_in(seed), args.threshold, embedder)) for seed in range(1, args.orders + 1)
        ]
        console.print(orders_table(runs, args.simulate_dates))


if __name__ == "__main__":
    main()
