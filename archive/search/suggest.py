"""“Did you mean”: a corrected spelling for the words of a query that find nothing.

Each such word is compared (pg_trgm trigram similarity) with the words of article titles that
resemble it and with the names of countries, outlets, agreements and every spelling in the
register of names; the closest different word replaces it. A suggestion is only offered if it
finds something. It is offered whether or not the rest of the query found articles: one
misspelt word among several («Беларусь or Кетай») is still worth correcting.

It is the search's last step and costs two statements: one that lowers the statement timeout
to SEARCH_SUGGEST_TIMEOUT_MS, and one that, for every word at once, tests whether it finds
anything and looks for its closest spelling that does. Two more check that a corrected query
of several words still finds something as a whole. Running last, it
needs no savepoint of its own: a look-up past its time ends the search's transaction, and
`results.search` keeps everything but the suggestion.
"""

import re

from archive.db_read import reading
from archive.models import Agreement, Article, Country, Name, Outlet
from archive.search import names
from archive.search import query as q
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.matching import filtered
from archive.text import fold_yo

MIN_SIMILARITY = 0.4
# How many titles that resemble a word are read for its candidates.
TITLES_PER_WORD = 200
MAX_WORDS = 6
# The closest spellings of a word tested for finding something, best first.
CLOSEST = 5
_WORD = re.compile(r"\w{3,}")

# Table names come from the models' metadata; the words themselves are parameters.
_NAMES = " UNION ALL ".join(
    [
        f"SELECT name_en || ' ' || name_ru AS t FROM {Country._meta.db_table}",  # noqa: S608
        f"SELECT name AS t FROM {Outlet._meta.db_table}",  # noqa: S608
        f"SELECT name_en || ' ' || name_ru AS t FROM {Agreement._meta.db_table}",  # noqa: S608
        f"SELECT canonical || ' ' || array_to_string(variants, ' ') AS t "  # noqa: S608
        f"FROM {Name._meta.db_table}",
    ]
)
# For each word (its position, text and tsquery; a NULL tsquery: known to find nothing):
# whether it finds nothing, and if so its closest spelling that finds something, among the
# words of the titles that resemble it and of the names (stop words left out). "Finds
# something" is read with PostgreSQL's own stemmings of the spelling, which the search's
# reading of it includes: an article found so is one the corrected word finds.
_SQL = f"""
    WITH words AS (
        SELECT * FROM unnest(%s::int[], %s::text[], %s::text[]) AS w(i, word, tsq)
    ),
    missing AS (
        SELECT i, word FROM words
        WHERE tsq IS NULL OR NOT EXISTS (
            SELECT 1 FROM {Article._meta.db_table} AS a WHERE a.search_vector @@ tsq::tsquery
        )
    ),
    name_words AS MATERIALIZED (
        SELECT DISTINCT lower(w) AS w FROM ({_NAMES}) AS names,
            regexp_split_to_table(names.t, '[^[:alnum:]]+') AS w
        WHERE length(w) >= 3 AND EXISTS (SELECT 1 FROM missing)
    )
    SELECT m.i, best.w, best.s FROM missing AS m
    CROSS JOIN LATERAL (
        SELECT top.w, top.s FROM (
            SELECT c.w, similarity(c.w, m.word) AS s
            FROM (
                SELECT lower(w) AS w
                FROM (
                    SELECT title FROM {Article._meta.db_table}
                    WHERE m.word <%% title LIMIT {TITLES_PER_WORD}
                ) AS titles, regexp_split_to_table(titles.title, '[^[:alnum:]]+') AS w
                WHERE length(w) >= 3
                UNION
                SELECT w FROM name_words
            ) AS c
            WHERE c.w <> m.word
              AND numnode(plainto_tsquery('russian', c.w)) > 0
              AND numnode(plainto_tsquery('english', c.w)) > 0
            ORDER BY s DESC, c.w LIMIT {CLOSEST}
        ) AS top
        WHERE top.s >= {MIN_SIMILARITY} AND EXISTS (
            SELECT 1 FROM {Article._meta.db_table} AS a WHERE a.search_vector @@
                (plainto_tsquery('russian', top.w) || plainto_tsquery('english', top.w))
        )
        ORDER BY top.s DESC, top.w LIMIT 1
    ) AS best
"""  # noqa: S608


def _words(text: str) -> list[str]:
    """The query's words that may be corrected, in order: not those it excludes (`-word`)."""
    parsed = q.parse(text)
    excluded = {
        word
        for group in parsed.groups
        for term in group
        if term.negated
        for word in _WORD.findall(term.text.lower())
    }
    words = _WORD.findall(q.normalise(text).lower())
    return [word for word in dict.fromkeys(words) if word not in excluded][:MAX_WORDS]


def _closest(words: list[str], known_missing: bool) -> dict[str, str]:
    """The closest spelling that finds something of each word that finds nothing, in one
    statement."""
    queries = {}
    if not known_missing:
        q.prepare(q.parse(" ".join(words)))
        queries = {w: q.tsquery_text(q.parse(w)) for w in words}
        # A stop word is never the reason nothing matched.
        words = [w for w in words if queries[w]]
    if not words:
        return {}
    with reading().cursor() as cursor:
        # The guard puts the timeout back (and sets the trigram threshold `<%` reads).
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, true)",
            [f"{limits().suggest_timeout_ms}ms"],
        )
        cursor.execute(
            _SQL,
            [list(range(len(words))), words, [queries.get(w) for w in words]],
        )
        rows = cursor.fetchall()
    return {words[i]: fold_yo(word) for i, word, _similarity in rows}


def suggest(criteria: Criteria, found_nothing: bool) -> str | None:
    """A corrected query that finds articles, or None.

    Raises TooSlow (through the search's guard) when the look-up runs past its time.
    """
    text = criteria.q
    words = _words(text)
    if not words:
        return None
    # A query of one word that found nothing without filters needs no test of that word.
    alone = len(words) == 1 and len(criteria.parsed.groups) == 1 and not criteria.parsed.has_phrases
    known_missing = alone and found_nothing and criteria.words_only
    # Loaded once a process, and never under the look-up's shorter timeout.
    names.register()
    spellings = _closest(words, known_missing)
    if not spellings:
        return None
    corrected = q.normalise(text)
    for word, spelling in spellings.items():
        corrected = re.sub(rf"(?i)\b{re.escape(word)}\b", spelling, corrected)
    if corrected == q.normalise(text):
        return None
    # A single word's spelling was found to find something; words together are checked.
    if not alone and not filtered(Criteria(q=corrected, exact=criteria.exact)).exists():
        return None
    return corrected


def may_be_misspelt(criteria: Criteria, count, counted: dict) -> bool:
    """Worth looking for a misspelt word: nothing found, or a word among alternatives (`or`),
    where one that finds nothing hides behind the others. Not when nothing was found but a
    facet counts articles without its own filter: the words match, the filters left none
    (and the look-up would be two statements more)."""
    if not criteria.has_query:
        return False
    if count.value == 0:
        return not any(value.count for facet in counted.values() for value in facet.values)
    return any(len(group) > 1 for group in criteria.parsed.groups)
