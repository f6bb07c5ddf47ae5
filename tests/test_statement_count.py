"""The statement count header (archive/statement_count.py): on only when asked for, and exact."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

HEADER = "X-SQL-Statements"


@pytest.fixture
def counted(settings):
    settings.MIDDLEWARE = ["archive.statement_count.StatementCount", *settings.MIDDLEWARE]


@pytest.mark.parametrize("path", ["/api/articles/", "/search/"])
def test_a_response_says_how_many_statements_its_request_ran(counted, seeds, client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"q": "сотрудничество"})
    assert response.status_code == 200
    assert int(response[HEADER]) == len(captured.captured_queries) > 0


def test_each_request_is_counted_on_its_own(counted, seeds, client):
    first = client.get("/search/", {"q": "сотрудничество"})
    again = client.get("/search/", {"q": "сотрудничество"})
    assert again.wsgi_request.page_cache == "hit"
    # The stored page costs only the look-up of the archive's page generation.
    assert int(again[HEADER]) < int(first[HEADER])


def test_the_header_is_off_by_default(seeds, client):
    assert "archive.statement_count.StatementCount" not in settings.MIDDLEWARE
    assert HEADER not in client.get("/api/articles/", {"q": "сотрудничество"})


def test_sql_statement_header_in_the_environment_turns_it_on():
    program = "import django; django.setup(); from django.conf import settings; print(settings.MIDDLEWARE[0])"
    run = subprocess.run(
        [sys.executable, "-c", program],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "SQL_STATEMENT_HEADER": "1",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "archive.statement_count.StatementCount"
