"""Coverage-guided fuzzing (atheris) of feed parsing, page extraction, OPML import and address
canonicalisation. A crash is saved by libFuzzer as `crash-…` in the working folder: move it
into fuzz/corpus/TARGET/, where `tests/test_fuzz_corpus.py` replays it on every test run.

    python fuzz/harness.py TARGET [libFuzzer options: -max_total_time=60 fuzz/corpus/TARGET]
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["veille"]):
    from targets import TARGETS


def main() -> None:
    atheris.Setup([sys.argv[0], *sys.argv[2:]], TARGETS[sys.argv[1]])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
