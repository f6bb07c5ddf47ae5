"""What PostgreSQL's planner knows: row estimates and column statistics, read without a scan.

The search chooses its path from estimates (instant, usually within a few percent for words
and tags, which PostgreSQL keeps frequencies of) rather than from counting.
"""

import datetime
import json
import time
from dataclasses import dataclass

from django.core.cache import cache

from archive.db_read import reading
from archive.models import Article
from archive.search import lookup


def estimates(*querysets) -> list[int]:
    """The planner's row estimate for each queryset, from one EXPLAIN of them all.

    The querysets are joined by UNION ALL, whose plan keeps one child per queryset with its
    own estimate, each child known by the number it outputs (a child the planner proves empty
    is left out of the plan: its estimate is 0).
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.order_by().values("id").query.sql_with_params()
        parts.append(f"(SELECT {number}::int AS part FROM ({sql}) AS q{number})")  # noqa: S608
        params.extend(part_params)
    with reading().cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON, VERBOSE) " + " UNION ALL ".join(parts), params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]["Plan"]
    children = top.get("Plans", []) if top["Node Type"] == "Append" else [top]
    found = [0] * len(querysets)
    for child in children:
        output = (child.get("Output") or [""])[0]
        number = output.split("::")[0].strip("() ")
        if number.isdigit() and int(number) < len(found):
            found[int(number)] = max(0, int(child["Plan Rows"]))
    return found


# The pg_stats columns read here.
STATISTICS = {"histogram_bounds", "most_common_elems", "most_common_vals", "most_common_freqs"}


def article_statistic(column: str, statistic: str, element_type: str) -> list:
    """One of ANALYZE's statistics of an article column (pg_stats), as a list; [] before any."""
    if statistic not in STATISTICS or element_type not in ("date", "text", "real"):
        raise ValueError(statistic)
    with reading().cursor() as cursor:
        cursor.execute(
            # anyarray has no direct cast: through text, to the column's own element type.
            f"SELECT {statistic}::text::{element_type}[] FROM pg_stats "  # noqa: S608 - checked above
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
            [Article._meta.db_table, column],
        )
        row = cursor.fetchone()
    return list(row[0]) if row and row[0] else []


# The date histogram changes only when ANALYZE runs: kept this long rather than read each time.
WINDOW_SECONDS = 600
# The newest window holds about this share of the archive; each next one about twice as much,
# up to this share (past it, the whole archive is searched).
FIRST_WINDOW, LAST_WINDOW = 0.001, 0.6


# Kept in the shared cache as (when read, windows, oldest and newest day), a while past
# WINDOW_SECONDS: a search's look-ups read them anew once they are due (`windows_part`), and
# one whose look-ups came just before that still finds them, rather than reading them in a
# statement of its own.
_WINDOWS_KEY = "search:date-windows:v5"
_WINDOWS_GRACE_SECONDS = 120
# The three statistics of publication dates (anyarray has no direct cast: through text).
# One row even before ANALYZE has run (no statistics: no windows).
_WINDOWS_SQL = (
    "SELECT 'windows', jsonb_build_array(to_jsonb(s.histogram_bounds::text::date[]), "
    "to_jsonb(s.most_common_vals::text::date[]), to_jsonb(s.most_common_freqs::text::real[])) "
    "FROM (SELECT 1) AS one LEFT JOIN pg_stats AS s ON s.schemaname = current_schema() "
    "AND s.tablename = %s AND s.attname = 'published_on'"
)


def date_windows() -> list[tuple[datetime.date, float]]:
    """Lower bounds of spans of the archive, newest first, each with the share of the
    articles published on or after it: about twice the one before.

    Taken from the planner's statistics of publication dates (migration 0010 keeps 1,000
    entries of each): the newest 0.1%, then 0.2%, 0.4%, … of the articles.
    """
    held = cache.get(_WINDOWS_KEY)
    if held is None:
        return keep_windows(lookup.read([_windows_part(rider=False)])["windows"])
    return held[1]


def windows_part() -> lookup.Part | None:
    """The look-up of the date statistics when they are due (none kept, or kept longer than
    WINDOW_SECONDS), read along with a search's other look-ups (a rider: alone, it waits for
    the next search that reads something, until the grace runs out)."""
    held = cache.get(_WINDOWS_KEY)
    if held is not None and time.time() - held[0] < WINDOW_SECONDS:
        return None
    return _windows_part(rider=True)


def _windows_part(rider: bool) -> lookup.Part:
    return lookup.Part(_WINDOWS_SQL, (Article._meta.db_table,), rider=rider)


