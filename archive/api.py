"""The JSON API: `/api/articles/` searches with the page's parameters, `/api/articles/<id>/` is one article.

Bad parameters give 400 with `{"errors": {"parameter": ["why", …]}}`; a page past the end
gives 404 in the same shape. A query with nothing to search for (punctuation, stop words)
gives no results and a `message` saying so. Pairs are canonical codes ("BY-CN"). `count` is exact up to the
search's exact-count limit and an estimate above it (as the page's "about N").
The same results as files, whole lists rather than pages: `/search/export.csv` and
`/search/export.jsonl` (archive/views/exports.py).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from archive.db_read import reading
from archive.filters import SearchForm
from archive.models import Article, Outlet
from archive.search import page as pages
from archive.search import results as search_results
from archive.views.search import NOTHING_TO_SEARCH, TOO_SLOW, nothing_to_search


def _article_data(request, article) -> dict:
    return {
        "id": article.id,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "date": article.published_on.isoformat(),
        "language": article.language,
        "source_url": article.source_url,
        "source": (
            {"slug": article.outlet.slug, "name": article.outlet.name} if article.outlet else None
        ),
        "countries": sorted(c.code for c in pages.tags(article, "countries")),
        "pairs": sorted(p.code for p in pages.tags(article, "pairs")),
        "agreements": [
            {"slug": a.slug, "name": a.name(), "kind": a.kind}
            for a in pages.tags(article, "agreements")
        ],
    }


def _result_data(request, article) -> dict:
    """One search result: the article, its highlighted snippet and the other versions of its
    story, folded under it (none with fold=off)."""
    return {
        **_article_data(request, article),
        "snippet": str(article.snippet),
        "versions": [
            {
                "id": v.id,
                "url": request.build_absolute_uri(v.get_absolute_url()),
                "title": v.title,
                "date": v.published_on.isoformat(),
                "language": v.language,
                "source": v.outlet_name or None,
            }
            for v in getattr(article, "versions", ())
        ],
    }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_GET
def articles(request):
    """Search results with facets, one page at a time."""
    filterset = SearchForm(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.error_messages()}, status=400)
    if nothing_to_search(filterset.criteria):
        # Only punctuation or stop words: nothing matches, and the reader is told why (a query
        # of dashes used to list the whole archive).
        return JsonResponse(
            {
                "count": 0,
                "searched_from": None,
                "results": [],
                "facets": {},
                "next": None,
                "previous": None,
                "message": str(NOTHING_TO_SEARCH),
            },
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        found = search_results.search(filterset.criteria, filterset.page_number, filterset.per_page)
    except search_results.PageOutOfRange:
        return JsonResponse(
            {"errors": {"page": [_("There is no such page of results.")]}}, status=404
        )
    except search_results.TooSlow:
        return JsonResponse({"errors": {"q": [str(TOO_SLOW)]}}, status=503)
    return JsonResponse(
        {
            "count": found.count.value,
            # Set when only articles from this day on were searched (see the README).
            "searched_from": found.searched_from.isoformat() if found.searched_from else None,
            "results": [_result_data(request, a) for a in found.articles],
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in f.values]
                for name, f in found.facets.items()
            },
            # Facets counted on a sample (their counts are estimates), and those that could not
            # be counted in time (their lists are empty for that reason, not for lack of values).
            "facets_estimated": sorted(n for n, f in found.facets.items() if f.approximate),
            "facets_unavailable": sorted(n for n, f in found.facets.items() if not f.available),
            "next": _page_url(request, found.page + 1) if found.has_next else None,
            "previous": _page_url(request, found.page - 1) if found.has_previous else None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


# One article, its outlet and its tags: one statement, written once. Built by the ORM, the
# same statement cost more to compile than PostgreSQL took to answer it.
_ARTICLE_COLUMNS = ("id", "title", "slug", "lead", "body", "published_on", "language", "source_url")
_ARTICLE_SQL = (
    "SELECT "  # noqa: S608 - our own column names and subqueries
    + ", ".join(f'"archive_article"."{column}"' for column in _ARTICLE_COLUMNS)
    + ", o.slug, o.name, "
    + ", ".join(f"({sql})::text" for sql in pages.TAG_SUBQUERIES.values())
    + ' FROM "archive_article" LEFT JOIN archive_outlet AS o ON o.id = "archive_article"."outlet_id"'
    ' WHERE "archive_article"."id" = %s'
)


def _read_article(pk: int) -> Article | None:
    """The article with its outlet and tags (see `archive.search.page.attach_tags`), or None."""
    with reading().cursor() as cursor:
        cursor.execute(_ARTICLE_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(_ARTICLE_COLUMNS)
    article = Article(**dict(zip(_ARTICLE_COLUMNS, row[:width], strict=True)))
    outlet_slug, outlet_name = row[width : width + 2]
    article.outlet = Outlet(slug=outlet_slug, name=outlet_name) if outlet_slug else None
    for name, data in zip(pages.TAG_SUBQUERIES, row[width + 2 :], strict=True):
        setattr(article, f"{name}_json", data)
    pages.attach_tags(article)
    return article


@require_GET
def article(request, pk: int):
    """One article with its full text."""
    article = _read_article(pk)
    if article is None:
        return JsonResponse(
            {"errors": {"id": [_("There is no article %(id)s.") % {"id": pk}]}}, status=404
        )
    return JsonResponse(
        {**_article_data(request, article), "lead": article.lead, "body": article.body},
        json_dumps_params={"ensure_ascii": False},
    )
