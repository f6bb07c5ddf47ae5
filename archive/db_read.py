"""The connection for the search engine's own SQL: the one the router chose for this request's reads.

The ORM asks the router for every query; raw cursors and the transactions that set a search's
time budget must ask too, or a search would read from a replica and time itself on the primary.
"""

import psycopg
from django.db import connections

from archive.db_router import reads_from


def read_alias() -> str:
    """The database alias this request reads from ("default" outside a request)."""
    return reads_from.get()


def reading():
    """The connection this request reads from, for `with reading().cursor() as cursor:`."""
    return connections[reads_from.get()]


class _BinaryCursor(psycopg.Cursor):
    """Results in binary; never prepared. psycopg prepares a statement run five times, and
    PostgreSQL may then plan it once for any parameters: a listing of one rare word and of
    one common word need different plans."""

    def execute(self, query, params=None, **options):
        return super().execute(query, params, prepare=False, binary=True)


def binary_cursor():
    """A cursor on the reading connection whose results come in PostgreSQL's binary format:
    integers, dates and numbers are read without parsing text (17,000 listed rows: 12 ms to
    read against 24). Its parameters are bound by the server, so each must have a type
    PostgreSQL can infer from the SQL around it."""
    db = reading()
    db.ensure_connection()
    db.validate_thread_sharing()
    raw = _BinaryCursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)
