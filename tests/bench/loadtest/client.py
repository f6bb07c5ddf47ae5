"""Concurrent readers over raw HTTP/1.1 (asyncio): cheap enough on the CPU that the server,
not the client, is what is measured on a small machine.

Each client behaves like one browser after another: it keeps its CSRF cookie, asks in its
own language, reuses a kept-alive connection when the server offers one, and asks again
for a page it has already seen with If-None-Match (a browser revalidating its copy).
"""

import asyncio
import math
import time
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 30
LANGUAGES = ["ru", "ru", "ru", "en", "en"]


@dataclass
class Results:
    """What a phase measured."""

    milliseconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    # Requests that got no answer, and a few addresses that answered with an error.
    failures: list[str] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.milliseconds) + len(self.failures)

    @property
    def errors(self) -> int:
        """Failed requests and answers other than 2xx, 3xx and 404 (an address gone)."""
        bad = sum(n for status, n in self.statuses.items() if status >= 400 and status != 404)
        return bad + len(self.failures)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.milliseconds)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    def record(self, status: int, milliseconds: float) -> None:
        self.milliseconds.append(milliseconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1


class Reader:
    """One client: a connection (kept when the server allows), a cookie jar, seen ETags."""

    def __init__(self, host: str, port: int, language: str):
        self.host, self.port, self.language = host, port, language
        self.cookies: dict[str, str] = {}
        self.etags: dict[str, str] = {}
        self.stream = None

    async def get(self, url: str) -> tuple[int, bytes]:
        if self.stream is None:
            self.stream = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.stream
        headers = [
            f"GET {url} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Accept-Language: {self.language}",
            "Accept-Encoding: identity",
            "User-Agent: concord-loadtest",
        ]
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if url in self.etags:
            headers.append(f"If-None-Match: {self.etags[url]}")
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection without answering")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name == "etag":
                self.etags[url] = value
        if status in (204, 304) or 100 <= status < 200:
            body = b""
        elif chunked:
            body = await _read_chunked(reader)
        elif length is not None:
            body = await reader.readexactly(length)
        else:
            body, close = await reader.read(), True
        if close:
            writer.close()
            self.stream = None
        return status, body

    def close(self) -> None:
        if self.stream is not None:
            self.stream[1].close()
            self.stream = None


async def _read_chunked(reader) -> bytes:
    parts = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return b"".join(parts)


async def _client(number, stream, host, port, traffic, deadline, budget, results):
    reader = Reader(host, port, LANGUAGES[number % len(LANGUAGES)])
    urls = traffic.sampler(stream)
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        _, url = next(urls)
        started = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(reader.get(url), TIMEOUT_SECONDS)
        except (TimeoutError, OSError, ValueError, IndexError) as error:
            reader.close()
            results.failures.append(f"{url}: {error.__class__.__name__} {error}")
            continue
        milliseconds = (time.perf_counter() - started) * 1000
        results.record(status, milliseconds)
        if status >= 400 and status != 404 and len(results.error_samples) < 20:
            results.error_samples.append(f"{url}: HTTP {status}")
    reader.close()


def run_phase(
    host, port, traffic, clients: int, seconds: float, max_requests: int, phase: int = 0
) -> Results:
    """`clients` readers at once until `seconds` pass or `max_requests` have been sent.

    Each phase's readers follow streams of their own (`phase`), not the previous phase's.
    """
    results = Results()
    budget = [max_requests]

    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _client(n, phase * 10_000 + n, host, port, traffic, deadline, budget, results)
                for n in range(clients)
            )
        )

    started = time.perf_counter()
    asyncio.run(main())
    results.seconds = time.perf_counter() - started
    return results
