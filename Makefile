# Concord: `make run` serves the archive, `make test` runs the whole suite.
# Both set everything up from nothing: virtualenv, pinned packages, database, migrations, seeds.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Empty: gunicorn's two per core, plus one (archive/gunicorn_conf.py).
WORKERS ?=
LOADTEST_SIZES ?= seed 100000
BENCH_SIZES ?= 100000
# Extra arguments for `make test`'s pytest (CI's second server runs the database-heavy tests).
PYTEST_ARGS ?=
# Processes the suite runs in (pytest-xdist; "auto": one per core, each with its own test
# database), a test file to a process. 0 runs it in this one process.
TEST_WORKERS ?= auto
# Set to measure the corpus an existing *_bench database holds, as it is (no generating).
BENCH_DATABASE ?=
IMPORT_BENCH_SIZES ?= 10000 100000

.PHONY: run serve loadtest test fuzz lint bench bench-import db migrate seed setup browser-deps clean

# The virtualenv is rebuilt when the pinned dependencies in pyproject.toml change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

db: $(VENV)/.installed
	$(PY) -m archive.dbserver up

# Everything that runs with DEBUG off (migrate, seed, serve, the tests) needs a secret key.
# Unless the environment gives SECRET_KEY, settings read this machine's own from
# var/secret-key, made here once (readable by its owner only, never committed; `make clean`
# removes it).
SECRET_KEY_FILE := var/secret-key

$(SECRET_KEY_FILE):
	mkdir -p $(@D)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@.tmp && mv $@.tmp $@

migrate: db $(SECRET_KEY_FILE)
	$(PY) manage.py migrate --no-input

# The seed articles are imported with the year their hand check established (one of them,
# a Sputnik dateline, gives only "4 ноя"); the agreements register gives their English names.
seed: migrate
	$(PY) manage.py loaddata fixtures/agreements.json
	$(PY) manage.py import_articles fixtures/seeds --year 2025

setup: seed
	$(PY) manage.py collectstatic --no-input --verbosity 0

# The development server opens a connection per request thread: none is kept (CONN_MAX_AGE=0).
run: setup
	CONN_MAX_AGE=0 $(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn, DEBUG off, one kept database connection per worker.
serve: setup
	DEBUG=0 HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) \
		$(VENV)/bin/gunicorn -c archive/gunicorn_conf.py archive.wsgi

# Mixed traffic at 1, 8, 32 and 128 clients against gunicorn on 127.0.0.1:8100, on the seed
# archive and on a synthetic one of 100,000 articles (<name>_bench, made by `manage.py bench`
# and kept); the table goes to var/loadtest/results.md (docs/loadtest.md explains it).
# The benchmarks are a development app (tests/bench/), installed only when asked for.
loadtest: setup
	CONCORD_DEV_APPS=bench $(PY) manage.py loadtest --archives $(LOADTEST_SIZES)

# The browser tests (tests/browser/) are part of the suite, never skipped: browser-deps makes
# sure Debian's Chromium and axe-core are there first (a no-op when they already are).
test: setup browser-deps
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The property-based tests that no request answers 5xx, with many more examples than the
# suite draws (HYPOTHESIS_PROFILE=fuzz, tests/fuzz_values.py); the summary counts the requests.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_no_server_errors.py -p no:logging

browser-deps:
	bash .ci/browser-deps

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The benchmarks work in databases of their own on the same server (names ending in _bench),
# never the main one. bench-import: news-shaped JSON Lines (10,000 and 100,000 records, with
# and without detection) imported into a new <name>_import_bench; its table goes to
# var/bench/import.md. The search benchmark fills <name>_bench with a synthetic corpus of each
# size (kept for the next run), serves it with gunicorn on 127.0.0.1:8101 and writes
# var/bench/<size>.md. `make bench BENCH_SIZES=1000000` takes a while to generate;
# `make bench BENCH_DATABASE=concord_million_bench` measures a corpus already made.
bench: bench-import
	CONCORD_DEV_APPS=bench $(PY) manage.py bench \
		$(if $(BENCH_DATABASE),--database $(BENCH_DATABASE),--sizes $(BENCH_SIZES))

bench-import: setup
	CONCORD_DEV_APPS=bench $(PY) manage.py bench_import --sizes $(IMPORT_BENCH_SIZES)

clean:
	-$(PY) -m archive.dbserver down
	rm -rf $(VENV) var staticfiles
