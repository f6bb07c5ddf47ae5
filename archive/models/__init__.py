"""Concord's data: articles, the outlets that publish them, countries, country pairs, agreements.

One module per subject; every public name is importable from `archive.models` as before.
"""

from archive.models.agreements import Agreement, AgreementQuerySet
from archive.models.alerts import Delivery, SavedSearch, Subscription
from archive.models.articles import (
    PROMINENT_RANK,
    Article,
    SourceStatus,
    captured_text_hash,
    content_hash,
    url_key_or_none,
)
from archive.models.countries import (
    PAIR_CODE,
    Country,
    CountryManager,
    CountryPair,
    CountryPairQuerySet,
    canonical_pair_code,
)
from archive.models.events import Event, EventQuerySet
from archive.models.names import Name
from archive.models.outlets import Outlet
from archive.models.querysets import ArticleManager, ArticleQuerySet
from archive.models.redirects import SlugRedirect
from archive.models.shared import unique_slug
from archive.models.stories import Story, StoryRole, StorySketch, stories_of
from archive.models.tags import UNKNOWN_PAIR, unknown_pair_message

__all__ = [
    "PAIR_CODE",
    "PROMINENT_RANK",
    "UNKNOWN_PAIR",
    "Agreement",
    "AgreementQuerySet",
    "Article",
    "ArticleManager",
    "ArticleQuerySet",
    "Country",
    "CountryManager",
    "CountryPair",
    "CountryPairQuerySet",
    "Delivery",
    "Event",
    "EventQuerySet",
    "Name",
    "Outlet",
    "SavedSearch",
    "SourceStatus",
    "Subscription",
    "captured_text_hash",
    "SlugRedirect",
    "Story",
    "StoryRole",
    "StorySketch",
    "canonical_pair_code",
    "content_hash",
    "stories_of",
    "unique_slug",
    "unknown_pair_message",
    "url_key_or_none",
]
