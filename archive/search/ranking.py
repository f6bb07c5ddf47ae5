"""Ordering by relevance: which matches are ranked, and how.

Ranking reads each ranked article's vector whole (stored uncompressed, migration 0020: 13 µs
each at a million articles, more when it is not in memory), so relevance runs in two stages:

- **Every listed match** (fewer than SEARCH_RESOLVE_LIMIT) is scored from what its listed
  row already holds: whether the words are in its title (weight A), its static rank
  (`Article.static_rank`: agreements, focus, length, lead) and its age; PostgreSQL computes
  the score as it lists them (`listing.SCORE_SQL`). The best
  SEARCH_RANK_CANDIDATES by that score, and the newest SEARCH_RANK_TITLE_CANDIDATES, are
  ranked by ts_rank; every other match follows in score order, so every match can be
  paged to.
- **A match set too large to list** is ranked from a candidate set: its newest matches,
  its title matches with the best static rank, and its prominent matches (static rank at
  least PROMINENT_RANK) with the best static rank: read from the prominent articles' own
  indexes when they are few, met walking the static-rank index when they are many (`few`).
"""

import datetime
from dataclasses import dataclass, replace
from itertools import islice
from operator import itemgetter

from django.db.models import FloatField, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import LessThan

from archive.models import PROMINENT_RANK, Article
from archive.models.articles import DAY_NUMBER, DAY_ZERO
from archive.search import datekeys, folding
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.listing import RECENCY_DAYS, RECENCY_WEIGHT, Listed
from archive.search.matching import DATE_ON_ROW, filtered, title_matches
from archive.search.planner import LAST_WINDOW, date_windows
from archive.search.registry import ID, IN_TITLE, PUBLISHED, SCORE, STATIC_RANK

NEWEST = ("-published_on", "-id")
BEST = ("-static_rank", *NEWEST)


def rank_expression(criteria: Criteria, among: str | None = None):
    """ts_rank over the stemmed vector, plus 1 when the words also match in their exact forms.

    ts_rank stays below 1 for news-length texts, so every exact match ranks above every
    stem-only one, and the ordinary rank orders within each group.

    `among`: the ranked articles' ids (`id_array`), known beforehand (the head of listed
    matches). Their exact matches are then read at once, by `archive_exact_among` (migration
    0019), which plans for the words at hand: the exact index's entry ANDed with the ids (a
    middle word's 370 ranked articles: 3.7 ms, where testing each one's exact vector took
    7.8), or each vector tested when the entry is the larger.
    """
    stemmed_text = syntax.tsquery_text(criteria.parsed)
    exact_text = syntax.tsquery_text(criteria.parsed, exact_forms=True)
    # Words in order (a phrase, a name of several words) are tested on each ranked vector:
    # the exact index holds no positions, so its entry's articles would all be re-read to
    # check the order, ranked or not («карта о сотрудничестве в области культуры»: 1,691
    # read for 111 ranked, 31 ms; each of the 111 tested, 1-5 ms).
    if among is not None and not syntax.needs_word_order(criteria.parsed, exact_forms=True):
        exact = (
            '"archive_article"."id" IN (SELECT archive_exact_among(%s::bigint[], (%s)::tsquery))'
        )
        params = [stemmed_text, among, exact_text]
    else:
        exact, params = (
            '"archive_article"."search_exact" @@ (%s)::tsquery',
            [stemmed_text, exact_text],
        )
    # One expression, not SearchRank + Case(When(...)): the ORM hashes an ordering's expression
    # tree node by node, which cost 3 ms a page with the head's ids inside it.
    return RawSQL(  # noqa: S611 - placeholders only
        f'ts_rank("archive_article"."search_vector", (%s)::tsquery) + CASE WHEN {exact} '
        "THEN 1.0 ELSE 0.0 END",
        params,
        output_field=FloatField(),
    )


def ranked_limit(criteria: Criteria, listed: bool) -> int | None:
    """How many results a relevance-sorted search can page through: every listed match
    (None), or the candidate set of a match set too large to list.

    Fewer for a phrase whose matches were not listed: each candidate found by walking the
    date index has to be re-checked for word order.
    """
    if listed:
        return None
    if criteria.parsed.has_phrases:
        return limits().phrase_candidates
    return limits().rank_candidates


def ranked(criteria: Criteria, candidates: RawSQL, among: str | None = None):
    """The candidate articles, best first (ties: newest first); `among`: their ids, when
    known (see `rank_expression`)."""
    return (
        Article.objects.filter(id__in=candidates)
        .annotate(rank=rank_expression(criteria, among))
        .order_by("-rank", *NEWEST)
    )


