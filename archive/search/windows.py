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

from django.db.models.lookups import GreaterThanOrEqual

from archive.models.articles import DAY_NUMBER
from archive.search import datekeys
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.listing import Listed, gather
from archive.search.matching import DATE_ON_ROW, UNTAGGED, filtered
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

    The span is found with the words, in the full-text index (see `_since`)."""
    searched_from = reach(criteria, candidates)
    matches = filtered(criteria)
    if searched_from is not None:
        # Later than the criteria's own first day (see `reach`), which it replaces.
        matches = _since(filtered(replace(criteria, date_from=None)), searched_from)
    # At most SEARCH_PHRASE_WINDOW_RECHECKS candidates: few enough to read whole.
    listed = gather(matches, criteria, None, UNTAGGED, depth, sample, expected=0)
    return replace(listed, searched_from=searched_from, windowed=True)


def _since(matches, first: datetime.date):
    """The matches published from `first` on, the span found in the full-text index's own
    scan as the date keys covering it (archive/search/datekeys.py), which the scan skips
    through beside the words' entries.

    As a date, the span was the date index's bitmap ANDed with the words' whole entries:
    «такие что Россия как а в» read 335,000 entries for 1,654 candidates, a 282 ms listing
    at a million articles; 82 ms so. As one range of day numbers it is read whole in that
    index instead: 75 ms for that span of six weeks, but 90-119 ms for «providing phone»
    over three years (50 as a date, 30 as keys). A span whose first days need more keys
    than `datekeys.cover` gives starts its keys at the month, its first day tested on the
    rows; one too long for that stays a date.
    """
    if (covered := datekeys.since(first)) is not None:
        return matches.alias(day=DAY_NUMBER).filter(covered)
    if (covered := datekeys.since(first.replace(day=1))) is not None:
        from_month = matches.alias(day=DAY_NUMBER).filter(covered)
        return from_month.filter(GreaterThanOrEqual(DATE_ON_ROW, first))
    return matches.filter(published_on__gte=first)
