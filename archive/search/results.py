"""The one way into the search: criteria in; a page of results, count, facets, suggestion out.

The search page, the API, the feeds, the admin's search and the article page's previous/next
links all call `search()` (or `window()` for ids alone), so every statement runs inside
`guarded()` and they cannot disagree. The path through the engine:

    sizes.measure        one EXPLAIN: how many match the words, every filter, each facet
      ├─ windows         a phrase of very common words: newest spans of the archive
      ├─ listing         few matches: all listed once, with what every facet counts
      └─ (bounded)       many: estimated count, sampled facets, a ranked candidate set
    counting, facets     from the list, or one statement each on the bounded path
    ranking + page       the page's articles, ranked, tagged and highlighted: one statement
"""

import math
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from archive.db_read import reading
from archive.models import Article
from archive.search import datekeys, folding, listing, ranking, registry, suggest
from archive.search import facets as facet_counts
from archive.search import page as pages
from archive.search import query as syntax
from archive.search.beside import beside
from archive.search.counting import Count, bounded_count
from archive.search.criteria import Criteria
from archive.search.guard import TooSlow, guarded
from archive.search.limits import limits
from archive.search.listing import Listed, TooMany
from archive.search.matching import UNTAGGED, filtered
from archive.search.sizes import Sizes, dates_on_rows, measure, quick
from archive.search.windows import is_heavy, newest_spans

NEWEST, OLDEST = ("-published_on", "-id"), ("published_on", "id")


class PageOutOfRange(Exception):
    """The page number is past the last page of results."""


@dataclass
class Results:
    criteria: Criteria
    count: Count
    articles: list[Article]
    facets: dict[str, facet_counts.FacetCounts]
    page: int
    page_size: int
    num_pages: int
    # Relevance over a match set too large to list ranks a candidate set: pages stop there.
    ranked_only: int | None = None
    suggestion: str | None = None
    extra: dict = field(default_factory=dict)
    # Only articles published from this day on were searched (a phrase of very common words).
    searched_from: object = None
    # Which way the engine went: "listed", "bounded" or "windowed" (see the module docstring).
    path: str = "bounded"

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
    def page_obj(self) -> Page:
        """This page as Django's Page over the reachable positions (no rows are read)."""
        return Paginator(range(self.num_pages * self.page_size), self.page_size).page(self.page)


@dataclass
class _Found:
    """What a search found before any page is read."""

    sizes: Sizes
    listed: Listed | None
    # The criteria as searched (the engine's own choices made: `sizes.dates_on_rows`).
    criteria: Criteria
    # Listing stopped past this many matches of every filter: the count is above it.
    more_than: int | None = None
    # Facet samples started before the listing, beside it: {group: total} and their counts.
    early: tuple[dict, Future] | None = None
    # The count and facets stored for this match set (`_stored_summary`), when already looked
    # up: () when none are.
    stored: tuple | None = None


def _find(criteria: Criteria, depth: int, with_facets: bool = False) -> _Found:
    """What matches, with the first `depth` results within reach."""
    syntax.prepare(criteria.parsed)  # nothing to read when the form has done it
    alone = quick(criteria)
    sizes = alone or measure(criteria)
    if is_heavy(criteria, sizes.phrase_candidates):
        spans = newest_spans(criteria, sizes.phrase_candidates, depth, with_facets)
        return _Found(sizes, spans, criteria)
    if on_rows := dates_on_rows(criteria, sizes):
        criteria = replace(criteria, dates_on_rows=on_rows)
    # Everything (no words, no filters) is never listed: its facets are sampled.
    applied = None if criteria.is_everything else listing.plan(criteria, sizes.base, sizes.full)
    if applied is None:
        # Looked up once: a large match set's facets are a thousand values.
        stored = _stored_summary(criteria, with_facets) if with_facets else None
        early = _start_samples(criteria, sizes, applied) if with_facets and not stored else None
        return _Found(sizes, None, criteria, early=early, stored=stored)
    # Listed (and sampled beside), the matches are found in index scans, never walked: a
    # closed range of dates is then found with the words (see archive/search/datekeys.py).
    keyed = criteria
    if criteria.has_query and datekeys.cover(criteria.date_from, criteria.date_to):
        keyed = replace(criteria, dates_by_keys=True, dates_on_rows=frozenset())
    early = _start_samples(keyed, sizes, applied) if with_facets else None
    expected = sizes.full if applied == UNTAGGED else sizes.base
    listed = listing.list_matches(keyed, applied, depth, with_facets, expected)
    # Too many to list: the bounded path may walk the date index, so the range stays on it.
    if isinstance(listed, TooMany):
        # It reads every part of the sizes, which a rare word's own estimate leaves out.
        sizes = measure(criteria) if alone else sizes
        return _Found(sizes, None, criteria, more_than=listed.limit, early=early)
    if listed is None:
        return _Found(sizes, None, criteria, early=early)
    return _Found(sizes, listed, keyed, early=early)


