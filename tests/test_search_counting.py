"""How a count reads when listing the matches stopped past its limit (archive/search/counting.py)."""

import pytest
from django.utils import translation

from archive.search.counting import bounded_count
from archive.search.sizes import Sizes
from archive.views.search import count_text


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
