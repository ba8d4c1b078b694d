# `make book` builds the book, `make test` runs every check, `make check` is the quick loop.
# Each creates .venv from requirements.txt when missing (Python 3.11 to 3.13).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SUPPORTED := 3.11 3.12 3.13
# matplotlib's font cache belongs to the venv whose fonts it lists: a cache in the home folder,
# written by another install, can list fonts that are not there, and a figure then warns on stderr
# (which nbval rightly counts as a changed output).
export MPLCONFIGDIR := $(abspath $(VENV))/matplotlib
FONT_CACHE := $(MPLCONFIGDIR)/.built

.PHONY: book test check lint bench pdf lock clean
.DEFAULT_GOAL := book

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(0 if v in "$(SUPPORTED)".split() else f"error: $(PYTHON) is Python {v}; the book needs Python $(SUPPORTED) (make PYTHON=python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# setuptools is pinned in requirements.txt, so the editable install needs no network
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Built once before any chapter runs, so that no kernel prints "building the font cache".
$(FONT_CACHE): $(VENV)/.installed
	$(PY) -c "import matplotlib.font_manager"
	touch $@

## book: validate the data, execute the stale chapters, render _build/html
book: $(VENV)/.installed $(FONT_CACHE)
	$(PY) -m amcenestrant_book build

# axe-core for the accessibility tests, from the npm registry, pinned in package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# pytest-xdist workers of `make test` and `make check` (make test TEST_JOBS=1 runs in one process)
TEST_JOBS ?= 2

## test: strict nbval on every chapter, data contract, package, bad input, staleness, build, browser
test: $(VENV)/.installed $(FONT_CACHE) node_modules/.package-lock.json
	$(PY) -m pytest -n $(TEST_JOBS)

## check: the quick loop (unit tests, data contract, lint; no chapter executed, no book built)
check: $(VENV)/.installed $(FONT_CACHE) lint
	$(PY) -m pytest tests -m "not slow and not browser" -q -n $(TEST_JOBS)

## lint: ruff over the package, the tests, the benchmark and the notebooks' code
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

## pdf: the whole book as one PDF in _build/pdf/ (needs Debian's chromium); _build/html is kept
pdf: $(VENV)/.installed $(FONT_CACHE)
	$(PY) -m amcenestrant_book pdf

## bench: timings and memory of the build, as medians (not a test)
bench: $(VENV)/.installed $(FONT_CACHE)
	$(PY) bench/build_benchmark.py

## lock: compile requirements.in into the exact pins of requirements.txt (needs the package index)
lock: $(VENV)/.installed
	$(PY) -m amcenestrant_book.build.pins

clean:
	rm -rf _build
