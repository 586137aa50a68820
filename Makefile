# vcspec: `make demo` and `make test` do all set-up on a fresh machine.
VENV    ?= .venv
PY      := $(VENV)/bin/python
VCSPEC  := $(VENV)/bin/vcspec
STAMP   := $(VENV)/.installed

.PHONY: install tools demo test bench golden fuzz clean

install: $(STAMP) tools

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[jupyter,dev]'
	touch $(STAMP)

# Debian's graphviz provides `dot` (diagrams) and spin the SPIN cross-check of the
# explicit engine; install what is missing when we may (root), else say how.
tools:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v spin >/dev/null 2>&1 || missing="$$missing spin"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get update -qq && apt-get install -y -qq $$missing) >/dev/null; \
	  else \
	    echo "note: missing Debian packages:$$missing (diagrams fall back to DOT text;"; \
	    echo "      the SPIN cross-check is skipped). Install: sudo apt-get install$$missing"; \
	  fi; \
	fi

demo: install
	$(PY) -m vcspec.condis.demo --out out

# One pytest worker per core (pytest-xdist; tests take work as they free up); the
# slowest tests are listed at the end so a slow-down shows in every CI log.
test: install
	$(PY) -m ruff check .
	$(PY) -m pytest -n auto --dist worksteal --durations=20 tests
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(PY) -m pytest -n auto --nbmake --nbmake-kernel=python3 --nbmake-timeout=600 notebooks; \
	else echo "no notebooks yet"; fi

bench: install
	$(PY) bench/run.py
	$(PY) bench/liveness.py --nvc 2

# The CLI fuzz target with a large random budget (make test runs 15 derandomized
# examples per target): FUZZ examples for each of its 3 targets. Each input is
# logged to out/fuzz-inputs.jsonl before it runs (the last line names the input
# of a run killed from outside).
FUZZ ?= 5000
fuzz: install
	mkdir -p out && rm -f out/fuzz-inputs.jsonl
	VCSPEC_FUZZ=$(FUZZ) VCSPEC_FUZZ_LOG=out/fuzz-inputs.jsonl $(PY) -m pytest -q \
	    -p no:cacheprovider tests/cli/test_fuzz.py

golden: install
	$(PY) tests/golden/regenerate.py

clean:
	rm -rf out .pytest_cache
