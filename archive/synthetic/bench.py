"""Measuring search through the whole Django stack on a synthetic corpus.

Six kinds of request, each with count, facets and snippets, are timed through Django's test
client (URL routing, middleware, view, templates or JSON, every SQL statement), with the
number of SQL statements each one runs. Queries are randomised but reproducible: words come
from the corpus vocabulary by frequency band, phrases from the stored articles themselves.
"""

import datetime
import math
import random
import statistics
import time
from dataclasses import dataclass, field
from itertools import accumulate
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article, Country
from archive.synthetic.reference import pair_weights
from archive.synthetic.vocabulary import build_vocabularies

SEARCH_CONFIGS = {"ru": "russian", "en": "english"}
# Rank bands of each language's vocabulary (0 = most frequent), stop words removed.
COMMON_BAND = (0, 150)
MIDDLE_BAND = (300, 3000)
RARE_BAND = (25_000, 40_000)


@dataclass
class QueryKind:
    """One row of the table: which requests, and the p95 the issue sets for them."""

    name: str
    target_ms: int


KINDS = [
    QueryKind("one common word", 300),
    QueryKind("one rare word", 100),
    QueryKind("two words", 300),
    QueryKind("quoted phrase", 300),
    QueryKind("word + pair + date range", 100),
    QueryKind("no query, pair, newest first", 100),
]


@dataclass
class Measurement:
    kind: QueryKind
    milliseconds: list[float] = field(default_factory=list)
    sql_counts: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile: the value below which `share` of the timings fall."""
        ordered = sorted(self.milliseconds)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def rare_words(language: str, vocabulary) -> list[str]:
    """Words whose stem, all its forms together, is as rare as a word ranked in RARE_BAND.

    Search is stemmed: a rare form of a common stem («действовало», rank 30,000) finds every
    form of «действовать», 17,000 articles in a million. A rare word is one that finds few.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, coalesce(array_to_string(tsvector_to_array(to_tsvector(%s::regconfig, w)), "
            "' '), '') FROM unnest(%s::text[]) AS t(w)",
            [SEARCH_CONFIGS[language], vocabulary.words],
        )
        stems = dict(cursor.fetchall())
    weight_of_stem: dict[str, float] = {}
    for word, weight in zip(vocabulary.words, vocabulary.weights, strict=True):
        if stems.get(word):
            weight_of_stem[stems[word]] = weight_of_stem.get(stems[word], 0.0) + weight
    threshold = vocabulary.weights[min(RARE_BAND[0], len(vocabulary.weights) - 1)]
    return [
        word
        for word in vocabulary.band(*RARE_BAND)
        if stems.get(word) and weight_of_stem[stems[word]] <= threshold
    ]


def content_words(language: str, words: list[str]) -> list[str]:
    """The words the search configuration keeps (stop words such as «и», "the" dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) "
            "WHERE to_tsvector(%s::regconfig, w) <> ''::tsvector ORDER BY n",
            [words, SEARCH_CONFIGS[language]],
        )
        return [row[0] for row in cursor.fetchall()]


class QueryMaker:
    """Randomised, reproducible query strings for each kind of request."""

    def __init__(self, seed: int, rng: random.Random):
        self.rng = rng
        vocabularies = build_vocabularies()
        self.bands = {}
        for language, vocabulary in vocabularies.items():
            self.bands[language] = {
                name: content_words(language, vocabulary.band(*band))
                for name, band in (("common", COMMON_BAND), ("middle", MIDDLE_BAND))
            }
            self.bands[language]["rare"] = rare_words(language, vocabulary)
        weights = pair_weights(sorted(Country.objects.values_list("code", flat=True)), seed)
        self.pairs = sorted(weights)
        self.pair_cum_weights = list(accumulate(weights[code] for code in self.pairs))
        self.article_ids = list(Article.objects.values_list("id", flat=True)[:100_000])

    def _language(self) -> str:
        return "ru" if self.rng.random() < 0.7 else "en"

    def word(self, band: str) -> str:
        return self.rng.choice(self.bands[self._language()][band])

    def pair(self) -> str:
        return self.rng.choices(self.pairs, cum_weights=self.pair_cum_weights)[0]

    def phrase(self) -> str:
        """Three to six consecutive words of a stored article's body, in quotes."""
        sentences = []
        while not sentences:
            article_id = self.rng.choice(self.article_ids)
            body = Article.objects.values_list("body", flat=True).get(pk=article_id)
            sentences = [
                s.split() for s in body.replace("?", ".").split(".") if len(s.split()) >= 6
            ]
        words = self.rng.choice(sentences)
        length = self.rng.randint(3, 6)
        start = self.rng.randrange(len(words) - length + 1)
        text = " ".join(w.strip(",") for w in words[start : start + length])
        return f'"{text}"'

    def params(self, kind: QueryKind) -> dict:
        """The request parameters for one query of `kind`."""
        if kind.name == "one common word":
            return {"q": self.word("common")}
        if kind.name == "one rare word":
            return {"q": self.word("rare")}
        if kind.name == "two words":
            return {"q": f"{self.word('middle')} {self.word('middle')}"}
        if kind.name == "quoted phrase":
            return {"q": self.phrase()}
        if kind.name == "word + pair + date range":
            first = self.rng.randint(2005, 2025)
            last = min(2026, first + self.rng.randint(0, 3))
            return {
                "q": self.word("middle"),
                "pair": self.pair(),
                "date_from": datetime.date(first, 1, 1).isoformat(),
                "date_to": datetime.date(last, 12, 31).isoformat(),
            }
        return {"pair": self.pair(), "sort": "newest"}


def _check(endpoint: str, response, params: dict) -> str | None:
    """Why a response does not count as a full answer (count, facets, snippets), or None."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    if endpoint != "api":
        return None
    data = response.json()
    missing = [key for key in ("count", "facets", "results") if key not in data]
    if missing:
        return f"no {', '.join(missing)} in the answer"
    if params.get("q") and data["results"] and not any(r.get("snippet") for r in data["results"]):
        return "no snippets"
    return None


def prewarm() -> bool:
    """Read the corpus into memory first, as on a server that has been answering searches.

    The issue's targets are for a warm database. Without this the first minutes of timings
    measure the disk: at a million articles the stored vectors alone are 9.6 GB, read at
    about 100 µs per vector the first time and 12 µs once cached. The vectors and texts go
    to the operating system's cache, the article rows, link tables and indexes to the
    server's own shared buffers. False when pg_prewarm (a contrib extension) is missing.
    """
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH toast AS (
                SELECT reltoastrelid AS oid FROM pg_class WHERE relname = 'archive_article'
            )
            SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c
            WHERE c.oid IN (SELECT oid FROM toast)
               OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM toast))
            """
        )
        cursor.execute(
            r"""
            SELECT pg_prewarm(c.oid::regclass, 'buffer') FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            WHERE c.relkind IN ('r', 'i')
              AND (c.relname LIKE 'archive\_article%' OR c.relname LIKE 'article\_%')
            """
        )
    return True


