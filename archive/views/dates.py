"""The date archive: years, months (with a calendar), days; optionally narrowed to a pair or language."""

import calendar
import datetime

from django.http import Http404
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.views.generic.dates import (
    ArchiveIndexView,
    DayArchiveView,
    MonthArchiveView,
    YearArchiveView,
)

from archive.charts import Bar, make_chart, year_bars
from archive.filters import ARTICLE_LANGUAGE_CODES, ArchiveFilterSet
from archive.models import Article, CountryPair
from archive.views.browsing import invalid_filters


class ArticleArchiveMixin:
    """Settings and filters every level of the date archive shares.

    Empty periods are 404s (`allow_empty`), which also makes Django's previous/next links skip
    them; future dates are allowed because an outlet's clock may run ahead of ours.
    """

    date_field = "published_on"
    month_format = "%m"
    day_format = "%d"
    allow_future = True
    allow_empty = False
    ordering = ["-published_on", "-id"]

    def dispatch(self, request, *args, **kwargs):
        self.filters = ArchiveFilterSet(request.GET, queryset=Article.objects.all())
        if not self.filters.is_valid():
            return invalid_filters(request, self.filters.messages)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.filters.qs.select_related("outlet").prefetch_related(
            "pairs__first", "pairs__second"
        )

    def get_dated_queryset(self, **lookup):
        # Django tests an unpaginated period for emptiness with `not queryset`, which loads every
        # article of a year just to draw its month list; `exists()` asks for one row.
        queryset = self.get_queryset().filter(**lookup)
        if not self.get_allow_empty() and not queryset.exists():
            raise Http404(_("No articles in this period."))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        return context

    def link(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """A URL in the archive that keeps the current pair and language filters."""
        return archive_url(year, month, day) + self.filters.query


class ArchiveIndex(ArticleArchiveMixin, ArchiveIndexView):
    template_name = "archive/archive_index.html"
    allow_empty = True  # an empty archive is still a page, saying so

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.get_queryset().counts_by("year")
        context["years"] = [
            {"year": day.year, "count": n, "url": self.link(day.year)} for day, n in counts
        ]
        context["total"] = sum(n for _day, n in counts)
        context["pairs"] = CountryPair.objects.covered()
        context["languages"] = ARTICLE_LANGUAGE_CODES
        if counts:
            # Every year from the first to the last, so years without articles show as gaps.
            bars = year_bars(
                {day.year: n for day, n in counts},
                href=lambda year: self.link(year),
            )
            context["chart"] = make_chart(
                bars, chart_id="chart-years", title=_("Articles per year")
            )
        return context


class YearArchive(ArticleArchiveMixin, YearArchiveView):
    template_name = "archive/archive_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["year"].year
        counts = dict(self.get_queryset().filter(published_on__year=year).counts_by("month"))
        months = []
        for number in range(1, 13):
            first = datetime.date(year, number, 1)
            count = counts.get(first, 0)
            url = self.link(year, number) if count else ""
            months.append({"date": first, "count": count, "url": url})
        context["months"] = months
        context["total"] = sum(counts.values())
        context["chart"] = make_chart(
            [
                Bar(date_format(m["date"], "M"), m["count"], date_format(m["date"], "F"), m["url"])
                for m in months
            ],
            chart_id="chart-year",
            title=_("Articles per month in %(year)s") % {"year": year},
        )
        context["previous_url"] = _year_url(self, context["previous_year"])
        context["next_url"] = _year_url(self, context["next_year"])
        return context


class MonthArchive(ArticleArchiveMixin, MonthArchiveView):
    template_name = "archive/archive_month.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = context["month"]
        counts = dict(
            self.get_queryset()
            .filter(published_on__year=month.year, published_on__month=month.month)
            .counts_by("day")
        )
        context["calendar"] = month_calendar(
            month.year,
            month.month,
            counts,
            lambda day: self.link(day.year, day.month, day.day),
        )
        context["total"] = sum(counts.values())
        context["active_days"] = len(counts)
        context["previous_url"] = _month_url(self, context["previous_month"])
        context["next_url"] = _month_url(self, context["next_month"])
        context["year_url"] = self.link(month.year)
        return context


class DayArchive(ArticleArchiveMixin, DayArchiveView):
    template_name = "archive/archive_day.html"

    def _get_next_day(self, date):
        # Django answers 404 for the calendar's last year and month, which have no next one;
        # its last day overflowed instead (500). It gets the same 404.
        if date == datetime.date.max:
            raise Http404(_("No articles in this period."))
        return super()._get_next_day(date)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = context["day"]
        context["previous_url"] = _day_url(self, context["previous_day"])
        context["next_url"] = _day_url(self, context["next_day"])
        context["month_url"] = self.link(day.year, day.month)
        context["year_url"] = self.link(day.year)
        return context


def month_calendar(year: int, month: int, counts: dict, href) -> dict:
    """A month as weeks of day cells, each with its article count, shade (0–4) and link.

    The week starts on the active language's first day (Sunday in English, Monday in Russian).
    `counts` maps dates to article counts; `href(date)` gives the link of a day with articles.
    """
    # Django counts weekdays from Sunday = 0, Python's calendar from Monday = 0.
    first_weekday = (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    weekday_order = [(first_weekday + i) % 7 for i in range(7)]
    busiest = max(counts.values(), default=0)
    weeks = []
    # Day numbers (0 outside the month) rather than dates: the first week of January in
    # year 1 would start in year 0, which no date can hold.
    for week in calendar.Calendar(first_weekday).monthdayscalendar(year, month):
        cells = []
        for number in week:
            if not number:
                cells.append(None)
                continue
            day = datetime.date(year, month, number)
            count = counts.get(day, 0)
            cells.append(
                {
                    "date": day,
                    "count": count,
                    "shade": _shade(count, busiest),
                    "url": href(day) if count else "",
                }
            )
        weeks.append(cells)
    return {
        "weekdays": [
            {"abbr": WEEKDAYS_ABBR[i], "name": WEEKDAYS[i], "weekend": i >= 5}
            for i in weekday_order
        ],
        "weeks": weeks,
        "busiest": busiest,
    }


def _shade(count: int, busiest: int) -> int:
    """0 for an empty day, then 1–4 in proportion to the month's busiest day."""
    if not count:
        return 0
    if busiest <= 1:
        return 4
    return 1 + round(3 * (count - 1) / (busiest - 1))


def archive_url(year: int, month: int | None = None, day: int | None = None) -> str:
    """The date archive's address of a year, a month or a day.

    Its patterns read four-digit years and two-digit months and days, so year 1 is
    /archive/0001/ (an unpadded year has no address: linking to it answered 500).
    """
    args = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None]
    return reverse(
        ("archive:archive-year", "archive:archive-month", "archive:archive-day")[len(args) - 1],
        args=args,
    )


def _year_url(view, date):
    return view.link(date.year) if date else ""


def _month_url(view, date):
    return view.link(date.year, date.month) if date else ""


def _day_url(view, date):
    return view.link(date.year, date.month, date.day) if date else ""
