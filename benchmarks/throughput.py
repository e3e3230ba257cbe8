"""Articles a second for one pass of `veille fetch` over a local web: N article pages on ten
hosts of the loopback range (127.0.0.2–11), listed by RSS feeds, fetched, extracted, enriched
and stored (SQLite by default, or --db URL: on PostgreSQL, in a schema of its own, dropped
afterwards).

The pages are like real ones (`real_articles.py`): real lengths, vocabulary and story sizes,
built from ../shared/data.

    python benchmarks/throughput.py [--articles 500] [--db URL] [--workers N] [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from localweb import LocalWeb
from pages import Story, article_page, rss
from real_articles import SHARED, real_articles
from scratch import scratch_database
from veille.config import load_settings
from veille.core import Veille
from veille.store.schema import stories as story_table
from veille.types import Source

HOSTS = 10


class Quiet:
    def __init__(self) -> None:
        self.problems = 0

    def start(self, sources: int) -> None: ...

    def source_done(self, source: Source, outcome: str | None) -> None: ...

    def article_new(self, number: int, title: str) -> None: ...

    def problem(self, message: str) -> None:
        self.problems += 1


def database_bytes(engine: Engine) -> int:
    """What the database takes on disk: SQLite's pages in use (after a checkpoint), or the size of
    PostgreSQL's tables and indexes in the schema searched first."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            free = connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()
            size = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
            return int((pages - free) * size)
        total = connection.exec_driver_sql(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
        ).scalar_one()
        return int(total or 0)


class MemoryWatcher(threading.Thread):
    """The largest memory of the process and of it with its workers (proportional set sizes,
    which count pages the processes share once) while the pass runs, sampled every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.main = self.whole = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self.stopping.wait(0.2):
            sizes = [me.memory_full_info().pss]
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    sizes.append(child.memory_full_info().pss)
            self.main, self.whole = max(self.main, sizes[0]), max(self.whole, sum(sizes))

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument(
        "--data", type=Path, default=SHARED, help="the folder of stories-dev and extraction-dev"
    )
    parser.add_argument("--profile", type=Path, default=None, help="write the pass's cProfile stats there")
    parser.add_argument("--db", default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    stories = real_articles(args.articles, args.data)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as home, scratch_database(args.db) as db:
        webs = [stack.enter_context(LocalWeb(f"127.0.0.{2 + i}")) for i in range(HOSTS)]
        per_host: list[list[tuple[str, Story]]] = [[] for _ in webs]
        for index in range(args.articles):
            web = webs[index % HOSTS]
            story = stories[index]
            url = web.route(f"/news/{story.slug}", article_page(story, f"Site {index % HOSTS}"))
            per_host[index % HOSTS].append((url, story))
        settings = load_settings(
            Path(home), db=db, per_host_delay=0, per_host_concurrency=4, workers=args.workers
        )
        with Veille(settings) as veille, veille.extraction_pool() as pool:
            for web, items in zip(webs, per_host, strict=True):
                web.route("/rss.xml", rss(web.base, web.base, items), content_type="application/rss+xml")
                veille.import_opml(
                    f'<opml version="2.0"><body><outline text="{web.base}" xmlUrl="{web.url("/rss.xml")}"/>'
                    "</body></opml>".encode()
                )
            list(pool.map(abs, range(args.workers)))  # start the workers before timing
            reporter = Quiet()
            watcher = MemoryWatcher()
            watcher.start()
            profiler = cProfile.Profile() if args.profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            summary = asyncio.run(veille.fetch(reporter, pool))
            seconds = time.perf_counter() - started
            watcher.stop()
            stored = database_bytes(veille.engine)
            with veille.engine.connect() as connection:
                keyed = connection.execute(select(func.sum(func.length(story_table.c["keys"])))).scalar() or 0
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
    table = Table(title="One pass of veille fetch over a local web")
    columns = ("articles", "hosts", "workers", "database", "new", "errors", "seconds", "articles/s")
    for column in (*columns, "MB main", "MB all", "KB stored per article", "of which story keys"):
        table.add_column(column, justify="right")
    database = "PostgreSQL" if args.db and args.db.startswith("postgres") else "SQLite"
    table.add_row(
        str(args.articles),
        str(HOSTS),
        str(args.workers),
        database,
        str(summary.articles_new),
        str(reporter.problems),
        f"{seconds:.1f}",
        f"{summary.articles_new / seconds:.1f}",
        str(watcher.main // 2**20),
        str(watcher.whole // 2**20),
        f"{stored / max(summary.articles_new, 1) / 1024:.1f}",
        f"{keyed / max(summary.articles_new, 1) / 1024:.1f}",
    )
    Console().print(table)


if __name__ == "__main__":
    main()
