"""`manage.py bench`: search latency at each corpus size, in a database of its own."""

import datetime
import gc
import logging
import sys
import time
from pathlib import Path
from urllib.parse import urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor

from archive.dbserver import ensure_database
from archive.models import Article
from archive.page_cache import bump_generation
from archive.synthetic import bench
from archive.synthetic.corpus import (
    analyze,
    generate,
    refresh_search_data,
    synthetic_ordinals,
    trim_corpus,
    vacuum,
)
from archive.synthetic.progress import Progress
from archive.synthetic.reference import AGREEMENT_COUNT, MissingCountries

RESULTS_DIR = Path(settings.BASE_DIR) / "var" / "bench"


class Command(BaseCommand):
    help = (
        "Benchmark search at each size: fill a separate database (<name>_<suffix>) with a "
        "synthetic corpus, then time randomised queries of six kinds through the Django stack "
        "and print p50/p95 and SQL statements per request. Tables go to var/bench/<size>.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="corpus sizes"
        )
        parser.add_argument("--queries", type=int, default=50, help="measured queries per kind")
        parser.add_argument("--warmup", type=int, default=5, help="unmeasured queries per kind")
        parser.add_argument("--seed", type=int, default=1, help="corpus and query seed")
        parser.add_argument("--workers", type=int, default=2, help="generating processes")
        parser.add_argument(
            "--agreements",
            type=int,
            default=AGREEMENT_COUNT,
            help="agreements in a new corpus (default %(default)s)",
        )
        parser.add_argument(
            "--endpoint",
            choices=["api", "html"],
            default="api",
            help="time the JSON API (default) or the HTML search page",
        )
        parser.add_argument(
            "--database-suffix",
            default="bench",
            help="benchmark in <database>_<suffix> (default bench); empty: the current database",
        )
        parser.add_argument(
            "--output", default=str(RESULTS_DIR), help="folder for the <size>.md tables"
        )

    def handle(self, *args, sizes, queries, warmup, seed, workers, endpoint, **options):
        # The timed requests go through the whole middleware stack; their log lines (one per
        # request, for a served archive's operators) would bury the tables.
        logging.getLogger("concord.requests").setLevel(logging.WARNING)
        self.agreements = options["agreements"]
        if queries < 1 or any(size < 1 for size in sizes):
            raise CommandError("--queries and --sizes must be positive.")
        if options["database_suffix"]:
            self._switch_database(options["database_suffix"])
        migrated = self._migrate()
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        for size in sorted(sizes):
            generation = self._ensure_corpus(size, seed, workers, refresh=migrated)
            migrated = False
            if not generation.startswith("reused"):
                # Written with COPY, which no model signal sees; `make loadtest` serves this
                # database through the page cache.
                bump_generation()
            if generation.startswith("generated"):
                self.stderr.write("Vacuuming the new corpus (as autovacuum soon would) …")
                started = time.monotonic()
                vacuum()
                generation += f"; VACUUM (ANALYZE) {time.monotonic() - started:,.0f} s"
            self.stderr.write("Reading the corpus into memory (a warm database) …")
            if not bench.prewarm():
                self.stderr.write(
                    "  pg_prewarm is not installed: the first queries read from disk."
                )
            # Generating the corpus left large word tables in this process; a server holds
            # nothing like them. Frozen, they are not walked by every garbage collection
            # during the timings (each walk cost tens of milliseconds).
            gc.collect()
            gc.freeze()
            self.stderr.write(f"Timing {queries} queries of each kind at {size:,} articles …")
            progress = Progress(queries * len(bench.KINDS), "queries", stream=sys.stderr)
            started = time.monotonic()
            measurements = bench.measure(size, queries, seed, endpoint, warmup, progress)
            progress.finish()
            report = self._report(size, seed, queries, endpoint, generation, measurements)
            report += f"\nMeasuring took {time.monotonic() - started:,.0f} s.\n"
            (output / f"{size}.md").write_text(report, encoding="utf-8")
            self.stdout.write(report)

    def _switch_database(self, suffix: str):
        """Point the default connection at <name>_<suffix>, creating the database if needed."""
        settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
        name = settings_dict["NAME"]
        if not name.endswith(f"_{suffix}"):
            name = f"{name}_{suffix}"
        netloc = (
            f"{settings_dict.get('USER') or ''}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        )
        ensure_database(urlunsplit(("postgres", netloc, f"/{name}", "", "")))
        connection.close()
        settings_dict["NAME"] = name
        self.stderr.write(f"Benchmark database: {name}")

    def _migrate(self) -> bool:
        """Apply any missing migrations; True when some were applied."""
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            call_command("migrate", interactive=False, verbosity=0)
        return bool(pending)

    def _ensure_corpus(self, size, seed, workers, refresh) -> str:
        """Make the database hold exactly `size` synthetic articles of `seed`; what was done."""
        present, next_ordinal = synthetic_ordinals(seed)
        total = Article.objects.count()
        if present > size and total == present and next_ordinal == present:
            self.stderr.write(f"Trimming the corpus from {present:,} to {size:,} articles …")
            trim_corpus(seed, size)
            analyze()
            present = total = next_ordinal = size
        if total != present or next_ordinal != present:
            self.stderr.write(
                f"The database holds {total:,} articles ({present:,} of seed {seed}); "
                f"starting a fresh corpus of {size:,}."
            )
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {Article._meta.db_table} CASCADE")
            present = 0
        if present == size:
            if refresh:
                refresh_search_data()
                analyze()
            return f"reused the existing corpus of {size:,} articles (seed {seed})"
        self.stderr.write(f"Generating {size - present:,} articles (seed {seed}) …")
        try:
            report = generate(
                size - present, seed, workers=workers, stderr=sys.stderr, agreements=self.agreements
            )
        except MissingCountries as error:
            raise CommandError(str(error)) from error
        return (
            f"generated {report.created:,} articles (to {size:,}) in {report.seconds:,.0f} s: "
            f"{report.created / report.seconds:,.0f} articles/s, of which index rebuild "
            f"{report.index_seconds:,.0f} s and ANALYZE {report.analyze_seconds:,.0f} s"
        )

    def _report(self, size, seed, queries, endpoint, generation, measurements) -> str:
        path = "/api/articles/" if endpoint == "api" else "/search/"
        lines = [
            f"## {size:,} articles",
            "",
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {path} through "
            f"Django's test client, {queries} randomised queries per kind (seed {seed}), "
            "database read into memory first (pg_prewarm), no query repeated (nothing answered "
            "from the application's cache). Corpus: "
            f"{generation}.",
            "",
            bench.table(measurements),
            "",
        ]
        failures = [f for m in measurements for f in m.failures]
        if failures:
            lines.append(f"{len(failures)} requests did not answer in full, for example:")
            lines.extend(f"- {failure}" for failure in failures[:10])
            lines.append("")
        return "\n".join(lines)
