"""One article, at a stable URL made of its date and slug.

Arriving from a search (the search parameters ride along in the query string), the page
highlights the query's words, links back to the results and to the previous and next results.
Every other address of an article (by id, unpadded date parts, a slug in capitals or cut
short, a date an editor has since corrected) redirects permanently to the canonical one.
"""

import datetime
from urllib.parse import urlsplit

from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from archive import jsonld, provenance
from archive.citation import apa, gost, work_for
from archive.filters import SearchForm
from archive.models import Article
from archive.related import related_articles
from archive.search import page as pages
from archive.search import results as search_results
from archive.search.highlight import PARAGRAPH_BREAK, highlight_texts
from archive.stories.page import versions_of

# The search page's parameters: the only part of a query string carried from result to result.
SEARCH_PARAMS = (
    "q", "exact", "pair", "country", "language", "source", "agreement", "kind",
    "date_from", "date_to", "year", "sort", "page", "page_size",
)  # fmt: skip
# Previous/next links are a convenience: a search too slow to repeat within this budget drops
# them rather than holding up the article.
NEIGHBOUR_BUDGET_MS = 400
# A cut-short slug (a link truncated by a mail client) must be long enough to mean one article.
SHORTEST_SLUG_PREFIX = 12
# How far a corrected date may have moved an article (its old address still leads to it).
DATE_CORRECTION = datetime.timedelta(days=400)
FIRST_MARK = "<mark>"


def article_detail(request, year, month, day, slug):
    """The article with its metadata, related articles, citations and search context."""
    published_on = _date_or_404(year, month, day)
    on_day = Article.objects.filter(published_on=published_on)
    # The article, its outlet and its tags in one statement (the tags as JSON from the row's
    # arrays, where three prefetches took a statement each).
    article = pages.with_tags(on_day.select_related("outlet").filter(slug=slug)).first()
    if article is None:
        return _redirect(request, _moved(published_on, slug))
    pages.attach_tags(article)
    if request.path != article.get_absolute_url():
        return _redirect(request, article)

    search = _search_context(request, article)
    canonical = request.build_absolute_uri(article.get_absolute_url())
    work = work_for(article, canonical)
    today = timezone.localdate()
    language = "ru" if get_language() == "ru" else "en"
    versions = versions_of(article)  # listed apart, so not again among the related articles
    context = {
        "article": article,
        "canonical_url": canonical,
        "json_url": reverse("archive:api-article", args=[article.pk]),
        "source_host": _host(article.source_url),
        "pair_links": [(pair, pair.label(language)) for pair in article.pairs.all()],
        "agreement_links": [(a, a.name(language)) for a in article.agreements.all()],
        "description": article.lead or next(iter(article.paragraphs), ""),
        "search": search,
        "title_html": search.get("title"),
        "lead_html": search.get("lead"),
        "paragraphs": search.get("paragraphs") or article.paragraphs,
        "related": [r for r in related_articles(article) if r.article.pk not in versions.ids],
        "versions": versions,
        "citations": {
            "gost": gost(work, today),
            "apa": apa(work, today, language),
        },
        "accessed": today,
        "provenance": provenance.facts(article),
        "jsonld": jsonld.script(jsonld.news_article(article, request.build_absolute_uri)),
    }
    return render(request, "archive/article_detail.html", context)


def article_by_id(request, pk):
    """Old or id-based links land on the article's one canonical address."""
    return _redirect(request, get_object_or_404(Article, pk=pk))


def _host(url) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def _date_or_404(year, month, day) -> datetime.date:
    # Non-numeric or impossible parts (month 13, 30 February) are a missing page, not an error.
    if not (month.isdigit() and day.isdigit()):
        raise Http404("No such date.")
    try:
        return datetime.date(year, int(month), int(day))
    except (ValueError, OverflowError):  # year 0, or a year too large for any date
        raise Http404("No such date.") from None


