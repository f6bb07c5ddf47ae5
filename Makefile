# Concord: `make run` serves the archive, `make test` runs the whole suite.
# Both set everything up from nothing: virtualenv, pinned packages, database, migrations, seeds.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_SIZES ?= 100000 1000000
IMPORT_BENCH_SIZES ?= 10000 100000

.PHONY: run test lint bench bench-import db migrate seed setup browser-deps clean

# The virtualenv is rebuilt when the pinned dependencies in pyproject.toml change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

db: $(VENV)/.installed
	$(PY) -m archive.dbserver up

migrate: db
	$(PY) manage.py migrate --no-input

# The seed articles are imported with the year their hand check established (one of them,
# a Sputnik dateline, gives only "4 ноя"); the agreements register gives their English names.
seed: migrate
	$(PY) manage.py loaddata fixtures/agreements.json
	$(PY) manage.py import_articles fixtures/seeds --year 2025

setup: seed
	$(PY) manage.py collectstatic --no-input --verbosity 0

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser/) are part of the suite, never skipped: browser-deps makes
# sure Debian's Chromium and axe-core are there first (a no-op when they already are).
test: setup browser-deps
	$(PY) -m pytest

browser-deps:
	bash .ci/browser-deps

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The benchmarks work in databases of their own on the same server, never the main one.
# bench-import: news-shaped JSON Lines (10,000 and 100,000 records, with and without
# detection) imported into a new <name>_import_bench; its table goes to var/bench/import.md.
# The search benchmark fills <name>_bench with a synthetic corpus of each size (kept for the
# next run) and writes var/bench/<size>.md. A million articles take a while to generate.
bench: bench-import
	$(PY) manage.py bench --sizes $(BENCH_SIZES)

bench-import: setup
	$(PY) manage.py bench_import --sizes $(IMPORT_BENCH_SIZES)

clean:
	-$(PY) -m archive.dbserver down
	rm -rf $(VENV) var staticfiles
