"""How long the `veille` command takes to answer the commands a reader types most, from a cold
process each time: `veille --help`, `veille list --limit 5`, `veille show 1` and `veille stories`
on a home holding one article. Median and worst of --runs runs each.

    python benchmarks/cli_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from veille.store.articles import save_article
from veille.store.database import open_engine
from veille.types import NewArticle

COMMANDS = (["--help"], ["list", "--limit", "5"], ["show", "1"], ["stories"])


def seconds(arguments: list[str], home: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "veille", *arguments],
        env={**os.environ, "VEILLE_HOME": home},
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    table = Table(title=f"veille's start, {args.runs} cold runs each")
    for column in ("command", "median s", "worst s"):
        table.add_column(column, justify="left" if column == "command" else "right")
    with tempfile.TemporaryDirectory() as home:
        engine = open_engine(f"sqlite:///{Path(home) / 'veille.db'}")
        article = NewArticle(
            url="https://news.example/1", site="news.example", title="A council votes", author=None,
            published=None, lang="en", reading_minutes=1, word_count=6, text="The council voted on Monday.",
            description=None, image=None, from_feed=False,
        )  # fmt: skip
        save_article(engine, article, None)
        engine.dispose()
        for arguments in COMMANDS:
            runs = [seconds(arguments, home) for _ in range(args.runs)]
            table.add_row(
                "veille " + " ".join(arguments), f"{statistics.median(runs):.2f}", f"{max(runs):.2f}"
            )
    Console().print(table)


if __name__ == "__main__":
    main()
