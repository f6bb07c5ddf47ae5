"""On this day: the agreements signed and the articles published on one day of the year, in
every year the archive covers.

A day of the year is a month and a day. Rather than an index on EXTRACT(month), EXTRACT(day)
of the publication date, the day is turned into the list of its dates (one a year, from the
archive's first year to its last: a few dozen), and each date is read through the index the
archive already has on (published_on, id): a count per date, and the newest few of each date,
one index probe per date. 29 February has dates in leap years only.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Max, Min

from archive.models import Agreement, Article

# A leap year, so that 29 February is a day of the year like any other.
LEAP = 2000
# Articles listed for each year on the day's page; the day's archive page lists them all.
ARTICLES_PER_YEAR = 10
# Agreements and articles in the home page's block.
HOME_ITEMS = 5


@dataclass(frozen=True)
class DayOfYear:
    month: int
    day: int

    @classmethod
    def parse(cls, text: str) -> "DayOfYear":
        """ "11-29" → 29 November; ValueError for anything that is not a day of the year."""
        month, dash, day = text.partition("-")
        if not (dash and len(month) == len(day) == 2 and (month + day).isascii()):
            raise ValueError(text)
        if not (month.isdigit() and day.isdigit()):
            raise ValueError(text)
        return cls.of(datetime.date(LEAP, int(month), int(day)))  # ValueError: 02-30, 13-01

    @classmethod
    def of(cls, date: datetime.date) -> "DayOfYear":
        return cls(date.month, date.day)

    @property
    def as_date(self) -> datetime.date:
        """The day in a leap year: for formatting ("29 November") and stepping."""
        return datetime.date(LEAP, self.month, self.day)

    @property
    def code(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def previous(self) -> "DayOfYear":
        return DayOfYear.of(self.as_date - datetime.timedelta(days=1))

    def next(self) -> "DayOfYear":
        return DayOfYear.of(self.as_date + datetime.timedelta(days=1))

    def dates(self, first_year: int, last_year: int) -> list[datetime.date]:
        """This day in every year from `last_year` back to `first_year` (leap years only for
        29 February), newest first."""
        return [
            datetime.date(year, self.month, self.day)
            for year in range(last_year, first_year - 1, -1)
            if not (self.month == 2 and self.day == 29 and not calendar.isleap(year))
        ]


@dataclass
class Year:
    """One year's share of a day: its date, agreements, newest articles and article count."""

    date: datetime.date
    agreements: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    article_count: int = 0

    @property
    def more(self) -> int:
        return self.article_count - len(self.articles)


def archive_years() -> tuple[int, int] | None:
    """The first and last year with an article or a signing, or None for an empty archive."""
    articles = Article.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    signed = Agreement.objects.aggregate(first=Min("signed_on"), last=Max("signed_on"))
    firsts = [d for d in (articles["first"], signed["first"]) if d]
    lasts = [d for d in (articles["last"], signed["last"]) if d]
    if not firsts:
        return None
    return min(firsts).year, max(lasts).year


def counts_on(dates: list[datetime.date]) -> dict[datetime.date, int]:
    """The number of articles published on each of `dates` that has any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT published_on, count(*) FROM archive_article "
            "WHERE published_on = ANY(%s::date[]) GROUP BY published_on",
            [dates],
        )
        return dict(cursor.fetchall())


def newest_ids_on(dates: list[datetime.date], per_date: int, limit: int | None = None):
    """The ids of the newest `per_date` articles of each date, dates in the order given, at
    most `limit` in all: one probe of the (published_on, id) index per date."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id FROM unnest(%s::date[]) WITH ORDINALITY AS d(day, n) "
            "CROSS JOIN LATERAL (SELECT id FROM archive_article WHERE published_on = d.day "
            "ORDER BY published_on DESC, id DESC LIMIT %s) AS a "
            "ORDER BY d.n LIMIT %s",
            [dates, per_date, limit],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _articles(ids: list[int]):
    return list(
        Article.objects.filter(id__in=ids)
        .defer("body")  # lists show the lead, never the text
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")
        .newest()
    )


def _agreements(dates: list[datetime.date]):
    return (
        Agreement.objects.filter(signed_on__in=dates)
        .prefetch_related("parties")
        .order_by("-signed_on", "name_en", "name_ru", "pk")
    )


def years_of(day: DayOfYear, span: tuple[int, int] | None) -> tuple[list, dict]:
    """The dates of `day` with an article or a signing, newest first, and the number of
    articles of each."""
    if span is None:
        return [], {}
    dates = day.dates(*span)
    counts = counts_on(dates)
    signed = set(Agreement.objects.filter(signed_on__in=dates).values_list("signed_on", flat=True))
    return [d for d in dates if d in counts or d in signed], counts


def day_years(dates: list[datetime.date], counts: dict) -> list[Year]:
    """Each date's Year: all its agreements, its newest articles and its article count."""
    years = {d: Year(d, article_count=counts.get(d, 0)) for d in dates}
    for agreement in _agreements(dates):
        years[agreement.signed_on].agreements.append(agreement)
    for article in _articles(newest_ids_on(dates, ARTICLES_PER_YEAR)):
        years[article.published_on].articles.append(article)
    return [years[d] for d in dates]


def home_block(today: datetime.date) -> dict:
    """What the home page shows of today in earlier years: a few agreements and articles.

    On 28 February of a year without a 29th, the 29ths of earlier leap years are shown too,
    so they are not skipped for three years in four; on the page of each day, only that day.
    """
    days = [DayOfYear.of(today)]
    if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
        days.append(DayOfYear(2, 29))
    span = archive_years()
    dates = []
    if span and span[0] < today.year:
        dates = sorted(
            (d for day in days for d in day.dates(span[0], today.year - 1)), reverse=True
        )
    return {
        "days": days,
        "agreements": list(_agreements(dates)[:HOME_ITEMS]) if dates else [],
        "articles": _articles(newest_ids_on(dates, HOME_ITEMS, HOME_ITEMS)) if dates else [],
    }
