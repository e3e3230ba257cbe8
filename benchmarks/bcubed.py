"""BCubed precision and recall of a clustering against gold labels, optionally restricted to
pairs of articles in the same language or in different languages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import mean


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(
    clusters: Sequence[object],
    gold: Sequence[object],
    langs: Sequence[str] | None = None,
    pairs: Callable[[str, str], bool] | None = None,
) -> BCubed:
    """Mean over items of |same cluster ∩ same class| / |same cluster| (precision) and
    / |same class| (recall), counting only the other items `pairs(lang_i, lang_j)` keeps (the
    item itself always counts when no filter is given)."""
    n = len(clusters)
    precisions: list[float] = []
    recalls: list[float] = []
    for i in range(n):

        def kept(j: int, i: int = i) -> bool:
            if pairs is None or langs is None:
                return True
            return j != i and pairs(langs[i], langs[j])

        same_cluster = [j for j in range(n) if clusters[j] == clusters[i] and kept(j)]
        same_class = [j for j in range(n) if gold[j] == gold[i] and kept(j)]
        both = sum(1 for j in same_cluster if gold[j] == gold[i])
        if same_cluster:
            precisions.append(both / len(same_cluster))
        if same_class:
            recalls.append(both / len(same_class))
    return BCubed(mean(precisions) if precisions else 1.0, mean(recalls) if recalls else 1.0, n)
