"""The planner's estimates for a search's usual conditions, computed from its own statistics.

The search sizes its parts from the planner's estimates, read with one EXPLAIN
(archive/search/sizes.py): 3 ms of planning, and as much again in Python to build and write
the querysets it explains (7 ms of a word with a pair and dates, 50 in all, at a million
articles). For the conditions most searches are made of, the planner's estimate is
arithmetic over ANALYZE's statistics, done here on the same numbers:

- a tsquery over a vector column (ts_selfuncs.c): a lexeme among the column's most common
  elements counts at its frequency, any other at min(0.005, lowest frequency / 2); AND and
  phrase multiply, OR adds less the product, NOT takes the rest;
- a tag array overlapping a list of ids (array_selfuncs.c): each id the same way, the ids
  ORed, and the whole for the rows that are not null;
- a range of dates (selfuncs.c): the most common days in the range, plus the histogram's
  share of the rest, interpolated within its bucket, the histogram's ends read as the
  table's first and last day, as the planner reads them from the date's index;
- conditions together multiplied, a closed range taken as one condition; rows rounded.

`sizes._estimated_parts` answers None for anything else (another facet, a prefix or
weighted lexeme, a column without statistics), and the search explains as before. The statistics are held by
each process for `planner.WINDOW_SECONDS`, read with a search's other look-ups when due (a
rider: never a statement of their own) and by each server worker before its first request.
"""

import array
import bisect
import datetime
import re
import time
from dataclasses import dataclass

from archive.models import Article
from archive.search import lookup, planner

# The planner's defaults where it has no better figure (ts_selfuncs.c, array_selfuncs.c,
# selfuncs.h).
DEFAULT_TS_MATCH_SEL = 0.005
DEFAULT_CONTAIN_SEL = 0.005
DEFAULT_RANGE_INEQ_SEL = 0.005


@dataclass(frozen=True)
class Elements:
    """A vector's or an array's most common elements with their frequencies (float4, as the
    planner reads them), the lowest of those, and the share of rows that are null."""

    frequency: dict
    lowest: float
    null_frac: float


@dataclass(frozen=True)
class Days:
    """The dates' histogram (its ends read as the table's first and last day, as the planner
    reads them from the date's index) and most common days, as day numbers; their
    frequencies, the share of rows that are null and the number of distinct days."""

    bounds: list
    common: list
    common_freqs: list
    null_frac: float
    # ANALYZE's n_distinct: a count, or (below zero) a share of the rows.
    distinct: float

    def others(self, total: int) -> float:
        """Distinct days that are not among the most common (get_variable_numdistinct)."""
        distinct = self.distinct if self.distinct > 0 else -self.distinct * total
        return max(1.0, round(distinct)) - len(self.common)


@dataclass(frozen=True)
class Statistics:
    """{column: Elements} of the vectors and tag arrays ANALYZE has reached, and the dates'."""

    columns: dict
    days: Days | None


# {database: (when read, Statistics or None)}.
_held: dict[str, tuple[float, "Statistics | None"]] = {}

_SQL = (
    # The vectors' and the arrays' most common elements (all as text)…
    "SELECT 'selectivity', jsonb_build_array(s.attname, s.null_frac, "
    "to_jsonb(CASE WHEN s.attname = 'search_vector' OR s.attname = 'title_vector' "
    "THEN s.most_common_elems::text::text[] ELSE s.most_common_elems::text::int[]::text[] END), "
    "to_jsonb(s.most_common_elem_freqs), NULL, NULL, NULL, s.n_distinct, NULL) "
    "FROM pg_stats AS s WHERE s.schemaname = current_schema() AND s.tablename = %s "
    "AND s.attname IN ('search_vector', 'title_vector', 'pair_ids', 'country_ids', "
    "'agreement_ids') "
    # …and the dates' histogram and most common days, with the first and last day.
    "UNION ALL SELECT 'selectivity', jsonb_build_array(s.attname, s.null_frac, NULL, NULL, "
    "to_jsonb(s.histogram_bounds::text::date[]), to_jsonb(s.most_common_vals::text::date[]), "
    "to_jsonb(s.most_common_freqs), s.n_distinct, jsonb_build_array("
    "(SELECT min(published_on) FROM archive_article), "
    "(SELECT max(published_on) FROM archive_article))) "
    "FROM pg_stats AS s WHERE s.schemaname = current_schema() AND s.tablename = %s "
    "AND s.attname = 'published_on'"
)