def _sample_totals(criteria: Criteria, sizes: Sizes, applied: frozenset | None) -> dict:
    """The facet groups counted from samples, each with its estimated size: every group of a
    match set not listed (`applied` None), and those of facets in use whose filter was
    applied before listing."""
    in_use = registry.in_use(criteria)
    if applied is None:
        groups = {frozenset(): sizes.full}
        return groups | {frozenset({f}): sizes.without[f] for f in in_use}
    return {frozenset({f}): sizes.without[f] for f in in_use if f in applied}


def _start_samples(criteria: Criteria, sizes: Sizes, applied) -> tuple[dict, Future] | None:
    """The facet samples that need nothing from the listing, started beside it: a word with a
    pair and a few years lists its matches (30-50 ms at a million articles) while its pair
    facet is sampled among the word's matches in those years (30-40 ms)."""
    totals = _sample_totals(criteria, sizes, applied)
    if not totals:
        return None
    return totals, beside(_sampled, criteria, totals, sizes.total)


def _sampled(criteria: Criteria, totals: dict, table_rows: int) -> tuple[dict, set]:
    with reading().cursor() as cursor:
        return facet_counts.from_samples(criteria, totals, table_rows, cursor)


def _summary_key(criteria: Criteria, with_facets: bool) -> str:
    # v2: facets stored packed (`facets.packed`), never read as the objects stored before.
    return criteria.cache_key(f"summary:v2:{get_language()}:{with_facets}")


def _stored_summary(criteria: Criteria, with_facets: bool) -> tuple:
    """The (count, facets) stored for a large match set, or () when there are none."""
    stored = cache.get(_summary_key(criteria, with_facets))
    if stored is None:
        return ()
    count, facets = stored
    return count, facet_counts.unpacked(facets)


def _summary(criteria: Criteria, found: _Found, cursor, with_facets: bool):
    """The count, and the facets as a Future: counted beside the page where they take a
    statement (archive/search/beside.py). Those of a large match set are cached
    SEARCH_CACHE_SECONDS (they are estimates anyway); small ones are exact, quick, and never
    stale."""
    listed = found.listed
    if listed is None:
        stored = found.stored
        if stored is None:
            stored = _stored_summary(criteria, with_facets)
        if stored:
            count, counted = stored
            return count, _ready(counted), True
    if listed is not None:
        count = Count(folding.folded_count(listed) if criteria.fold else len(listed))
    else:
        count = bounded_count(criteria, found.sizes, cursor, found.more_than)
    if not with_facets:
        return count, _ready({}), False
    return count, beside(_facets, criteria, found), False


def _ready(value) -> Future:
    done = Future()
    done.set_result(value)
    return done


def _facets(criteria: Criteria, found: _Found) -> dict:
    """Every facet's counts: from the listed rows, else from samples in one statement (some
    or all of them started early, see `_start_samples`)."""
    listed = found.listed
    raw, approximate = {}, set()
    if listed is not None:
        raw, approximate = facet_counts.from_listed(criteria, listed)
    totals = {}
    if listed is None or not listed.windowed:
        applied = None if listed is None else listed.applied
        totals = _sample_totals(criteria, found.sizes, applied)
    if found.early is not None:
        started, counts = found.early
        more, estimated = counts.result()
        raw.update(more)
        approximate |= estimated
        totals = {group: total for group, total in totals.items() if group not in started}
    if totals:
        more, estimated = _sampled(criteria, totals, found.sizes.total)
        raw.update(more)
        approximate |= estimated
    return facet_counts.counted(criteria, raw, approximate)


def _ordered(criteria: Criteria, found: _Found, depth: int):
    """The matches in the requested order, as far as `depth` is read: a list of ids
    (listed, by date) or a queryset."""
    sort, listed = criteria.effective_sort, found.listed
    if listed is not None and listed.summary is not None and sort in ("newest", "oldest"):
        return list(listed.summary.first)  # in this order, folded when folding
    if listed is not None and sort in ("newest", "oldest"):
        ids = list(listed.ids) if sort == "newest" else list(reversed(listed.ids))
        return folding.first_of_each_story(ids, listed.story_of, depth) if criteria.fold else ids
    if listed is not None:
        return ranking.listed_order(criteria, listed)
    # A listing that overflowed knows better than the planner, which takes words as
    # independent and so underestimates two words that go together ("active projects":
    # 6,700 planned, 24,000 found): those matches are too many to find and sort whole.
    expected = max(found.sizes.full, found.more_than or 0)
    share = expected / found.sizes.total
    sparse = criteria.has_query and share < limits().dense_share and found.more_than is None
    if sort in ("newest", "oldest"):
        matches = filtered(criteria)
        order = NEWEST if sort == "newest" else OLDEST
        if not criteria.has_query:
            # Tags and dates alone: walked while that reads few rows (see `walks_dates`).
            sparse = not ranking.walks_dates(criteria, order, depth, expected, found.sizes.total)
        if sparse:
            # Found through the indexes first, and only the first `depth` of them kept (by
            # their dates alone): left alone, the planner walks the date index testing each
            # row's vector until it has a page.
            sql, params = ranking.found_first(criteria, order, depth, expected, share)
            matches = Article.objects.filter(id__in=RawSQL(sql, params))  # noqa: S611 - ours
        return matches.order_by(*order)
    sizes = found.sizes
    # The title matches among the prominent articles, as if spread evenly (the planner's
    # statistics are of every title).
    prominent_titles = sizes.titles * sizes.prominent_total // sizes.total
    few_titles = (
        ranking.few(prominent_titles, sizes.prominent_total, ranking.TITLE_WALK_COST),
        sizes.titles < limits().title_walk_share * sizes.total,
    )
    few_prominent = ranking.few(
        sizes.prominent(), sizes.prominent_total, ranking.PROMINENT_WALK_COST
    )
    candidates = ranking.bounded_candidates(
        criteria, sparse, few_titles, expected, share, few_prominent
    )
    return ranking.ranked(criteria, candidates)


