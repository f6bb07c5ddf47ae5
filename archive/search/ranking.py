"""Ordering by relevance: which matches are ranked, and how.

Ranking reads and decompresses each ranked article's vector (20–180 µs at a million
articles), so only a candidate set is ranked: the newest SEARCH_RANK_CANDIDATES matches and
the newest SEARCH_RANK_TITLE_CANDIDATES with the words in their title. Below that number of
matches the ranking is exact. The candidates, the rank and the page come from one statement.
"""

from dataclasses import replace

from django.contrib.postgres.search import SearchRank
from django.db.models import Case, F, FloatField, Value, When
from django.db.models.expressions import RawSQL

from archive.models import Article
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.listing import Listed
from archive.search.matching import base, filtered, title_matches

NEWEST = ("-published_on", "-id")


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


def ranked_limit(criteria: Criteria, listed: bool) -> int:
    """How many results a relevance-sorted search can page through.

    Fewer for a phrase whose matches were not listed: each candidate found by walking the
    date index has to be re-checked for word order.
    """
    if not listed and criteria.parsed.has_phrases:
        return limits().phrase_candidates
    return limits().rank_candidates


def ranked(criteria: Criteria, candidates: RawSQL):
    """The candidate articles, best first (ties: newest first)."""
    return (
        Article.objects.filter(id__in=candidates)
        .annotate(rank=rank_expression(criteria))
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


def listed_candidates(criteria: Criteria, listed: Listed) -> RawSQL:
    """The newest matches, and the newest of them with the words in their title."""
    bounds = limits()
    newest = list(listed.ids[: bounds.rank_candidates])
    if len(listed) <= bounds.rank_candidates:
        return RawSQL("SELECT unnest(%s::bigint[])", (newest,))  # noqa: S611
    # The column filters narrow the title index's matches before any row is read; the listed
    # ids do the rest.
    in_title = (
        Article.objects.order_by()
        .filter(base(criteria))
        .filter(
            title_matches(criteria),
            id__in=RawSQL("SELECT unnest(%s::bigint[])", (list(listed.ids),)),
        )  # noqa: S611
        .order_by(*NEWEST)
        .values("id")[: bounds.rank_title_candidates]
    )
    title_sql, title_params = _sql(in_title)
    return RawSQL(  # noqa: S611 - compiled by Django, parameters apart
        f"SELECT unnest(%s::bigint[]) UNION ({title_sql})", (newest, *title_params)
    )


def bounded_candidates(criteria: Criteria, sparse: bool, few_titles: bool) -> RawSQL:
    """The newest matches and newest title matches of a match set too large to list.

    `sparse`: the matches are a small share of the archive, so they are found through the
    indexes and only they are sorted by date (walking the date index would test thousands
    of vectors). `few_titles`: likewise for the title matches.
    """
    bounds = limits()
    matches = filtered(criteria)
    newest_sql, newest_params = _newest(matches, ranked_limit(criteria, False), sparse)
    # Where title words imply a match, the title index alone finds them, without reading a
    # common word's whole entry in the article index.
    titled = filtered(replace(criteria, q="")) if _title_words_imply_match(criteria) else matches
    in_title = titled.filter(title_matches(criteria))
    title_sql, title_params = _newest(in_title, bounds.rank_title_candidates, few_titles)
    return RawSQL(  # noqa: S611 - both parts compiled by Django, parameters apart
        f"({newest_sql}) UNION ({title_sql})", (*newest_params, *title_params)
    )


def _newest(matches, limit: int, materialise: bool) -> tuple[str, tuple]:
    """SQL and parameters for the ids of the newest `limit` matches.

    Materialised first, the matches come from the indexes and only they are sorted by date.
    As a plain subquery the planner walks the date index testing each row's vector, which
    is the quicker way only when the matches are a large share of the archive.
    """
    if not materialise:
        return _sql(matches.order_by(*NEWEST).values("id")[:limit])
    sql, params = _sql(matches.values("id", "published_on"))
    query = (
        f"WITH m AS MATERIALIZED ({sql}) "  # noqa: S608 - placeholders only
        "SELECT id FROM m ORDER BY published_on DESC, id DESC LIMIT %s"
    )
    return query, (*params, limit)
