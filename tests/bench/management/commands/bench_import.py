"""`manage.py bench_import`: how fast `import_articles` fills an archive, in a database of its own.

For each size it writes news-shaped JSON Lines (tests.bench.synthetic.news) once, then imports
them into a new, migrated `<name>_import_bench` database twice: with detection (title, body, URL
and most dates given; language, countries, pairs, agreements and missing dates found by the
importer) and with everything given (as an export carries it). Each import runs as its own
process, as a user would run it; its wall time and the peak memory of its largest process
(the operating system's own accounting) go into the table, var/bench/import.md.
"""

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tests.bench.guard import require_bench_database

RESULTS_DIR = Path(settings.BASE_DIR) / "var" / "bench"
TARGETS = {"detection": 2_000, "given": 5_000}  # records/s the ingest issue asks for


class Command(BaseCommand):
    help = (
        "Benchmark import_articles: news-shaped JSON Lines of each size into an emptied "
        "<database>_import_bench, with detection and with everything given; records/s and "
        "peak memory. The table goes to var/bench/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers", type=int, default=None, help="passed to import_articles (default: its own)"
        )
        parser.add_argument("--output", default=str(RESULTS_DIR))

    def handle(self, *args, sizes, seed, workers, output, **options):
        if any(size < 1 for size in sizes):
            raise CommandError("--sizes must be positive.")
        database_url = self._database()
        require_bench_database(urlsplit(database_url).path.lstrip("/"))
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DATABASE_URL": database_url}
        dev_env = {**os.environ, "CONCORD_DEV_APPS": "bench"}
        rows = []
        for size in sorted(sizes):
            for mode in ("detection", "given"):
                path = output / f"news-{size}-{mode}-{seed}.jsonl"
                if not path.exists():
                    self.stderr.write(f"Writing {size:,} news-shaped records ({mode}) …")
                    # In a process of its own: the word tables it builds are large, and a
                    # child forked from a large parent would count them in its peak memory.
                    given = ["--given"] if mode == "given" else []
                    self._manage(
                        dev_env, "generate_news", str(path), "--count", str(size),
                        "--seed", str(seed), *given, capture=True,
                    )  # fmt: skip
                self._fresh(database_url, env)
                self.stderr.write(f"Importing {size:,} records ({mode}) …")
                rows.append((size, mode, path.stat().st_size, *self._import(env, path, workers)))
        report = self._report(rows, workers)
        (output / "import.md").write_text(report, encoding="utf-8")
        self.stdout.write(report)

    def _database(self) -> str:
        """A URL for <name>_import_bench on the same server."""
        settings_dict = connections["default"].settings_dict
        name = f"{settings_dict['NAME']}_import_bench"
        user = settings_dict.get("USER") or ""
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        netloc = f"{user}{password}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        return urlunsplit(("postgres", netloc, f"/{name}", "", ""))

    def _manage(self, env, *arguments, capture=False):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=capture,
            text=True,
        )

    def _fresh(self, url: str, env):
        """An empty, migrated archive: the database dropped and made again."""
        import psycopg
        from psycopg import sql

        parts = urlsplit(url)
        require_bench_database(parts.path.lstrip("/"))
        maintenance = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as conn:
            name = sql.Identifier(parts.path.lstrip("/"))
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        self._manage(env, "migrate", "--no-input", "--verbosity", "0")

    def _import(self, env, path: Path, workers):
        command = [sys.executable, "manage.py", "import_articles", str(path), "--no-progress"]
        if workers:
            command += ["--workers", str(workers)]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.monotonic()
            process = subprocess.Popen(
                command, env=env, cwd=settings.BASE_DIR, stdout=out, stderr=err
            )
            # wait4, not Popen.wait: it also reports the peak memory of the largest process.
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.monotonic() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            lines = out.read().decode().strip().splitlines()
            summary = lines[-1] if lines else err.read().decode().strip()[-200:]
        return seconds, usage.ru_maxrss / 1024, summary

    def _report(self, rows, workers) -> str:
        lines = [
            "## Import",
            "",
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, `import_articles` of "
            "news-shaped JSON Lines into an emptied archive, one process per run "
            f"(workers: {workers or 'default'}, {os.cpu_count()} cores). "
            "Detection: title, body and URL given, three records in four dated; "
            "everything else found by the importer. Given: date, language, countries, pairs "
            "and agreements given.",
            "",
            "| records | mode | input MB | seconds | records/s | peak RSS MB | target | result |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for size, mode, size_bytes, seconds, rss, summary in rows:
            rate = size / seconds
            target = TARGETS[mode]
            lines.append(
                f"| {size:,} | {mode} | {size_bytes / 2**20:,.0f} | {seconds:,.1f} | {rate:,.0f} "
                f"| {rss:,.0f} | {target:,} ({'met' if rate >= target else 'missed'}) "
                f"| {summary} |"
            )
        return "\n".join(lines) + "\n"
