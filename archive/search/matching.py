"""Which articles match: the WHERE of every search statement, built in one place.

The words go to the full-text index, the dates to the date index, and the tags to the GIN
indexes on the row's own arrays of tag ids (see archive/search/registry.py), so PostgreSQL
can combine them in one bitmap without a join per tag.
"""

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from archive.models import Article
from archive.search import query as syntax
from archive.search import registry
from archive.search.criteria import Criteria

UNTAGGED = frozenset(registry.NAMES)


def base(criteria: Criteria) -> Q:
    """The words and the date range: what every facet's counts share."""
    condition = Q()
    if criteria.has_query:
        condition &= syntax.match_q(criteria.parsed, criteria.exact)
    if criteria.date_from:
        condition &= Q(published_on__gte=criteria.date_from)
    if criteria.date_to:
        condition &= Q(published_on__lte=criteria.date_to)
    return condition


def filtered(criteria: Criteria, without: frozenset = frozenset()):
    """Articles matching the words, the dates and every facet filter but those in `without`."""
    return (
        Article.objects.order_by().filter(base(criteria)).filter(registry.where(criteria, without))
    )


def title_matches(criteria: Criteria) -> RawSQL:
    """The query's words are in the title (the stored title vector and its index, 0010)."""
    text = syntax.tsquery_text(criteria.parsed)
    return RawSQL(
        '"archive_article"."title_vector" @@ (%s)::tsquery',
        [text],
        output_field=BooleanField(),
    )


def listed_rows(queryset, criteria: Criteria):
    """The queryset's ROW_COLUMNS and, for words, whether they are in the title (IN_TITLE).

    The title flag is a hashed subplan over the stemmed title index, read once per statement
    (a few milliseconds), where testing each row's title would parse every one of them.
    """
    if not criteria.has_query:
        return queryset.values_list(*registry.ROW_COLUMNS)
    text = syntax.tsquery_text(criteria.parsed)
    in_title = RawSQL(
        '"archive_article"."id" IN (SELECT t.id FROM archive_article AS t WHERE '
        "t.title_vector @@ (%s)::tsquery)",
        [text],
        output_field=BooleanField(),
    )
    return queryset.annotate(in_title=in_title).values_list(*registry.ROW_COLUMNS, "in_title")


def heavy_phrase_candidates(criteria: Criteria):
    """Articles holding all the words of the query's phrases, in any order: what a phrase's
    matches are re-checked among (the full-text index keeps no word positions)."""
    return Article.objects.order_by().filter(
        syntax.match_q(criteria.parsed, criteria.exact, relaxed=True)
    )
