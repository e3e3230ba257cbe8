# The two commands of the README: `make run` and `make test`. Everything else follows from them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck unit browser fuzz bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The story-model tests run sentence-transformers on torch's CPU build; PyPI's newest torch would
# bring gigabytes of CUDA. TORCH names the build to install first (this machine's wheel cache has it).
TORCH ?= torch==2.13.0

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP)
	$(BIN)/veille run

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts fuzz
	$(BIN)/ruff format --check src tests benchmarks scripts fuzz

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# The web tests drive Debian's Chromium (Playwright downloads no browser of its own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

unit: $(TEST_STAMP) browser
	$(BIN)/pytest -q

# Coverage-guided fuzzing of feeds, pages, OPML and addresses, FUZZ_SECONDS a target, from a copy of
# the seeds (the corpus in git stays as written); a crash lands in fuzz/crashes/ (see fuzz/harness.py).
# FUZZ_SEED 0 draws a new seed each run; make test's short run takes a fixed one, so that it
# explores the same inputs every time.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= 0
FUZZ_TARGETS := feed page opml address

fuzz: $(TEST_STAMP)
	@mkdir -p fuzz/crashes
	@for target in $(FUZZ_TARGETS); do \
	  work=$$(mktemp -d); cp fuzz/corpus/$$target/* "$$work"/; \
	  echo "fuzz $$target, $(FUZZ_SECONDS) s"; \
	  ( cd fuzz && ../$(BIN)/python harness.py $$target -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) \
	      -artifact_prefix=crashes/$$target- -print_final_stats=1 "$$work" 2>&1 | grep -E "^(stat::number_of_executed_units|==|Done)" ) ; \
	  status=$$?; rm -rf "$$work"; [ $$status -eq 0 ] || exit 1; \
	  ! ls fuzz/crashes/$$target-* >/dev/null 2>&1 || { echo "crash: fuzz/crashes/"; exit 1; }; \
	done

test: lint typecheck unit
	$(MAKE) fuzz FUZZ_SECONDS=8 FUZZ_SEED=1

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/metadata.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/placement.py
	$(BIN)/python benchmarks/stories.py
	$(BIN)/python benchmarks/reprints.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/cli_start.py
	$(BIN)/python benchmarks/hostile.py
	$(BIN)/python benchmarks/reach.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/watches.py
	$(BIN)/python benchmarks/reindex.py
	$(BIN)/python benchmarks/web.py --articles 1000000 --db sqlite:///$(CURDIR)/.bench-1m.db --keep
	if command -v wrk >/dev/null; then $(BIN)/python benchmarks/load.py --db sqlite:///$(CURDIR)/.bench-1m.db; \
	else echo "benchmarks/load.py skipped: it needs wrk (apt install wrk)"; fi

screenshots: $(TEST_STAMP) browser
	@{ fc-list | grep -qi "color emoji" && test -e /usr/lib/chromium/locales/fr.pak; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq fonts-noto-color-emoji chromium-l10n; }
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
