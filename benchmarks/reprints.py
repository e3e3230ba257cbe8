"""Reprint detection: precision and recall of veille's MinHash test on pairs built from the
articles of ../shared/data/stories-dev (or --data DIR):

- copies: the same text with other chrome (share prompts, a newsletter line, a byline), with
  small edits (a sentence dropped, a few words changed), with a credit line added;
- not copies: every pair of different articles about the same event, and as many random pairs.

The table is printed at several thresholds, the one veille uses marked: the threshold is measured.

    python benchmarks/reprints.py [--data DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from pathlib import Path

from rich.console import Console
from rich.table import Table

from veille.enrich.reprints import THRESHOLD, Fingerprint, fingerprint, similarity

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories-dev"
CHROME = (
    "Share this article",
    "Sign up for our daily newsletter",
    "Follow us on social media",
    "Advertisement",
)


def with_chrome(text: str, rng: random.Random) -> str:
    top, bottom = rng.sample(CHROME, 2)
    return f"{top}\n\nBy the editors\n\n{text}\n\n{bottom}"


def with_edits(text: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    words = " ".join(sentences).split(" ")
    for _ in range(max(1, len(words) // 40)):
        words[rng.randrange(len(words))] = rng.choice(["reportedly", "also", "now", "still"])
    return " ".join(words)


def with_credit(text: str, rng: random.Random) -> str:
    name = rng.choice(["Moon of Alabama", "The Conversation", "Reuters", "Le Grand Continent"])
    return f"{text}\n\nReprinted with permission from {name}."


def detected(first: Fingerprint, second: Fingerprint) -> float:
    """The similarity veille sees: 0 unless the two share an LSH band (else never compared)."""
    if not set(first.bands) & set(second.bands):
        return 0.0
    return similarity(first.signature, second.signature)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    rows = [
        json.loads(line) for line in (args.data / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(7)
    signatures = {i: fingerprint(row["text"]) for i, row in enumerate(rows)}
    usable = [i for i, found in signatures.items() if found is not None]
    copies: list[float] = []
    for i in usable:
        original = signatures[i]
        assert original is not None
        for variant in (with_chrome, with_edits, with_credit):
            copy = fingerprint(variant(rows[i]["text"], rng))
            if copy is not None:
                copies.append(detected(original, copy))
    different: list[float] = []
    for i, j in itertools.combinations(usable, 2):
        same_event = rows[i]["event"] == rows[j]["event"]
        if same_event or rng.random() < 0.02:
            first, second = signatures[i], signatures[j]
            assert first is not None and second is not None
            different.append(detected(first, second))
    table = Table(
        title=f"Reprint detection: {len(copies)} copies, {len(different)} pairs of different articles"
    )
    for column in ("threshold", "precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for threshold in sorted({0.2, 0.3, THRESHOLD, 0.5, 0.6, 0.7}):
        tp = sum(s >= threshold for s in copies)
        fp = sum(s >= threshold for s in different)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(copies)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        mark = " (veille)" if threshold == THRESHOLD else ""
        table.add_row(f"{threshold:.2f}{mark}", f"{precision:.4f}", f"{recall:.4f}", f"{f1:.4f}")
    Console().print(table)
    Console().print(
        f"copies: lowest similarity {min(copies):.2f}; different articles: highest {max(different):.2f} "
        "(0 when no LSH band is shared)"
    )


if __name__ == "__main__":
    main()
