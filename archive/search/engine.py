"""Filtering, ordering and counting search results, designed to stay fast at a million articles.

Three bounds keep every request cheap however common the query's words are (see
docs/search-design.md): relevance is computed only over a bounded candidate set (the newest
matches), the count is exact up to a threshold and estimated above it, and facets are
counted by `archive.search.facets` on a bounded sample within a time budget.
"""

import datetime
import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db import DatabaseError, transaction
from django.db.models import BooleanField, Case, Exists, F, FloatField, OuterRef, Value, When
from django.db.models.expressions import RawSQL

from archive.db_read import read_alias, reading
from archive.models import Agreement, Article, Country, CountryPair
from archive.search import query as syntax

SORTS = ("relevance", "newest", "oldest")
FACETS = ("pair", "country", "language", "source", "agreement", "year")


def setting(name: str, default):
    return getattr(settings, name, default)


@dataclass(frozen=True)
class Criteria:
    """Everything that decides which articles match and in what order (pagination apart)."""

    q: str = ""
    exact: bool = False
    pairs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    language: str = ""
    source: str = ""
    agreement: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    sort: str = ""
    parsed: syntax.ParsedQuery = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "parsed", syntax.parse(self.q))

    @property
    def has_query(self) -> bool:
        return bool(self.parsed)

    @property
    def effective_sort(self) -> str:
        """relevance by default with a query, newest without one (relevance needs words)."""
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.has_query else "newest"

    def without(self, facet: str) -> "Criteria":
        """The same criteria minus one facet's own filter: what its disjunctive counts use."""
        names = {
            "pair": {"pairs": ()},
            "country": {"countries": ()},
            "language": {"language": ""},
            "source": {"source": ""},
            "agreement": {"agreement": ""},
            "year": {"year": None},
        }
        return replace(self, **names[facet])

    def cache_key(self, prefix: str) -> str:
        data = {k: str(v) for k, v in self.__dict__.items() if k not in ("parsed", "sort")}
        data["q"] = self.parsed.websearch()
        digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        return f"search:{prefix}:{digest}"


class ProbedExists(Exists):
    """EXISTS that stays a per-row probe: OFFSET 0 keeps the planner from making it a join.

    Testing a stored vector means reading and decompressing it, which the planner does not
    know; given a join, it starts from all the articles with a tag (30,000 of 100,000 for a
    common pair) and tests each one's vector. As a probe, the full-text and date indexes
    choose the rows and each is checked against the link table's index.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


def filtered(queryset, criteria: Criteria, probe: bool | None = None):
    """Articles matching the query text and every filter, unordered.

    Tags are tested with per-row probes when there is a query (see ProbedExists) or when
    `probe` says so (a page in date order walks the date index and probes each row); a
    count or facet without a query is better served by a join.
    """
    if criteria.has_query:
        queryset = queryset.filter(syntax.match_q(criteria.parsed, criteria.exact))
    queryset = _columns(queryset, criteria)
    exists = ProbedExists if (criteria.has_query if probe is None else probe) else Exists
    for link in _links(criteria):
        queryset = queryset.filter(exists(link.filter(article_id=OuterRef("pk"))))
    return queryset


def _columns(queryset, criteria: Criteria):
    """The filters on the article's own columns: language, outlet, dates."""
    if criteria.language:
        queryset = queryset.filter(language=criteria.language)
    if criteria.source:
        queryset = queryset.filter(outlet__slug=criteria.source)
    if criteria.date_from:
        queryset = queryset.filter(published_on__gte=criteria.date_from)
    if criteria.date_to:
        queryset = queryset.filter(published_on__lte=criteria.date_to)
    if criteria.year:
        queryset = queryset.filter(published_on__gte=datetime.date(criteria.year, 1, 1))
        if criteria.year < datetime.MAXYEAR:  # 9999 has no next year to stop before
            queryset = queryset.filter(published_on__lt=datetime.date(criteria.year + 1, 1, 1))
    return queryset


