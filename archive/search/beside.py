"""Statements that run beside a search's page, on a second connection, at the same time.

A bounded search reads its page (candidates, ranking, tags, snippets: one statement) and its
facets (one statement over samples); neither needs the other, and each takes tens of
milliseconds at a million articles. One request uses one core of the server while the
database could use another, so the facets go to a helper thread with its own connection and
run while the page is read.

- **One helper per process**, made on first use (after gunicorn's fork). Its connection is
  opened when it first runs a statement and kept, for search statements alone and for the
  worker's life (health-checked, not aged out by CONN_MAX_AGE): the search's
  planner settings (`guard.search_settings`) are set once per connection, as session
  settings, so the helper costs a request no statement of its own.
- **Only in a transaction of the search's own** (`guard.in_own_transaction`): inside a test's
  or a command's transaction a second connection could not see uncommitted articles, so the
  work runs in line, as it always did, with the same result.
- **Counted and routed as the request**: the helper runs in a copy of the request's context
  (the database it reads from) with the request connection's execute wrappers (the
  statement count of `X-SQL-Statements`).
- **Errors are the request's**: raised where the result is read, a statement past its time as
  `TooSlow`. A helper connection that broke is closed and made anew on the next use.
"""

import contextvars
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created

from archive.db_read import read_alias
from archive.search.guard import TooSlow, in_own_transaction, search_settings

THREAD_NAME = "search-beside"
_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def _executor() -> ThreadPoolExecutor:
    """This process's helper (a forked worker makes its own)."""
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix=THREAD_NAME))
        return _pool[1]


def _search_session(sender, connection, **kwargs):
    """A helper's new connection plans as every search statement does, for its whole session."""
    if threading.current_thread().name.startswith(THREAD_NAME):
        # Kept for the worker's life (or until it breaks), not CONN_MAX_AGE: made anew, it
        # cost the request that found it expired one more statement, its settings.
        connection.close_at = None
        wanted = search_settings()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in wanted),
                [item for pair in wanted.items() for item in pair],
            )


connection_created.connect(_search_session, dispatch_uid="archive.search.beside")


def _run(function, alias: str, wrappers: list, args: tuple):
    connection = connections[alias]
    connection.close_if_unusable_or_obsolete()
    try:
        with ExitStack() as stack:
            for wrapper in wrappers:
                stack.enter_context(connection.execute_wrapper(wrapper))
            return function(*args)
    except DatabaseError as error:
        connection.close()  # made anew, settings and all, on the next use
        raise TooSlow from error


def beside(function, *args) -> Future:
    """`function(*args)` in the helper while the caller goes on, or in line (see the module's
    docstring); its statements go through `archive.db_read.reading()`, the helper's own
    connection in the helper. Read the result with `.result()`."""
    if settings.SEARCH_SECOND_CONNECTION and in_own_transaction.get():
        alias = read_alias()
        wrappers = list(connections[alias].execute_wrappers)
        context = contextvars.copy_context()
        return _executor().submit(context.run, _run, function, alias, wrappers, args)
    done = Future()
    try:
        done.set_result(function(*args))
    except Exception as error:  # noqa: BLE001 - raised again where the result is read
        done.set_exception(error)
    return done


def close_connections():
    """Close the helper's connections (before a test database is dropped)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None and pool[0] == os.getpid():
        pool[1].submit(connections.close_all).result()
        pool[1].shutdown()
