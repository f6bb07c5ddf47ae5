"""On this day: a page per day of the year, and today's (archive.on_this_day)."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from archive.on_this_day import DayOfYear, archive_years, day_years, years_of

# Years listed on one page of a day, newest first.
YEARS_PER_PAGE = 20


def today(request):
    """Today's page, today in the site's time zone (a redirect, not stored: it moves daily)."""
    return redirect("archive:on-this-day", DayOfYear.of(timezone.localdate()).code)


def day_page(request, month_day):
    """The agreements signed and articles published on one day of the year, by year.

    A day that is not one ("02-30", "13-01", "2-9") is a 404 page that says so.
    """
    try:
        day = DayOfYear.parse(month_day)
    except ValueError:
        context = {"value": month_day, "today": DayOfYear.of(timezone.localdate())}
        return render(request, "archive/on_this_day_invalid.html", context, status=404)
    dates, counts = years_of(day, archive_years())
    paginator = Paginator(dates, YEARS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
    context = {
        "day": day,
        "page": page,
        "years": day_years(list(page.object_list), counts),
        "previous": day.previous(),
        "next": day.next(),
    }
    return render(request, "archive/on_this_day.html", context)
