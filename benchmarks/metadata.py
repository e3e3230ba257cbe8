"""Metadata accuracy (title, author, date, original publication) on pages built in the styles
real sites use: JSON-LD graphs, meta tags only, bylines and `<time>` in the text, dates in a
sidebar and comments to be ignored, a date in the text only, reprint credit lines in five
languages. The pages are made by tests/pages.py; the truth is what they were made from.

    python benchmarks/metadata.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pages import STORIES, Styled, styled_page
from veille.extract.page import extract_article

STYLES = ("jsonld", "meta", "byline", "sidebar-dates", "text-date", "div-soup", "org-author", "reprint")
FIELDS = ("title", "author", "date", "original")


def same_moment(expected: str | None, found: datetime | None) -> bool:
    """Equal dates; equal instants (offset included) when the page gave a time."""
    if expected is None or found is None:
        return expected is None and found is None
    wanted = datetime.fromisoformat(expected)
    if "T" not in expected:
        return found.date() == wanted.date()
    return found.tzinfo is not None and found == wanted


def main() -> None:
    scores: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for style in STYLES:
        for variant in range(2):
            for story in STORIES.values():
                page: Styled = styled_page(story, style, variant=variant)
                found = extract_article(page.html, f"https://news.example/{story.slug}")
                checks = {
                    "title": found.title == page.title,
                    "author": found.author == page.author,
                    "date": same_moment(page.date, found.published),
                    "original": found.original == page.original,
                }
                for field, ok in checks.items():
                    scores[style][field].append(ok)
                    scores["all"][field].append(ok)
    table = Table(title="Metadata accuracy on constructed pages (share right)")
    table.add_column("style")
    table.add_column("pages", justify="right")
    for field in FIELDS:
        table.add_column(field, justify="right")
    for style in (*STYLES, "all"):
        row = scores[style]
        table.add_row(style, str(len(row["title"])), *(f"{sum(row[f]) / len(row[f]):.2f}" for f in FIELDS))
    Console().print(table)


if __name__ == "__main__":
    main()
