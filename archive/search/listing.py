"""Finding every match at once, when there are few enough: the listed path.

Listed once, with the tag arrays and columns each facet counts, the matches give the exact
count, every facet (counted in Python, each without its own filter) and any page, in any
order, from one statement. Sets too large to list take the bounded path instead (estimated
count, sampled facets, a ranked candidate set: see `archive.search.bounded`).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

from archive.db_read import binary_cursor
from archive.search import registry, summarised
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.matching import UNTAGGED, filtered, listed_rows
from archive.search.registry import ID, PASSES, PUBLISHED, STORY
from archive.search.summarised import Summary


@dataclass(frozen=True)
class Listed:
    """Every match of the criteria, newest first, and the rows their facets are counted from.

    `rows` are the matches of the words and dates, less the facet filters in `applied`
    (applied in SQL because the rows without them were too many to list): each facet not in
    `applied` is counted from them without its own filter.

    Summarised by PostgreSQL (`summary`, see archive/search/summarised.py), `rows` are the
    facets' sample of the matches (all of them when they are few), and `ids` are left
    empty: the summary holds the count and the first results.
    """

    ids: tuple[int, ...]
    rows: tuple[tuple, ...] = ()
    applied: frozenset = frozenset()
    # Set when only the articles published from this day on were searched (a heavy phrase,
    # see `archive.search.windows`): the ids are every match in that span, none older.
    searched_from: datetime.date | None = None
    windowed: bool = False
    summary: Summary | None = None

    def __len__(self):
        return self.summary.matches if self.summary else len(self.ids)

    @cached_property
    def story_of(self) -> dict[int, int]:
        """Each listed match's story, for those that have one: read once, by the count and
        by the order (archive/search/folding.py)."""
        return {row[ID]: row[STORY] for row in self.rows if row[STORY] is not None}


@dataclass(frozen=True)
class TooMany:
    """Listing stopped: more than `limit` articles match every filter (so the count is known
    to be above it, and need not be counted again)."""

    limit: int


# The first stage of relevance (archive/search/ranking.py) for each listed match of words:
# the title flag, the static rank, and recency (full for the newest listed row, none ten
# years older). Computed in PostgreSQL as Python computed it (the same double-precision sums,
# in the same order), where it cost 1.2 µs a row in Python: 20 ms for 17,000 rows.
RECENCY_WEIGHT, RECENCY_DAYS = 0.25, 3650
SCORE_SQL = (
    "(CASE WHEN in_title THEN 1 ELSE 0 END + coalesce(static_rank, 0) + greatest(0.0, "
    f"{RECENCY_WEIGHT}::float8 - ({RECENCY_WEIGHT}::float8 / {RECENCY_DAYS}) "
    "* (found.latest - published_on)))"
)


def newest_first(rows) -> list[tuple]:
    return sorted(rows, key=itemgetter(PUBLISHED, ID), reverse=True)


def list_rows(
    queryset, criteria: Criteria, limit: int | None, applied: frozenset
) -> list[tuple] | None:
    """The rows (`matching.listed_rows`) of the queryset, newest first; None when there are
    more than `limit` (None: no limit).

    Sorted by PostgreSQL, a third of the time Python takes, and scored there for relevance
    (SCORE_SQL, from the newest row). The matches are materialised first, found through the
    indexes: with the order inside, the planner could walk the date index testing every
    row's vector instead.
    """
    rows = listed_rows(queryset, criteria, applied)
    order = f"{PUBLISHED + 1} DESC, {ID + 1} DESC"
    score = f", {SCORE_SQL}" if criteria.has_query else ""
    if limit is None:
        sql, params = rows.query.sql_with_params()
        with binary_cursor() as cursor:
            cursor.execute(
                f"WITH listed AS MATERIALIZED ({sql}), "  # noqa: S608 - ours
                "found AS (SELECT max(published_on) AS latest FROM listed) "
                f"SELECT listed.*{score} FROM listed, found ORDER BY {order}",
                params,
            )
            return cursor.fetchall()
    # Past the limit only the number comes back: 20,000 rows read into Python to be thrown
    # away cost more than finding them. The last column is how many were found (at most
    # limit + 1): on every row of a set within the limit (left there, where no position
    # reads it, rather than copying each row without it), on one row of NULLs otherwise.
    sql, params = rows[: limit + 1].query.sql_with_params()
    with binary_cursor() as cursor:
        cursor.execute(
            f"WITH listed AS MATERIALIZED ({sql}), "  # noqa: S608 - ours
            "found AS (SELECT count(*) AS n, max(published_on) AS latest FROM listed) "
            f"SELECT listed.*{score}, found.n FROM found LEFT JOIN listed ON found.n <= %s "
            f"ORDER BY {order}",
            [*params, limit],
        )
        found = cursor.fetchall()
    if not found or found[0][-1] > limit:
        return None
    return found if found[0][-1] else []


def listed_from(criteria: Criteria, rows: list[tuple], applied: frozenset) -> Listed:
    """A Listed from rows that already pass the filters in `applied`."""
    return Listed(tuple(row[ID] for row in rows if row[PASSES]), tuple(rows), applied)


def summarises(criteria: Criteria, applied: frozenset, expected: int) -> bool:
    """Whether PostgreSQL summarises the listing (archive/search/summarised.py): words whose
    matches are expected to be more than two facet samples, and no filter left to test on
    the listed rows (whose facets would need every row).

    Fewer are read faster whole: the summary's statement costs 2–3 ms more to plan and run
    than reading 2,000 rows (a rare word, or a word with a pair and two years, at a million
    articles), and saves 5–15 ms on 6,000 and 30 on 17,000.
    """
    return (
        criteria.has_query
        and expected > 2 * limits().facet_sample
        and not registry.where(criteria, without=applied)
    )


def gather(
    queryset,
    criteria: Criteria,
    limit: int | None,
    applied: frozenset,
    depth: int,
    sample: bool,
    expected: int,
) -> Listed | None:
    """The queryset's matches (None: more than `limit`), as far as `depth` results are read;
    `sample`: with the rows the facets are counted from; `expected`: how many the planner
    expects. Summarised by PostgreSQL or read whole: see `summarises`."""
    if not summarises(criteria, applied, expected):
        rows = list_rows(queryset, criteria, limit, applied)
        return None if rows is None else listed_from(criteria, rows, applied)
    bounds, sort = limits(), criteria.effective_sort
    rows = listed_rows(queryset, criteria, applied, as_text=False)
    if limit is not None:
        rows = rows[: limit + 1]  # the listing stops there: past the limit only the count
    sql, params = summarised.statement(
        rows.query.sql_with_params(),
        score=SCORE_SQL,
        sort=sort,
        fold=criteria.fold,
        limit=limit,
        # The ranked head is read whole; past it, the rest in score order as far as the page.
        reach=max(depth, bounds.rank_candidates) if sort == "relevance" else depth,
        newest=bounds.rank_title_candidates,
        sample=bounds.facet_sample if sample else 0,
    )
    with binary_cursor() as cursor:
        cursor.execute(sql, params)
        matches, summary, sampled = summarised.read(cursor.fetchall())
    if limit is not None and matches > limit:
        return None
    return Listed((), tuple(sampled), applied, summary=summary)


def plan(criteria: Criteria, base_rows: int, all_rows: int) -> frozenset | None:
    """Which facet filters to apply in SQL when listing the matches (the rest are checked on
    the listed rows), or None when the estimates say the matches are too many to try.

    `base_rows` and `all_rows` are the planner's estimates for the words and dates alone and
    with every filter. (A phrase is listed only when its candidates, re-checked for word
    order, are few enough: see archive.search.windows.)
    """
    limit = _limit(criteria)
    # Tags and dates are estimated well (PostgreSQL keeps their frequencies), and so are
    # words since the vectors keep statistics for 1,000 lexemes (migration 0015): a set
    # planned past the limit is not tried. (Tried at a tenth past it, «yeah» was planned at
    # 21,247, found 21,457 and listed for nothing: 47 ms and a statement.) Several words are
    # planned as if independent, which for words of one subject is too few, not too many.
    if limit <= 0:
        return None
    # The words and dates alone are listed (so the facets in use are counted from them)
    # unless the filters keep a quarter of them or less, or half of them or less when they
    # are more than two facet samples (their facets are counted from a sample of them
    # either way): then only every filter's matches are listed and the facets in use are
    # sampled, beside the page. A middle word over four years is 5,000 rows (80 ms to list
    # at a million articles); with a pair, 180 (6 ms). «жить» over three years, 10,600
    # rows, 42 ms; with its pair (a third of them), 17.
    in_use = registry.in_use(criteria) or registry.kind_applies(criteria, UNTAGGED)
    kept = 4 * all_rows <= base_rows or (
        2 * all_rows <= base_rows and base_rows > 2 * limits().facet_sample
    )
    if in_use and kept and all_rows <= limit:
        return UNTAGGED
    if base_rows <= limit:
        return frozenset()
    if all_rows <= limit:
        return UNTAGGED
    return None


def _limit(criteria: Criteria, cutoff: bool = False) -> int:
    """How many matches are listed at most: as planned, or (`cutoff`) as found."""
    bounds = limits()
    if not criteria.has_query:
        # Without words the bounded path is cheap (the count exact from the link tables,
        # the page from the date index or the newest span, a sample for the facets), and
        # its count and facets are stored for the next reader. Listing more than a facet
        # sample buys nothing: the facets count a sample of that many rows either way. (A
        # pair of 3,400 articles at a million: 42 ms listed on a first visit and 37 on the
        # next, 29 and 16 on the bounded path.) A pair planned within the limit is listed
        # whole up to twice as many: a listing that stopped 4 rows past it was thrown
        # away, and counted and sampled again.
        planned = min(bounds.resolve_limit, bounds.facet_sample)
        return 2 * planned if cutoff else planned
    return bounds.resolve_limit


def list_matches(
    criteria: Criteria, applied: frozenset, depth: int, sample: bool, expected: int
) -> "Listed | TooMany | None":
    """The matches listed as `plan()` chose (see `gather`); TooMany when listing every
    filter's matches found more than the limit, None when only some filters were applied
    and the rows were too many (see the module's docstring)."""
    limit = _limit(criteria, cutoff=True)
    queryset = filtered(criteria, without=UNTAGGED - applied)
    listed = gather(queryset, criteria, limit, applied, depth, sample, expected)
    if listed is None:
        every_filter = applied == UNTAGGED or (
            not registry.in_use(criteria) and not registry.kind_applies(criteria, UNTAGGED)
        )
        return TooMany(limit) if every_filter else None
    return listed
