"""A listing summarised by PostgreSQL: the count, the first results and a facet sample.

Read whole into Python, a common word's 17,700 listed matches at 100,000 articles cost more
in Python than in PostgreSQL: psycopg reading every row, then sorting them by score, folding
them by story and counting the stories. When nothing is left to test on the listed rows
(every filter was applied in SQL), PostgreSQL does that work on the rows it has just found,
in the same statement, and returns only:

- how many match, and how many results they make once folded by story;
- the first results in the search's order, each story once when folding: by date, or for
  relevance the best by the first-stage score (`listing.SCORE_SQL`) and the newest of those
  kept, which make the ranked head (archive/search/ranking.py); as far as the page reads;
- an evenly spread sample of the matches in date order (every match when they are no more
  than the sample), with every column the facets count, as Python sampled the full list.

The answer is what the full list gave, computed where the rows are: the same scores, the
same order (ties newest first), the same folding.
"""

from dataclasses import dataclass

# Each story once: its first member in the chosen order. An article of no story is a story
# of its own (ids negated never meet a story's id).
STORY_KEY = "coalesce(story_id, -id)"


@dataclass(frozen=True)
class Summary:
    matches: int
    # The results once folded by story (`matches` when not folding).
    results: int
    # The first results in the search's order (folded when folding), as far as was asked.
    first: tuple[int, ...]
    # Relevance only: the newest of the results, which join the ranked head.
    newest: tuple[int, ...] = ()


def statement(
    rows: tuple[str, list],
    *,
    score: str | None,
    sort: str,
    fold: bool,
    limit: int | None,
    reach: int,
    newest: int,
    sample: int,
) -> tuple[str, list]:
    """The SQL and parameters summarising the listed rows (`rows`: a SELECT of the listed
    columns, `matching.listed_rows`). `score`: the first stage's expression over the listed
    row and `found.latest` (words only); `reach`: how many first results to return;
    `newest`: how many newest results for relevance; `limit`: past it, only the count.

    The output's rows are the sample's, in date order, each followed by the columns `read`
    takes: the number of matches, on every row, and on the first row the rest of the
    summary. More matches than `limit` (or none) give one row of NULLs with their number.
    """
    sql, params = rows
    scored = f", {score} AS score" if score else ""
    within = {"newest": "pos", "oldest": "pos DESC", "relevance": "score DESC, pos"}[sort]
    firsts = (
        f"SELECT DISTINCT ON ({STORY_KEY}) id, pos{', score' if score else ''} "  # noqa: S608
        f"FROM ordered ORDER BY {STORY_KEY}, {within}"
        if fold
        else "SELECT * FROM ordered"
    )
    newest_ids = (
        "ARRAY(SELECT id FROM firsts ORDER BY pos LIMIT %s)"
        if sort == "relevance"
        else "NULL::bigint[]"
    )
    # The sample: the rows at positions i * n // sample of the date order (i < sample), as
    # `facets._spread` picks them from a list. A position is one of them when the first i
    # reaching it lands on it.
    sampled = (
        "((ordered.pos * %s + found.n - 1) / found.n) * found.n / %s = ordered.pos"
        if sample
        else "false"
    )
    query = (
        f"WITH listed AS MATERIALIZED ({sql}), "  # noqa: S608 - ours
        "found AS (SELECT count(*) AS n, max(published_on) AS latest FROM listed), "
        f"ordered AS MATERIALIZED (SELECT listed.*{scored}, "
        "row_number() OVER (ORDER BY published_on DESC, id DESC) - 1 AS pos "
        "FROM listed, found WHERE found.n <= %s), "
        f"firsts AS MATERIALIZED ({firsts}), "
        "heads AS (SELECT (SELECT count(*) FROM firsts) AS results, "
        f"ARRAY(SELECT id FROM firsts ORDER BY {within} LIMIT %s) AS first, "
        f"{newest_ids} AS newest) "
        "SELECT ordered.*, found.n, heads.results, heads.first, heads.newest "
        f"FROM found LEFT JOIN ordered ON ordered.pos = 0 OR {sampled} "
        "LEFT JOIN heads ON ordered.pos = 0 ORDER BY ordered.pos"
    )
    more = [reach] + ([newest] if sort == "relevance" else [])
    unlimited = 2**62
    sizes = [sample, sample] if sample else []
    return query, [*params, unlimited if limit is None else limit, *more, *sizes]


# The columns `statement` appends to each row: matches, results, first, newest.
APPENDED = 4


def read(found: list[tuple]) -> tuple[Summary, list[tuple]] | int:
    """The summary and the sample's rows (without the appended columns, nor the row's date
    position), or the number of matches alone when there are none or too many."""
    matches, results, first, newest = found[0][-APPENDED:]
    if found[0][0] is None:
        return matches
    summary = Summary(matches, results, tuple(first), tuple(newest or ()))
    # Each row ends with its position in the date order, then the appended columns.
    return summary, [row[: -APPENDED - 1] for row in found]
