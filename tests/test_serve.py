"""`make serve`'s gunicorn, started for real against the test database."""

import gc
import json
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.db import connection

from tests.bench.loadtest.server import Server, connections_to

WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path) -> tuple[int, bytes]:
    url = f"http://127.0.0.1:{port}{quote(path, safe='/?=&')}"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# The server has connections of its own and sees only committed rows: the test database as
# the migrations left it (every country, no article), which each page must serve.
@pytest.fixture
def server(db, tmp_path):
    """gunicorn as `make serve` runs it (DEBUG off), with two workers, on a free port."""
    name = connection.settings_dict["NAME"]
    running = Server(name, free_port(), WORKERS, tmp_path / "log")
    # Connections held before it starts (this process's search helper, for one) are not its.
    running.others = connections_to(name)
    running.start()
    yield running
    running.stop()


def servers_connections(server, settle_seconds: float = 0) -> int:
    """Connections to the test database held by the server's processes.

    A backend ends a moment after its client has gone: with `settle_seconds`, wait that long
    at most for the count to reach zero.
    """
    deadline = time.monotonic() + settle_seconds
    while True:
        held = connections_to(connection.settings_dict["NAME"]) - server.others
        if held <= 0 or time.monotonic() >= deadline:
            return held
        time.sleep(0.05)


def test_gunicorn_serves_the_archive_and_holds_two_connections_per_worker_at_most(server):
    pages = ["/", "/pairs/", "/countries/BY/", "/search/?q=меморандум", "/archive/"]
    pages += ["/api/articles/?q=меморандум", "/feeds/latest.atom", "/agreements/", "/healthz"]
    with ThreadPoolExecutor(16) as burst:
        answers = list(burst.map(lambda path: fetch(server.port, path), pages * 8))
    assert {status for status, _ in answers} == {200}
    # One connection per worker, and one for its search helper (archive/search/beside.py).
    assert servers_connections(server) <= 2 * WORKERS


def test_every_request_is_logged_as_json_and_no_connection_outlives_the_server(server):
    assert fetch(server.port, "/pairs/")[0] == 200
    assert fetch(server.port, "/no-such-page/")[0] == 404
    server.stop()
    lines = [
        json.loads(line)
        for line in server.log_path.read_text(encoding="utf-8").splitlines()
        if line.startswith('{"method"')
    ]
    assert [(line["path"], line["status"]) for line in lines][-2:] == [
        ("/pairs/", 200),
        ("/no-such-page/", 404),
    ]
    assert servers_connections(server, settle_seconds=10) == 0


def test_a_server_that_cannot_reach_its_database_reports_it_on_healthz(db, tmp_path):
    # Port 9 (discard) has no PostgreSQL: every connection is refused.
    broken = Server(connection.settings_dict["NAME"], free_port(), 1, tmp_path / "log", PORT=9)
    broken.start()
    try:
        status, body = fetch(broken.port, "/healthz")
    finally:
        broken.stop()
    assert status == 503
    assert json.loads(body)["failed"] == ["database"]


def test_workers_are_forked_with_the_loaded_application_frozen_out_of_collections():
    """The objects loaded before the fork are left out of every garbage collection in the
    workers, which otherwise walked them all in the middle of a large listing."""
    from archive import gunicorn_conf

    before = gc.get_freeze_count()
    try:
        gunicorn_conf.pre_fork(server=None, worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
