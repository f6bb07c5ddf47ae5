"""`manage.py loadtest`: mixed reader traffic against gunicorn, at several numbers of clients."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.models import Article
from tests.bench.loadtest import client, traffic
from tests.bench.loadtest.server import Server, connections_to
from tests.bench.synthetic.fill import bench_database_name

RESULTS_DIR = Path(settings.BASE_DIR) / "var" / "loadtest"
# Seconds of unmeasured traffic before the phases: a server in service, not one just started.
WARMUP = 300
SEED_WARMUP = 30


class Command(BaseCommand):
    help = (
        "Start gunicorn (as `make serve` does) on 127.0.0.1 against each archive — 'seed' (this "
        "database) or a size (a synthetic corpus in <name>_bench, made by `manage.py bench` and "
        "kept) — and drive mixed traffic at each number of clients, each phase bounded in time "
        "and requests. Prints a Markdown table and writes it to var/loadtest/results.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--archives", nargs="+", default=["seed", "100000"])
        parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32, 128])
        parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
        parser.add_argument(
            "--max-requests", type=int, default=20_000, help="requests per phase at most"
        )
        parser.add_argument(
            "--warmup",
            type=float,
            default=None,
            help="seconds of the same traffic at 8 clients first, not measured (a server that "
            "has been up a while; default: 300 s, time for the page cache to fill as it does "
            "in service, and 30 s on the seed archive); 0: start cold",
        )
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--workers", type=int, default=None, help="default: gunicorn_conf")
        parser.add_argument("--seed", type=int, default=1, help="traffic (and corpus) seed")
        parser.add_argument(
            "--zipf", type=float, default=1.0, help="popularity exponent s (rank r: 1/r^s)"
        )
        parser.add_argument("--output", default=str(RESULTS_DIR / "results.md"))

    def handle(self, *args, archives, clients, seconds, max_requests, port, workers, seed, **o):
        self.warmup, self.zipf = o["warmup"], o["zipf"]
        if not (1 <= port <= 65535) or min(clients) < 1 or seconds <= 0:
            raise CommandError("--port, --clients and --seconds must be positive.")
        main_database = connection.settings_dict["NAME"]
        sections = [
            f"# Load test, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"{os.cpu_count()} cores; cache: {settings.CACHES['default']['BACKEND']}; "
            f"phases of {seconds:g} s or {max_requests:,} requests, after a warm-up at 8 "
            f"clients; popularity 1/rank^{self.zipf:g}.",
            "",
        ]
        for archive in archives:
            database = self._prepare(archive, main_database, seed)
            sections += self._measure(
                archive, database, clients, seconds, max_requests, port, workers, seed
            )
        report = "\n".join(sections)
        output = Path(o["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report, encoding="utf-8")
        self.stdout.write(report)

    def _prepare(self, archive: str, main_database: str, seed: int) -> str:
        """The database to serve for this archive, holding it; this process reads from it."""
        if archive == "seed":
            database = main_database
        elif archive.isdigit():
            # The corpus is written only to a database made for it (<name>_bench).
            database = bench_database_name(None, "bench", current=main_database)
            if self._size_of(database) != int(archive):
                self.stderr.write(f"Making the {int(archive):,}-article corpus (manage.py bench) …")
                subprocess.run(
                    [sys.executable, "manage.py", "bench", "--sizes", archive, "--seed", str(seed)]
                    + ["--database", database, "--fill-only"],
                    cwd=settings.BASE_DIR,
                    env={**os.environ, "CONCORD_DEV_APPS": "bench"},
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
        else:
            raise CommandError(f"An archive is 'seed' or a number of articles, not {archive!r}.")
        self._use(database)
        return database

    def _use(self, database: str) -> None:
        connection.close()
        connection.settings_dict["NAME"] = database

    def _size_of(self, database: str) -> int | None:
        previous = connection.settings_dict["NAME"]
        try:
            self._use(database)
            return Article.objects.count()
        except Exception:  # noqa: BLE001 - no such database (yet), or not migrated
            return None
        finally:
            self._use(previous)

    def _measure(self, archive, database, clients, seconds, max_requests, port, workers, seed):
        self.stderr.write(f"Reading the addresses of {database} …")
        mix = traffic.build(seed, self.zipf)
        size = Article.objects.count()
        log = RESULTS_DIR / f"server-{archive}.log"
        server = Server(database, port, workers, log)
        server.start()
        rows = []
        warmup = self.warmup
        if warmup is None:
            # The seed archive's few pages are all stored within seconds; a large archive's
            # cache takes minutes of traffic to reach what a server in service holds.
            warmup = SEED_WARMUP if archive == "seed" else WARMUP
        try:
            if warmup:
                self.stderr.write(f"Warming up for {warmup:g} s …")
                client.run_phase("127.0.0.1", port, mix, 8, warmup, 10**9, phase=99)
            for phase, count in enumerate(clients):
                self.stderr.write(f"{count} clients for {seconds:g} s …")
                offset = server.log_offset()
                results = client.run_phase(
                    "127.0.0.1", port, mix, count, seconds, max_requests, phase
                )
                time.sleep(1)  # the last lines reach the log
                rows.append(
                    (count, results, server.cache_outcomes(offset), connections_to(database))
                )
        finally:
            server.stop()
        time.sleep(1)
        after_stop = connections_to(database)
        return [
            f"## {archive} archive: {size:,} articles ({database})",
            "",
            f"Traffic: {mix.describe()}. Measured after {warmup:g} s of warm-up.",
            "",
            table(rows),
            "",
            f"PostgreSQL connections to {database} once the server stopped: {after_stop}.",
            "",
            *[
                f"- {count} clients: {sample}"
                for count, results, _, _ in rows
                for sample in (results.failures + results.error_samples)[:5]
            ],
            "",
        ]


def table(rows) -> str:
    lines = [
        "| clients | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | 404 | 304 "
        "| page cache hits | PG connections after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for count, results, outcomes, connections in rows:
        cacheable = outcomes["hit"] + outcomes["miss"]
        hits = f"{outcomes['hit'] / cacheable:.0%}" if cacheable else "–"
        answered = len(results.milliseconds) or 1
        lines.append(
            f"| {count} | {results.requests:,} | {results.requests / results.seconds:,.0f} "
            f"| {results.percentile(0.5):,.0f} | {results.percentile(0.95):,.0f} "
            f"| {results.percentile(0.99):,.0f} | {results.errors} "
            f"| {results.statuses.get(404, 0)} | {results.statuses.get(304, 0) / answered:.0%} "
            f"| {hits} | {connections} |"
        )
    return "\n".join(lines)