def keep_windows(payloads: list) -> list[tuple[datetime.date, float]]:
    """Keep the windows computed from what `windows_part` read (a row of nulls: no
    statistics yet, before ANALYZE, and so no windows)."""
    bounds, common, freqs = payloads[0]
    bound_days = [datetime.date.fromisoformat(day) for day in bounds or []]
    common_days = [datetime.date.fromisoformat(day) for day in common or []]
    windows = _date_windows(bound_days, common_days, [float(share) for share in freqs or []])
    seen = bound_days + common_days
    span = (min(seen), max(seen)) if seen else None
    cache.set(_WINDOWS_KEY, (time.time(), windows, span), WINDOW_SECONDS + _WINDOWS_GRACE_SECONDS)
    return windows


def date_span() -> tuple[datetime.date, datetime.date] | None:
    """The oldest and newest publication days in the planner's statistics, as last read
    with the windows; None when none are held (never read here: a facet sample that asks
    adds no statement)."""
    held = cache.get(_WINDOWS_KEY)
    return held[2] if held is not None else None


def _date_windows(
    bounds: list[datetime.date], common: list[datetime.date], freqs: list[float]
) -> list[tuple[datetime.date, float]]:
    """Read off ANALYZE's statistics of publication dates: its most common days (each with
    its share) and an equal-frequency histogram of the others. Busy days are most common
    values and left out of the histogram, so a share counts both."""
    bounds = sorted(bounds, reverse=True)
    common = sorted(zip(common, freqs, strict=False), reverse=True)
    in_histogram = max(0.0, 1.0 - sum(freqs))
    buckets = max(len(bounds) - 1, 1)
    windows, wanted = [], FIRST_WINDOW
    common_share, at_common, at_bound = 0.0, 0, 0
    for day in sorted({*bounds, *(day for day, _ in common)}, reverse=True):
        while at_common < len(common) and common[at_common][0] >= day:
            common_share += common[at_common][1]
            at_common += 1
        while at_bound < len(bounds) and bounds[at_bound] >= day:
            at_bound += 1
        share = common_share + in_histogram * min(1.0, max(at_bound - 1, 0) / buckets)
        if share >= wanted and share < LAST_WINDOW:
            windows.append((day, round(share, 4)))
            wanted = share * 2
    return windows


@dataclass(frozen=True)
class WordStatistics:
    """What the planner knows of the stemmed vectors' lexemes (ANALYZE's statistics)."""

    # The lexemes it keeps a frequency of (10,000 of them at a million articles)…
    common: frozenset
    # …the lowest of those frequencies: it takes any other lexeme as rarer, at half of it…
    rarest: float
    # …and the articles it counts.
    rows: int


# Held per process, by database, with the time they were read.
_word_statistics: tuple[float, str, WordStatistics | None] | None = None

_STATISTICS_SQL = (
    "SELECT 'statistics', jsonb_build_array(c.reltuples, to_jsonb("
    "s.most_common_elems::text::text[]), s.most_common_elem_freqs[cardinality("
    "s.most_common_elem_freqs) - 1]) FROM pg_class c JOIN pg_stats s "
    "ON s.schemaname = current_schema() AND s.tablename = c.relname "
    "AND s.attname = 'search_vector' WHERE c.oid = %s::regclass"
)


def word_statistics() -> WordStatistics | None:
    """The planner's statistics of the stemmed vectors as this process holds them (they
    change only when ANALYZE runs); None before they are read, or before any ANALYZE.

    Held in the process, not the shared cache (10,000 lexemes unpickled for each search
    would cost what they save), and read with a one-word search's other look-ups when older
    than WINDOW_SECONDS (`statistics_part`; a statement of its own only when the process
    already knows the word's forms), or when a worker starts (`read_word_statistics`)."""
    held = _word_statistics
    return held[2] if held is not None and held[1] == database() else None


def statistics_part() -> lookup.Part | None:
    """The look-up of the word statistics, when this process holds none for this database
    or holds them longer than WINDOW_SECONDS (see `keep`)."""
    held = _word_statistics
    if held is not None and held[1] == database() and time.monotonic() - held[0] < WINDOW_SECONDS:
        return None
    return _statistics_part()


def keep(payloads: list) -> None:
    """Hold the statistics `statistics_part` read (none: there are none, before ANALYZE)."""
    global _word_statistics
    statistics = None
    if payloads:
        rows, common, rarest = payloads[0]
        if common and rarest is not None and rows >= 0:
            statistics = WordStatistics(frozenset(common), float(rarest), int(rows))
    _word_statistics = (time.monotonic(), database(), statistics)


def read_word_statistics() -> None:
    """Read the statistics now (a server worker, before its first request)."""
    keep(lookup.read([_statistics_part()]).get("statistics", []))


def _statistics_part() -> lookup.Part:
    return lookup.Part(_STATISTICS_SQL, (Article._meta.db_table,))


def forget():
    """Read the statistics anew at the next search (a test's database is not the last one's)."""
    global _word_statistics
    _word_statistics = None


def database() -> str:
    """The name of the database this request reads from (what a process's holdings are by)."""
    return reading().settings_dict["NAME"]
