"""Time to serve the timeline (first page and deep in the archive), a search and the API with
100 000 articles stored: p50 and p95 over repeated requests to the real server on 127.0.0.1.

Articles are written in bulk (synthetic texts in seven languages, Chinese among them, each with
words of its own and a name in its own spelling, so that searches have realistic hit counts),
indexed as a pass indexes them, into a fresh SQLite file, or --db URL (on PostgreSQL, a schema of
its own, dropped afterwards). The spellings of the name are known as one (`store.names`).

    python benchmarks/web.py [--articles 100000] [--requests 40] [--db URL] [--keep]

With --keep, the database at --db is used as it is (no schema of its own on PostgreSQL) and kept
afterwards; it is filled only when it holds no article yet, so that one archive of a million
articles serves several runs (and benchmarks/load.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scratch import scratch_database
from veille.config import load_settings
from veille.store import names as name_store
from veille.store.analysis import tokens
from veille.store.database import open_engine
from veille.store.schema import articles
from veille.store.search import create_lookup, index_article, tsvector
from web_fixtures import serving

WORDS = {
    "en": "council bridge harbour election minister storm flood market court police budget vote",
    "fr": "conseil pont port élection ministre tempête inondation marché tribunal police budget scrutin",
    "de": "Rat Brücke Hafen Wahl Minister Sturm Hochwasser Markt Gericht Polizei Haushalt Abstimmung",
    "es": "consejo puente puerto elección ministro tormenta inundación mercado tribunal policía voto",
    "it": "consiglio ponte porto elezione ministro tempesta alluvione mercato tribunale polizia voto",
    "ru": "совет мост порт выборы министр буря наводнение рынок суд полиция бюджет голосование",
    "zh": "北京地铁 市议会 选举 部长 暴雨 洪水 市场 法院 警察 预算 投票 港口",
}
NAME = {
    "en": "Putin",
    "fr": "Poutine",
    "de": "Putins",
    "es": "Putin",
    "it": "Putin",
    "ru": "Путина",
    "zh": "普京",
}
"""One name a tenth of the articles write, each language its own way."""


def fill(url: str, count: int) -> None:
    """`count` articles written in bulk, unless the database holds articles already."""
    engine = open_engine(url)
    with engine.connect() as connection:
        if connection.execute(select(articles.c.id).limit(1)).first() is not None:
            engine.dispose()
            return
    rng = random.Random(1)
    start = datetime(2026, 1, 1)
    batch: list[dict[str, Any]] = []
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP INDEX ix_articles_search")  # built once, after
        for number in range(1, count + 1):
            lang = rng.choice(list(WORDS))
            vocabulary = WORDS[lang].split(" ")
            words = [rng.choice(vocabulary) for _ in range(150)] + [f"token{rng.randrange(5000)}"]
            if number % 10 == 0:
                words[rng.randrange(150)] = NAME[lang]
            text = " ".join(words)
            title = " ".join(words[:8]).capitalize()
            moment = start + timedelta(seconds=number * 60)
            site = f"site{number % 300}.example"
            batch.append(
                {
                    "id": number,
                    "url": f"https://{site}/{number}",
                    "site": site,
                    "title": title,
                    "published_at": moment,
                    "sort_at": moment,
                    "lang": lang,
                    "reading_minutes": 1,
                    "word_count": 151,
                    "text": text,
                    "from_feed": False,
                    "fetched_at": moment,
                }
            )
            if len(batch) == 5000:
                _write(connection, batch)
        _write(connection, batch)
        spellings = (("putin", "Putin", "en"), ("путин", "Путин", "ru"), ("путина", "Путина", "ru"))
        met = [
            name_store.Met("poutine", "Poutine", "fr", folded, shown, lang)
            for folded, shown, lang in spellings
        ]
        name_store.record(connection, met)
        if connection.dialect.name == "postgresql":  # numbers given: the sequence goes on after them
            create_lookup(connection)
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))"
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")  # what autovacuum does after a bulk load
    engine.dispose()


def _write(connection: Connection, batch: list[dict[str, Any]]) -> None:
    """Stores a batch of articles and indexes them, as `store.articles.save_article` does one (on
    PostgreSQL, each row written with its tsvector at once, the GIN index built afterwards)."""
    if not batch:
        return
    if connection.dialect.name == "postgresql":
        columns = list(batch[0])
        statement = text(
            f"INSERT INTO articles ({', '.join(columns)}, search_vector) VALUES "
            f"({', '.join(':' + c for c in columns)}, CAST(:search_vector AS tsvector))"
        )
        rows = [
            {**row, "search_vector": tsvector(tokens(f"{row['title']}\n{row['text']}", row["lang"]))}
            for row in batch
        ]
        connection.execute(statement, rows)
    else:
        connection.execute(insert(articles), batch)
        for row in batch:
            index_article(connection, row["id"], row["title"], row["text"], row["lang"])
    batch.clear()


def engine_name(url: str | None) -> str:
    return "PostgreSQL" if (url or "").startswith("postgres") else "SQLite"


def timed(client: httpx.Client, path: str, requests: int) -> tuple[float, float]:
    client.get(path).raise_for_status()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", default=None)
    parser.add_argument("--keep", action="store_true", help="use --db as it is, and keep it")
    args = parser.parse_args()
    database = nullcontext(args.db) if args.keep else scratch_database(args.db)
    with tempfile.TemporaryDirectory() as home, database as db:
        settings = load_settings(Path(home), db=db)
        started = time.perf_counter()
        fill(settings.db, args.articles)
        filled = time.perf_counter() - started
        deep = (
            datetime(2026, 1, 1) + timedelta(minutes=args.articles // 2) - datetime(1970, 1, 1)
        ) // timedelta(microseconds=1)
        paths = {
            "timeline, first page": "/",
            "timeline, page at the middle of the archive": f"/?cursor={deep}.{args.articles // 2}",
            "timeline, one language": "/?lang=de",
            "search (one word, ~20 % of articles)": "/search?q=pont",
            "search (rare word, ~20 articles)": "/search?q=token42",
            "search, phrase": '/search?q="conseil pont"',
            "search, OR": "/search?q=tempête OR Sturm",
            "search, negation": "/search?q=pont -port",
            "search, field": "/search?q=lang:de Wahl",
            "search, word forms (elections)": "/search?q=elections",
            "search, Chinese inside sentences": "/search?q=地铁",
            "search, a name across scripts (Poutine)": "/search?q=Poutine",
            "search, best matches first": "/search?q=tribunal&sort=relevance",
            "API /api/articles": "/api/articles",
            "API /api/search": "/api/search?q=tribunal",
        }
        table = Table(title=f"Web reader with {args.articles:,} articles ({engine_name(args.db)})")
        for column in ("request", "p50 ms", "p95 ms"):
            table.add_column(column, justify="left" if column == "request" else "right")
        with serving(settings) as url, httpx.Client(base_url=url, timeout=60) as client:
            for label, path in paths.items():
                p50, p95 = timed(client, path, args.requests)
                table.add_row(label, f"{p50:.0f}", f"{p95:.0f}")
    Console().print(table)
    Console().print(f"{args.articles:,} articles written in {filled:.0f} s")


if __name__ == "__main__":
    main()