def _shifted(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """`day` moved by `delta`, held at the first or last date there is (0001-01-01, 9999-12-31)."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min


def _moved(published_on: datetime.date, slug: str) -> Article:
    """The one article an outdated address still means, or 404.

    The slug in other case or cut short, on the same day; or the same slug under a date an
    editor has since corrected (an importer's guess at a missing year is off by a year at most).
    """
    lowered = slug.lower()
    on_day = Article.objects.filter(published_on=published_on)
    article = on_day.filter(slug=lowered).first()
    if article is None and len(lowered) >= SHORTEST_SLUG_PREFIX:
        article = _only(on_day.filter(slug__startswith=lowered))
    if article is None:
        near = (_shifted(published_on, -DATE_CORRECTION), _shifted(published_on, DATE_CORRECTION))
        article = _only(Article.objects.filter(published_on__range=near, slug=lowered))
    if article is None:
        raise Http404("No article at this address.")
    return article


def _only(queryset):
    """The queryset's one row, or None when it has none or several."""
    rows = list(queryset[:2])
    return rows[0] if len(rows) == 1 else None


def _redirect(request, article):
    """A permanent redirect to the article's address, keeping any search parameters."""
    url = article.get_absolute_url()
    carried = _search_params(request)
    if carried:
        url = f"{url}?{carried.urlencode()}"
    return HttpResponsePermanentRedirect(url)


def _search_params(request) -> QueryDict:
    params = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        values = [v for v in request.GET.getlist(name) if v.strip()]
        if values:
            params.setlist(name, values)
    return params


def _search_context(request, article) -> dict:
    """Highlights, a link back to the results and the neighbouring results, when from a search."""
    params = _search_params(request)
    if not params:
        return {}
    filterset = SearchForm(params)
    valid = filterset.is_valid()
    # A query the search page would refuse (too long, say) is not highlighted either; other
    # bad parameters only cost the previous/next links.
    query = filterset.cleaned_data.get("q") or ""
    context = {"query": query, "back_url": f"{reverse('archive:search')}?{params.urlencode()}"}
    if query:
        exact = bool(filterset.cleaned_data.get("exact"))
        context.update(_highlights(article, query, exact))
    if valid:
        context.update(_neighbours(filterset, article, params))
    return context


def _highlights(article, query: str, exact: bool) -> dict:
    """Title, lead and paragraphs with the query's matches marked (a quoted phrase only where
    it occurs whole, as one mark); the first body match gets an id."""
    # Paragraphs never contain a blank line (that is what separates them), and the highlighter
    # keeps the text as it is and never lets a mark run across a blank line, so the marked
    # body splits back into the same paragraphs. One database round trip for the whole page.
    title, lead, body = highlight_texts(
        [article.title, article.lead or "", PARAGRAPH_BREAK.join(article.paragraphs)],
        query,
        exact,
    )
    paragraphs = [SafeString(piece) for piece in body.split(PARAGRAPH_BREAK)]
    if len(paragraphs) != len(article.paragraphs):
        paragraphs = highlight_texts(article.paragraphs, query, exact)
    # The reader came for the text: the jump goes to the first match in the lead or body, and
    # to the title only when the text itself has none. The texts are escaped, so the only
    # "<mark>" in them are the highlighter's own.
    anchored = False
    if lead and FIRST_MARK in lead:
        lead, anchored = _anchor(lead), True
    for i, paragraph in enumerate(paragraphs):
        if not anchored and FIRST_MARK in paragraph:
            paragraphs[i], anchored = _anchor(paragraph), True
    if not anchored and FIRST_MARK in title:
        title, anchored = _anchor(title), True
    return {"title": title, "lead": lead, "paragraphs": paragraphs, "matched": anchored}


def _anchor(html):
    """The same SafeString with its first mark given the id the result links jump to."""
    return type(html)(html.replace(FIRST_MARK, '<mark id="first-match">', 1))


def _neighbours(filterset, article, params: QueryDict) -> dict:
    """The results just before and after this article, read from a bounded slice of them."""
    page, size = filterset.page_number, filterset.per_page
    # The result page the reader came from, plus one result either side of it: one query.
    start = max(0, (page - 1) * size - 1)
    try:
        window = search_results.window(
            filterset.criteria, start, page * size + 1 - start, timeout_ms=NEIGHBOUR_BUDGET_MS
        )
    except search_results.TooSlow:
        return {}
    if article.pk not in window:
        return {}
    i = window.index(article.pk)
    position = start + i
    prev_id = window[i - 1] if i > 0 else None
    next_id = window[i + 1] if i + 1 < len(window) else None
    found = Article.objects.only("id", "title", "slug", "published_on", "language").in_bulk(
        [pk for pk in (prev_id, next_id) if pk]
    )
    anchor = "#first-match" if params.get("q") else ""

    def link(pk, at):
        if pk not in found:
            return None
        carried = params.copy()
        carried["page"] = str(at // size + 1)
        if carried["page"] == "1" and "page" not in params:
            del carried["page"]
        return {
            "article": found[pk],
            "url": f"{found[pk].get_absolute_url()}?{carried.urlencode()}{anchor}",
        }

    return {
        "position": position + 1,
        "previous": link(prev_id, position - 1),
        "next": link(next_id, position + 1),
    }
