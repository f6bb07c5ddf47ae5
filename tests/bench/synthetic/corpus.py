"""Filling a database with a synthetic corpus: what is there, loading more, and the indexes.

Shared by the `generate_articles` and `bench` commands.
"""

import signal
import sys
import time
from dataclasses import dataclass

from django.db import connection

from archive.models import Article, Story
from tests.bench.synthetic.articles import STORY_SPAN, ArticleMaker, story_number
from tests.bench.synthetic.loader import load
from tests.bench.synthetic.progress import Progress
from tests.bench.synthetic.reference import AGREEMENT_COUNT, ensure_reference
from tests.bench.synthetic.vocabulary import build_vocabularies

# Below this many new rows, or when adding fewer rows than the table holds, updating the
# secondary indexes row by row is cheaper than rebuilding them.
REBUILD_INDEXES_FROM = 20_000


@dataclass
class LoadReport:
    """What one run of the generator did and how long each part took, in seconds."""

    created: int
    first_ordinal: int
    seconds: float
    generate_seconds: float
    copy_seconds: float
    index_seconds: float
    analyze_seconds: float
    rebuilt_indexes: list[str]


def synthetic_ordinals(seed: int) -> tuple[int, int]:
    """How many synthetic articles of this seed the database holds, and the next free ordinal."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), max(split_part(source_url, '/', 6)::bigint) FROM {table} "  # noqa: S608
            "WHERE source_url LIKE %s",
            [f"https://%/synthetic/{int(seed)}/%"],
        )
        count, highest = cursor.fetchone()
    return count, (highest + 1 if highest is not None else 0)


def trim_corpus(seed: int, size: int):
    """Delete the seed's synthetic articles from ordinal `size` on, with their links."""
    table = Article._meta.db_table
    doomed = (
        f"SELECT id FROM {table} WHERE source_url LIKE %s "  # noqa: S608
        "AND split_part(source_url, '/', 6)::bigint >= %s"
    )
    params = [f"https://%/synthetic/{int(seed)}/%", size]
    with connection.cursor() as cursor:
        for name in ("countries", "pairs", "agreements"):
            through = getattr(Article, name).through._meta.db_table
            cursor.execute(f"DELETE FROM {through} WHERE article_id IN ({doomed})", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({doomed})", params)  # noqa: S608


def secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the article table's indexes that enforce nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary
            ORDER BY c.relname
            """,
            [Article._meta.db_table],
        )
        return cursor.fetchall()


def _rebuild(indexes):
    with connection.cursor() as cursor:
        # A big sort memory makes the GIN builds one pass; PostgreSQL 18 builds GIN in parallel.
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


def corpus_tables() -> list[str]:
    return [Article._meta.db_table] + [
        getattr(Article, name).through._meta.db_table
        for name in ("countries", "pairs", "agreements")
    ]


def analyze():
    """Fresh planner statistics for the tables the corpus filled."""
    with connection.cursor() as cursor:
        for table in corpus_tables():
            cursor.execute(f"ANALYZE {table}")


def vacuum():
    """VACUUM (ANALYZE) the corpus tables, as autovacuum would soon after a large load.

    Done before timing, so the autovacuum of a fresh million rows (several minutes of reading
    9 GB of stored vectors) does not run during the measurements. It also marks pages
    all-visible, which lets the link tables answer from their indexes alone.
    """
    if connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
        analyze()
        return
    with connection.cursor() as cursor:
        for table in corpus_tables():
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def ensure_stories(last_ordinal: int):
    """The stories articles up to this ordinal belong to (`story_number`), made if missing."""
    # Each block of STORY_SPAN ordinals starts with a story's original.
    last = story_number(last_ordinal - last_ordinal % STORY_SPAN)
    table = Story._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, label, created_at, updated_at) "  # noqa: S608 - ours
            "SELECT n, '', now(), now() FROM generate_series(1, %s) AS n ON CONFLICT (id) DO NOTHING",
            [last],
        )
        highest = f"(SELECT coalesce(max(id), 1) FROM {table})"  # noqa: S608
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), {highest})", [table])


def generate(
    count,
    seed=1,
    batch=1000,
    workers=2,
    rebuild_indexes=None,
    stderr=None,
    agreements=AGREEMENT_COUNT,
):
    """Add `count` synthetic articles for `seed` after any already there; a LoadReport."""
    started = time.monotonic()
    reference = ensure_reference(seed, agreements)
    maker = ArticleMaker(seed, build_vocabularies(), reference)
    existing, first_ordinal = synthetic_ordinals(seed)
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}")  # noqa: S608
        rows, highest_id = cursor.fetchone()
    if rebuild_indexes is None:
        rebuild_indexes = count >= REBUILD_INDEXES_FROM and count >= rows
    dropped = secondary_indexes() if rebuild_indexes else []
    progress = Progress(count, stream=stderr) if stderr is not None else None
    index_seconds = 0.0
    # A plain `kill` must still put the dropped indexes back (the finally clause below).
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit("Interrupted."))
    try:
        with connection.cursor() as cursor:
            for name, _ in dropped:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        ensure_stories(first_ordinal + count - 1)
        totals = load(maker, first_ordinal, count, highest_id + 1, batch, workers, progress)
        if progress:
            progress.finish()
    finally:
        if dropped:
            index_started = time.monotonic()
            _rebuild(dropped)
            index_seconds = time.monotonic() - index_started
        signal.signal(signal.SIGTERM, previous_handler)
    with connection.cursor() as cursor:
        highest = f"(SELECT coalesce(max(id), 1) FROM {table})"  # noqa: S608
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), {highest})", [table])
    analyze_started = time.monotonic()
    analyze()
    return LoadReport(
        created=totals.count,
        first_ordinal=first_ordinal,
        seconds=time.monotonic() - started,
        generate_seconds=totals.generate_seconds,
        copy_seconds=totals.copy_seconds,
        index_seconds=index_seconds,
        analyze_seconds=time.monotonic() - analyze_started,
        rebuilt_indexes=[name for name, _ in dropped],
    )
