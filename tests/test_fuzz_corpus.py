"""The fuzzing corpus replayed: every seed, and every input the fuzzer once crashed on (kept in
fuzz/corpus/TARGET/), goes through its target without an undocumented error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))
from targets import TARGETS  # noqa: E402

CASES = sorted((path.parent.name, path) for path in (FUZZ / "corpus").glob("*/*"))


def test_every_target_has_seeds() -> None:
    assert {target for target, _ in CASES} == set(TARGETS)


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{t}/{p.name}" for t, p in CASES])
def test_the_corpus_goes_through(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())
