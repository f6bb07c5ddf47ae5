"""Which articles match: the WHERE of every search statement, built in one place.

The words go to the full-text index, the dates to the date index, and the tags to the GIN
indexes on the row's own arrays of tag ids (see archive/search/registry.py), so PostgreSQL
can combine them in one bitmap without a join per tag.
"""

from django.db.models import (
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from archive.models import Article
from archive.search import datekeys, registry
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.tsquery import top_level

UNTAGGED = frozenset(registry.NAMES)


# The date as no index reads it: a condition on it is tested on the rows found otherwise.
DATE_ON_ROW = Func(F("published_on"), template="(%(expressions)s + 0)", output_field=DateField())


def base(criteria: Criteria, dates_on_rows: bool = False) -> Q:
    """The words and the date range: what every facet's counts share.

    `dates_on_rows`: the range is tested on each row the words and tags find. A range of
    years is a bitmap of every article in it (220,000 entries, 27 ms, for four years at a
    million articles), built to cut a word and a pair's 3,700 matches, which their rows
    test in 5 ms. The planner prices that bitmap at less than the rows; `results` decides.
    `Criteria.dates_by_keys` (also the engine's choice) finds the range in the full-text
    index, with the words, instead of either.
    """
    condition = Q()
    if criteria.has_query:
        condition &= syntax.match_q(criteria.parsed, criteria.exact)
    if criteria.dates_by_keys:
        return condition & Q(datekeys.within(datekeys.cover(criteria.date_from, criteria.date_to)))
    day = DATE_ON_ROW if dates_on_rows else F("published_on")
    if criteria.date_from:
        condition &= Q(GreaterThanOrEqual(day, criteria.date_from))
    if criteria.date_to:
        condition &= Q(LessThanOrEqual(day, criteria.date_to))
    return condition


def filtered(criteria: Criteria, without: frozenset = frozenset()):
    """Articles matching the words, the dates and every facet filter but those in `without`.

    The date range is tested on the rows when the engine chose so for this group of
    filters (Criteria.dates_on_rows, from the planner's estimates for it).
    """
    on_rows = frozenset(without) in criteria.dates_on_rows
    return (
        Article.objects.order_by()
        .filter(base(criteria, on_rows))
        .filter(registry.where(criteria, without))
    )


def title_matches(criteria: Criteria) -> RawSQL:
    """The query's words are in the title (the stored title vector and its index, 0010)."""
    text = syntax.tsquery_text(criteria.parsed)
    return RawSQL(
        '"archive_article"."title_vector" @@ (%s)::tsquery',
        [text],
        output_field=BooleanField(),
    )


def listed_rows(queryset, criteria: Criteria, applied: frozenset, as_text: bool = True):
    """The queryset's ROW_COLUMNS (tag arrays as text, see `registry.ARRAY_COLUMNS`, unless
    not `as_text`), whether the row passes the facet filters not in `applied` (PASSES: the
    queryset applies those), and, for words, whether they are in the title (IN_TITLE).

    PostgreSQL tests the filters on the row it has read (a fraction of a microsecond); in
    Python, reading each row's tag arrays for it took 8 ms for 10,000 listed rows.

    The title flag is tested on each listed row's stored title stems (a few hundred bytes
    in the row itself, under a microsecond each). A hashed subplan over the title index
    instead reads every title match in the archive: 20,000 rows, 70 ms, for a middle word
    listed with a pair and a few years (252 rows).
    """
    texts = {f"{name}_text": Cast(name, TextField()) for name in registry.ARRAY_COLUMNS}
    columns = [
        f"{name}_text" if as_text and name in registry.ARRAY_COLUMNS else name
        for name in registry.ROW_COLUMNS
    ]
    passes = registry.where(criteria, without=applied)
    queryset = queryset.annotate(
        **(texts if as_text else {}),
        passes=ExpressionWrapper(passes, output_field=BooleanField()) if passes else Value(True),
    )
    if not criteria.has_query:
        return queryset.values_list(*columns, "passes")
    return queryset.annotate(in_title=title_matches(criteria)).values_list(
        *columns, "passes", "in_title"
    )


def heavy_phrase_candidates(criteria: Criteria):
    """Articles holding all the words of the query's phrases, in any order: what a phrase's
    matches are re-checked among (the full-text index keeps no word positions)."""
    return Article.objects.order_by().filter(
        syntax.match_q(criteria.parsed, criteria.exact, relaxed=True)
    )


def phrase_words(criteria: Criteria) -> list:
    """Articles holding each word (or group of alternatives) of the query, or of its
    phrases, apart: none for a single word, alternatives or an excluded word.

    The planner takes words as independent, so it underestimates the articles holding all
    of a query's words when they go together («цифровой экономики»: 6,300 planned, 31,000
    found); the rarest of them bounds them from above (see `sizes._together`).
    """
    text = syntax.tsquery_text(criteria.parsed, relaxed=True)
    parts = top_level(text, "&")
    if len(parts) < 2 or "!" in text:
        return []
    return [Article.objects.order_by().filter(search_vector=syntax.TsQuery(p)) for p in parts]
