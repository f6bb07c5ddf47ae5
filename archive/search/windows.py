"""Phrases of very common words: searched among the newest articles, as far back as is cheap.

The full-text index keeps no word positions: every article holding all of a phrase's words
is read and re-checked for their order (about 40 µs each). «своих меня китае» has 380,000
such candidates in a million articles, for 3,400 matches: 14 s to list them all. Such a
phrase is searched from the newest articles back to the oldest span of the archive whose
candidates (the planner's estimate for the whole archive, times the span's share of it) stay
within SEARCH_PHRASE_WINDOW_RECHECKS, and at least in the newest span: one statement, whose
work is bounded before it starts, rather than a race against a clock. The answer holds every
match from `searched_from` on, and says so.
"""

import datetime
from dataclasses import replace

from archive.models.articles import DAY_NUMBER, DAY_ZERO
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.listing import Listed, gather
from archive.search.matching import UNTAGGED, filtered
from archive.search.planner import date_windows


def is_heavy(criteria: Criteria, candidates: int) -> bool:
    """Does a phrase have more candidates (planner's estimate) than can be re-checked in time?

    A quoted phrase that is one word once its stop words are dropped («of in-depth» is
    'depth') has no word order to re-check: it is searched as that word.
    """
    if not criteria.parsed.has_phrases or candidates <= limits().phrase_recheck_limit:
        return False
    return syntax.needs_word_order(criteria.parsed, exact_forms=criteria.exact)


def reach(criteria: Criteria, candidates: int) -> datetime.date | None:
    """How far back a heavy phrase is searched: the lower bound of the oldest span within
    the re-check limit (at least the newest span), or None when that is everything the
    criteria allow."""
    limit = limits().phrase_window_rechecks
    windows = date_windows()
    end = criteria.date_to
    # The share of the archive newer than the criteria's end is not searched at all.
    newer = max((share for day, share in windows if end and day > end), default=0.0)
    chosen = None
    for day, share in [*windows, (None, 1.0)]:
        if end and day is not None and day > end:
            continue
        if chosen is not None and candidates * (share - newer) > limit:
            return chosen
        if day is None or (criteria.date_from and day <= criteria.date_from):
            return None
        chosen = day
    return None


def newest_spans(criteria: Criteria, candidates: int, depth: int, sample: bool) -> Listed:
    """Every match of a heavy phrase from `reach()` on, with every filter applied (so the
    facets of filters in use are not counted), as far as `depth` results are read.

    The span's first day is a day number, which the full-text index holds beside the words:
    one index scan then walks the span's few thousand articles and skips through the words'
    entries. As a date, the span was a bitmap of the date index ANDed with the words' whole
    entries: «такие что Россия как а в», 335,000 entries read for 1,654 candidates, 197 ms
    of a 282 ms listing at a million articles; 23 of 75 now."""
    searched_from = reach(criteria, candidates)
    matches = filtered(criteria)
    if searched_from is not None:
        # Later than the criteria's own first day (see `reach`), which it replaces.
        span = filtered(replace(criteria, date_from=None)).alias(day=DAY_NUMBER)
        matches = span.filter(day__gte=(searched_from - DAY_ZERO).days)
    # At most SEARCH_PHRASE_WINDOW_RECHECKS candidates: few enough to read whole.
    listed = gather(matches, criteria, None, UNTAGGED, depth, sample, expected=0)
    return replace(listed, searched_from=searched_from, windowed=True)
