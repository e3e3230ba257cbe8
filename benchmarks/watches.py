"""Watches: what matching costs as articles arrive, and how many alerts a watch sends.

1. Matching. 1,000 watches (words, pairs of words, phrases, OR, exclusions, lang: fields, drawn
   from the words of the stories-dev articles) against a pass of 1,000 articles (the real texts
   of stories-dev, 197 of them, each arriving five times under new addresses), with an archive
   of --archive articles already stored (benchmarks/web.py's, indexed); per article: the
   percolator alone (its first pass, which compiles each watch for the languages it meets, in
   ms; then µs an article, mean and p95) and the whole watch stage (matches, alerts, rules
   written; ms). The percolator reads no database: its cost must not grow with the archive.
2. Alerts. The stories-dev articles fed in publication order and placed in stories as a pass
   places them, a watch per event (its articles are the ones it matches: the labels stand for a
   perfect search, so that only the alerting is measured), `alert_again` language: how many
   alerts each watch sends against the bound (one per story veille made of the event, plus one
   per further language), and none for a copy.

    python benchmarks/watches.py [--archive 1000 100000] [--db URL] [--data DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, select, update

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scratch import scratch_database
from stories import DEFAULT_DATA, as_article, load
from veille.config import load_settings
from veille.enrich.grouping import Grouper
from veille.store import analysis
from veille.store import watches as watch_store
from veille.store.articles import save_article
from veille.store.database import open_engine
from veille.store.schema import alerts, articles
from veille.store.schema import watches as watches_table
from veille.types import NewArticle, Watch
from veille.watch.matching import Arrival, Percolator
from veille.watch.stage import _arrivals, match_arrivals
from web import fill

Row = dict[str, str]


def queries(rows: list[Row], count: int, seed: int = 7) -> list[str]:
    """`count` searches of the shapes people write, from the words the articles use."""
    draw = random.Random(seed)
    words = [w for row in rows for w in analysis.words(row["title"]) if len(w) > 4 and not w.isdigit()]
    common = [w for w, _n in Counter(words).most_common(2000)]
    texts = [analysis.words(row["text"]) for row in rows]
    langs = sorted({row["lang"] for row in rows})
    made = []
    for number in range(count):
        shape = number % 6
        a, b = draw.sample(common, 2)
        if shape == 0:
            made.append(a)
        elif shape == 1:
            made.append(f"{a} {b}")
        elif shape == 2:
            text = draw.choice([t for t in texts if len(t) > 2])
            at = draw.randrange(len(text) - 1)
            made.append(f'"{text[at]} {text[at + 1]}"')
        elif shape == 3:
            made.append(f"{a} OR {b}")
        elif shape == 4:
            made.append(f"{a} -{b}")
        else:
            made.append(f"lang:{draw.choice(langs)} {a}")
    return made


def renamed(article: NewArticle, turn: int) -> NewArticle:
    return replace(article, url=f"{article.url}?turn={turn}") if turn else article


def matching(
    db: str | None, archive: int, rows: list[Row], watches: list[str]
) -> tuple[float, float, float, float]:
    """(the first pass of the percolator, compiling as it goes, ms; then µs an article, mean and
    p95; the whole stage, ms an article) with `archive` articles stored."""
    with tempfile.TemporaryDirectory() as home, scratch_database(db) as scratch:
        url = load_settings(Path(home), db=scratch).db
        open_engine(url).dispose()  # the schema, migrated
        fill(url, archive)
        engine = open_engine(url)
        for number, query in enumerate(watches):
            watch_store.add_watch(engine, Watch(0, f"watch {number}", query))
        texts = [as_article(row) for row in rows]
        for turn in range(5):
            for article in texts:
                save_article(engine, renamed(article, turn), None)
        with engine.connect() as connection:
            started = time.perf_counter()
            percolator = Percolator(connection, watch_store.all_watches(connection))
            arrivals = [a for a, _copy in _arrivals(connection, archive, archive + 10 * len(rows))]
            for arrival in arrivals:  # the first pass compiles each watch for the languages it meets
                percolator.matching(arrival)
            first = (time.perf_counter() - started) * 1000
        samples = []
        for arrival in arrivals:
            started = time.perf_counter()
            percolator.matching(arrival)
            samples.append((time.perf_counter() - started) * 1e6)
        samples.sort()
        started = time.perf_counter()
        done = match_arrivals(engine)
        stage = (time.perf_counter() - started) * 1000 / max(done.articles, 1)
        engine.dispose()
    return first, statistics.mean(samples), samples[int(len(samples) * 0.95) - 1], stage


class ByLabel:
    """A watch per event, matching its articles: the labels as a perfect search."""

    def __init__(self, connection: Connection, watches: list[Watch], event_of: dict[int, str]) -> None:
        self.watches = {watch.name: watch for watch in watches}
        self.event_of = event_of

    def matching(self, article: Arrival) -> list[Watch]:
        return [self.watches[self.event_of[article.id]]]


def alerting(rows: list[Row]) -> Table:
    with tempfile.TemporaryDirectory() as home:
        engine = open_engine(load_settings(Path(home)).db)
        grouper = Grouper(engine)
        events = sorted({row["event"] for row in rows})
        for event in events:
            watch_store.add_watch(engine, Watch(0, event, event.replace("-", " ")))
        event_of: dict[int, str] = {}
        for row in rows:
            article = as_article(row)
            number, stored_now = save_article(engine, article, None)
            if stored_now:
                event_of[number] = row["event"]
                grouper.arrive(number, article.published)
        grouper.settle()
        with engine.begin() as connection:
            connection.execute(update(watches_table).values(checked_through=0))
        match_arrivals(engine, matcher=lambda connection, watches: ByLabel(connection, watches, event_of))
        with engine.connect() as connection:
            stored = connection.execute(select(articles.c.id, articles.c.story_id, articles.c.reprint_of,
                                               articles.c.lang)).all()  # fmt: skip
            told = connection.execute(select(alerts.c.watch_id, alerts.c.kind, alerts.c.article_id)).all()
        watches = {w.id: w.name for w in watch_store.all_watches(engine)}
        engine.dispose()
    table = Table(title=f"Alerts on stories-dev ({len(rows)} articles, {len(events)} events, a watch each)")
    for column in (
        "event",
        "articles",
        "copies",
        "stories",
        "languages",
        "new",
        "new language",
        "bound",
        "copies told",
    ):
        table.add_column(column, justify="left" if column == "event" else "right")
    copies = {row.id for row in stored if row.reprint_of is not None}
    totals = Counter[str]()
    for event in events:
        own = [row for row in stored if event_of.get(row.id) == event]
        originals = [row for row in own if row.reprint_of is None]
        stories = {row.story_id for row in originals}
        pairs = {(row.story_id, row.lang) for row in originals}
        mine = [t for t in told if watches[t.watch_id] == event]
        new = len([t for t in mine if t.kind == "new"])
        again = len([t for t in mine if t.kind == "language"])
        bound = len(pairs)
        wrong = len([t for t in mine if t.article_id in copies])
        counts: dict[str, int] = {
            "articles": len(own), "copies": len(own) - len(originals), "stories": len(stories),
            "languages": len({row.lang for row in originals}), "new": new, "language": again,
            "bound": bound, "wrong": wrong,
        }  # fmt: skip
        totals.update({**counts, "within": int(new == len(stories) and new + again <= bound and not wrong)})
        table.add_row(event, *(str(value) for value in counts.values()))
    table.add_row("all", *(str(totals[k]) if k != "languages" else "" for k in counts))
    table.caption = (
        f"{totals['within']}/{len(events)} events within one alert a story, at most one more a language, "
        "none for a copy"
    )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--archive", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--watches", type=int, default=1000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    rows = load(args.data)
    console = Console()
    watches = queries(rows, args.watches)
    table = Table(title=f"Matching: {args.watches} watches, a pass of {5 * len(rows)} real articles")
    columns = (
        "engine",
        "archive",
        "first pass ms",
        "percolator µs/article",
        "p95 µs",
        "watch stage ms/article",
    )
    for column in columns:
        table.add_column(column, justify="right")
    for archive in args.archive:
        first, mean, p95, stage = matching(args.db, archive, rows, watches)
        engine = "PostgreSQL" if args.db else "SQLite"
        table.add_row(engine, f"{archive:,}", f"{first:,.0f}", f"{mean:.0f}", f"{p95:.0f}", f"{stage:.1f}")
        console.print(table)
    console.print(alerting(rows))


if __name__ == "__main__":
    main()
