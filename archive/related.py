"""Articles related to one article: shared agreements first, then the same country pair, then
similar words.

Each step is bounded, so the cost does not grow with the archive: the agreement and pair
steps walk the date index outwards from the article's own date, and the text step ranks at
most `TEXT_CANDIDATES` articles that share two of its title's words. Words the planner's statistics list among the
most common (at 100,000 articles, those in more than about 4% of them) are left out of the
text step: they say little about likeness, and their long index entries are what would make
the step slow.
"""

import time
from dataclasses import dataclass
from itertools import combinations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from archive.db_read import reading
from archive.models import Article
from archive.search.planner import article_statistic

TEXT_CANDIDATES = 200
TITLE_LEXEMES = 6
# The search configuration each article language is indexed with (see Article.search_vector).
CONFIGS = {"en": "english", "ru": "russian"}
# The common-words list changes only when the table is analysed; re-read it now and then.
COMMON_WORDS_TTL = 600.0
_common_words = {"read_at": float("-inf"), "words": frozenset()}


@dataclass(frozen=True)
class Related:
    """A related article and why: "agreement", "pair" or "text"."""

    article: Article
    reason: str


def related_articles(article: Article, limit: int = 5) -> list[Related]:
    """Up to `limit` articles like this one, most closely tied first."""
    found: list[Related] = []
    seen = {article.pk}
    for reason, finder in (
        ("agreement", _sharing_agreements),
        ("pair", _sharing_pairs),
        ("text", _similar_text),
    ):
        room = limit - len(found)
        if room <= 0:
            break
        for other in finder(article, seen, room):
            found.append(Related(other, reason))
            seen.add(other.pk)
    return found


def _shown(queryset):
    """What a related-article line shows, in one query."""
    return queryset.select_related("outlet").only(
        "id", "title", "slug", "published_on", "language", "date_needs_review", "outlet__name"
    )


def _sharing_agreements(article, seen, room):
    """Articles mentioning the most of this article's agreements, nearest in date among equals."""
    agreement_ids = article.agreement_ids
    if not agreement_ids:
        return []
    tagged = Article.objects.with_tag_ids(agreement_ids=agreement_ids)
    # A few more candidates than needed, so one sharing more agreements can move up.
    candidates = _nearest_in_date(article, tagged, seen, room * 2)
    if len(agreement_ids) > 1:
        # How many it shares, from the candidates' own arrays.
        shared = dict(
            Article.objects.filter(pk__in=[c.pk for c in candidates]).values_list(
                "pk", "agreement_ids"
            )
        )
        mine = set(agreement_ids)
        candidates.sort(key=lambda other: -len(mine.intersection(shared.get(other.pk, ()))))
    return candidates[:room]


def _sharing_pairs(article, seen, room):
    """Articles on one of this article's pairs, nearest in date first."""
    if not article.pair_ids:
        return []
    return _nearest_in_date(
        article, Article.objects.with_tag_ids(pair_ids=article.pair_ids), seen, room
    )


def _nearest_in_date(article, queryset, seen, room):
    """Up to `room` of these articles closest in date to this one, before or after it.

    Two short walks along the date index, one back and one forward from the article's day,
    then interleaved by distance, so a week-old and a next-week article both come up.
    """
    day = article.published_on
    others = _shown(queryset.exclude(pk__in=seen))
    before = list(others.filter(published_on__lte=day).order_by("-published_on", "-id")[:room])
    after = list(others.filter(published_on__gt=day).order_by("published_on", "id")[:room])
    merged = sorted(before + after, key=lambda a: (abs((a.published_on - day).days), -a.pk))
    return merged[:room]


def _similar_text(article, seen, room):
    """Articles in the same language sharing at least two of the title's words, best ranked."""
    config = CONFIGS.get(article.language, "simple")
    lexemes = _title_lexemes(article.title, config)
    if not lexemes:
        return []
    groups = combinations(lexemes, 2) if len(lexemes) > 1 else [(lexemes[0],)]
    raw = " | ".join("(" + " & ".join(_quoted(word) for word in group) + ")" for group in groups)
    query = SearchQuery(raw, search_type="raw", config=config)
    candidates = (
        Article.objects.filter(language=article.language, search_vector=query)
        .exclude(pk__in=seen)
        .order_by()  # any 200 matches: an order would make PostgreSQL fetch them all first
        .values("pk")[:TEXT_CANDIDATES]
    )
    return list(
        _shown(Article.objects.filter(pk__in=candidates))
        .annotate(similarity=SearchRank(F("search_vector"), query))
        .order_by("-similarity", "-published_on", "-id")[:room]
    )


def _title_lexemes(title: str, config: str) -> list[str]:
    """The title's longest stemmed words (stop words dropped): the likeliest to be distinctive."""
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s)))",
            [config, title.replace("ё", "е").replace("Ё", "Е")],
        )
        words = [row[0] for row in cursor.fetchall() if len(row[0]) > 2]
    common = _common_lexemes()
    words = [word for word in words if word not in common]
    return sorted(words, key=lambda w: (-len(w), w))[:TITLE_LEXEMES]


def _common_lexemes() -> frozenset[str]:
    """The lexemes ANALYZE found most common in the search vectors (empty before any ANALYZE)."""
    now = time.monotonic()
    if now - _common_words["read_at"] > COMMON_WORDS_TTL:
        words = article_statistic("search_vector", "most_common_elems", "text")
        _common_words.update(read_at=now, words=frozenset(words))
    return _common_words["words"]


def _quoted(lexeme: str) -> str:
    """A lexeme as a tsquery literal: quoted, so punctuation in it is not syntax."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