def _reachable(criteria: Criteria, found: _Found, count: Count) -> tuple[int, int | None]:
    """How many results can be paged through, and the ranking bound if it applies."""
    ranked = ranking.ranked_limit(criteria, listed=found.listed is not None)
    if criteria.effective_sort == "relevance" and ranked is not None and count.value > ranked:
        return ranked, ranked
    return count.value, None


def _slice(ordered, offset: int, limit: int):
    """Positions offset … offset + limit of an order: a list of ids or a sliced queryset."""
    if isinstance(ordered, list):
        return ordered[offset : offset + limit]
    if not isinstance(ordered, ranking.HeadThenTail):
        return ordered[offset : offset + limit]
    head, size, tail = ordered.head, ordered.head_size, ordered.tail
    if offset + limit <= size:
        return head[offset : offset + limit]
    if offset >= size:
        return tail[offset - size : offset - size + limit]
    # The one page that straddles the ranked head and the rest.
    ids = list(head.values_list("id", flat=True)[offset:size])
    return ids + tail[: offset + limit - size]


def _articles(criteria: Criteria, found: _Found, offset: int, depth: int) -> list[Article]:
    """The page's articles, positions offset … depth (the candidate set can hold more than
    the count says: no page goes past it)."""
    chosen = _slice(_ordered(criteria, found, depth), offset, depth - offset)
    if isinstance(chosen, list):
        return pages.by_ids(chosen, criteria)
    return pages.articles_of(chosen, criteria)


def search(criteria: Criteria, page: int = 1, size: int = 20, with_facets: bool = True) -> Results:
    """One page of results for valid criteria (tags resolved: `Criteria.with_tags`).

    Raises PageOutOfRange for a page past the end, TooSlow when a statement runs past its time.
    """
    suggestion, spelling = None, False
    try:
        with guarded() as cursor:
            offset = (page - 1) * size
            found = _find(criteria, offset + size, with_facets)
            criteria = found.criteria
            count, facets, cached = _summary(criteria, found, cursor, with_facets)
            reachable, ranked_only = _reachable(criteria, found, count)
            num_pages = max(1, math.ceil(reachable / size))
            if page > num_pages:
                raise PageOutOfRange
            articles = _articles(criteria, found, offset, offset + min(size, reachable - offset))
            if criteria.fold:
                articles = folding.fold_page(articles)
            if page > 1 and not articles:
                raise PageOutOfRange
            counted = facets.result()
            if found.listed is None and not cached:
                cache.set(
                    _summary_key(criteria, with_facets),
                    (count, facet_counts.packed(counted)),
                    limits().cache_seconds,
                )
            searched_from = found.listed.searched_from if found.listed is not None else None
            # Last, on its own shorter timeout (see archive/search/suggest.py).
            if (
                suggest.may_be_misspelt(criteria, count, counted)
                and searched_from is None
                and page == 1
            ):
                spelling = True
                suggestion = suggest.suggest(criteria, found_nothing=count.value == 0)
    except TooSlow:
        if not spelling:
            raise
        # The spelling look-up ran out of time: the results stand, without a suggestion.
        suggestion = None
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
        path=_path(found),
    )


def _path(found: _Found) -> str:
    if found.listed is None:
        return "bounded"
    return "windowed" if found.listed.windowed else "listed"


def window(criteria: Criteria, offset: int, limit: int, timeout_ms: int | None = None) -> list[int]:
    """The ids of the results at positions offset … offset + limit, in the search's order."""
    with guarded(timeout_ms):
        found = _find(criteria, offset + limit)
        criteria = found.criteria
        ranked = ranking.ranked_limit(criteria, listed=found.listed is not None)
        if criteria.effective_sort == "relevance" and ranked is not None:
            # As far as the pages go: a candidate set can hold more than it ranks.
            limit = max(0, min(limit, ranked - offset))
        chosen = _slice(_ordered(criteria, found, offset + limit), offset, limit)
        if isinstance(chosen, list):
            return chosen
        return list(chosen.values_list("id", flat=True))


def ordered_ids(criteria: Criteria, limit: int) -> list[int]:
    """The first `limit` results' ids (the admin's search lists these)."""
    return window(criteria, 0, limit)


__all__ = ["PageOutOfRange", "Results", "TooSlow", "ordered_ids", "search", "window"]
