"""Search quality on ../shared/data/stories-dev (or --data DIR): precision and recall per query.

The articles are stored and placed in stories by veille's own code, as benchmarks/stories.py
does (so that the spellings of names are learnt from the stories, as in use); then each query
runs through the search language, and what it finds is compared with the truth, computed here
from the texts and their labels by patterns written for each query: every article that names
Boris in any script for `Boris`, the German articles on Mayotte for `lang:de Mayotte`, the
inflected forms for `élections législatives`. Texts are compared folded (lower case, no
accents), word by word.

    python benchmarks/search.py [--data DIR] [--db URL]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scratch import scratch_database
from stories import DEFAULT_DATA, as_article, load
from veille.config import load_settings
from veille.enrich.grouping import Grouper
from veille.store.articles import ArticleFilter, query_articles, save_article
from veille.store.database import open_engine

Row = dict[str, str]


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def says(*patterns: str) -> Callable[[Row], bool]:
    """Whether the article's title or text holds one of `patterns` (regular expressions over
    the folded text, matched as whole words)."""
    compiled = re.compile("|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in patterns))
    return lambda row: compiled.search(folded(f"{row['title']}\n{row['text']}")) is not None


def in_title(pattern: str) -> Callable[[Row], bool]:
    return lambda row: re.search(rf"(?<!\w){pattern}(?!\w)", folded(row["title"])) is not None


@dataclass(frozen=True)
class Query:
    text: str
    shape: str
    truth: Callable[[Row], bool]


def every(*tests: Callable[[Row], bool]) -> Callable[[Row], bool]:
    return lambda row: all(test(row) for test in tests)


def either(*tests: Callable[[Row], bool]) -> Callable[[Row], bool]:
    return lambda row: any(test(row) for test in tests)


def lacks(test: Callable[[Row], bool]) -> Callable[[Row], bool]:
    return lambda row: not test(row)


def written_in(lang: str) -> Callable[[Row], bool]:
    return lambda row: row["lang"] == lang


BORIS = says("boris", "بوريس")
QUERIES = [
    Query("Barnier", "word", says("barnier")),
    Query("Boris", "name across scripts", BORIS),
    Query("Séoul", "name across spellings", either(says("seoul"), every(written_in("es"), says("seul")))),
    Query("lang:de Mayotte", "field", every(written_in("de"), says("mayotte"))),
    Query('"Ariane 6"', "phrase", says(r"ariane\W{1,3}6")),
    Query("élections législatives", "word forms (fr, en)", every(says("elections?"), says("legislatives?"))),
    Query("cyclones", "word forms", says("cyclones?")),
    Query("lang:es elección", "word forms (es)", every(written_in("es"), says("eleccion", "elecciones"))),
    Query("inondations -Boris", "negation", every(says("inondations?"), lacks(BORIS))),
    Query("Eurovision OR ESC", "OR", says("eurovision", "esc")),
    Query("Macron (Barnier OR Bayrou)", "parentheses", every(says("macron"), says("barnier", "bayrou"))),
    Query("Mayotte -Chido", "negation", every(says("mayotte"), lacks(says("chido")))),
    Query("title:Barnier", "field", in_title("barnier")),
    Query("Assad", "word", says("assad", "asad")),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    rows = load(args.data)
    with tempfile.TemporaryDirectory() as home, scratch_database(args.db) as db:
        engine = open_engine(load_settings(Path(home), db=db).db)
        grouper = Grouper(engine)
        articles = [as_article(row) for row in rows]
        numbers = [save_article(engine, article, None)[0] for article in articles]
        for number, article in zip(numbers, articles, strict=True):
            grouper.arrive(number, article.published)
        grouper.settle()
        row_of = dict(zip(numbers, rows, strict=True))
        table = Table(title=f"Search on stories-dev ({len(rows)} articles, {engine.dialect.name})")
        for column in ("query", "shape", "truth", "found", "precision", "recall", "ms"):
            table.add_column(column, justify="left" if column in ("query", "shape") else "right")
        worst = 1.0
        for query in QUERIES:
            truth = {n for n, row in row_of.items() if query.truth(row)}
            started = time.perf_counter()
            found = {
                a.id for a in query_articles(engine, ArticleFilter(query=query.text, originals_only=False))
            }
            took = (time.perf_counter() - started) * 1000
            precision = len(found & truth) / len(found) if found else float(not truth)
            recall = len(found & truth) / len(truth) if truth else float(not found)
            worst = min(worst, precision, recall)
            counts = (str(len(truth)), str(len(found)), f"{precision:.2f}", f"{recall:.2f}", f"{took:.0f}")
            table.add_row(query.text, query.shape, *counts)
        engine.dispose()
    Console().print(table)
    Console().print(f"lowest precision or recall: {worst:.2f} (target: every query ≥ 0.95)")


if __name__ == "__main__":
    main()
