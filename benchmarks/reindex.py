"""Time to index an archive again, as migration 0012 does (every article's stems, pairs of
Chinese characters…, then PostgreSQL's GIN index): seconds, and articles a second, with the
articles of benchmarks/web.py (150 words each, seven languages).

    python benchmarks/reindex.py [--articles 100000] [--db URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scratch import scratch_database
from veille.config import load_settings
from veille.store.database import open_engine
from veille.store.search import create_index, create_lookup, reindex
from web import fill


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, scratch_database(args.db) as db:
        url = load_settings(Path(home), db=db).db
        fill(url, args.articles)
        engine = open_engine(url)
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("DROP TABLE article_search")
            else:
                connection.exec_driver_sql("DROP INDEX ix_articles_search")
                connection.exec_driver_sql("ALTER TABLE articles DROP COLUMN search_vector")
            started = time.perf_counter()
            create_index(connection)
            done = reindex(connection)
            create_lookup(connection)
            seconds = time.perf_counter() - started
        engine.dispose()
    table = Table(title=f"Indexing {done:,} articles again ({'PostgreSQL' if args.db else 'SQLite'})")
    for column in ("articles", "seconds", "articles/s", "seconds per 100,000"):
        table.add_column(column, justify="right")
    table.add_row(f"{done:,}", f"{seconds:.0f}", f"{done / seconds:,.0f}", f"{seconds * 100_000 / done:.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