def measure(sizes_label, queries=50, seed=1, endpoint="api", warmup=5, progress=None):
    """Time `queries` requests of every kind; a list of Measurement, one per kind."""
    rng = random.Random(f"bench:{seed}:{sizes_label}")
    maker = QueryMaker(seed, rng)
    client = Client(raise_request_exception=False)
    url = reverse("archive:api-articles" if endpoint == "api" else "archive:search")
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    results = []
    for kind in KINDS:
        measurement = Measurement(kind)
        seen = set()
        planned = []
        for _ in range(queries * 20):
            params = maker.params(kind)
            key = urlencode(sorted(params.items()))
            if key not in seen:
                seen.add(key)
                planned.append(params)
            if len(planned) == queries + warmup:
                break
        # Every measured query is new to the application's cache (`planned` holds no
        # repeats): this measures the search, not the cache. What stays cached between
        # requests is what a running server keeps too: the names behind facet values.
        cache.clear()
        for number, params in enumerate(planned):
            # The query log keeps only the last 9,000 statements; start each request afresh.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params, HTTP_HOST=host)
                elapsed = (time.perf_counter() - started) * 1000
            if number < warmup:
                continue
            problem = _check(endpoint, response, params)
            if problem:
                described = ", ".join(f"{key}={value}" for key, value in params.items())
                measurement.failures.append(f"{kind.name} ({described}): {problem}")
            measurement.milliseconds.append(elapsed)
            measurement.sql_counts.append(len(captured.captured_queries))
            if progress:
                progress.advance(1)
        results.append(measurement)
    return results


def table(measurements) -> str:
    """The Markdown table: query type | p50 ms | p95 ms | SQL queries | target."""
    lines = [
        "| query type | p50 ms | p95 ms | SQL queries | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for m in measurements:
        p50, p95 = m.percentile(0.5), m.percentile(0.95)
        low, high = min(m.sql_counts), max(m.sql_counts)
        sql = (
            f"{low}"
            if low == high
            else f"{low}–{high} (median {statistics.median(m.sql_counts):g})"
        )
        verdict = "met" if p95 <= m.kind.target_ms and not m.failures else "MISSED"
        if m.failures:
            verdict += f", {len(m.failures)} failed"
        lines.append(
            f"| {m.kind.name} | {p50:,.0f} | {p95:,.0f} | {sql} | p95 ≤ {m.kind.target_ms} ms: {verdict} |"
        )
    return "\n".join(lines)