def _sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _title_words_imply_match(criteria: Criteria) -> bool:
    """Words in the title imply the article matches (the title is part of its vector) unless
    something is excluded or phrases must be exact."""
    negated = any(term.negated for group in criteria.parsed.groups for term in group)
    return not negated and not (criteria.exact and criteria.parsed.has_phrases)


def _score(titled: bool, matches):
    """The first stage's score of a listed row, as `listing.SCORE_SQL` computes it, with
    recency from the newest of `matches`."""
    latest = (matches[0][PUBLISHED] if matches else datetime.date.today()).toordinal()
    per_day = RECENCY_WEIGHT / RECENCY_DAYS

    def score(row) -> float:
        # Called for every listed match (up to 20,000): day numbers, not timedeltas.
        recency = max(0.0, RECENCY_WEIGHT - per_day * (latest - row[PUBLISHED].toordinal()))
        return (titled and row[IN_TITLE]) + (row[STATIC_RANK] or 0.0) + recency

    return score


@dataclass(frozen=True)
class HeadThenTail:
    """Every listed match in relevance order: the ranked head, then the rest by score."""

    head: object  # the head's articles, best first (a queryset)
    head_size: int
    tail: list[int]

    def __len__(self):
        return self.head_size + len(self.tail)


def listed_order(criteria: Criteria, listed: Listed) -> HeadThenTail:
    """The two stages over every listed match (see the module's docstring)."""
    bounds = limits()
    if listed.summary is not None:
        # Scored, ordered and folded by PostgreSQL as far as the page reads.
        by_score, newest = listed.summary.first, listed.summary.newest
        return _head_then_tail(criteria, by_score, newest)
    if len(listed.ids) == len(listed.rows):
        matches = listed.rows  # every listed row passed the filters, already in that order
    else:
        rows = {row[ID]: row for row in listed.rows}
        matches = [rows[i] for i in listed.ids]
    # Rows of words carry the title flag and their score (listing.SCORE_SQL), whose recency
    # runs from the newest listed row: computed again here when that row is filtered out.
    titled = criteria.has_query
    if titled and matches and matches[0][PUBLISHED] == listed.rows[0][PUBLISHED]:
        score = itemgetter(SCORE)
    else:
        score = _score(titled, matches)
    # Newest first already, so a stable sort leaves equal scores newest first.
    by_score = [row[ID] for row in sorted(matches, key=score, reverse=True)]
    newest = listed.ids
    if criteria.fold:
        # Each story where its best-scored member stands (archive/search/folding.py).
        by_score = folding.first_of_each_story(by_score, listed.story_of)
        kept = set(by_score)
        newest = list(islice((pk for pk in listed.ids if pk in kept), bounds.rank_title_candidates))
    return _head_then_tail(criteria, by_score, newest)


def _head_then_tail(criteria: Criteria, by_score, newest) -> HeadThenTail:
    """The best `SEARCH_RANK_CANDIDATES` by score and the newest
    `SEARCH_RANK_TITLE_CANDIDATES`, ranked; the rest after them by score."""
    bounds = limits()
    head = set(by_score[: bounds.rank_candidates])
    head.update(newest[: bounds.rank_title_candidates])
    tail = [i for i in by_score if i not in head]
    ids = id_array(sorted(head))
    candidates = RawSQL("SELECT unnest(%s::bigint[])", (ids,))  # noqa: S611
    return HeadThenTail(ranked(criteria, candidates, ids), len(head), tail)


def id_array(ids) -> str:
    """Ids as PostgreSQL's array text ('{1,2,3}'), for `%s::bigint[]`: the page's statement
    names its ranked head twice, and psycopg dumped a list of 400 integers element by
    element each time."""
    return "{" + ",".join(map(str, ids)) + "}"


# Up to this share of the archive, a word's newest matches come sooner from a span of the
# newest articles than from walking the date index: at a million articles a word in 6.5% of
# them took 18 ms (span) against 89 (walk), one in 56% took 79 against 12 (its whole index
# entry is read for the span).
WINDOWED_SHARE = 0.2


def newest_window(
    criteria: Criteria, matches: int, share: float, needed: int | None = None
) -> datetime.date | None:
    """The oldest day the newest `needed` matches (the ranked candidates) need: the newest
    span of the archive (planner.date_windows) expected to hold three times as many. None
    without statistics, when the criteria choose their own dates, when the matches are more
    than WINDOWED_SHARE of the archive, or when no span is enough.
    """
    if criteria.date_from or criteria.date_to or matches <= 0 or share > WINDOWED_SHARE:
        return None
    wanted = 3 * (needed or limits().rank_candidates) / matches
    if wanted >= LAST_WINDOW:
        return None  # no span short of the whole archive holds enough: nothing to read
    return next((day for day, share in date_windows() if share >= wanted), None)


