"""The conditions every search statement runs under, and the error for a search past its time.

`guarded()` opens one transaction on the database the request reads from and sets, for that
transaction only and in one round trip, the statement timeout and the planner settings the
search relies on. Everything the search runs goes through it: the search page, the API, the
feeds, the admin's search and the article page's previous/next links.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError, transaction

from archive.db_read import read_alias, reading
from archive.search.limits import limits


class TooSlow(Exception):
    """A search statement ran past its time and was cancelled."""


# Set while a search runs in a transaction of its own: what it has read is committed, so a
# second connection sees the same articles (archive/search/beside.py).
in_own_transaction: ContextVar[bool] = ContextVar("search_in_own_transaction", default=False)


def _set_locally(cursor, values: dict[str, str]) -> list:
    """Set each configuration value for the rest of the transaction; the previous values."""
    reads = ", ".join("current_setting(%s, true)" for _ in values)
    writes = ", ".join("set_config(%s, %s, true)" for _ in values)
    cursor.execute(
        f"SELECT {reads}, {writes}",  # noqa: S608 - placeholders only
        [*values, *(item for name, value in values.items() for item in (name, str(value)))],
    )
    return list(cursor.fetchone()[: len(values)])


@contextmanager
def guarded(timeout_ms: int | None = None):
    """A transaction whose statements are timed out and planned as the search needs.

    The planner underestimates what testing a stored tsvector costs (reading it from
    its TOAST chunks), so for words in a large share of articles it prefers a sequential scan
    that tests every row; keeping it on the indexes is what keeps common words fast. A bitmap
    of a common word's matches outgrows the default 4 MB of work_mem and turns lossy (every
    row of a lossy page then has its vector re-read), hence the memory. No JIT: with
    sequential scans off, the planner's costs pass JIT's thresholds, and compiling took longer
    than running. A statement that still runs away (after SEARCH_STATEMENT_TIMEOUT_MS, or
    `timeout_ms`) raises TooSlow.
    """
    wanted = search_settings(timeout_ms)
    # Inside someone else's transaction (a test's, a command's) the values would outlast the
    # search, so they are put back; a request's own transaction just ends.
    nested = transaction.get_connection(read_alias()).in_atomic_block
    try:
        with transaction.atomic(using=read_alias()), reading().cursor() as cursor:
            previous = _set_locally(cursor, wanted)
            token = in_own_transaction.set(not nested)
            try:
                yield cursor
            finally:
                in_own_transaction.reset(token)
            if nested:
                _restore(cursor, wanted, previous)
    except DatabaseError as error:
        raise TooSlow from error


def search_settings(timeout_ms: int | None = None) -> dict[str, str]:
    """The configuration every search statement runs under (see `guarded`)."""
    bounds = limits()
    return {
        "statement_timeout": f"{timeout_ms or bounds.statement_timeout_ms}ms",
        "enable_seqscan": "off",
        # One request, one core: a search's statements are short, and workers serve others.
        "max_parallel_workers_per_gather": "0",
        "jit": "off",
        "work_mem": bounds.work_mem,
        # How alike a title must be to a misspelt word to be read for "did you mean"
        # (archive/search/suggest.py); only its `<%` look-up reads it.
        "pg_trgm.word_similarity_threshold": "0.5",
    }


def _restore(cursor, values: dict, previous: list):
    """Put back the values `_set_locally` replaced (their reset values where they had none)."""
    # A value that had none before (pg_trgm's, until the module first loads in this session)
    # goes back to its reset value: an empty string is not a valid number.
    restores = ", ".join(
        "set_config(%s, coalesce(%s, (SELECT reset_val FROM pg_settings WHERE name = %s), ''), true)"
        for _ in values
    )
    cursor.execute(
        f"SELECT {restores}",  # noqa: S608 - placeholders only
        [
            item
            for name, value in zip(values, previous, strict=True)
            for item in (name, value, name)
        ],
    )
