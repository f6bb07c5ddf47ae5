"""The connection for the search engine's own SQL: the one the router chose for this request's reads.

The ORM asks the router for every query; raw cursors and the transactions that set a search's
time budget must ask too, or a search would read from a replica and time itself on the primary.
"""

from django.db import connections

from archive.db_router import reads_from


def read_alias() -> str:
    """The database alias this request reads from ("default" outside a request)."""
    return reads_from.get()


def reading():
    """The connection this request reads from, for `with reading().cursor() as cursor:`."""
    return connections[reads_from.get()]