def bounded_candidates(
    criteria: Criteria,
    sparse: bool,
    few_titles: tuple[bool, bool],
    expected: int = 0,
    share: float = 1.0,
    few_prominent: bool = False,
) -> RawSQL:
    """The candidates of a match set too large to list: the newest matches, the title
    matches and the prominent matches with the best static rank.

    `sparse`: the matches are a small share of the archive, so they are found through the
    indexes and only they are sorted (walking the date index would test thousands of
    vectors). `few_prominent`: likewise for the prominent matches; `few_titles`: for the
    title matches, prominent and not (see `best_ids`). `expected`: the planner's estimate of the matches, `share` of the
    archive.
    """
    bounds = limits()
    matches = filtered(criteria)
    since = newest_window(criteria, expected, share)
    parts = [newest_ids(matches, since, ranked_limit(criteria, False), sparse)]
    # Where title words imply a match, the title index alone finds them, without reading a
    # common word's whole entry in the article index.
    titled = filtered(replace(criteria, q="")) if _title_words_imply_match(criteria) else matches
    parts.append(
        best_ids(titled.filter(title_matches(criteria)), bounds.rank_title_candidates, few_titles)
    )
    # The best prominent matches: from the prominent articles' own full-text index when they
    # are few (or the word is), else by walking the archive in static-rank order, where a
    # hundred matches of a word in a fifth of them come within a few hundred rows.
    prominent = matches.filter(static_rank__gte=PROMINENT_RANK)
    parts.append(top_ids(prominent, BEST, bounds.rank_title_candidates, sparse or few_prominent))
    sql = " UNION ".join(f"({part_sql})" for part_sql, _ in parts)
    return RawSQL(sql, tuple(p for _, params in parts for p in params))  # noqa: S611 - compiled by Django


def newest_ids(matches, since: datetime.date | None, limit: int, sparse: bool):
    """SQL and parameters for the ids of the newest `limit` matches.

    From the newest span expected to hold them (`newest_window`) when there is one, and only
    the span's matches are sorted. Where it holds fewer than `limit`, the older matches follow
    (PostgreSQL runs the second branch of an appended pair only when the first ran out), so
    the result is the newest `limit` whatever the estimate. «льдом», 20,500 matches: 8 ms
    from its newest span, where reading and sorting every match took 32. Without a span, the
    matches are found first and sorted when `sparse` (see `top_ids`), else met walking the
    date index.
    """
    if since is None:
        return top_ids(matches, NEWEST, limit, sparse)
    if sparse:
        # Both bitmaps are small: the words' entry and the span's on the date index.
        recent = matches.filter(published_on__gte=since)
    else:
        # A common word's whole entry would be a bitmap of its own: the span is read in the
        # same scan of the full-text index, from the first day of its month.
        since = since.replace(day=1)
        recent = matches.alias(day=DAY_NUMBER).filter(_from_month(since))
    recent, recent_params = top_ids(recent, NEWEST, limit, True)
    # Found first, the older matches have their dates tested on each row (the date index
    # would be read for every older day); walked, the date index starts at the span.
    older = matches.filter(LessThan(DATE_ON_ROW, since) if sparse else Q(published_on__lt=since))
    rest, rest_params = top_ids(older, NEWEST, limit, sparse)
    sql = f"SELECT id FROM (({recent}) UNION ALL ({rest})) AS newest LIMIT %s"  # noqa: S608 - ours
    return sql, (*recent_params, *rest_params, limit)


def _from_month(first: datetime.date) -> Q:
    """Articles dated from `first` (a month's first day) on, as the full-text index finds
    them quickest: the months to this one as date keys, each an entry the scan skips through
    beside the words («итал» from its newest span: 4 ms, where the day numbers' range, read
    whole, took 9), and any later day as a day number (a range of nothing, unless an article
    is dated ahead). Alias `day` is the day number."""
    covered = datekeys.since(first)
    return covered if covered is not None else Q(day__gte=(first - DAY_ZERO).days)


# Rows a page of tags alone may walk the date index for before finding the matches first, in
# their newest span, costs less. Measured at a million articles on the 30 commonest pairs,
# pages 1, 2 and 5: the two ways cross where the walk reads 1,000-1,400 rows (3.5-8 ms either
# way); a pair of 12,000 articles, page 5, took 18 ms walked and 8 found first, one of 4,900,
# 47 and 8.
WALK_ROWS = 1_200


