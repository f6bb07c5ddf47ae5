"""A sample of days, for the facets of a word in a fifth of the archive or more.

A match set too large to list has its facets counted on a sample of its rows
(archive/search/facets.py). Its first SEARCH_FACET_SAMPLE matches came from a bitmap of every
match: the full-text index read whole, then the table's pages sorted, before the first row.
For «российская» (234,000 articles in a million) that was 150 ms, in a search whose page took
40. Its matches on a sample of days instead are found in one scan of the same index, which
skips through the word's entries beside the days' (archive/search/datekeys.py): 34 ms. The
days' entries cost more the more there are (MOST_DAYS): a word in fewer articles, whose
sample needs more days, keeps its first matches.

Every article is in the sample with the same chance, whatever the day (a day is in it or
not), so the counts scale to the whole as before. The range is cut into equal stretches and
one day drawn at random from each: every year holds its share of the days, and they do not
fall on one weekday as every n-th day could. Drawn the same way every time, so the counts
do not jitter between reloads.
"""

import datetime
import math
import random

from archive.search import datekeys, planner
from archive.search.criteria import Criteria

# From this many matches a word's sample is taken on days: below, its bitmap costs little.
FROM_MATCHES = 50_000
# The days are expected to hold this many times the sample: a day's articles come together,
# so its counts vary more than those of as many articles drawn one by one.
MORE = 1.5
# Every match on the days is read, up to this many times the sample: cut short, in the
# table's order, the sample would lean to the oldest rows.
CAP = 3
# Each day is an entry the scan reads, and every article found on any of them is checked
# against each: 126 days took 13 ms beside «российская», 354 beside «activity» 114, more
# than the bitmap. Up to this many, a word in about a fifth of the archive or more.
MOST_DAYS = 130


def sample_days(criteria: Criteria, matches: int, sample: int) -> tuple[int, ...] | None:
    """The date keys of days whose articles hold about MORE × `sample` of the `matches`, spread
    over the criteria's dates; None where a plain sample is as good (few matches, no words,
    no statistics of dates held yet, or a range too short to pick days from)."""
    if not criteria.has_query or matches < FROM_MATCHES:
        return None
    span = planner.date_span()
    if span is None:
        return None
    # Articles dated past the statistics' newest day (added since ANALYZE last ran, a few
    # percent of the archive at most) are left out of the sample until it runs again.
    oldest, newest = span
    first = max(oldest, criteria.date_from or oldest)
    last = min(newest, criteria.date_to or newest)
    days = (last - first).days + 1
    wanted = math.ceil(MORE * sample * days / matches)
    if days <= 0 or wanted > MOST_DAYS or 2 * wanted > days:
        return None
    # One day drawn from each of `wanted` equal stretches of the range: every year holds its
    # share of the days, not a random number of them.
    draw = random.Random(f"{first}:{days}:{wanted}")  # noqa: S311 - a sample, not a secret
    stretch = days / wanted
    chosen = (int(number * stretch + draw.random() * stretch) for number in range(wanted))
    return tuple(datekeys.day_key(first + datetime.timedelta(days=n)) for n in chosen)
