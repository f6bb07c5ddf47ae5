"""The search's bounds, read from the SEARCH_* settings in one place.

The defaults are declared once, in archive/settings.py (each overridable by an environment
variable of the same name); every part of the search reads them through `limits()`, which
builds the set anew on each call, so a test that changes a setting is seen at once.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    cache_seconds: int
    exact_count_limit: int
    facet_sample: int
    rank_candidates: int
    rank_title_candidates: int
    suggest_timeout_ms: int
    dense_share: float
    statement_timeout_ms: int
    resolve_limit: int
    phrase_recheck_limit: int
    phrase_window_rechecks: int
    phrase_candidates: int
    title_walk_share: float
    work_mem: str


def limits() -> Limits:
    """The current bounds (see archive/settings.py for what each one means)."""
    return Limits(
        cache_seconds=settings.SEARCH_CACHE_SECONDS,
        exact_count_limit=settings.SEARCH_EXACT_COUNT_LIMIT,
        facet_sample=settings.SEARCH_FACET_SAMPLE,
        rank_candidates=settings.SEARCH_RANK_CANDIDATES,
        rank_title_candidates=settings.SEARCH_RANK_TITLE_CANDIDATES,
        suggest_timeout_ms=settings.SEARCH_SUGGEST_TIMEOUT_MS,
        dense_share=settings.SEARCH_DENSE_SHARE,
        statement_timeout_ms=settings.SEARCH_STATEMENT_TIMEOUT_MS,
        resolve_limit=settings.SEARCH_RESOLVE_LIMIT,
        phrase_recheck_limit=settings.SEARCH_PHRASE_RECHECK_LIMIT,
        phrase_window_rechecks=settings.SEARCH_PHRASE_WINDOW_RECHECKS,
        phrase_candidates=settings.SEARCH_PHRASE_CANDIDATES,
        title_walk_share=settings.SEARCH_TITLE_WALK_SHARE,
        work_mem=settings.SEARCH_WORK_MEM,
    )
