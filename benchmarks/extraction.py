"""Extraction quality and speed on ../shared/data/extraction-dev (or --data DIR): veille beside
bare trafilatura (default options) in the same run, with the benchmark's own metric.

    python benchmarks/extraction.py [--data DIR] [--workers N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))
from scoring import score
from veille.cli.extracting import extract_file
from veille.config import load_settings
from veille.extract.page import NotAnArticle, extract_article
from veille.update import extraction_pool

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-dev"


def load(data: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        key: gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8") for key in truth
    }
    return pages, {k: v["url"] for k, v in truth.items()}, {k: v["articleBody"] for k, v in truth.items()}


def veille_text(html: str, url: str) -> str:
    try:
        return extract_article(html, url).text
    except NotAnArticle:
        return ""


def trafilatura_text(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def run(
    extractor: Callable[[str, str], str], pages: dict[str, str], urls: dict[str, str]
) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    texts = {key: extractor(html, urls[key]) for key, html in pages.items()}
    return texts, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    pages, urls, truth = load(args.data)
    megabytes = sum(len(html.encode("utf-8")) for html in pages.values()) / 1e6
    veille_text(next(iter(pages.values())), "https://warm.up/")  # imports and models, not timed

    table = Table(
        title=f"Article-body extraction, {len(pages)} pages of {args.data.name} ({megabytes:.1f} MB)"
    )
    for column in ("extractor", "F1", "precision", "recall", "pages/s", "MB/s"):
        table.add_column(column, justify="left" if column == "extractor" else "right")
    for name, extractor in (
        ("bare trafilatura 2 (default)", trafilatura_text),
        ("veille, 1 core", veille_text),
    ):
        texts, seconds = run(extractor, pages, urls)
        result = score((truth[key], texts[key]) for key in pages)
        table.add_row(
            name,
            f"{result.f1:.3f}",
            f"{result.precision:.3f}",
            f"{result.recall:.3f}",
            f"{len(pages) / seconds:.1f}",
            f"{megabytes / seconds:.2f}",
        )

    files = [str(args.data / "html" / f"{key}.html.gz") for key in pages]
    # The pool `veille extract` uses.
    with (
        tempfile.TemporaryDirectory() as home,
        extraction_pool(load_settings(Path(home), workers=args.workers)) as pool,
    ):
        list(pool.map(extract_file, files[: args.workers], [None] * args.workers))  # warm the workers
        started = time.perf_counter()
        records = list(pool.map(extract_file, files, [urls[k] for k in pages], chunksize=2))
        seconds = time.perf_counter() - started
    parallel = score((truth[key], record.get("text", "")) for key, record in zip(pages, records, strict=True))
    table.add_row(
        f"veille extract, {args.workers} cores",
        f"{parallel.f1:.3f}",
        f"{parallel.precision:.3f}",
        f"{parallel.recall:.3f}",
        f"{len(pages) / seconds:.1f}",
        f"{megabytes / seconds:.2f}",
    )
    Console().print(table)


if __name__ == "__main__":
    main()
