"""`manage.py bench`: search latency over HTTP at each corpus size, in a `*_bench` database."""

import datetime
import logging
import os
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.models import Article
from tests.bench.loadtest.server import Server
from tests.bench.search import pools, report, timing
from tests.bench.search.queries import KINDS, QueryMaker
from tests.bench.synthetic.fill import bench_database_name, ensure_corpus, migrate, use_database
from tests.bench.synthetic.progress import Progress
from tests.bench.synthetic.reference import AGREEMENT_COUNT, MissingCountries

RESULTS_DIR = Path(settings.BASE_DIR) / "var" / "bench"


class Command(BaseCommand):
    help = (
        "Benchmark search at each size: fill a database whose name ends in _bench with a "
        "synthetic corpus (or measure the one it holds), serve it with gunicorn as `make serve` "
        "does, and time randomised requests of seven kinds over HTTP, one at a time: p50/p95/max "
        "and SQL statements per request. Tables go to var/bench/<size>.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            help="corpus sizes to make and measure (default: measure the corpus as it is)",
        )
        parser.add_argument("--queries", type=int, default=50, help="measured requests per row")
        parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests per row")
        parser.add_argument("--seed", type=int, default=1, help="corpus and query seed")
        parser.add_argument("--workers", type=int, default=2, help="generating processes")
        parser.add_argument(
            "--agreements",
            type=int,
            default=AGREEMENT_COUNT,
            help="agreements in a new corpus (default %(default)s)",
        )
        parser.add_argument(
            "--endpoints",
            nargs="+",
            choices=["api", "html"],
            default=["api", "html"],
            help="time the JSON API, the HTML pages, or both (default)",
        )
        parser.add_argument(
            "--database", help="an existing or new database whose name ends in _bench"
        )
        parser.add_argument(
            "--database-suffix",
            default="bench",
            help="without --database: <database>_<suffix> (default bench); it must end in _bench",
        )
        parser.add_argument("--port", type=int, default=8101, help="gunicorn's port")
        parser.add_argument("--server-workers", type=int, default=2, help="gunicorn's workers")
        parser.add_argument(
            "--fill-only", action="store_true", help="make the corpus, measure nothing"
        )
        parser.add_argument(
            "--output", default=str(RESULTS_DIR), help="folder for the <size>.md tables"
        )

    def handle(self, *args, sizes, queries, **options):
        if queries < 1 or options["warmup"] < 0 or any(size < 1 for size in sizes or []):
            raise CommandError("--queries and --sizes must be positive.")
        name = bench_database_name(options["database"], options["database_suffix"])
        use_database(name)
        self.stderr.write(f"Benchmark database: {name}")
        migrate()
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        for size in sorted(sizes) if sizes else [None]:
            corpus = self._corpus(size, options)
            if options["fill_only"]:
                self.stdout.write(f"{name}: {corpus}.")
                continue
            size = Article.objects.count()
            text = self._measure(name, size, queries, corpus, options)
            (output / f"{size}.md").write_text(text, encoding="utf-8")
            self.stdout.write(text)

    def _corpus(self, size, options) -> str:
        if size is None:
            return f"the {Article.objects.count():,} articles the database holds"
        try:
            return ensure_corpus(
                size, options["seed"], options["workers"], options["agreements"], sys.stderr
            )
        except MissingCountries as error:
            raise CommandError(str(error)) from error

    def _measure(self, name, size, queries, corpus, options) -> str:
        """Serve the corpus, time every kind of request, and return the report."""
        seed, endpoints = options["seed"], options["endpoints"]
        self.stderr.write("Reading the corpus into memory (a warm database) …")
        if not timing.prewarm():
            self.stderr.write("  pg_prewarm is not installed: the first queries read from disk.")
        self.stderr.write("Reading word frequencies, pairs and years from the corpus …")
        started = time.monotonic()
        query_pools = pools.build(seed)
        maker = QueryMaker(query_pools, seed)
        pool_seconds = time.monotonic() - started
        log = Path(options["output"]) / f"server-{size}.log"
        server = Server(name, options["port"], options["server_workers"], log, timing.SERVER_ENV)
        server.start()
        self.stderr.write(f"Timing {queries} requests of each kind at {size:,} articles …")
        rows = len(KINDS) * len(endpoints)
        progress = Progress(queries * rows, "requests", stream=sys.stderr)
        started = time.monotonic()
        try:
            # The timed requests' log lines are the server's; this process stays quiet.
            logging.getLogger("concord.requests").setLevel(logging.WARNING)
            measurements = timing.measure(
                options["port"], maker, endpoints, queries, options["warmup"], progress
            )
        finally:
            server.stop()
            connection.close()
        progress.finish()
        text = self._report(size, name, queries, corpus, query_pools, options, measurements)
        return text + (
            f"\nReading the pools took {pool_seconds:,.0f} s, measuring "
            f"{time.monotonic() - started:,.0f} s.\n"
        )

    def _report(self, size, name, queries, corpus, query_pools, options, measurements) -> str:
        lines = [
            f"## {size:,} articles",
            "",
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores. "
            f"gunicorn (archive/gunicorn_conf.py, DEBUG off, {options['server_workers']} "
            f"workers, page cache off) on {name}, one client over HTTP, one request at a time; "
            f"{queries} requests per row after {options['warmup']} unmeasured, none asked "
            f"twice (seed {options['seed']}); database read into memory first (pg_prewarm); "
            f"{timing.database_memory()}. "
            "API: /api/articles/ (one article: /api/articles/<id>/); page: /search/ (one "
            "article: its page). Statements: every SQL statement of the request, on every "
            f"database (X-SQL-Statements). Corpus: {corpus}.",
            "",
            f"Pools, from the corpus: {query_pools.describe()}. Bands are shares of the "
            "archive: common ≥ 5%, middle 0.5–5%, rare 0.02–0.2% (200–2,000 articles in a "
            "million, as the search finds them: every form it reads the word as). Two words: each from any band; phrase: 2–6 words of one sentence; browsing: "
            "page 1 half the time, else 2–5.",
            "",
            report.table(measurements),
            "",
        ]
        failures = [f for m in measurements for f in m.failures]
        if failures:
            lines.append(f"{len(failures)} requests did not answer in full, for example:")
            lines.extend(f"- {failure}" for failure in failures[:10])
            lines.append("")
        return "\n".join(lines)
