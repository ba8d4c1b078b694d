# Two commands: `make book` and `make test`. Both create .venv from requirements.txt when missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: book test bench pdf clean
.DEFAULT_GOAL := book

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## book: validate the data, execute the stale chapters, render _build/html
book: $(VENV)/.installed
	$(PY) -m amcenestrant_book build

# axe-core for the accessibility tests, from the npm registry, pinned in package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## test: strict nbval on every chapter, data contract, package, bad input, staleness, build, browser
test: $(VENV)/.installed node_modules/.package-lock.json
	$(PY) -m pytest

## pdf: the whole book as one PDF in _build/pdf/ (needs Debian's chromium); _build/html is kept
pdf: $(VENV)/.installed
	$(PY) -m amcenestrant_book pdf

## bench: timings and memory of the build, as medians (not a test)
bench: $(VENV)/.installed
	$(PY) bench/build_benchmark.py

clean:
	rm -rf _build
