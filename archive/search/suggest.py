"""“Did you mean”: a corrected spelling for the words of a query that find nothing.

Each such word is compared (pg_trgm trigram similarity) with the words of article titles that
resemble it and with the names of countries, outlets, agreements and every spelling in the
register of names; the closest different word replaces it. A suggestion is only offered if it
finds something. It is offered whether or not the rest of the query found articles: one
misspelt word among several («Беларусь or Кетай») is still worth correcting.
"""

import re
import time

from django.db import DatabaseError

from archive.models import Agreement, Article, Country, Name, Outlet
from archive.search import query as q
from archive.search.criteria import Criteria
from archive.search.guard import TooSlow, budget
from archive.search.limits import limits
from archive.search.matching import filtered
from archive.search.planner import estimates
from archive.text import fold_yo

MIN_SIMILARITY = 0.4
_WORD = re.compile(r"\w{3,}")


def _closest(word: str, milliseconds: int) -> str | None:
    # Table names come from the models' metadata; the word itself is a parameter.
    names = [
        f"SELECT name_en || ' ' || name_ru AS t FROM {Country._meta.db_table}",  # noqa: S608
        f"SELECT name AS t FROM {Outlet._meta.db_table}",  # noqa: S608
        f"SELECT name_en || ' ' || name_ru AS t FROM {Agreement._meta.db_table}",  # noqa: S608
        f"SELECT canonical || ' ' || array_to_string(variants, ' ') AS t "  # noqa: S608
        f"FROM {Name._meta.db_table}",
    ]
    sql = f"""
        WITH texts AS (
            (SELECT title AS t FROM {Article._meta.db_table} WHERE %s <%% title LIMIT 200)
            UNION ALL {" UNION ALL ".join(names)}
        ),
        words AS (
            SELECT DISTINCT lower(w) AS w
            FROM texts, regexp_split_to_table(texts.t, '[^[:alnum:]]+') AS w
            WHERE length(w) >= 3
        )
        SELECT w, similarity(w, %s) AS s FROM words
        WHERE w <> %s ORDER BY s DESC, w LIMIT 1
    """  # noqa: S608
    with budget(milliseconds, **{"pg_trgm.word_similarity_threshold": 0.5}) as cursor:
        cursor.execute(sql, [word, word, word])
        row = cursor.fetchone()
    if row and row[1] >= MIN_SIMILARITY:
        return fold_yo(row[0])
    return None


# Words the planner expects in more articles than this share of the archive surely exist: no
# need to look. A word it has no statistics for is given half a percent (5,000 articles in a
# million), so a misspelling is expected in that many: a word below the bar is looked up,
# which reads a short index entry.
SURELY_THERE = 0.02


def _needs_correction(word: str) -> bool:
    """A word that is no stop word and finds no article on its own."""
    if not q.tsquery_text(q.parse(word)):
        return False  # a stop word: never the reason nothing matched
    matches = filtered(Criteria(q=word))
    # Looking a common word up would read its whole index entry; the planner's estimate
    # says at once that it is there.
    expected, archive = estimates(matches, Article.objects.all())
    if expected > max(50, SURELY_THERE * archive):
        return False
    return not matches.exists()


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
    return [word for word in dict.fromkeys(words) if word not in excluded]


def suggest(text: str, exact_mode: bool = False) -> str | None:
    """A corrected query that finds articles, or None.

    Only words that find nothing on their own are corrected (each look-up reads up to 200
    titles by trigram: 50 ms at a million articles), all within SEARCH_SUGGEST_TIMEOUT_MS.
    """
    normalised = q.normalise(text)
    corrected = normalised
    changed = False
    deadline = time.monotonic() + limits().suggest_timeout_ms / 1000
    for word in _words(text)[:6]:
        remaining = deadline - time.monotonic()
        if remaining <= 0.005:
            break
        try:
            if not _needs_correction(word):
                continue
            better = _closest(word, int(remaining * 1000))
        except (DatabaseError, TooSlow):
            return None
        if better and better != word:
            corrected = re.sub(rf"(?i)\b{re.escape(word)}\b", better, corrected)
            changed = True
    if not changed:
        return None
    if not filtered(Criteria(q=corrected, exact=exact_mode)).exists():
        return None
    return corrected
