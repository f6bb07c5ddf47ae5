"""The search benchmark (tests/bench/): it writes only to `*_bench` databases, and end to end it
serves a small corpus with gunicorn and tables every kind of request against its target."""

import os
import re
import socket
import subprocess
import sys
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from archive.models import Article
from tests.bench.loadtest.server import database_url
from tests.bench.search.queries import KINDS

BASE_DIR = settings.BASE_DIR


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [{"database_suffix": ""}, {"database": "concord"}, {"database_suffix": "copy"}],
    ids=["current database", "main database by name", "other suffix"],
)
def test_bench_refuses_a_database_whose_name_does_not_end_in_bench(options):
    before = Article.objects.count()
    with pytest.raises(CommandError, match=r"^Refusing to write to database '[^']*'"):
        call_command("bench", sizes=[10], stdout=StringIO(), stderr=StringIO(), **options)
    assert Article.objects.count() == before


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(*arguments, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_development_app_is_installed_only_when_asked_for():
    without = _manage("bench", "--help", CONCORD_DEV_APPS="")
    assert without.returncode != 0
    assert "Unknown command: 'bench'" in without.stderr
    unknown = _manage("check", CONCORD_DEV_APPS="nonsense")
    assert "CONCORD_DEV_APPS: no development app 'nonsense'" in unknown.stderr


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    """`manage.py bench` on a 60-article corpus in a database of its own, dropped afterwards."""
    name = f"{os.environ.get('TEST_DATABASE_NAME') or 'test_concord'}_bench"
    output = tmp_path_factory.mktemp("bench")
    maintenance = database_url({**settings.DATABASES["default"], "NAME": "postgres"})

    def drop():
        with psycopg.connect(maintenance, autocommit=True) as conn:
            query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(query.format(sql.Identifier(name)))

    drop()
    try:
        done = _manage(
            "bench", "--sizes", "60", "--queries", "3", "--warmup", "1", "--workers", "1",
            "--agreements", "60", "--database", name, "--port", str(_free_port()),
            "--output", str(output),
            CONCORD_DEV_APPS="bench",
        )  # fmt: skip
        yield done, output
    finally:
        drop()


def test_bench_tables_every_kind_of_request_on_the_api_and_the_pages(bench_run):
    done, output = bench_run
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| kind | endpoint | n | p50 ms | p95 ms | max ms |" in done.stdout
    rows = [line.split(" | ") for line in done.stdout.splitlines() if "ms, ≤ 6 statements" in line]
    assert [(row[0].lstrip("| "), row[1]) for row in rows] == [
        (kind.name, endpoint) for kind in KINDS for endpoint in ("API", "page")
    ]
    # Three measured requests a row, each with its statement count from the server's header.
    assert all(row[2] == "3" and row[6] != "–" for row in rows), rows
    assert (output / "60.md").read_text(encoding="utf-8") in done.stdout


def test_bench_reports_no_request_that_failed_to_answer_in_full(bench_run):
    done, _ = bench_run
    assert "did not answer in full" not in done.stdout, done.stdout


def test_bench_served_the_corpus_with_gunicorn_in_production_mode(bench_run):
    _, output = bench_run
    log = (output / "server-60.log").read_text(encoding="utf-8")
    assert "Starting gunicorn" in log
    assert '"path": "/api/articles/"' in log


@pytest.mark.django_db
def test_bench_names_the_database_memory_its_figures_depend_on(bench_run):
    # Shared buffers and huge pages change the figures by milliseconds a request: a table
    # without them cannot be compared with another machine's.
    done, _ = bench_run
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        (shared,) = cursor.fetchone()
    assert re.search(rf"PostgreSQL \d+\.\d+, shared buffers {shared}, huge pages \w", done.stdout)
