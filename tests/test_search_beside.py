"""Statements run beside the page on a second connection (archive/search/beside.py).

A test's own transaction keeps its rows from any other connection, so the searches of the
other test modules run their facets in line; here the helper is driven directly, as a search
in a transaction of its own drives it (the browser tests search that way, through a real
server), and the in-line fallback is checked to give the same answer on the same connection.
"""

import pytest
from django.db import connection

from archive.db_read import reading
from archive.search import guard
from archive.search.beside import beside, close_connections

pytestmark = pytest.mark.django_db


def _backend(label):
    with reading().cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), current_setting('enable_seqscan'), %s", [label])
        return cursor.fetchone()


def _pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def own_transaction():
    """As inside `guard.guarded()` when the search's transaction is its own."""
    token = guard.in_own_transaction.set(True)
    yield
    guard.in_own_transaction.reset(token)
    close_connections()  # other modules count the connections to the test database


def test_in_its_own_transaction_a_search_runs_the_work_on_another_connection(own_transaction):
    pid, seqscan, label = beside(_backend, "facets").result(timeout=30)
    assert label == "facets"
    assert pid != _pid()
    # The helper's connection plans as every search statement does (guard.search_settings).
    assert seqscan == "off"


def test_the_helper_runs_the_requests_statement_counters(own_transaction):
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        beside(_backend, "counted").result(timeout=30)
    assert any("pg_backend_pid" in sql for sql in seen)


def test_an_error_on_the_helper_is_a_search_past_its_time(own_transaction):
    def failing():
        with reading().cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with pytest.raises(guard.TooSlow):
        beside(failing).result(timeout=30)
    # The broken connection was replaced: the next search's work runs again.
    assert beside(_backend, "again").result(timeout=30)[2] == "again"


def test_inside_another_transaction_the_work_runs_in_line_with_the_same_answer(settings):
    assert not guard.in_own_transaction.get()
    pid, _seqscan, label = beside(_backend, "in line").result()
    assert (pid, label) == (_pid(), "in line")


def test_work_without_statements_opens_no_connection(own_transaction):
    from django.db import connections

    close_connections()  # a new helper, as in a new worker
    assert beside(lambda: connections["default"].connection is None).result(timeout=30)
    beside(_backend, "then").result(timeout=30)
    assert beside(lambda: connections["default"].connection is not None).result(timeout=30)


def test_switched_off_the_work_runs_in_line(settings, own_transaction):
    settings.SEARCH_SECOND_CONNECTION = False
    assert beside(_backend, "off").result()[0] == _pid()


def test_the_helpers_connection_outlives_the_connection_age_of_requests(own_transaction, settings):
    """Made anew when CONN_MAX_AGE ran out, it cost the request that found it one statement
    more (its session settings); it is kept for the worker's life instead."""
    from django.db import connections

    from archive.db_read import read_alias

    def age_and_pid():
        backend = connections[read_alias()]
        backend.ensure_connection()
        return backend.close_at, _backend("aged")[0]

    close_at, first = beside(age_and_pid).result(timeout=30)
    assert close_at is None
    # What Django does at the end of each request: close connections past their age.
    beside(lambda: connections[read_alias()].close_if_unusable_or_obsolete()).result(timeout=30)
    assert beside(age_and_pid).result(timeout=30)[1] == first
