# vcspec: `make demo` and `make test` do all set-up on a fresh machine.
VENV    ?= .venv
PY      := $(VENV)/bin/python
VCSPEC  := $(VENV)/bin/vcspec
STAMP   := $(VENV)/.installed

.PHONY: install demo test lint fmt-check bench golden clean

install: $(STAMP) graphviz

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[jupyter,dev]'
	touch $(STAMP)

# Debian's graphviz provides `dot`; install it when missing and we may (root), else say how.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq graphviz) >/dev/null; \
	  else \
	    echo "note: Graphviz 'dot' not found; diagrams fall back to DOT text."; \
	    echo "      install it with: sudo apt-get install graphviz"; \
	  fi; }

demo: install
	$(PY) -m checker.demo --out out

test: install
	$(PY) -m ruff check .
	$(PY) -m pytest tests
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(PY) -m pytest --nbmake --nbmake-kernel=python3 --nbmake-timeout=600 notebooks; \
	else echo "no notebooks yet"; fi

bench: install
	$(PY) bench/run.py

golden: install
	$(PY) tests/golden/regenerate.py

clean:
	rm -rf out .pytest_cache