def statistics_part() -> lookup.Part | None:
    """The look-up of the statistics when this process holds none, or holds them longer than
    `planner.WINDOW_SECONDS`: a rider on the search's other look-ups (see `keep`)."""
    held = _held.get(planner.database())
    if held is not None and time.monotonic() - held[0] < planner.WINDOW_SECONDS:
        return None
    return lookup.Part(_SQL, (Article._meta.db_table,) * 2, rider=True)


def read() -> None:
    """Read the statistics now (a server worker, before its first request)."""
    keep(lookup.read([lookup.Part(_SQL, (Article._meta.db_table,) * 2)]).get("selectivity", []))


def forget() -> None:
    _held.clear()


def _float4(values) -> list[float]:
    """The frequencies as the planner holds them (float4), from their text."""
    return array.array("f", [float(v) for v in values or ()]).tolist()


def _day(text: str) -> int:
    return datetime.date.fromisoformat(text).toordinal()


def keep(payloads: list) -> None:
    """Hold what `statistics_part` read (none for a column ANALYZE has not reached)."""
    columns, days = {}, None
    for name, null_frac, elements, freqs, bounds, common, common_freqs, distinct, span in payloads:
        freqs = _float4(freqs)
        if name == "published_on":
            if bounds and span and span[0]:
                days_of = [_day(d) for d in bounds]
                if len(days_of) > 2:
                    days_of[0], days_of[-1] = _day(span[0]), _day(span[1])
                days = Days(
                    bounds=days_of,
                    common=[_day(d) for d in common or ()],
                    common_freqs=_float4(common_freqs),
                    null_frac=float(null_frac),
                    distinct=float(distinct),
                )
        elif elements and len(freqs) > len(elements):
            frequency = dict(zip(elements, freqs, strict=False))
            columns[name] = Elements(frequency, freqs[len(elements)], float(null_frac))
    _held[planner.database()] = (time.monotonic(), Statistics(columns, days))


def held() -> Statistics | None:
    """The statistics this process holds for the database it reads (None: none yet)."""
    kept = _held.get(planner.database())
    return kept[1] if kept is not None else None


# --- tsquery ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:('(?:[^'\\]|'')*')|(<->|<\d+>)|([&|!()]))")


class Unsupported(Exception):
    """Something the arithmetic here does not follow: the EXPLAIN answers instead."""


def tsquery(text: str, elements: Elements) -> float:
    """The planner's selectivity of `column @@ text::tsquery` (ts_selfuncs.c)."""
    reader = _Reader(text, elements)
    if not reader.items:
        raise Unsupported(text)  # stop words alone: no condition the planner sees as such
    value = reader.either()
    if reader.at != len(reader.items):
        raise Unsupported(text)
    return value


