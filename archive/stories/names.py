"""The names of the register that two articles share, read from their stored search vectors.

A name is in an article when every word of one of its spellings has one of its lexemes in
the article's `search_vector` (the register's tokens carry the Russian stems of every case
form and the English lexemes, as search matches them), so «Си Цзиньпин» in a Russian report
and "Xi Jinping" in an English one are one name. Countries are left out: the shared pair
already says that much. Only the lexemes that belong to some name are read back, for the
articles the grouping compares, in one statement.
"""

from django.db import connection

from archive.models import Name
from archive.search.names import register


def _spellings() -> dict[int, list[list[frozenset[str]]]]:
    """Name id → its spellings, each a list of its words' lexeme sets (stop words dropped)."""
    countries = set(Name.objects.filter(kind=Name.Kind.COUNTRY).values_list("id", flat=True))
    return {
        name_id: [[t.lexemes for t in s.tokens if not t.stop] for s in spellings]
        for name_id, spellings in register().spellings.items()
        if name_id not in countries
    }


def names_in(article_ids) -> dict[int, frozenset[int]]:
    """Article id → the ids of the (non-country) names it contains."""
    ids = sorted(set(article_ids))
    spellings = _spellings()
    lexemes = sorted({lx for each in spellings.values() for s in each for w in s for lx in w})
    if not ids or not lexemes:
        return {pk: frozenset() for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, ARRAY(SELECT unnest(tsvector_to_array(a.search_vector)) "
            "INTERSECT SELECT unnest(%s::text[])) FROM archive_article a WHERE a.id = ANY(%s)",
            [lexemes, ids],
        )
        present = {pk: set(found) for pk, found in cursor.fetchall()}
    by_lexeme: dict[str, set[int]] = {}
    for name_id, each in spellings.items():
        for lexeme in {lx for s in each for w in s for lx in w}:
            by_lexeme.setdefault(lexeme, set()).add(name_id)
    result = {}
    for pk, found in present.items():
        maybe = set().union(*(by_lexeme[lx] for lx in found)) if found else set()
        result[pk] = frozenset(
            name_id
            for name_id in maybe
            if any(s and all(w & found for w in s) for s in spellings[name_id])
        )
    return result


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[int, float]:
    """(shared names, Jaccard index) of two articles' names."""
    shared = len(a & b)
    union = len(a | b)
    return shared, (shared / union if union else 0.0)
