"""Checking that articles' source pages still exist, politely (manage.py check_sources).

One request at a time per host, at least SOURCE_CHECK_INTERVAL seconds apart, a few hosts at
once; robots.txt is read first and obeyed (RFC 9309: a robots.txt that answers 401/403 or a
server error forbids everything); HEAD first, GET when a server refuses HEAD; every request
has a timeout and a User-Agent that names Concord and a contact. Nothing is downloaded but
headers and robots.txt.

What a check finds (SourceStatus): ok, moved (redirected to another page), gone (404, 410),
unreachable (no answer, or the host no longer exists), blocked (robots.txt, or 401/403/429/451)
or error (any other answer). Not found and unknown host are the definitive failures: counted
in a row, they make the source dead (Article.source_is_dead); a timeout says nothing either way.
"""

import queue
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from archive.ingest.urls import url_key
from archive.models import SourceStatus

GONE_CODES = {404, 410}
BLOCKED_CODES = {401, 403, 429, 451}
ROBOTS_FORBID = {401, 403}


@dataclass(frozen=True)
class Outcome:
    status: str
    http_status: int | None = None
    final_url: str | None = None
    # A definitive failure (not found, unknown host): counted towards "dead".
    failure: bool = False


def user_agent(contact: str) -> str:
    return f"Concord-source-check/1.0 (+{contact})"


def ascii_url(url: str) -> str:
    """The URL as an HTTP client can send it: the host in IDNA, the rest percent-encoded."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = f"{host}:{parts.port}" if parts.port else host
    safe = "/:@!$&'()*+,;=%-._~"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            "",
        )
    )


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _moved(original: str, final: str) -> bool:
    try:
        return url_key(original) != url_key(final)
    except ValueError:
        return original != final


def _network_failure(error: Exception) -> Outcome:
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return Outcome(SourceStatus.UNREACHABLE, failure=True)
    return Outcome(SourceStatus.UNREACHABLE)


class Checker:
    """Checks URLs, keeping each host's robots.txt and the time of its last request."""

    def __init__(self, contact: str, interval: float, timeout: float):
        self.agent = user_agent(contact)
        self.interval = interval
        self.timeout = timeout
        self._robots: dict[str, urllib.robotparser.RobotFileParser | Outcome] = {}
        self._last: dict[str, float] = {}

    @contextmanager
    def _turn(self, host: str):
        """Waits for the host's turn. The next turn falls due an interval after this request
        has ended, not after it began, so a slow answer never shortens the pause the host sees."""
        # Only one thread works on a host at a time (see run), so no lock is needed.
        pause = self._last.get(host, 0.0) + self.interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        try:
            yield
        finally:
            self._last[host] = time.monotonic()

    def _open(self, url: str, method: str):
        request = urllib.request.Request(  # noqa: S310 - check() lets only http(s) through
            url, method=method, headers={"User-Agent": self.agent}
        )
        return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 - http(s) only

    def _robots_for(self, url: str):
        """The host's robots.txt rules, or the Outcome that reading them met."""
        host = host_of(url)
        if host not in self._robots:
            parts = urlsplit(url)
            rules = urllib.robotparser.RobotFileParser()
            try:
                with (
                    self._turn(host),
                    self._open(f"{parts.scheme}://{parts.netloc}/robots.txt", "GET") as answer,
                ):
                    rules.parse(answer.read(512_000).decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as error:
                if error.code in ROBOTS_FORBID or error.code >= 500:
                    rules.disallow_all = True
                else:
                    rules.allow_all = True
            except (urllib.error.URLError, OSError, ValueError) as error:
                self._robots[host] = _network_failure(error)
                return self._robots[host]
            self._robots[host] = rules
        return self._robots[host]

    def check(self, url: str) -> Outcome:
        """What the source URL answers now."""
        try:
            address = ascii_url(url)
        except (ValueError, UnicodeError):
            return Outcome(SourceStatus.ERROR)
        if urlsplit(address).scheme not in ("http", "https"):
            return Outcome(SourceStatus.ERROR)
        rules = self._robots_for(address)
        if isinstance(rules, Outcome):
            return rules
        if not rules.can_fetch(self.agent, address):
            return Outcome(SourceStatus.BLOCKED)
        outcome = self._request(address, "HEAD")
        if (
            outcome.http_status
            and outcome.http_status >= 400
            and outcome.http_status not in GONE_CODES
        ):
            outcome = self._request(address, "GET")  # many servers refuse HEAD alone
        return outcome

    def _request(self, url: str, method: str) -> Outcome:
        try:
            with self._turn(host_of(url)), self._open(url, method) as answer:
                final = answer.geturl()
                status = SourceStatus.MOVED if _moved(url, final) else SourceStatus.OK
                return Outcome(status, answer.status, final)
        except urllib.error.HTTPError as error:
            code = error.code
            if code in GONE_CODES:
                return Outcome(SourceStatus.GONE, code, failure=True)
            if code in BLOCKED_CODES:
                return Outcome(SourceStatus.BLOCKED, code)
            return Outcome(SourceStatus.ERROR, code)
        except (urllib.error.URLError, OSError) as error:
            return _network_failure(error)
        except Exception:  # noqa: BLE001 - a malformed answer (bad headers) is an error
            return Outcome(SourceStatus.ERROR)


def run(checker: Checker, items: list[tuple[int, str]], concurrency: int):
    """Check (id, url) items, each host by one thread at a time, at most `concurrency` hosts
    at once; yields (id, url, Outcome) as they finish, in the calling thread."""
    by_host: dict[str, list[tuple[int, str]]] = {}
    for item in items:
        by_host.setdefault(host_of(item[1]), []).append(item)
    results: queue.Queue = queue.Queue()
    stop = threading.Event()

    def work(host_items):
        for pk, url in host_items:
            if stop.is_set():
                return
            try:
                outcome = checker.check(url)
            except Exception:  # noqa: BLE001 - one bad address must not hang the run
                outcome = Outcome(SourceStatus.ERROR)
            results.put((pk, url, outcome))

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(work, host_items) for host_items in by_host.values()]
        try:
            for _ in range(len(items)):
                yield results.get()
        finally:
            stop.set()
            for future in futures:
                future.cancel()
