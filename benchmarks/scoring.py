"""The article-body benchmark's metric (see ../shared/data/extraction-dev/README.md): 4-token
shingles of `\\w+` tokens, per-page precision and recall averaged over pages, F1 of the means."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Overlapping runs of `size` tokens; a text shorter than that is one shorter shingle."""
    tokens = _TOKEN.findall(text or "")
    runs = (tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(run for run in runs if run)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum to 1 so that long pages weigh no more."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(tp: float, wrong: float, other_wrong: float) -> float:
    if wrong == other_wrong == 0:
        return 1.0
    return tp / (tp + wrong) if tp + wrong else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean per-page precision (over pages with tp+fp > 0) and recall (tp+fn > 0)."""
    counts = [page_counts(truth, predicted) for truth, predicted in pairs]
    precisions = [_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    return Score(mean(precisions) if precisions else 0.0, mean(recalls) if recalls else 0.0)
