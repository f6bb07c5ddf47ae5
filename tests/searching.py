"""Searching as readers do, through the one entry point, checking the path the engine took.

`conftest.search_path` chooses a path by the engine's settings; `expected_path` says which
path those settings give for a search, and every helper here asserts the engine took it, so
a test run "down the bounded path" cannot silently run down another.
"""

from django.conf import settings

from archive.filters import SearchForm
from archive.search.results import Results, search


def expected_path(criteria) -> str:
    """The path the current settings send these criteria down."""
    if criteria.parsed.has_phrases and settings.SEARCH_PHRASE_RECHECK_LIMIT == 0:
        return "windowed"
    if criteria.is_everything or settings.SEARCH_RESOLVE_LIMIT == 0:
        return "bounded"
    return "listed"


def form_for(params) -> SearchForm:
    form = SearchForm(params)
    assert form.is_valid(), form.errors
    return form


def run(params, page: int = 1, size: int = 100, with_facets: bool = True) -> Results:
    """One page of results for these parameters, from the path the settings choose."""
    criteria = form_for(params).criteria
    found = search(criteria, page, size, with_facets)
    assert found.path == expected_path(criteria), (found.path, params)
    return found


def every_result(params) -> list:
    """Every result the reader can page through, in order."""
    articles, page = [], 1
    while True:
        found = run(params, page, with_facets=False)
        articles.extend(found.articles)
        if not found.has_next:
            return articles
        page += 1


def ids(params) -> list[int]:
    return [article.id for article in every_result(params)]


def titles(params) -> list[str]:
    return [article.title for article in every_result(params)]


def facets(params) -> dict[str, dict[str, int]]:
    """{facet: {value: count}} as the page shows them."""
    return {
        name: {v.value: v.count for v in facet.values} for name, facet in run(params).facets.items()
    }
