"""The server under load: gunicorn as `make serve` starts it, on a port of the benchmark's own."""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def database_url(settings_dict) -> str:
    """A postgres:// URL for these connection settings (dj_database_url's inverse)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    return (
        f"postgres://{auth}{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


class Server:
    """gunicorn (archive/gunicorn_conf.py, DEBUG off) serving one database."""

    def __init__(
        self, database: str, port: int, workers: int | None, log: Path, env=None, **settings
    ):
        self.database, self.port, self.workers, self.log_path = database, port, workers, log
        # Environment variables for the server beyond the production defaults.
        self.env = env or {}
        # Connection settings that differ from this process's own (a port, to test an outage).
        self.settings = settings
        self.process = None

    def start(self) -> None:
        # Served as in production: without the development apps or the statement header,
        # unless asked for.
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"CONCORD_DEV_APPS", "SQL_STATEMENT_HEADER"}
        }
        env.update(
            DATABASE_URL=database_url(
                {**connection.settings_dict, "NAME": self.database, **self.settings}
            ),
            DEBUG="0",
            HOST="127.0.0.1",
            PORT=str(self.port),
            WORKERS=str(self.workers or ""),
        )
        env.update(self.env)
        # A throwaway server on the loopback may sign with a throwaway key.
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "archive/gunicorn_conf.py"]
            + ["archive.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers (that it is unhealthy: the caller asks why)
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within a minute; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def log_offset(self) -> int:
        self.log.flush()
        return self.log_path.stat().st_size

    def cache_outcomes(self, since: int) -> dict[str, int]:
        """hit/miss/skip counts of the request lines logged after byte `since`."""
        outcomes = {"hit": 0, "miss": 0, "skip": 0}
        with self.log_path.open("rb") as log:
            log.seek(since)
            for line in log:
                if line.startswith(b'{"method"'):
                    try:
                        cache = json.loads(line).get("cache", "skip")
                    except ValueError:  # two workers' lines run together: rare, uncounted
                        continue
                    outcomes[cache] = outcomes.get(cache, 0) + 1
        return outcomes


def connections_to(database: str) -> int:
    """Connections to `database` held by anyone but this process."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return cursor.fetchone()[0]
