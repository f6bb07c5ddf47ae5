"""How a count reads when listing the matches stopped past its limit (archive/search/counting.py),
and how a large match set's count is kept for the next reader."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from archive.search import results
from archive.search.counting import bounded_count
from archive.search.sizes import Sizes
from archive.views.search import count_text
from tests import searching


@pytest.fixture(autouse=True)
def english():
    # The counts are read in the English interface, whatever a test before left active.
    with translation.override("en"):
        yield


def _sizes(planned):
    return Sizes(base=planned, full=planned, total=1_000_000)


def test_a_listing_that_overflowed_says_more_than_its_limit_without_counting_again():
    # No cursor: the count must come from what the listing saw, with no statement.
    count = bounded_count(None, _sizes(6_700), None, more_than=20_000)
    assert (count.value, count.exact, count.at_least) == (20_000, False, True)
    assert count_text(count) == "more than 20,000 articles"


def test_when_the_planner_expects_more_its_estimate_is_shown():
    count = bounded_count(None, _sizes(45_000), None, more_than=20_000)
    assert (count.value, count.exact, count.at_least) == (45_000, False, False)
    assert count_text(count) == "about 45,000 articles"


def test_a_large_match_set_asked_again_gets_the_same_answer_without_counting_again(seeds, settings):
    # Too many matches to list (every set is, at a resolve limit of 0): the count is
    # estimated and the facets sampled, and both are kept SEARCH_CACHE_SECONDS for the next
    # reader of the same search, who gets the same answer for fewer statements.
    settings.SEARCH_RESOLVE_LIMIT = 0
    settings.SEARCH_CACHE_SECONDS = 60
    criteria = searching.form_for({"q": "сотрудничество"}).criteria
    with CaptureQueriesContext(connection) as first_read:
        first = results.search(criteria)
    with CaptureQueriesContext(connection) as second_read:
        second = results.search(criteria)
    assert first.path == second.path == "bounded"
    assert first.facets["country"].values, "the facets were counted"
    assert (second.count, second.facets) == (first.count, first.facets)
    assert [a.id for a in second.articles] == [a.id for a in first.articles]
    assert len(second_read) < len(first_read)
