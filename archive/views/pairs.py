"""Country pairs and countries: who cooperates with whom, and how much has been written about it."""

from collections import Counter

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import coverage
from archive.compare_series import Series
from archive.models import (
    Agreement,
    Article,
    Country,
    CountryPair,
    Event,
    Outlet,
    canonical_pair_code,
)
from archive.text import interface_language
from archive.views.browsing import paginate
from archive.views.compare import CompareRequest, data_url, figure_context, pair_choices


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
    summed = Coverage(articles.coverage())
    context = {
        "pair": pair,
        "total": summed.total,
        "newest": articles.newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")[:20],
        "agreements": Agreement.objects.between(pair.first, pair.second)
        .with_article_counts()
        .by_signing_date()
        .prefetch_related("parties"),
        "outlets": summed.top_outlets(10),
        "events": Event.objects.public().between(pair.first, pair.second).newest()[:5],
        "languages": summed.languages(),
        "archive_query": f"?pair={canonical}",
    }
    context.update(_coverage_figure(request, summed.months, pair))
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


def _coverage_figure(request, counts, pair) -> dict:
    """The pair's articles per month (per year past ten years), as counts or as its share of
    the archive (`?measure=share`); each point leads to its month or year in the date archive,
    narrowed to the pair. The comparison page draws the same figure for several series."""
    measure = "share" if request.GET.get("measure") == "share" else "count"
    series = Series(key=pair.code, label=pair.label(interface_language()), pair=pair)
    counted = coverage.Counted([series], [dict(counts)], coverage.archive_totals(), [])
    keys = [pair.code]
    form = {"pair_choices": [c for c in pair_choices() if c[0] != pair.code], "compare_keys": keys}
    first, last, _cut = coverage.month_range(counted)
    if first is None:
        return {"figure": None, **form}
    granularity, spans = coverage.periods(first, last)
    context = figure_context(
        counted, granularity, spans, measure, "chart-pair", subject=series.label
    )
    context.update(
        form,
        granularity=granularity,
        measure=measure,
        csv_url=data_url(keys, CompareRequest(), "csv"),
        json_url=data_url(keys, CompareRequest(), "json"),
        measure_links=[
            ("count", _("Articles"), pair.get_absolute_url()),
            ("share", _("Share of the archive"), f"{pair.get_absolute_url()}?measure=share"),
        ],
    )
    return context


def _redirect_keeping_query(request, url):
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)
