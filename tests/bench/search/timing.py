"""Timing requests over HTTP against gunicorn, as readers meet the archive.

The server is the production one (archive/gunicorn_conf.py, DEBUG off) on the benchmark's
database, with the page cache off (every request reaches the search) and the statement
header on (archive/statement_count.py). One client asks one request at a time, after a few
unmeasured ones of each kind; no request is asked twice, so nothing comes from a cache of
answers.
"""

import http.client
import json
import math
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import DatabaseError, connection, transaction

from archive.statement_count import HEADER
from tests.bench.search.queries import KINDS, Kind, QueryMaker

SERVER_ENV = {"PAGE_CACHE_SECONDS": "0", "SQL_STATEMENT_HEADER": "1", "ALLOWED_HOSTS": "127.0.0.1"}
TIMEOUT_SECONDS = 30


@dataclass
class Measurement:
    """The timings and statement counts of one kind on one endpoint."""

    kind: Kind
    endpoint: str
    milliseconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        """Nearest rank: the value `share` of the timings are at or below."""
        ordered = sorted(self.milliseconds)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    def median_statements(self) -> float:
        return statistics.median(self.statements) if self.statements else math.nan


def prewarm() -> bool:
    """Read the corpus into memory first, as on a server that has been answering searches.

    The targets are for a warm database: at a million articles the stored vectors alone are
    9.6 GB, read at about 100 µs per vector the first time and 12 µs once cached. Vectors and
    texts go to the operating system's cache, rows, link tables and indexes to shared
    buffers. False when pg_prewarm (a contrib extension) is missing.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH toast AS (
                SELECT reltoastrelid AS oid FROM pg_class WHERE relname = 'archive_article'
            )
            SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c
            WHERE c.oid IN (SELECT oid FROM toast)
               OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM toast))
            """
        )
        cursor.execute(
            r"""
            SELECT pg_prewarm(c.oid::regclass, 'buffer') FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            WHERE c.relkind IN ('r', 'i')
              AND (c.relname LIKE 'archive\_article%' OR c.relname LIKE 'article\_%')
            """
        )
    return True


def database_memory() -> str:
    """The database server's version and memory, which the figures depend on: shared buffers,
    and whether they sit in huge pages. Without them every server process maps the shared
    buffers 4 KB at a time as it first touches them: at a million articles a query's first
    run in a new connection took 5.8 ms, its second 1.3, all from shared buffers (1.4 and 0.8
    with huge pages reserved)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')"
        )
        version, shared = cursor.fetchone()
        # Reported from PostgreSQL 17 on; before, only what was asked for is known.
        cursor.execute(
            "SELECT coalesce(current_setting('huge_pages_status', true), "
            "'asked: ' || current_setting('huge_pages'))"
        )
        (huge,) = cursor.fetchone()
    return f"PostgreSQL {version.split()[0]}, shared buffers {shared}, huge pages {huge}"


def fetch(port: int, path: str, params: dict, language: str):
    """(status, milliseconds, statements or None, body) of one GET on a fresh connection."""
    target = f"{path}?{urlencode(params)}" if params else path
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        conn.request("GET", target, headers={"Accept-Language": language})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    statements = response.getheader(HEADER)
    return response.status, elapsed, int(statements) if statements else None, body


def _problem(kind: Kind, endpoint: str, status: int, statements, body: bytes, params) -> str:
    """Why an answer does not count as a full one (count, facets, snippets), or ""."""
    if status != 200:
        return f"HTTP {status}"
    if statements is None:
        return f"no {HEADER} header (is archive.statement_count in MIDDLEWARE?)"
    if endpoint != "api" or "id" in params:
        return ""
    data = json.loads(body)
    missing = [key for key in ("count", "facets", "results") if key not in data]
    if missing:
        return f"no {', '.join(missing)} in the answer"
    if params.get("q") and data["results"] and not any(r.get("snippet") for r in data["results"]):
        return "no snippets"
    return ""


def _plan(maker: QueryMaker, kind: Kind, count: int, seen: set) -> list[tuple[str, dict]]:
    """`count` requests of `kind` never asked before in this run."""
    planned = []
    for _ in range(count * 20):
        language, params = maker.params(kind)
        key = (kind.name, urlencode(sorted(params.items())))
        if key not in seen:
            seen.add(key)
            planned.append((language, params))
        if len(planned) == count:
            break
    return planned


def measure(port, maker, endpoints, queries=50, warmup=5, progress=None) -> list[Measurement]:
    """Time `queries` requests of every kind on every endpoint, after `warmup` unmeasured."""
    results, seen = [], set()
    for kind in KINDS:
        for endpoint in endpoints:
            measurement = Measurement(kind, endpoint)
            for number, (language, params) in enumerate(_plan(maker, kind, queries + warmup, seen)):
                path, query = maker.path(kind, endpoint, params)
                status, elapsed, statements, body = fetch(port, path, query, language)
                if number < warmup:
                    continue
                problem = _problem(kind, endpoint, status, statements, body, params)
                if problem:
                    measurement.failures.append(f"{path}?{urlencode(query)}: {problem}")
                measurement.milliseconds.append(elapsed)
                if statements is not None:
                    measurement.statements.append(statements)
                if progress:
                    progress.advance(1)
            results.append(measurement)
    return results
