"""Phrases of very common words: searched span by span, from the newest articles back.

The full-text index keeps no word positions: every article holding all of a phrase's words
is read and re-checked for their order (about 40 µs each). «своих меня китае» has 380,000
such candidates in a million articles, for 3,400 matches: 14 s to list them all. Such a
phrase is searched in spans of the archive, newest first, each about twice the last, while
SEARCH_PHRASE_BUDGET_MS lasts and until there are as many matches as relevance ranks.
"""

import datetime
import time
from dataclasses import replace

from archive.search.criteria import Criteria
from archive.search.guard import TooSlow, budget
from archive.search.limits import limits
from archive.search.listing import Listed, listed_from, newest_first
from archive.search.matching import UNTAGGED, filtered, listed_rows
from archive.search.planner import date_windows


def is_heavy(criteria: Criteria, candidates: int) -> bool:
    """Does a phrase have more candidates (planner's estimate) than can be re-checked in time?"""
    return criteria.parsed.has_phrases and candidates > limits().phrase_recheck_limit


def _span(criteria: Criteria, lower, upper) -> Criteria:
    """The criteria narrowed to [lower, upper) (either may be None: open)."""
    return replace(
        criteria,
        date_from=max(filter(None, (criteria.date_from, lower)), default=None),
        date_to=min(
            filter(None, (criteria.date_to, upper and upper - datetime.timedelta(days=1))),
            default=None,
        ),
    )


def _spans(criteria: Criteria) -> list[tuple]:
    """(lower bound, criteria narrowed to the span) for each span, newest first; the last
    span's bound is None: from it on, everything the criteria allow is searched."""
    spans, upper = [], None
    for lower in [*date_windows(), None]:
        reaches_start = lower is None or (criteria.date_from and lower <= criteria.date_from)
        span = _span(criteria, lower, upper)
        # Spans outside the criteria's dates are left out.
        if not (span.date_from and span.date_to and span.date_from > span.date_to):
            spans.append((None if reaches_start else lower, span))
        if reaches_start:
            if spans:  # the last span searched reaches as far back as the criteria allow
                spans[-1] = (None, spans[-1][1])
            break
        upper = lower
    return spans or [(None, criteria)]


def _older(spans: list[tuple], wanted: int, milliseconds: int) -> tuple[list[tuple], int]:
    """The rows of the spans searched whole, and how many spans that is: one statement that
    stops at `wanted` rows, within `milliseconds` (nothing when it runs out of time)."""
    parts, params = [], []
    for number, (_lower, span) in enumerate(spans):
        sql, part_params = listed_rows(filtered(span), span).query.sql_with_params()
        parts.append(f"(SELECT {number} AS span, q.* FROM ({sql}) AS q)")  # noqa: S608 - ours
        params.extend(part_params)
    # UNION ALL reads its parts in order, newest span first, and stops at the limit.
    query = f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS u LIMIT %s"  # noqa: S608 - ours
    try:
        with budget(milliseconds) as cursor:
            cursor.execute(query, [*params, wanted + 1])
            rows = cursor.fetchall()
    except TooSlow:
        return [], 0
    if len(rows) <= wanted:
        return [row[1:] for row in rows], len(spans)
    # Stopped inside the last span it reached: only the spans before it were searched whole.
    last = rows[-1][0]
    return [row[1:] for row in rows if row[0] < last], last


def newest_spans(criteria: Criteria, started: float) -> Listed:
    """The matches of a heavy phrase in the newest spans searched in time (see the module).

    The first span is always searched, however long it takes (within the statement timeout);
    the older ones in one more statement, within what is left of SEARCH_PHRASE_BUDGET_MS and
    until there are as many matches as relevance ranks. The answer holds every match from
    `searched_from` on, and says so.
    """
    bounds = limits()
    spans = _spans(criteria)
    found = list(listed_rows(filtered(spans[0][1]), criteria))
    searched = 1
    remaining = started + bounds.phrase_budget_ms / 1000 - time.monotonic()
    wanted = bounds.rank_candidates - len(found)
    if wanted > 0 and len(spans) > 1 and remaining >= 0.01:
        older, complete = _older(spans[1:], wanted, int(remaining * 1000))
        found.extend(older)
        searched += complete
    # Listed with every filter: the facets of filters in use are not counted.
    listed = listed_from(criteria, newest_first(found), UNTAGGED)
    return replace(listed, searched_from=spans[searched - 1][0], windowed=True)
