"""manage.py check_sources against a local web server: every kind of answer, politely asked."""

import datetime
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article, SourceStatus

pytestmark = pytest.mark.django_db

ROBOTS = "User-agent: *\nDisallow: /private/\n"


class Source(BaseHTTPRequestHandler):
    """A news site: pages that exist, moved, vanished, answer slowly, or refuse HEAD."""

    log: list = []
    spans: list = []  # (began, ended) of each answer, to measure the pause between them

    def _answer(self, body: bool):
        began = time.monotonic()
        self.log.append((self.command, self.path, self.headers.get("User-Agent"), began))
        path = self.path
        if path == "/slow":
            time.sleep(1.5)
        if path == "/sluggish":
            time.sleep(0.25)  # slow, but within the checker's timeout
        if path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
        elif path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
        elif path in ("/missing", "/private-missing"):
            self.send_response(404)
        elif path == "/removed":
            self.send_response(410)
        elif path == "/broken":
            self.send_response(500)
        else:
            self.send_response(200)
        text = (ROBOTS if path == "/robots.txt" else "<p>page</p>").encode()
        self.send_header("Content-Length", str(len(text)))
        # From here on the checker can have its answer: the pause it owes is counted from now.
        self.spans.append((began, time.monotonic()))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def do_GET(self):  # noqa: N802 - http.server's name
        self._answer(body=True)

    def do_HEAD(self):  # noqa: N802 - http.server's name
        self._answer(body=False)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Source.log = []
    Source.spans = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Source)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def articles(server, make_article):
    paths = ["/ok", "/old", "/missing", "/removed", "/slow", "/private/page", "/nohead", "/broken"]
    made = {
        path: make_article(title=f"Статья {path}", source_url=f"{server}{path}") for path in paths
    }
    made["dns"] = make_article(title="Статья dns", source_url="http://concord-check.invalid/a")
    made["none"] = make_article(title="Статья без адреса")
    return made


def check(*args, interval="0.05") -> str:
    out = io.StringIO()
    call_command(
        "check_sources", "--interval", interval, "--timeout", "0.5", *args, stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    return out.getvalue()


def fresh(article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_every_kind_of_answer_is_recorded(articles, server, settings):
    output = check()
    assert "checked 9 source(s)" in output
    expected = {
        "/ok": (SourceStatus.OK, 200),
        "/old": (SourceStatus.MOVED, 200),
        "/missing": (SourceStatus.GONE, 404),
        "/removed": (SourceStatus.GONE, 410),
        "/slow": (SourceStatus.UNREACHABLE, None),
        "/private/page": (SourceStatus.BLOCKED, None),
        "/nohead": (SourceStatus.OK, 200),
        "/broken": (SourceStatus.ERROR, 500),
        "dns": (SourceStatus.UNREACHABLE, None),
    }
    for key, (status, code) in expected.items():
        article = fresh(articles[key])
        assert (article.source_status, article.source_http_status) == (status, code), key
        assert article.source_checked_at is not None
    assert fresh(articles["/old"]).source_final_url == f"{server}/new"
    assert fresh(articles["none"]).source_checked_at is None
    # One check is not enough to call a page dead.
    assert not any(fresh(a).source_is_dead for a in articles.values())


def test_repeated_failures_make_a_source_dead_and_it_stays_visible(articles, client):
    check()
    check("--older-than", "0")
    for key in ("/missing", "/removed", "dns"):
        assert fresh(articles[key]).source_is_dead, key
    for key in ("/ok", "/slow", "/broken"):
        assert not fresh(articles[key]).source_is_dead, key
    missing = fresh(articles["/missing"])
    page = client.get(missing.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Source no longer available." in html
    assert f'href="{missing.source_url}"' in html
    assert Article.objects.filter(pk=missing.pk).exists()


def test_a_page_found_again_is_no_longer_dead(articles):
    Article.objects.filter(pk=articles["/ok"].pk).update(
        source_status=SourceStatus.GONE, source_failures=5
    )
    assert fresh(articles["/ok"]).source_is_dead
    check()
    ok = fresh(articles["/ok"])
    assert (ok.source_status, ok.source_failures, ok.source_is_dead) == ("ok", 0, False)


def test_only_sources_not_checked_lately_and_at_most_the_limit(articles):
    assert "checked 3 source(s)" in check("--limit", "3")
    assert Article.objects.filter(source_checked_at__isnull=False).count() == 3
    check()
    assert "checked 0 source(s)" in check()
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Article.objects.filter(pk=articles["/ok"].pk).update(source_checked_at=long_ago)
    assert "checked 1 source(s)" in check("--older-than", "30")


def test_the_checker_is_polite(articles, settings):
    settings.SOURCE_CHECK_CONTACT = "mailto:editors@concord.example.org"
    check("--concurrency", "3", interval="0.3")
    requests = Source.log
    # robots.txt first, once; then one request at a time, each naming Concord and a contact.
    assert [path for _method, path, _agent, _at in requests].count("/robots.txt") == 1
    assert requests[0][1] == "/robots.txt"
    assert all("Concord" in agent and "editors@concord" in agent for *_x, agent, _at in requests)
    assert not any(path.startswith("/private/") for _m, path, _a, _at in requests)
    # HEAD first; GET only where HEAD was refused.
    assert ("HEAD", "/ok") in {(m, p) for m, p, _a, _at in requests}
    assert ("GET", "/ok") not in {(m, p) for m, p, _a, _at in requests}
    assert ("GET", "/nohead") in {(m, p) for m, p, _a, _at in requests}
    # Each request waits its turn (a redirect is followed at once, as part of its request).
    times = sorted(at for _m, path, _a, at in requests if path != "/new")
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.3, [(m, p, round(at - times[0], 3)) for m, p, _a, at in requests]


def test_a_slow_answer_does_not_shorten_the_pause_before_the_next(server, make_article):
    for path in ("/sluggish", "/ok", "/missing"):
        make_article(title=f"Статья {path}", source_url=f"{server}{path}")
    check(interval="0.3")
    # The host sees the whole interval between one answer's end and the next request.
    spans = sorted(Source.spans)
    pauses = [later[0] - earlier[1] for earlier, later in zip(spans, spans[1:], strict=False)]
    assert len(spans) == 4
    assert min(pauses) >= 0.3, pauses
