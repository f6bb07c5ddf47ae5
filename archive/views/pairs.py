"""Country pairs and countries: who cooperates with whom, and how much has been written about it."""

from collections import Counter

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.charts import add_months, make_chart, month_bars, year_bars
from archive.models import (
    Agreement,
    Article,
    Country,
    CountryPair,
    Event,
    Outlet,
    canonical_pair_code,
)
from archive.views.browsing import paginate
from archive.views.dates import archive_url

# Up to this many months the pair's chart has a bar per month; longer spans are drawn per year.
MONTHLY_CHART_LIMIT = 36


def pair_list(request):
    """Every pair the archive covers, most covered first."""
    pairs = CountryPair.objects.covered()
    return render(request, "archive/pair_list.html", {"pairs": pairs})


def pair_detail(request, code):
    """A pair's hub; "cn-by" and other spellings redirect permanently to "/pairs/BY-CN/"."""
    try:
        canonical = canonical_pair_code(code)
    except ValueError as error:
        raise Http404(str(error)) from error
    if code != canonical:
        return _redirect_keeping_query(request, reverse("archive:pair", args=[canonical]))
    pair = get_object_or_404(CountryPair.objects.select_related("first", "second"), code=canonical)
    articles = Article.objects.for_pair(canonical)
    coverage = Coverage(articles.coverage())
    context = {
        "pair": pair,
        "total": coverage.total,
        "newest": articles.newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")[:20],
        "agreements": Agreement.objects.between(pair.first, pair.second)
        .with_article_counts()
        .by_signing_date()
        .prefetch_related("parties"),
        "outlets": coverage.top_outlets(10),
        "events": Event.objects.public().between(pair.first, pair.second).newest()[:5],
        "languages": coverage.languages(),
        "archive_query": f"?pair={canonical}",
        "chart": _coverage_chart(coverage.months, pair),
    }
    return render(request, "archive/pair_detail.html", context)


def country_detail(request, code):
    """A country's pairs and the newest articles about it; "/countries/by/" redirects to "BY"."""
    if code != code.upper():
        return _redirect_keeping_query(request, reverse("archive:country", args=[code.upper()]))
    country = get_object_or_404(Country, code=code)
    pairs = CountryPair.objects.covered().filter(Q(first=country) | Q(second=country))
    articles = (
        Article.objects.about_country(country.code)
        .newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")
    )
    page = paginate(request, articles, per_page=20)
    agreements = (
        Agreement.objects.filter(parties=country).with_article_counts().by_signing_date()[:20]
    )
    context = {"country": country, "pairs": pairs, "page": page, "agreements": agreements}
    return render(request, "archive/country_detail.html", context)


class Coverage:
    """A pair's articles summed by month, language and outlet from `ArticleQuerySet.coverage()`."""

    def __init__(self, rows):
        self.months, self._languages, self._outlets = Counter(), Counter(), Counter()
        for month, language, outlet_id, n in rows:
            self.months[month] += n
            self._languages[language] += n
            if outlet_id is not None:
                self._outlets[outlet_id] += n
        self.total = sum(self.months.values())

    def languages(self) -> list[tuple[str, int]]:
        return sorted(self._languages.items(), key=lambda item: (-item[1], item[0]))

    def top_outlets(self, limit: int) -> list:
        """The outlets with the most articles, each with `article_count` set."""
        ranked = sorted(self._outlets.items(), key=lambda item: -item[1])[:limit]
        outlets = Outlet.objects.in_bulk([pk for pk, _n in ranked])
        top = []
        for pk, n in ranked:
            outlet = outlets[pk]
            outlet.article_count = n
            top.append(outlet)
        return sorted(top, key=lambda outlet: (-outlet.article_count, outlet.name))


def _coverage_chart(counts, pair):
    """Articles per month over the pair's whole span, or per year when the span is long.

    Every bar with articles links to its month or year in the date archive, narrowed to the pair.
    """
    if not counts:
        return None
    first, last = min(counts), max(counts)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    title = _("Articles on %(pair)s over time") % {"pair": pair.label(get_language())}
    narrowed = f"?pair={pair.code}"

    def month_link(month):
        return archive_url(month.year, month.month) + narrowed

    if span <= MONTHLY_CHART_LIMIT:
        # At least a year of months, so a short history is not drawn as a few fat bars.
        start = min(first, add_months(last, -11))
        bars = month_bars(counts, start, last, href=month_link)
    else:
        per_year: dict[int, int] = {}
        for month, n in counts.items():
            per_year[month.year] = per_year.get(month.year, 0) + n
        bars = year_bars(per_year, href=lambda year: archive_url(year) + narrowed)
    return make_chart(bars, chart_id="chart-pair", title=title)


def _redirect_keeping_query(request, url):
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)
