"""A listing summarised by PostgreSQL: the count, the first results and a facet sample.

Read whole into Python, a common word's 17,700 listed matches at 100,000 articles cost more
in Python than in PostgreSQL: psycopg reading every row, then sorting them by score, folding
them by story and counting the stories. When they are expected to be many and nothing is
left to test on them (every filter was applied in SQL: see `listing.summarises`),
PostgreSQL does that work on the rows it has just found, in the same statement, and
returns only:

- how many match, and how many results they make once folded by story;
- the first results in the search's order, each story once when folding: by date, or for
  relevance the best by the first-stage score (`listing.SCORE_SQL`) and the newest of those
  kept, which make the ranked head (archive/search/ranking.py); as far as the page reads;
- a sample of the matches for the facets (every match when they are no more than the
  sample), picked by their ids' hash (`SAMPLE_HASH_SQL`) as Python picks one from a full
  list (`facets._sample_of`).

The answer is what the full list gave, computed where the rows are: the same scores, the
same order (ties newest first), the same folding, the same sample. Nothing is sorted whole:
the first results are the top of each order, only the members of stories are sorted to fold
them, and the sample is a random one (the ids that hash lowest), not spread over the date
order. The tag arrays are kept as they are and written as text for the sample alone. (For
17,700 matches at 100,000 articles: 74 ms with a sample spread over the dates, every row's
arrays as text; 45 ms so. Reading the matching rows is 28 of them.)
"""

import math
from dataclasses import dataclass

from archive.search import registry

# The sample: the matches whose ids hash lowest, by a multiplicative hash, (id mod 2**32) ×
# HASH_MULTIPLIER mod 2**32, written out in `facets._sample_of` too (one-to-one on
# ids below 2**32; past that, ties go to the lower id). Whole numbers, so PostgreSQL and
# Python agree; the multiplier is below 2**31, so the product stays within a bigint.
HASH_RANGE, HASH_MULTIPLIER = 2**32, 1_640_531_527
SAMPLE_HASH_SQL = f"((listed.id %% {HASH_RANGE}) * {HASH_MULTIPLIER}) %% {HASH_RANGE}"


def sample_reach(sample: int) -> int:
    """How many matches' worth of the hash's range the sample is sorted from: a few
    standard deviations more than it takes, so that only those are sorted (4 ms less for
    17,700 matches than sorting all) and the sample comes out whole but once in 30,000."""
    return sample + 4 * math.isqrt(sample) + 4


def sample_bound(matches: int, sample: int) -> int:
    """Below this hash, a match is among those the sample is sorted from."""
    return HASH_RANGE * sample_reach(sample) // matches


@dataclass(frozen=True)
class Summary:
    matches: int
    # The results once folded by story (`matches` when not folding).
    results: int
    # The first results in the search's order (folded when folding), as far as was asked.
    first: tuple[int, ...]
    # Relevance only: the newest of the results, which join the ranked head.
    newest: tuple[int, ...] = ()


ORDERS = {
    "newest": "published_on DESC, id DESC",
    "oldest": "published_on, id",
    "relevance": "score DESC, published_on DESC, id DESC",
}


def _sample_columns() -> str:
    """The sample's columns, in the order of a listed row of words (`registry.ROW_COLUMNS`,
    then PASSES and IN_TITLE)."""
    columns = [
        f"sample.{name}::text" if name in registry.ARRAY_COLUMNS else f"sample.{name}"
        for name in registry.ROW_COLUMNS
    ]
    return ", ".join([*columns, "sample.passes", "sample.in_title"])


def _firsts(score: str, order: str, fold: bool) -> str:
    """The listed matches, scored as they are read from the listing (those within the
    limit: one `%s` each), each story once when folding, at its first member in the order.
    An article of no story is its own; only the members of stories are sorted."""
    scored = (
        f"SELECT id, published_on, {score} AS score "  # noqa: S608 - ours
        "FROM listed, found WHERE found.n <= %s"
    )
    if not fold:
        return scored
    return (
        f"{scored} AND story_id IS NULL UNION ALL (SELECT DISTINCT ON (story_id) id, "  # noqa: S608
        f"published_on, {score} AS score FROM listed, found WHERE found.n <= %s AND "
        f"story_id IS NOT NULL ORDER BY story_id, {order})"
    )


def statement(
    rows: tuple[str, list],
    *,
    score: str,
    sort: str,
    fold: bool,
    limit: int | None,
    reach: int,
    newest: int,
    sample: int,
) -> tuple[str, list]:
    """The SQL and parameters summarising the listed rows (`rows`: a SELECT of the listed
    columns of words, tag arrays as arrays, `matching.listed_rows`). `score`: the first
    stage's expression over the listed row and `found.latest`; `reach`: how many first
    results to return; `newest`: how many newest results for relevance; `limit`: past it,
    only the count.

    The output's rows are the sample's, each followed by the columns `read` takes: the
    number of matches, and on one row the rest of the summary. No sample (or no match, or
    more than `limit`) gives one row without a listed row.
    """
    sql, params = rows
    order = ORDERS[sort]
    firsts = _firsts(score, order, fold)
    newest_ids = (
        "ARRAY(SELECT id FROM firsts ORDER BY published_on DESC, id DESC LIMIT %s)"
        if sort == "relevance"
        else "NULL::bigint[]"
    )
    query = (
        f"WITH listed AS MATERIALIZED ({sql}), "  # noqa: S608 - ours
        "found AS (SELECT count(*) AS n, max(published_on) AS latest FROM listed), "
        f"firsts AS MATERIALIZED ({firsts}), "
        "heads AS (SELECT (SELECT count(*) FROM firsts) AS results, "
        f"ARRAY(SELECT id FROM firsts ORDER BY {order} LIMIT %s) AS first, "
        f"{newest_ids} AS newest), "
        "sample AS (SELECT listed.* FROM listed, found WHERE found.n <= %s "
        f"AND {SAMPLE_HASH_SQL} < ({HASH_RANGE} * %s) / nullif(found.n, 0) "
        f"ORDER BY {SAMPLE_HASH_SQL}, listed.id LIMIT %s) "
        f"SELECT {_sample_columns()}, "
        "found.n, heads.results, heads.first, heads.newest FROM found "
        "LEFT JOIN sample ON true "
        "LEFT JOIN heads ON sample.id IS NOT DISTINCT FROM (SELECT min(id) FROM sample) "
        # Newest first, as the full list: facet values of equal counts keep their order.
        "ORDER BY sample.published_on DESC, sample.id DESC"
    )
    bound = 2**62 if limit is None else limit
    more = [reach] + ([newest] if sort == "relevance" else [])
    kept = [bound, bound] if fold else [bound]
    return query, [*params, *kept, *more, bound, sample_reach(sample), sample]


# The columns `statement` appends to each row: matches, results, first, newest.
APPENDED = 4


def read(found: list[tuple]) -> tuple[int, Summary | None, list[tuple]]:
    """The number of matches, the summary (None when there are none, or more than the
    limit), and the sample's rows (without the appended columns)."""
    matches = found[0][-APPENDED]
    summary = next(
        (
            Summary(matches, results, tuple(first), tuple(newest or ()))
            for *_, results, first, newest in found
            if results
        ),
        None,
    )
    sampled = [row[:-APPENDED] for row in found if row[0] is not None]
    return matches, summary, sampled
