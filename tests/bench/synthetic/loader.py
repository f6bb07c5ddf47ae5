"""Streams synthetic articles into PostgreSQL with COPY, optionally from several processes.

Each batch is one transaction: the article rows, then their countries, pairs and agreements,
all by COPY. The generated search columns are computed by PostgreSQL as rows arrive, which is
most of the cost; two worker processes keep both cores busy (one generating while the other's
server process indexes). With one worker the rows go through Django's own connection, so a
test's transaction sees them.
"""

import multiprocessing
import signal
import time
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction

from archive.models import Article
from tests.bench.synthetic.articles import ARTICLE_COLUMNS, ArticleMaker

THROUGH = (
    ("countries", "country_id"),
    ("pairs", "countrypair_id"),
    ("agreements", "agreement_id"),
)


@dataclass
class BatchResult:
    count: int
    generate_seconds: float
    copy_seconds: float


def _copy_sql(table: str, columns) -> str:
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 -- our own names


def write_batch(cursor, maker: ArticleMaker, first_ordinal: int, count: int, first_id: int):
    """Generate articles `first_ordinal` … + count and COPY them through `cursor`."""
    generate = copy_time = 0.0
    links = {name: [] for name, _ in THROUGH}
    article_table = Article._meta.db_table
    with cursor.copy(_copy_sql(article_table, ARTICLE_COLUMNS)) as copy:
        for offset in range(count):
            started = time.perf_counter()
            article = maker.make(first_ordinal + offset, first_id + offset)
            article_id = article.row[0]
            links["countries"].extend((article_id, i) for i in article.country_ids)
            links["pairs"].extend((article_id, i) for i in article.pair_ids)
            links["agreements"].extend((article_id, i) for i in article.agreement_ids)
            middle = time.perf_counter()
            copy.write_row(article.row)
            copy_time += time.perf_counter() - middle
            generate += middle - started
    started = time.perf_counter()
    for name, column in THROUGH:
        table = getattr(Article, name).through._meta.db_table
        with cursor.copy(_copy_sql(table, ("article_id", column))) as copy:
            for row in links[name]:
                copy.write_row(row)
    copy_time += time.perf_counter() - started
    return BatchResult(count, generate, copy_time)


_worker: dict = {}


def _start_worker(conninfo: str, maker: ArticleMaker):
    # The parent's SIGTERM handler (which rebuilds dropped indexes) is not the workers' job:
    # the pool stops them with SIGTERM when the load is done.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker["connection"] = psycopg.connect(conninfo, autocommit=True)
    # Losing the last batches in a crash only means regenerating them.
    _worker["connection"].execute("SET synchronous_commit = off")
    _worker["maker"] = maker


def _worker_batch(task) -> BatchResult:
    first_ordinal, count, first_id = task
    conn = _worker["connection"]
    with conn.transaction(), conn.cursor() as cursor:
        return write_batch(cursor, _worker["maker"], first_ordinal, count, first_id)


def conninfo_for(settings_dict) -> str:
    """A libpq connection string for the database Django is connected to."""
    parts = {
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
    }
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v})


def load(maker, start_ordinal, count, first_id, batch, workers, progress=None) -> BatchResult:
    """Load `count` articles from `start_ordinal` on, ids from `first_id`; totals of the work."""
    tasks = [
        (start_ordinal + offset, min(batch, count - offset), first_id + offset)
        for offset in range(0, count, batch)
    ]
    total = BatchResult(0, 0.0, 0.0)

    def account(result: BatchResult):
        total.count += result.count
        total.generate_seconds += result.generate_seconds
        total.copy_seconds += result.copy_seconds
        if progress:
            progress.advance(result.count)

    if workers <= 1:
        for first_ordinal, size, first in tasks:
            with transaction.atomic(), connection.cursor() as cursor:
                account(write_batch(cursor, maker, first_ordinal, size, first))
        return total
    conninfo = conninfo_for(connection.settings_dict)
    # Warm the draw tables before forking, so the workers share them instead of each
    # building its own.
    for vocabulary in maker.vocabularies.values():
        vocabulary.table  # noqa: B018
    connection.close()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(conninfo, maker)) as pool:
        for result in pool.imap_unordered(_worker_batch, tasks):
            account(result)
    return total
