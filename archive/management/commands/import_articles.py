"""manage.py import_articles PATH [PATH …]: JSON Lines, seed text and saved web pages in."""

import time
from itertools import chain

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from tqdm import tqdm

from archive.ingest.files import collect_files, iter_items
from archive.ingest.loader import BATCH_SIZE, LoadReport
from archive.ingest.pipeline import ParseContext, default_workers, import_items
from archive.ingest.snapshot import load_register, reset_sequences
from archive.page_cache import bump_generation

# On a terminal the bar redraws in place; in a log, one plain line every so many seconds.
LOG_INTERVAL = 10
# Below this much input, parsing in the command's own process is quicker than starting workers.
PARALLEL_FROM = 1 << 20


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines (.jsonl, .ndjson), seed text (.txt) and saved web "
        "pages (.html, .htm), or directories of them. Records already in the archive are "
        "updated, not duplicated; a bad record is reported and the rest still load."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--year",
            type=int,
            help="Year for dates the text gives as day and month only (e.g. «4 ноя»). "
            "Without it such years come from the URL or nearby articles, flagged for review.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Processes that read and analyse records (default: %(default)s, one per core).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="Records written per transaction (default: %(default)s).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Print no progress.")

    def handle(self, *args, paths=(), year=None, workers=1, batch_size=BATCH_SIZE, **options):
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible year")
        if workers < 1 or batch_size < 1:
            raise CommandError("--workers and --batch-size must be at least 1")
        run = collect_files(paths)
        for path, reason in run.skipped:
            self.stderr.write(f"{path}: {reason}")
        register = None
        if not run.files:
            report = LoadReport()
            for error in run.missing:
                report.fail(error.origin, error.reason)
        else:
            # A full export's register (outlets, agreements …) first: its articles name them.
            register = load_register(run.files)
            context = ParseContext.for_run(year)
            if run.size < PARALLEL_FROM or connection.in_atomic_block:
                # A few files are read faster than workers start; and inside a caller's
                # transaction (a test, a script) its connection must stay open.
                workers = 1
            else:
                # Workers are forked: none may inherit the parent's database connection.
                connections.close_all()
            meter = Progress(run.size, self.stderr._out, enabled=not options["no_progress"])
            try:
                report = import_items(
                    chain(run.missing, iter_items(run.files)),
                    context,
                    workers=workers,
                    batch_size=batch_size,
                    progress=meter.advance,
                )
            finally:
                meter.close()
            reset_sequences()
            # The loader writes with SQL of its own, which no model signal sees: stored pages
            # are made stale here, once the run's batches are committed.
            bump_generation()
        register_errors = register.errors if register else []
        for origin, reason in [*register_errors, *report.errors]:
            self.stderr.write(f"{origin}: {reason}")
        if register:
            self.stdout.write(register.summary())
        self.stdout.write(report.summary())
        failed = report.failed + len(register_errors)
        if failed:
            raise CommandError(f"{failed} record(s) could not be imported", returncode=1)


class Progress:
    """Records done, records per second and time left (from the share of the input read)."""

    def __init__(self, total_bytes: int, stream, *, enabled: bool):
        self.enabled = enabled
        self.stream = stream
        self.total = total_bytes
        self.done = self.read = 0
        self.started = self.logged = time.monotonic()
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            file=stream,
            disable=not self.tty,
            mininterval=0.5,
            bar_format="{percentage:3.0f}% |{bar:20}| {n_fmt}B/{total_fmt}B{postfix} [{elapsed}<{remaining}]",
        )

    def advance(self, records: int, size: int):
        self.done += records
        self.read += size
        elapsed = max(time.monotonic() - self.started, 1e-6)
        text = f"{self.done:,} records, {self.done / elapsed:,.0f}/s"
        self.bar.set_postfix_str(text, refresh=False)
        self.bar.update(size)
        if self.enabled and not self.tty and time.monotonic() - self.logged >= LOG_INTERVAL:
            self.logged = time.monotonic()
            meter = tqdm.format_meter(
                self.read, self.total, elapsed, unit="B", unit_scale=True, postfix=text
            )
            self.stream.write(meter + "\n")
            self.stream.flush()

    def close(self):
        self.bar.close()
        if self.enabled and self.done:
            elapsed = max(time.monotonic() - self.started, 1e-6)
            self.stream.write(
                f"{self.done:,} records in {elapsed:,.1f} s ({self.done / elapsed:,.0f}/s)\n"
            )
            self.stream.flush()