def walks_dates(criteria: Criteria, order: tuple, depth: int, expected: int, total: int) -> bool:
    """Whether the first `depth` matches of tags and dates alone (`expected` of `total`
    articles, as estimated) are read faster by walking the date index, testing each row,
    than found through the indexes first (`found_first`).

    The walk reads about depth × total / expected rows. Found first, the newest matches
    come from the newest span that holds enough of them, a few milliseconds whatever the
    tag's size; without such a span (dates chosen, oldest first, or a tag in more than
    WINDOWED_SHARE of the archive) every match is read and sorted, and the walk is the
    cheaper while expected² > depth × total.
    """
    if expected <= 0:
        return False
    if order == NEWEST and newest_window(criteria, expected, expected / total, needed=depth):
        return depth * total <= WALK_ROWS * expected
    return expected * expected > depth * total


def found_first(criteria: Criteria, order: tuple, depth: int, expected: int, share: float):
    """SQL and parameters for the first `depth` matches in `order` (newest or oldest), found
    through the indexes first and only they sorted (`top_ids`). Tags (and dates) alone,
    newest first, are read from their newest span when there is one: tags and date keys in
    one scan of the full-text index (a pair in 9,900 articles, page 5: 6 ms, where reading
    every one of its rows took 20 to 40). `expected`, `share`: the matches, as estimated."""
    matches = filtered(criteria)
    since = None
    if order == NEWEST and not criteria.has_query:
        since = newest_window(criteria, expected, share, needed=depth)
    if since is None:
        return top_ids(matches, order, depth, True)
    return newest_ids(matches, since, depth, sparse=False)


# What a row met walking the static-rank index costs, against one read through an index: a
# prominent article's vector is read and tested (27 µs against 3), and the walk meets about
# twice the rows an even spread of the matches would need; a title's stems are in the row
# itself, and a walk of the prominent articles' titles costs a seventh of a row read.
PROMINENT_WALK_COST = 18
TITLE_WALK_COST = 0.15


def few(matches: int, among: int, walk_cost: float) -> bool:
    """Whether `matches` among `among` articles are better read through an index and sorted
    than met walking those articles in static-rank order, which reads about
    limit × among / matches of them before it has the limit's best. "state", in 5,800 of
    the 45,000 prominent articles: 18 ms read, 40 walked; "china", in 10,000: 31 read, 24
    walked."""
    limit = limits().rank_title_candidates
    return matches * matches <= walk_cost * limit * among


def best_ids(matches, limit: int, materialise: tuple[bool, bool]) -> tuple[str, tuple]:
    """SQL and parameters for the ids of the first `limit` matches by static rank (BEST);
    `materialise`: whether the prominent matches, and the others, are few (see `top_ids`).

    The prominent matches come first, from the prominent articles' own indexes; the others
    are read only when those are fewer than `limit` (PostgreSQL runs the second branch of
    an appended pair only when the first ran out). The 8,300 title matches of "state" took
    24 ms to read and sort; its 370 prominent ones take 4.
    """
    prominent, others = materialise
    first, first_params = top_ids(
        matches.filter(static_rank__gte=PROMINENT_RANK), BEST, limit, prominent
    )
    rest, rest_params = top_ids(matches.filter(static_rank__lt=PROMINENT_RANK), BEST, limit, others)
    sql = f"SELECT id FROM (({first}) UNION ALL ({rest})) AS best LIMIT %s"  # noqa: S608 - ours
    return sql, (*first_params, *rest_params, limit)


def top_ids(matches, order: tuple, limit: int, materialise: bool) -> tuple[str, tuple]:
    """SQL and parameters for the ids of the first `limit` matches in `order`.

    Materialised first, the matches come from the indexes and only they are sorted. As a
    plain subquery the planner walks the order's index testing each row, which is the
    quicker way only when the matches are a large share of the archive.
    """
    if not materialise:
        return _sql(matches.order_by(*order).values("id")[:limit])
    columns = [name.lstrip("-") for name in order]
    sql, params = _sql(matches.values(*columns))
    ordering = ", ".join(
        f"{c} DESC" if n.startswith("-") else c for c, n in zip(columns, order, strict=True)
    )
    query = (
        f"WITH m AS MATERIALIZED ({sql}) "  # noqa: S608 - placeholders only
        f"SELECT id FROM m ORDER BY {ordering} LIMIT %s"
    )
    return query, (*params, limit)