def _links(criteria: Criteria) -> list:
    """The tag filters, as querysets of link-table rows (pairs, countries, agreements)."""
    links = _tag_links(criteria)
    if "agreement" in links:
        links.pop("kind", None)  # the agreement's own link already requires the kind
    return list(links.values())


# No row has this id (ids start at 1): what a tag filter that names no row is given.
NO_ROW = 0


def _ids(queryset) -> list[int]:
    """The ids of the rows a tag filter names; [NO_ROW] for none.

    An empty `IN ()` cannot be written as SQL: Django raises EmptyResultSet when it compiles
    the statement, which the raw SQL built around the filters does not expect (a kind with no
    agreements yet answered 500). One id that no row has matches nothing, as it should.
    """
    return list(queryset.values_list("id", flat=True)) or [NO_ROW]


def rank_expression(criteria: Criteria):
    """ts_rank over the stemmed vector, plus 1 when the words also match in their exact forms.

    ts_rank stays below 1 for news-length texts, so every exact match ranks above every
    stem-only one, and the ordinary rank orders within each group.
    """
    stemmed_text = syntax.tsquery_text(criteria.parsed)
    exact_text = syntax.tsquery_text(criteria.parsed, exact_forms=True)
    return SearchRank(F("search_vector"), syntax.TsQuery(stemmed_text)) + Case(
        When(search_exact=syntax.TsQuery(exact_text), then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def ordered(queryset, criteria: Criteria):
    """The filtered articles in the requested order.

    By relevance, only a bounded candidate set is ranked: the newest SEARCH_RANK_CANDIDATES
    matches and the newest as many with the words in their title. Ranking reads and
    decompresses every ranked vector, so ranking all 160,000 matches of a common word would
    take seconds. Below that number of matches (most real queries) the ranking is exact.
    """
    matches = filtered(queryset, criteria, probe=True)
    sparse = criteria.has_query and not _dense(queryset, criteria)
    sort = criteria.effective_sort
    if sort in ("newest", "oldest"):
        if sparse:
            matches = _resolved_first(queryset, matches)
        return matches.order_by(
            *(("-published_on", "-id") if sort == "newest" else ("published_on", "id"))
        )
    limit = ranked_limit(criteria, listed=False)
    # Words in the title imply words in the article (the title is part of its vector) unless
    # something is excluded or phrases must be exact; then the title index alone finds them,
    # without reading a common word's whole entry in the article index.
    negated = any(term.negated for group in criteria.parsed.groups for term in group)
    implied = not negated and not (criteria.exact and criteria.parsed.has_phrases)
    titled = filtered(queryset, replace(criteria, q="")) if implied else matches
    in_title = titled.filter(title_matches(criteria))
    # The planner walks the date index computing each title's vector until it has `limit`
    # title matches (67,000 titles, 470 ms, for «республики» in 1% of the titles); listed
    # through the title index first they cost 20 ms. Only for words in many titles is the
    # walk shorter.
    few_titles = estimate(in_title) < setting("SEARCH_TITLE_WALK_SHARE", 0.03) * table_rows()
    newest_sql, newest_params = _newest(matches, limit, materialise=sparse)
    title_sql, title_params = _newest(in_title, title_limit(), materialise=few_titles)
    candidates = RawSQL(  # noqa: S611 - both parts compiled by Django, parameters apart
        f"({newest_sql}) UNION ({title_sql})", (*newest_params, *title_params)
    )
    return (
        # One IN over a UNION: an OR of two INs makes the planner scan the whole table.
        queryset.filter(id__in=candidates)
        .annotate(rank=rank_expression(criteria))
        .order_by("-rank", "-published_on", "-id")
    )


@dataclass(frozen=True)
class MatchSet:
    """Every matching article's id, newest first: found once, then used for the count, the
    facets and the page (see `resolve`).

    `without` holds, for a tag facet whose filter is in use (pair, country, agreement), the
    ids of the matches without that filter: what the facet's disjunctive counts are over.
    """

    ids: tuple[int, ...]
    without: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    # Set when only the articles published from this day on were searched (see
    # `_newest_windows`): the ids are every match in that span, none older.
    searched_from: datetime.date | None = None
    # Found span by span (`_newest_windows`): nothing else is known about the phrase's matches.
    windowed: bool = False

    def __len__(self):
        return len(self.ids)


# The tag filters, by the facet whose own filter each one is ("kind" belongs to none).
TAG_FILTERS = ("pair", "country", "agreement", "kind")


def _tag_links(criteria: Criteria) -> dict[str, object]:
    """Each tag filter in use as a queryset of link-table rows, by the facet it belongs to.

    Codes and slugs are resolved to ids first (tiny indexed look-ups): filtering the link
    tables by id lets the planner use their column statistics, where a join on the code
    left it guessing (875 rows expected for a pair with 31,512 at 100,000 articles).
    "agreement" is the chosen agreement of the chosen kind; "kind" alone is what remains
    when the agreement facet drops its own filter.
    """
    links = {}
    if criteria.pairs:
        ids = _ids(CountryPair.objects.filter(code__in=criteria.pairs))
        links["pair"] = Article.pairs.through.objects.filter(countrypair_id__in=ids)
    if criteria.countries:
        ids = _ids(Country.objects.filter(code__in=criteria.countries))
        links["country"] = Article.countries.through.objects.filter(country_id__in=ids)
    through = Article.agreements.through.objects
    if criteria.agreement:
        agreements = Agreement.objects.filter(slug=criteria.agreement)
        if criteria.kind:
            agreements = agreements.filter(kind=criteria.kind)
        links["agreement"] = through.filter(agreement_id__in=_ids(agreements))
    if criteria.kind:
        ids = _ids(Agreement.objects.filter(kind=criteria.kind))
        links["kind"] = through.filter(agreement_id__in=ids)
    return links


def resolve(criteria: Criteria) -> MatchSet | None:
    """All the matches, when there are at most SEARCH_RESOLVE_LIMIT and they are found in time.

    A query with filters used to find its matches three times (count, facets, page), each
    time intersecting the text index with the date index and probing each candidate's tags:
    90 ms each for a word, a pair and two years at a million articles. Listed once, the
    matches give an exact count, facets over their ids and the page by date at once. Large
    match sets (the planner says so, or the listing passes the limit or the time) are left
    to the bounded paths (`ordered`, `count`, sampled facets); None says so.

    With words and tag filters, the words' matches are listed with a flag per tag filter:
    one pass gives the matches and, for each tag facet, the matches without its own filter.
    """
    if not criteria.has_query and criteria == Criteria(sort=criteria.sort):
        return None  # the whole archive
    started = time.monotonic()
    if heavy_phrase(criteria):
        return _newest_windows(criteria, started)
    listed = _resolve(criteria)
    if listed is TOO_SLOW:
        # A phrase whose candidates took too long to re-check after all: newest spans first,
        # in what is left of the phrase's time.
        return _newest_windows(criteria, started) if criteria.parsed.has_phrases else None
    return listed


# What `_listed` answers when the listing ran out of time.
TOO_SLOW = object()


def _resolve(criteria: Criteria):
    """`resolve` for criteria that need no spans: a MatchSet, None (too many) or TOO_SLOW."""
    limit = setting("SEARCH_RESOLVE_LIMIT", 20000)
    links = _tag_links(criteria)
    probe = True
    if criteria.has_query and links:
        untagged = replace(criteria, pairs=(), countries=(), agreement="", kind="")
        words = estimated_matches(Article.objects.order_by(), untagged)
        rarest = min(estimate(link) for link in links.values())
        if rarest * setting("SEARCH_RARE_TAG_RATIO", RARE_TAG_RATIO) < words:
            # A tag much rarer than the words: start from its articles and test each one's
            # words (1,000 articles of a rare pair, 16 ms), rather than visit the words'
            # 20,000 matches in the dates and probe each for the pair (280 ms).
            probe = False
        elif words <= limit:
            # Only when the words' matches surely fit: a listing that passes the limit is
            # lost work (235 ms for 20,000 rows of a common word and four years).
            listed = _listed(untagged, links, limit)
            if listed is not None:  # a MatchSet, or TOO_SLOW
                return listed
    if not criteria.has_query:
        # Without words the bounded path is cheap (the date index walked with tag probes, a
        # sample for the facets); listing 20,000 articles of a pair would cost 85 ms.
        limit = min(limit, setting("SEARCH_FACET_SAMPLE", 2000) * 2)
    # Tag filters alone are estimated well (by the link tables' statistics); words less so.
    margin = 2 if criteria.has_query else 1
    if estimated_matches(Article.objects.order_by(), criteria) > margin * limit:
        return None
    return _listed(criteria, {}, limit, probe)


# Testing an article's words reads its vector (about 40 µs); visiting a matched row and
# probing its tags costs about 5 µs. A tag this many times rarer than the words leads.
RARE_TAG_RATIO = 8


# The pg_stats columns read here, and the array type each is read as.
STATISTICS = {"histogram_bounds", "most_common_elems"}


def article_statistic(column: str, statistic: str, element_type: str) -> list:
    """One of ANALYZE's statistics of an article column (pg_stats), as a list; [] before any."""
    if statistic not in STATISTICS or element_type not in ("date", "text"):
        raise ValueError(statistic)
    with reading().cursor() as cursor:
        cursor.execute(
            # anyarray has no direct cast: through text, to the column's own element type.
            f"SELECT {statistic}::text::{element_type}[] FROM pg_stats "  # noqa: S608 - checked above
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
            [Article._meta.db_table, column],
        )
        row = cursor.fetchone()
    return list(row[0]) if row and row[0] else []


def _date_windows() -> list[datetime.date]:
    """Lower bounds of spans of the archive, newest first, each about twice the one before.

    Taken from the planner's equal-frequency histogram of publication dates (each bucket
    holds about 1% of the articles): the newest 1%, then 2%, 4%, … of the articles.
    """
    bounds = sorted(
        set(article_statistic("published_on", "histogram_bounds", "date")), reverse=True
    )
    windows, step = [], 1
    while step < len(bounds) - 1:
        windows.append(bounds[step])
        step *= 2
    return windows


def _newest_windows(criteria: Criteria, started: float) -> MatchSet:
    """The matches of a heavy phrase, searched span by span from the newest articles back.

    Every candidate of such a phrase must be re-checked for word order, and all of them
    cannot be in the time a page has (see `heavy_phrase`). Spans of the archive are searched
    newest first, each about twice the last, while SEARCH_PHRASE_BUDGET_MS lasts and until
    there are as many matches as relevance ranks; the first span always is. The answer holds
    every match from `searched_from` on, and says so.
    """
    deadline = started + setting("SEARCH_PHRASE_BUDGET_MS", 200) / 1000
    found: list[tuple[int, datetime.date]] = []
    upper = None  # the span below this day is searched next (exclusive)
    searched_from = None
    first = True  # no span searched yet: the first one is, however long it takes
    enough = setting("SEARCH_RANK_CANDIDATES", 300)
    windows = _date_windows()
    for lower in [*windows, None]:
        span = replace(
            criteria,
            date_from=max(filter(None, (criteria.date_from, lower)), default=None),
            date_to=min(
                filter(None, (criteria.date_to, upper and upper - datetime.timedelta(days=1))),
                default=None,
            ),
        )
        if not (span.date_from and span.date_to and span.date_from > span.date_to):
            remaining = deadline - time.monotonic()
            if first:
                remaining = setting("SEARCH_STATEMENT_TIMEOUT_MS", 5000) / 1000
            elif remaining < 0.01:
                break
            rows = filtered(Article.objects.order_by(), span).values_list("id", "published_on")
            try:
                with time_budget(max(10, int(remaining * 1000))):
                    found.extend(rows)
            except DatabaseError:
                if first:
                    raise  # not even the newest span in time: the search is too slow
                break
            first = False
        searched_from = lower
        upper = lower
        if lower is None or (criteria.date_from and lower <= criteria.date_from):
            searched_from = None  # everything the criteria allow was searched
            break
        if len(found) >= enough:
            break  # as many as relevance ranks: older spans would only add to the count
    found.sort(key=lambda row: (row[1], row[0]), reverse=True)
    return MatchSet(tuple(row[0] for row in found), searched_from=searched_from, windowed=True)


def _listed(criteria: Criteria, links: dict, limit: int, probe: bool = True):
    """List the matches of `criteria` with a flag per tag filter in `links` (see `resolve`).

    A MatchSet; None when there are more than `limit`; TOO_SLOW past the time allowed.
    `probe=False` joins the tag filters instead of probing each text match for them.
    """
    matches = filtered(Article.objects.order_by(), criteria, probe=None if probe else False)
    link = tag_only(criteria)
    if link is not None:
        # Browsing one tag: its link rows name the articles (29 ms → a few as a semi-join).
        matches = Article.objects.filter(id__in=link.values("article_id")).order_by()
    flags = {
        f"tag_{name}": Exists(link.filter(article_id=OuterRef("pk")))
        for name, link in links.items()
    }
    rows_query = matches.annotate(**flags).values("id", "published_on", *flags)
    sql, params = rows_query.query.sql_with_params()
    query = (
        f"WITH m AS MATERIALIZED ({sql} LIMIT %s) "  # noqa: S608 - placeholders only
        "SELECT * FROM m ORDER BY published_on DESC, id DESC"
    )
    budget = setting("SEARCH_RESOLVE_TIMEOUT_MS", 300)
    if criteria.parsed.has_phrases:
        # Half the phrase's time: the rest is for searching it newest spans first.
        budget = min(budget, setting("SEARCH_PHRASE_BUDGET_MS", 200) // 2)
    try:
        with time_budget(budget) as cursor:
            cursor.execute(query, (*params, limit + 1))
            rows = cursor.fetchall()
    except DatabaseError:
        return TOO_SLOW  # many candidates to re-check for a phrase's word order
    if len(rows) > limit:
        return None
    names = list(links)
    # Each row: id, published_on, then one flag per tag filter in the order of `names`.
    ids = tuple(row[0] for row in rows if all(row[2:]))
    without = {}
    for facet in ("pair", "country", "agreement"):
        if facet in names:
            others = [2 + i for i, name in enumerate(names) if name != facet]
            without[facet] = tuple(row[0] for row in rows if all(row[i] for i in others))
    return MatchSet(ids, without)


def _newest_in_title(criteria: Criteria, matches: MatchSet, limit: int) -> list[int]:
    """The newest `limit` of the listed matches with the query's words in their title.

    Either each listed article's title is parsed (about 15 µs each: 100 ms for 6,600
    matches) or the title index lists every title with the words, which are then looked up
    among the matches (about 2 µs each); whichever the estimates say is less work.
    """
    # The filters on the article's own columns (dates, language, outlet) narrow the title
    # index's matches before any row is read; the listed ids do the rest.
    in_title = _columns(Article.objects.all(), criteria).filter(title_matches(criteria))
    if matches.searched_from:
        in_title = in_title.filter(published_on__gte=matches.searched_from)
    if estimate(in_title) * 2 < len(matches) * 15:
        sql, params = in_title.order_by().values("id", "published_on").query.sql_with_params()
        query = (
            f"WITH t AS MATERIALIZED ({sql}) SELECT id FROM t "  # noqa: S608 - placeholders only
            "WHERE id = ANY(%s::bigint[]) ORDER BY published_on DESC, id DESC LIMIT %s"
        )
        with reading().cursor() as cursor:
            cursor.execute(query, (*params, list(matches.ids), limit))
            return [row[0] for row in cursor.fetchall()]
    return list(
        in_title.filter(among(matches.ids))
        .order_by("-published_on", "-id")
        .values_list("id", flat=True)[:limit]
    )


def heavy_phrase(criteria: Criteria) -> bool:
    """Does a phrase in the query have more candidates than can be re-checked in time?

    The full-text index keeps no word positions: every article holding all of a phrase's
    words is read and re-checked for their order (about 40 µs each). «своих меня китае» has
    380,000 such candidates in a million articles, for 3,400 matches: 14 s to list them all.
    Such phrases get an estimated count and no facets; when their matches are common, the
    page ranks only the newest SEARCH_PHRASE_CANDIDATES, found by walking the date index.
    """
    if not criteria.parsed.has_phrases:
        return False
    candidates = Article.objects.filter(
        syntax.match_q(criteria.parsed, criteria.exact, relaxed=True)
    )
    return estimate(candidates) > setting("SEARCH_PHRASE_RECHECK_LIMIT", 2000)


def page_ids(criteria: Criteria, matches: MatchSet, offset: int, size: int) -> list[int]:
    """One page of a listed match set, in the requested order."""
    sort = criteria.effective_sort
    if sort == "newest":
        return list(matches.ids[offset : offset + size])
    if sort == "oldest":
        return list(reversed(matches.ids))[offset : offset + size]
    limit = setting("SEARCH_RANK_CANDIDATES", 300)
    candidates = set(matches.ids[:limit])
    if len(matches) > limit:
        # The newest matches with the words in their title join the candidates (see `ordered`).
        candidates.update(_newest_in_title(criteria, matches, title_limit()))
    ranked = (
        Article.objects.filter(among(candidates))
        .annotate(rank=rank_expression(criteria))
        .order_by("-rank", "-published_on", "-id")
        .values_list("id", flat=True)
    )
    return list(ranked[offset : offset + size])


def among(ids) -> RawSQL:
    """The article is one of `ids`: one array parameter, however many (IN would list them)."""
    table = Article._meta.db_table  # our own name; the ids are a parameter
    return RawSQL(f'"{table}"."id" = ANY(%s::bigint[])', [list(ids)], output_field=BooleanField())  # noqa: S611


def table_rows() -> int:
    """The planner's idea of how many articles there are (instant, roughly right)."""
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE oid = %s::regclass",
            [Article._meta.db_table],
        )
        return cursor.fetchone()[0]


def _dense(queryset, criteria: Criteria) -> bool:
    """Do the matches make up a large share of all articles (by the planner's estimates)?"""
    share = estimated_matches(queryset, criteria) / table_rows()
    return share >= setting("SEARCH_DENSE_SHARE", 0.025)


def estimated_matches(queryset, criteria: Criteria) -> int:
    """How many articles match, by the planner's estimates (instant).

    The planner cannot see through the tag probes (it guessed 51,000 matches for a common
    word and a rare pair that had 264), so the estimate for the text and column filters is
    scaled by each tag filter's own share of the archive, as if they were independent.
    """
    rows = table_rows()
    untagged = replace(criteria, pairs=(), countries=(), agreement="", kind="")
    matches = float(estimate(filtered(queryset, untagged)))
    for link in _links(criteria):
        matches *= min(1.0, estimate(link) / rows)
    return round(matches)


def _resolved_first(queryset, matches):
    """The matches as `id IN (… OFFSET 0)`: found through the indexes before being ordered.

    Left alone, the planner walks the date index testing each row's vector until it has a
    page (reading and decompressing every vector it passes); for words in a few percent of
    the articles that is thousands of vectors. Resolved first, the matches come from the
    full-text index without reading any vector and are then ordered. For words in a large
    share of the articles the walk is the cheaper way, and is kept.
    """
    sql, params = matches.order_by().values("id").query.sql_with_params()
    # Django compiled `sql` and keeps its parameters apart.
    return queryset.filter(id__in=RawSQL(f"{sql} OFFSET 0", params))  # noqa: S611


def _newest(matches, limit: int, materialise: bool) -> tuple[str, tuple]:
    """SQL and parameters for the ids of the newest `limit` matches (see `_newest_of_few`)."""
    if materialise:
        raw = _newest_of_few(matches, limit)
        return raw.sql, tuple(raw.params)
    sql, params = (
        matches.order_by("-published_on", "-id").values("id")[:limit].query.sql_with_params()
    )
    return sql, tuple(params)


def _newest_of_few(matches, limit: int) -> RawSQL:
    """The newest `limit` ids of a match set that is a small share of the archive.

    Materialised first, the matches come from the full-text index and only they are sorted
    by date. As a plain subquery the planner joins them with the whole date index (a walk of
    every article) or walks it testing each row's vector: 0.2–1 s at a million articles.
    """
    sql, params = matches.order_by().values("id", "published_on").query.sql_with_params()
    # Django compiled `sql` and keeps its parameters apart.
    query = (
        f"WITH m AS MATERIALIZED ({sql}) "  # noqa: S608 - placeholders only
        "SELECT id FROM m ORDER BY published_on DESC, id DESC LIMIT %s"
    )
    return RawSQL(query, (*params, limit))  # noqa: S611


def title_matches(criteria: Criteria):
    """The query's words are in the title (uses the stemmed title index of migration 0004)."""
    text = syntax.tsquery_text(criteria.parsed)
    return RawSQL(
        "to_tsvector('russian'::regconfig, replace(title, 'ё', 'е')) @@ (%s)::tsquery",
        [text],
        output_field=BooleanField(),
    )


def title_limit() -> int:
    """How many of the newest matches with the words in the title join the ranked candidates.

    Each candidate's two vectors are read to rank it (20–180 µs each at a million articles,
    depending on the cache): 100 title matches keep the best of the old articles within
    reach for a third of the cost of 300.
    """
    return setting("SEARCH_RANK_TITLE_CANDIDATES", 100)


def ranked_limit(criteria: Criteria | None = None, listed: bool = True) -> int:
    """How many results a relevance-sorted search can page through (see `ordered`).

    Fewer for a phrase whose matches were not listed (see `heavy_phrase`): each candidate
    found by walking the date index has to be re-checked.
    """
    if criteria is not None and not listed and criteria.parsed.has_phrases:
        return setting("SEARCH_PHRASE_CANDIDATES", 20)
    return setting("SEARCH_RANK_CANDIDATES", 300)


@dataclass(frozen=True)
class Count:
    """A number of matches: exact, estimated, or (`at_least`) only known to exceed `value`."""

    value: int
    exact: bool = True
    at_least: bool = False


def count(criteria: Criteria, matches: MatchSet | None = None) -> Count:
    """How many articles match: exact up to SEARCH_EXACT_COUNT_LIMIT, estimated above it.

    Counting stops after the limit, and within SEARCH_COUNT_TIMEOUT_MS (a phrase of common
    words re-checks every candidate); past either bound the planner's estimate is used.
    A listed match set is counted exactly, whatever its size.
    """
    if matches is not None:
        return Count(len(matches))
    limit = setting("SEARCH_EXACT_COUNT_LIMIT", 10000)
    matches = filtered(Article.objects.order_by(), criteria)
    link = tag_only(criteria)
    if link is not None:
        # Browsing one tag: its link rows are the matches; no article row needs reading
        # (43 ms → 5 ms for a pair with 8,000 articles at a million).
        matches = link.order_by().values("article_id")
        if len(criteria.pairs) > 1 or len(criteria.countries) > 1 or criteria.kind:
            matches = matches.distinct()  # an article can have several of the tags
    planned = estimated_matches(Article.objects.order_by(), criteria)
    if planned > 2 * limit or heavy_phrase(criteria):
        # The planner knows common words well (PostgreSQL keeps their frequencies); counting
        # even the first `limit` of them would read a large part of the index.
        return Count(planned, exact=False)
    try:
        with time_budget(setting("SEARCH_COUNT_TIMEOUT_MS", 300)):
            counted = (matches if link is not None else matches.values("id"))[: limit + 1].count()
    except DatabaseError:
        # Counting ran out of time: nothing says there are more than `limit`, so the
        # estimate is the honest answer ("about N").
        return Count(max(planned, 1), exact=False)
    if counted <= limit:
        return Count(counted)
    # More than `limit`; the estimate is only worth showing if it agrees.
    return Count(max(limit, planned), exact=False, at_least=planned <= limit)


def tag_only(criteria: Criteria):
    """The link rows of the one tag filter in use, when nothing else is (else None)."""
    if criteria.has_query or _columns(Article.objects.all(), criteria).query.where:
        return None
    links = _tag_links(criteria)
    return next(iter(links.values())) if len(links) == 1 else None


def estimate(queryset) -> int:
    """The planner's row estimate for a queryset: instant, usually within a few percent."""
    output = queryset.order_by().values("id").explain(format="json")
    if not output:
        return 0  # a filter that can match nothing (`id IN ()`): Django runs no query
    plan = json.loads(output)
    return int(plan[0]["Plan"]["Plan Rows"])


@contextmanager
def time_budget(milliseconds: int, **settings_):
    """A cursor whose statements are cancelled after `milliseconds` (raising DatabaseError).

    Runs in a savepoint, so a cancelled statement leaves the surrounding transaction usable;
    the previous timeout (and any other setting given) is restored afterwards.
    """
    names = {"statement_timeout": f"{milliseconds}ms", **settings_}
    # One round trip to read the old values and set the new ones, one to restore them.
    reads = ", ".join("current_setting(%s, true)" for _ in names)
    writes = ", ".join("set_config(%s, %s, true)" for _ in names)
    with transaction.atomic(using=read_alias()), reading().cursor() as cursor:
        cursor.execute(
            f"SELECT {reads}, {writes}",  # noqa: S608 - placeholders only
            [*names, *(item for name, value in names.items() for item in (name, str(value)))],
        )
        previous = cursor.fetchone()[: len(names)]
        yield cursor
        # A setting that had no value before (pg_trgm's, until the module first loads in this
        # session) goes back to its reset value: an empty string is not a valid number.
        restores = ", ".join(
            "set_config(%s, coalesce(%s, (SELECT reset_val FROM pg_settings WHERE name = %s), ''), true)"
            for _ in names
        )
        cursor.execute(
            f"SELECT {restores}",  # noqa: S608 - placeholders only
            [
                item
                for name, value in zip(names, previous, strict=True)
                for item in (name, value, name)
            ],
        )


@contextmanager
def search_transaction():
    """The settings every search statement runs under, in one transaction.

    The planner underestimates what testing a stored tsvector costs (reading and decompressing
    it), so for words in a large share of articles it prefers a sequential scan that tests
    every row; keeping it on the indexes is what keeps common words fast. A statement
    that still runs away is cancelled after SEARCH_STATEMENT_TIMEOUT_MS.
    """
    # A bitmap of a common word's matches outgrows the default 4 MB of work_mem and turns
    # lossy: every row of a lossy page then has its vector re-read and re-checked (4.7 s for
    # a word plus a rare pair at a million articles, against 30 ms with the memory).
    # No JIT: with sequential scans off, the planner's costs pass JIT's thresholds, and
    # compiling a facet statement took 215 ms of a 250 ms budget on a 36-article archive.
    with time_budget(
        setting("SEARCH_STATEMENT_TIMEOUT_MS", 5000),
        enable_seqscan="off",
        jit="off",
        work_mem=setting("SEARCH_WORK_MEM", "64MB"),
    ) as c:
        yield c
