"""Ordering by relevance: which matches are ranked, and how.

Ranking reads and decompresses each ranked article's vector (5–10 µs each, 20–180 µs at a
million articles), so relevance runs in two stages:

- **Every listed match** (fewer than SEARCH_RESOLVE_LIMIT) is scored from what its listed
  row already holds: whether the words are in its title (weight A), its static rank
  (`Article.static_rank`: agreements, focus, length, lead) and its age. The best
  SEARCH_RANK_CANDIDATES by that score, and the newest SEARCH_RANK_TITLE_CANDIDATES, are
  ranked by ts_rank; every other match follows in score order, so every match can be
  paged to.
- **A match set too large to list** is ranked from a candidate set: its newest matches,
  its title matches with the best static rank, and its prominent matches (static rank at
  least PROMINENT_RANK) with the best static rank: from their own index for a sparse word,
  walking the static-rank index for a dense one.
"""

import datetime
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchRank
from django.db.models import BooleanField, Case, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL

from archive.models import PROMINENT_RANK, Article
from archive.models.articles import DAY_NUMBER, DAY_ZERO
from archive.search import folding
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.listing import Listed
from archive.search.matching import filtered, title_matches
from archive.search.planner import LAST_WINDOW, date_windows
from archive.search.registry import ID, IN_TITLE, PUBLISHED, STATIC_RANK

NEWEST = ("-published_on", "-id")
BEST = ("-static_rank", *NEWEST)
# The first stage's recency: full for the newest listed match, none ten years older.
RECENCY_WEIGHT, RECENCY_DAYS = 0.25, 3650


def rank_expression(criteria: Criteria, among: list[int] | None = None):
    """ts_rank over the stemmed vector, plus 1 when the words also match in their exact forms.

    ts_rank stays below 1 for news-length texts, so every exact match ranks above every
    stem-only one, and the ordinary rank orders within each group.

    `among`: the ranked articles' ids, known beforehand (the head of listed matches).
    Their exact matches are then read at once from the exact forms' index, intersected with
    these ids, instead of testing each ranked article's exact vector, which meant reading
    and decompressing a second vector per article (13 ms for 500 at a million articles).
    (Reading every exact match of the words instead took 30 ms for 6,900 of them.)
    """
    stemmed_text = syntax.tsquery_text(criteria.parsed)
    exact_text = syntax.tsquery_text(criteria.parsed, exact_forms=True)
    if among is not None:
        exact = RawSQL(
            '"archive_article"."id" IN (SELECT e.id FROM archive_article AS e '
            "WHERE e.id = ANY(%s::bigint[]) AND e.search_exact @@ (%s)::tsquery)",
            [among, exact_text],
            output_field=BooleanField(),
        )
    else:
        exact = Q(search_exact=syntax.TsQuery(exact_text))
    return SearchRank(F("search_vector"), syntax.TsQuery(stemmed_text)) + Case(
        When(exact, then=Value(1.0)),
        default=Value(0.0),
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


def ranked(criteria: Criteria, candidates: RawSQL, among: list[int] | None = None):
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
    if len(listed.ids) == len(listed.rows):
        matches = listed.rows  # every listed row passed the filters, already in that order
    else:
        rows = {row[ID]: row for row in listed.rows}
        matches = [rows[i] for i in listed.ids]
    latest = (matches[0][PUBLISHED] if matches else datetime.date.today()).toordinal()
    # Rows of words carry the title flag (matching.listed_rows); more may follow it.
    titled = criteria.has_query
    per_day = RECENCY_WEIGHT / RECENCY_DAYS

    def score(row) -> float:
        # Called for every listed match (up to 20,000): day numbers, not timedeltas.
        recency = max(0.0, RECENCY_WEIGHT - per_day * (latest - row[PUBLISHED].toordinal()))
        return (titled and row[IN_TITLE]) + (row[STATIC_RANK] or 0.0) + recency

    # Newest first already, so a stable sort leaves equal scores newest first.
    by_score = [row[ID] for row in sorted(matches, key=score, reverse=True)]
    newest = listed.ids
    if criteria.fold:
        # Each story where its best-scored member stands (archive/search/folding.py).
        by_score = folding.first_of_each_story(by_score, folding.stories(listed))
        kept = set(by_score)
        newest = [pk for pk in listed.ids if pk in kept]
    head = set(by_score[: bounds.rank_candidates])
    head.update(newest[: bounds.rank_title_candidates])
    tail = [i for i in by_score if i not in head]
    ids = sorted(head)
    candidates = RawSQL("SELECT unnest(%s::bigint[])", (ids,))  # noqa: S611
    return HeadThenTail(ranked(criteria, candidates, among=ids), len(head), tail)


# Up to this share of the archive, a word's newest matches come sooner from a span of the
# newest articles than from walking the date index: at a million articles a word in 6.5% of
# them took 18 ms (span) against 89 (walk), one in 56% took 79 against 12 (its whole index
# entry is read for the span).
WINDOWED_SHARE = 0.2


def newest_window(criteria: Criteria, matches: int, share: float) -> datetime.date | None:
    """The oldest day a dense word's newest candidates need: the newest span of the archive
    (planner.date_windows) expected to hold three times as many matches as are ranked. None
    without statistics, when the criteria choose their own dates, when the word is in more
    than WINDOWED_SHARE of the archive, or when no span is enough.
    """
    if criteria.date_from or criteria.date_to or matches <= 0 or share > WINDOWED_SHARE:
        return None
    wanted = 3 * limits().rank_candidates / matches
    if wanted >= LAST_WINDOW:
        return None  # no span short of the whole archive holds enough: nothing to read
    return next((day for day, share in date_windows() if share >= wanted), None)


def bounded_candidates(
    criteria: Criteria, sparse: bool, few_titles: bool, expected: int = 0, share: float = 1.0
) -> RawSQL:
    """The candidates of a match set too large to list: the newest matches, the title
    matches and the prominent matches with the best static rank.

    `sparse`: the matches are a small share of the archive, so they are found through the
    indexes and only they are sorted (walking the date index would test thousands of
    vectors). `few_titles`: likewise for the title matches. `expected`: the planner's
    estimate of the matches, `share` of the archive.
    """
    bounds = limits()
    matches = filtered(criteria)
    # A dense word's newest matches from the newest span that holds them: found through the
    # indexes (word and date together), not by testing row after row down the date index.
    since = None if sparse else newest_window(criteria, expected, share)
    # The span as a day number, which the full-text index holds beside the words.
    newest = (
        matches.alias(day=DAY_NUMBER).filter(day__gte=(since - DAY_ZERO).days) if since else matches
    )
    parts = [top_ids(newest, NEWEST, ranked_limit(criteria, False), sparse or since is not None)]
    # Where title words imply a match, the title index alone finds them, without reading a
    # common word's whole entry in the article index.
    titled = filtered(replace(criteria, q="")) if _title_words_imply_match(criteria) else matches
    parts.append(
        top_ids(
            titled.filter(title_matches(criteria)), BEST, bounds.rank_title_candidates, few_titles
        )
    )
    # The best prominent matches: a sparse word's from the prominent articles' own full-text
    # index (only its prominent matches are read); a dense word's by walking the archive in
    # static-rank order, where a hundred matches come within a few hundred rows.
    prominent = matches.filter(static_rank__gte=PROMINENT_RANK)
    parts.append(top_ids(prominent, BEST, bounds.rank_title_candidates, sparse))
    sql = " UNION ".join(f"({part_sql})" for part_sql, _ in parts)
    return RawSQL(sql, tuple(p for _, params in parts for p in params))  # noqa: S611 - compiled by Django


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
