"""The home page: a way in by search, by date, by pair and by agreement."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.charts import add_months, make_chart, month_bars
from archive.models import Agreement, Article, CountryPair
from archive.on_this_day import home_block
from archive.views.dates import archive_url

TIMELINE_MONTHS = 24


def home(request):
    """Newest articles, the most covered pairs, a 24-month timeline, recent agreements, and
    what was signed and published on this day in earlier years."""
    newest = (
        Article.objects.newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")[:10]
    )
    context = {
        "newest": newest,
        "pairs": CountryPair.objects.covered()[:12],
        "agreements": Agreement.objects.exclude(signed_on=None)
        .with_article_counts()
        .by_signing_date()
        .prefetch_related("parties")[:6],
        "timeline": coverage_timeline(timezone.localdate()),
        "total": Article.objects.count(),
        "on_this_day": home_block(timezone.localdate()),
    }
    return render(request, "archive/home.html", context)


def coverage_timeline(today: datetime.date):
    """Articles per month for the 24 months up to `today`'s month, or None if they have none."""
    last = today.replace(day=1)
    first = add_months(last, -(TIMELINE_MONTHS - 1))
    counts = dict(
        Article.objects.filter(
            published_on__gte=first, published_on__lt=add_months(last, 1)
        ).counts_by("month")
    )
    if not counts:
        return None
    bars = month_bars(
        counts,
        first,
        last,
        href=lambda month: archive_url(month.year, month.month),
    )
    return make_chart(
        bars, chart_id="chart-timeline", title=_("Articles per month, last 24 months")
    )
