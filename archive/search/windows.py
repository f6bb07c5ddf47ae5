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
from archive.search.matching import UNTAGGED, filtered
from archive.search.planner import date_windows
from archive.search.registry import ROW_COLUMNS


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


def newest_spans(criteria: Criteria, started: float) -> Listed:
    """The matches of a heavy phrase in the newest spans searched in time (see the module).

    The first span is always searched, however long it takes (within the statement timeout);
    the answer holds every match from `searched_from` on, and says so.
    """
    bounds = limits()
    deadline = started + bounds.phrase_budget_ms / 1000
    found: list[tuple] = []
    upper = None  # the span below this day is searched next (exclusive)
    searched_from = None
    first = True
    for lower in [*date_windows(), None]:
        span = _span(criteria, lower, upper)
        if not (span.date_from and span.date_to and span.date_from > span.date_to):
            remaining = deadline - time.monotonic()
            if not first and remaining < 0.01:
                break
            rows = filtered(span).values_list(*ROW_COLUMNS)
            if first:
                found.extend(rows)
            else:
                try:
                    with budget(max(10, int(remaining * 1000))):
                        found.extend(rows)
                except TooSlow:
                    break
            first = False
        searched_from = upper = lower
        if lower is None or (criteria.date_from and lower <= criteria.date_from):
            searched_from = None  # everything the criteria allow was searched
            break
        if len(found) >= bounds.rank_candidates:
            break  # as many as relevance ranks: older spans would only add to the count
    # Listed with every filter: the facets of filters in use are not counted.
    listed = listed_from(criteria, newest_first(found), UNTAGGED)
    return replace(listed, searched_from=searched_from, windowed=True)