class _Reader:
    """A tsquery's text read as the planner walks it: | binds least, then &, then phrase
    operators (multiplied as & is), then !."""

    def __init__(self, text: str, elements: Elements):
        self.text, self.elements, self.items, self.at = text, elements, [], 0
        end, position = len(text.rstrip()), 0
        while position < end:
            found = _TOKEN.match(text, position)
            if found is None:
                raise Unsupported(text)  # a prefix, a weight, an escape
            self.items.append(found.group(1) or found.group(2) or found.group(3))
            position = found.end()

    def _next(self) -> str | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def _take(self) -> str | None:
        item = self._next()
        self.at += 1
        return item

    def either(self) -> float:
        value = self._both()
        while self._next() == "|":
            self._take()
            other = self._both()
            value = _clamp(value + other - value * other)
        return value

    def _both(self) -> float:
        value = self._phrase()
        while self._next() == "&":
            self._take()
            value = _clamp(value * self._phrase())
        return value

    def _phrase(self) -> float:
        value = self._one()
        while (self._next() or "").startswith("<"):
            self._take()
            value = _clamp(value * self._one())
        return value

    def _one(self) -> float:
        item = self._take()
        if item == "!":
            return _clamp(1.0 - self._one())
        if item == "(":
            value = self.either()
            if self._take() != ")":
                raise Unsupported(self.text)
            return value
        if item is None or not item.startswith("'"):
            raise Unsupported(self.text)
        found = self.elements.frequency.get(item[1:-1].replace("''", "'"))
        return found if found is not None else min(DEFAULT_TS_MATCH_SEL, self.elements.lowest / 2)


def either(texts: list[str], elements: Elements) -> float:
    """`column @@ a OR column @@ b …` (clauselist_selectivity_or)."""
    share = 0.0
    for text in texts:
        each = tsquery(text, elements)
        share = share + each - share * each
    return share


def overlap(ids, elements: Elements) -> float:
    """The planner's selectivity of `column && ids` (array_selfuncs.c)."""
    value = 0.0
    for tag in sorted(set(ids)):
        found = elements.frequency.get(str(tag))
        each = found if found is not None else min(DEFAULT_CONTAIN_SEL, elements.lowest / 2)
        value = _clamp(value + each - value * each)
    return value * (1.0 - elements.null_frac)


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


# --- dates --------------------------------------------------------------------------------


def _histogram_share(days: Days, day: int, after: bool, total: int) -> float:
    """The histogram's share of `x >= day` (after) or `x <= day` (ineq_histogram_selectivity)."""
    bounds = days.bounds
    count = len(bounds)
    # The first bound for which `x >= day` holds (after) or `x <= day` fails.
    at = bisect.bisect_left(bounds, day) if after else bisect.bisect_right(bounds, day)
    if at <= 0:
        share = 0.0
    elif at >= count:
        share = 1.0
    else:
        low, high = bounds[at - 1], bounds[at]
        part = 0.5 if high <= low else min(max((day - low) / (high - low), 0.0), 1.0)
        share = (at - 1 + part) / (count - 1)
        other = days.others(total)
        equal = 1.0 / other if other > 1 else 0.0
        if at == 1:
            share += equal * (1.0 - part)
        if after:
            share -= equal
    share = 1.0 - share if after else share
    return _clamp(share)


def _inequality(days: Days, day: int, after: bool, total: int) -> float:
    """`published_on >= day` (after) or `<= day` (scalarineqsel)."""
    common = sum(days.common_freqs)
    hits = sum(
        freq
        for value, freq in zip(days.common, days.common_freqs, strict=False)
        if (value >= day if after else value <= day)
    )
    value = (1.0 - days.null_frac - common) * _histogram_share(days, day, after, total) + hits
    return _clamp(value)


def dates(days: Days, first: datetime.date | None, last: datetime.date | None, total: int) -> float:
    """The planner's selectivity of `published_on >= first AND published_on <= last`
    (either may be missing), for a table of `total` rows."""
    if first and last:
        both = (
            _inequality(days, first.toordinal(), True, total)
            + _inequality(days, last.toordinal(), False, total)
            - 1.0
            + days.null_frac
        )
        if both <= 0.0:
            return DEFAULT_RANGE_INEQ_SEL if both < -0.01 else 1.0e-10
        return both
    if first:
        return _inequality(days, first.toordinal(), True, total)
    if last:
        return _inequality(days, last.toordinal(), False, total)
    return 1.0


def rows(selectivity: float, total: int) -> int:
    """Rows as the planner rounds them (clamp_row_est)."""
    estimate = selectivity * total
    return 1 if estimate <= 1.0 else round(estimate)
