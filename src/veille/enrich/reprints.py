"""Recognising the same text on several sites (syndication, reprints, agency copy, an article
moved to a new address): MinHash signatures of word shingles, and locality-sensitive hashing
by bands, kept in the database, so that finding the copies of a new article costs a few indexed
look-ups however many articles are stored."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from veille.extract.metadata import squash

PERMUTATIONS = 126
ROWS = 3
BANDS = PERMUTATIONS // ROWS
"""42 bands of 3 rows: a pair at the threshold shares a band with probability 0.94, at 0.5 with
0.995; unrelated texts (similarity 0.02) with 0.0003, so few candidates are ever compared."""
SHINGLE = 4
THRESHOLD = 0.4
"""Estimated Jaccard similarity of shingles above which two texts are copies, measured by
benchmarks/reprints.py: copies with other chrome, small edits or a credit line score 0.47 and
more, different articles on the same event 0.26 at most."""
MIN_TOKENS = 40
"""Texts shorter than this are too short to tell a copy from a shared quotation."""

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    signature: bytes
    bands: tuple[str, ...]


def fingerprint(text: str) -> Fingerprint | None:
    """The MinHash signature of `text` and its band keys, or None for a text too short."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < MIN_TOKENS:
        return None
    # Imported here: datasketch imports scipy (0.3 s), which the commands that only read never need.
    from datasketch import MinHash

    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(
        " ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(len(tokens) - SHINGLE + 1)
    )
    values = minhash.hashvalues.astype(np.uint64)
    bands = tuple(
        f"{band}:"
        + hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
        for band in range(BANDS)
    )
    return Fingerprint(values.tobytes(), bands)


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two texts from their signatures."""
    a = np.frombuffer(first, dtype=np.uint64)
    b = np.frombuffer(second, dtype=np.uint64)
    return float(np.count_nonzero(a == b)) / len(a)


def credits(credit: str | None, names: list[str | None]) -> bool:
    """Whether a credit line ("Moon of Alabama", "reuters.com") names one of `names` (a site's
    domain, name or source)."""
    if not credit:
        return False
    wanted = squash(credit)
    for name in names:
        if not name:
            continue
        squashed = squash(name)
        host = squashed.removeprefix("www")
        for candidate in {squashed, host, host.rsplit("com", 1)[0], host.rsplit("org", 1)[0]}:
            if len(candidate) >= 3 and (candidate in wanted or wanted in candidate):
                return True
    return False
