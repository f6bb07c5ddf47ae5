"""Articles per month for a few series and for the whole archive: the numbers behind the
comparison chart and its downloads.

Each series is one statement grouped by `date_trunc('month', published_on)`: a pair on the
row's `pair_ids` array (its GIN index), a search through the search's own WHERE
(`archive.search.matching.filtered`) inside its guard, so a word too common to count in time
is reported rather than left running. The archive's own monthly totals, the denominator of
every share, are counted once and cached under the archive's generation: any change to the
archive counts them afresh.
"""

import datetime
from dataclasses import dataclass, replace

from django.core.cache import cache

from archive.compare_series import Series
from archive.models import Article
from archive.page_cache import generation
from archive.search import query as syntax
from archive.search.guard import TooSlow, guarded
from archive.search.limits import limits
from archive.search.matching import filtered

# Up to ten years the chart has a point per month; a longer range is drawn per year.
MONTHLY_LIMIT = 120
# At most this many years on a chart: a range reaching further back is cut to its newest years.
YEARLY_LIMIT = 150
TOTALS_SECONDS = 300

Months = dict[datetime.date, int]


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def from_index(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of `month` (9999-12 included, which has no next month)."""
    if month.month == 12:
        return datetime.date(month.year, 12, 31)
    return datetime.date(month.year, month.month + 1, 1) - datetime.timedelta(days=1)


def archive_totals() -> Months:
    """Articles per month in the whole archive (first day of month → count), cached."""
    key = f"coverage:totals:{generation()}"
    totals = cache.get(key)
    if totals is None:
        totals = dict(Article.objects.counts_by("month"))
        cache.set(key, totals, TOTALS_SECONDS)
    return totals


def series_months(series: Series, start=None, end=None) -> Months:
    """Articles per month of one series, within [start, end] when given.

    Raises TooSlow when a search's count runs past the search's statement timeout.
    """
    if series.pair:
        articles = Article.objects.tagged(pairs=[series.pair.code])
        if start:
            articles = articles.filter(published_on__gte=start)
        if end:
            articles = articles.filter(published_on__lte=end)
        return dict(articles.counts_by("month"))
    criteria = _within(series.criteria, start, end)
    key = criteria.cache_key(f"coverage:{generation()}")
    counted = cache.get(key)
    if counted is None:
        with guarded():
            syntax.prepare(criteria.parsed)
            counted = dict(filtered(criteria).counts_by("month"))
        cache.set(key, counted, limits().cache_seconds)
    return counted


def _within(criteria, start, end):
    """The criteria with their dates narrowed to [start, end]: fewer rows to count."""
    date_from = max(filter(None, (criteria.date_from, start)), default=None)
    date_to = min(filter(None, (criteria.date_to, end)), default=None)
    return replace(criteria, date_from=date_from, date_to=date_to)


@dataclass(frozen=True)
class Period:
    """One point of the time axis: a month or a year, from `first` to `last` day."""

    first: datetime.date
    last: datetime.date


@dataclass
class Counted:
    """Every series counted per month, the archive's totals, and what could not be counted."""

    series: list[Series]
    months: list[Months]
    totals: Months
    too_many: list[Series]


def count(series: list[Series], start=None, end=None) -> Counted:
    """Each series' months (those that ran out of time apart) and the archive's totals."""
    counted, months, too_many = [], [], []
    for one in series:
        try:
            months.append(series_months(one, start, end))
            counted.append(one)
        except TooSlow:
            too_many.append(one)
    return Counted(counted, months, archive_totals(), too_many)


def month_range(counted: Counted, start=None, end=None):
    """(first month, last month, cut): the months from the first to the last with articles in
    any series, or the months given; the range is cut to its newest YEARLY_LIMIT years."""
    months = [m for series in counted.months for m, n in series.items() if n]
    first = start.replace(day=1) if start else min(months, default=None)
    last = end.replace(day=1) if end else max(months, default=None)
    if first is None or last is None or first > last:
        return None, None, False
    earliest = datetime.date(max(1, last.year - YEARLY_LIMIT + 1), 1, 1)
    if first < earliest:
        return earliest, last, True
    return first, last, False


def periods(first: datetime.date, last: datetime.date) -> tuple[str, list[Period]]:
    """("month" or "year", the periods from `first` to `last`): yearly past MONTHLY_LIMIT."""
    if month_index(last) - month_index(first) + 1 <= MONTHLY_LIMIT:
        return "month", [
            Period(from_index(i), month_end(from_index(i)))
            for i in range(month_index(first), month_index(last) + 1)
        ]
    return "year", [
        Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        for year in range(first.year, last.year + 1)
    ]


def sums(months: Months, spans: list[Period], granularity: str) -> list[int]:
    """The articles of each period ("month" or "year"), summed from the months."""
    found = [0] * len(spans)
    starts = {p.first: i for i, p in enumerate(spans)}
    yearly = granularity == "year"
    for month, n in months.items():
        index = starts.get(datetime.date(month.year, 1, 1) if yearly else month)
        if index is not None:
            found[index] += n
    return found


def share(n: int, total: int) -> float | None:
    """The series' share of the archive's articles in a period (None: the archive has none)."""
    return n / total if total else None
