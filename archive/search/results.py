"""One page of search results with everything shown around it: count, facets, suggestion.

The HTML page and the JSON API both call `run(filterset)`, so they cannot disagree.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language

from archive.models import Article, CountryPair
from archive.search import engine, facets, highlight, suggest


class PageOutOfRange(Exception):
    """The page number is past the last page of results."""


@dataclass
class Results:
    criteria: engine.Criteria
    count: engine.Count
    articles: list[Article]
    facets: dict[str, facets.Facet]
    page: int
    page_size: int
    num_pages: int
    # Relevance ranks only the newest SEARCH_RANK_CANDIDATES matches: pages stop there.
    ranked_only: int | None = None
    suggestion: str | None = None
    extra: dict = field(default_factory=dict)
    # Only articles published from this day on were searched (a phrase of very common words).
    searched_from: datetime.date | None = None

    @property
    def start(self) -> int:
        """The position of the page's first result in the whole list (from 1)."""
        return (self.page - 1) * self.page_size + 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def page_range(self) -> list[int | None]:
        """Page numbers to link, with None where a gap is shown."""
        pages = sorted(
            {1, self.num_pages, *range(max(1, self.page - 2), self.page + 3)}
            & set(range(1, self.num_pages + 1))
        )
        out, previous = [], 0
        for number in pages:
            if number - previous > 1:
                out.append(None)
            out.append(number)
            previous = number
        return out


def summary(criteria: engine.Criteria, matches: engine.MatchSet | None = None):
    """The count and facets for these criteria, cached when they were expensive to compute.

    Small result sets are counted exactly and quickly, so they are never cached (and never
    stale); large ones — where counts are estimates anyway — are kept SEARCH_CACHE_SECONDS.
    """
    key = criteria.cache_key(f"summary:{get_language()}")
    cached = cache.get(key)
    if cached is not None:
        return cached
    count = engine.count(criteria, matches)
    counted = facets.count_facets(criteria, count.value, matches)
    if not count.exact or any(f.approximate for f in counted.values()):
        cache.set(key, (count, counted), engine.setting("SEARCH_CACHE_SECONDS", 60))
    return count, counted


class SearchTooSlow(Exception):
    """The search could not be answered within the time allowed (see SEARCH_STATEMENT_TIMEOUT_MS)."""


def run(filterset, with_facets: bool = True) -> Results:
    """Search with a valid filterset; raises PageOutOfRange for a page past the end.

    Raises SearchTooSlow when a statement runs past its time limit.
    """
    try:
        with engine.search_transaction():
            return _run(filterset, with_facets)
    except DatabaseError as error:
        raise SearchTooSlow from error


def _run(filterset, with_facets: bool) -> Results:
    criteria = filterset.criteria
    page, size = filterset.page_number, filterset.per_page
    matches = engine.resolve(criteria)
    if with_facets:
        count, counted = summary(criteria, matches)
    else:
        count, counted = engine.count(criteria, matches), {}
    reachable = count.value
    ranked_only = None
    ranked = engine.ranked_limit(criteria, listed=matches is not None)
    if criteria.effective_sort == "relevance" and reachable > ranked:
        reachable = ranked_only = ranked
    num_pages = max(1, math.ceil(reachable / size))
    if page > num_pages:
        raise PageOutOfRange
    offset = (page - 1) * size
    if matches is not None:
        ids = engine.page_ids(criteria, matches, offset, size)
    else:
        ids = list(filterset.qs.values_list("id", flat=True)[offset : offset + size])
    if page > 1 and not ids:
        raise PageOutOfRange
    articles = page_articles(ids, criteria)
    suggestion = None
    searched_from = matches.searched_from if matches is not None else None
    # Nothing found in the newest spans only is no sign of a misspelling: the page says how
    # to search further instead. With matches, a word that finds nothing on its own may still
    # be misspelt (`suggest` looks only at such words, and at most SEARCH_SUGGEST_TIMEOUT_MS).
    if criteria.has_query and searched_from is None and page == 1:
        suggestion = suggest.suggest(criteria.q, criteria.exact)
    return Results(
        criteria,
        count,
        articles,
        counted,
        page,
        size,
        num_pages,
        ranked_only,
        suggestion,
        searched_from=searched_from,
    )


def page_articles(ids: list[int], criteria: engine.Criteria) -> list[Article]:
    """The articles with these ids, in this order, each with `.snippet` (safe HTML)."""
    queryset = (
        Article.objects.filter(id__in=ids)
        .select_related("outlet")
        .prefetch_related(
            Prefetch("pairs", queryset=CountryPair.objects.select_related("first", "second")),
            "countries",
            "agreements",
        )
    )
    if criteria.has_query:
        queryset = highlight.with_snippets(queryset, criteria.parsed, criteria.exact)
    by_id = {article.id: article for article in queryset}
    articles = [by_id[i] for i in ids if i in by_id]
    # The marked snippets of the whole page are read in one round trip.
    marked = [a for a in articles if criteria.has_query and getattr(a, "marked_snippet", None)]
    for article, html in zip(marked, highlight.snippets_html(marked), strict=True):
        article.snippet = html
    for article in articles:
        if not hasattr(article, "snippet"):
            article.snippet = plain_snippet(article)
    return articles


def plain_snippet(article: Article) -> SafeString:
    """The opening words of the lead (or body), escaped: a result with nothing to mark."""
    return escape(Truncator(article.lead or article.body).words(40))
