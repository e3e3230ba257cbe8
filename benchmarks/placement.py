"""Placing an article in its story, with many stories open: the story index alone (in memory,
the keys worked out beforehand, as the workers do), timed article by article.

The articles are real-sized ones that share no event (`real_articles.py`, events=False), dated
over three weeks. The first `--open` are put in the index as stories of one article each (their
keys counted in the document frequencies, as if placed): that many open stories, all sharing
common words, to compare with. The next `--timed` are placed, and timed.

    python benchmarks/placement.py [--open 10000] [--timed 1000]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from datetime import UTC, datetime, timedelta

from rich.console import Console
from rich.table import Table

from real_articles import real_articles
from veille.enrich.stories.clustering import DocumentFrequencies, Story, StoryIndex, StoryParameters
from veille.enrich.stories.features import article_keys

START = datetime(2026, 11, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--timed", type=int, default=1_000)
    args = parser.parse_args()
    total = args.open + args.timed
    made = real_articles(total, events=False)
    span = timedelta(days=21) / total
    prepared = [
        (article_keys(a.title, "\n".join(a.paragraphs), a.lang), START + span * i, a.lang)
        for i, a in enumerate(made)
    ]
    index = StoryIndex(StoryParameters.measured(), DocumentFrequencies())
    numbers = itertools.count(1)
    for keys, when, lang in prepared[: args.open]:
        index.frequencies.add(keys, lang)
        story = Story(next(numbers))
        story.add(keys, when, lang=lang)
        index.add_story(story)
    opened = len(index.stories)
    times = []
    for keys, when, lang in prepared[args.open :]:
        started = time.perf_counter()
        index.place(keys, when, lambda: next(numbers), lang)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    table = Table(title="Placing an article in its story (the story index, in memory)")
    for column in ("open stories", "placed", "ms mean", "ms p50", "ms p95", "stories after"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{opened:,}",
        f"{len(times):,}",
        f"{statistics.fmean(times):.2f}",
        f"{times[len(times) // 2]:.2f}",
        f"{times[int(len(times) * 0.95)]:.2f}",
        f"{len(index.stories):,}",
    )
    Console().print(table)


if __name__ == "__main__":
    main()
