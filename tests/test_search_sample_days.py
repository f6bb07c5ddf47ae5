"""A word in tens of thousands of articles has its facets counted on a sample of days
(archive/search/sample_days.py): spread over its dates, scaled to the whole, marked as
estimates."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.db import connection

from archive.models import Article
from archive.search import planner, sample_days
from archive.search.criteria import Criteria
from tests.searching import form_for, run

FIRST = datetime.date(2021, 1, 1)


@pytest.fixture
def three_years(make_article, settings, monkeypatch):
    """450 articles on «уголь» over three years, added oldest first (as an archive grows),
    two in three about BY-CN and the rest about CN-RU; a match set too large to list,
    counted on samples of 30 and taken on days from 100 matches on."""
    draw = random.Random(7)
    for number in range(450):
        make_article(
            title=f"Уголь {number}",
            body="Поставки угля выросли.",
            published_on=FIRST + datetime.timedelta(days=number * 12 // 5),
            pairs=["CN-RU" if draw.random() < 1 / 3 else "BY-CN"],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    cache.clear()
    settings.SEARCH_RESOLVE_LIMIT = 0
    settings.SEARCH_FACET_SAMPLE = 30
    monkeypatch.setattr(sample_days, "FROM_MATCHES", 100)
    planner.date_windows()  # the statistics a search reads along with its look-ups


def test_the_sample_spreads_over_every_year_and_keeps_the_proportions(three_years):
    found = run({"q": "уголь"})
    years = {v.value: v.count for v in found.facets["year"].values}
    # The first 30 matches the index gave were all from the first months: the sample's days
    # are spread over the three years.
    assert set(years) == {"2021", "2022", "2023"}
    pairs = {v.value: v.count for v in found.facets["pair"].values}
    # About 45 articles read: each pair's share within about three standard errors of it.
    share = pairs["BY-CN"] / (pairs["BY-CN"] + pairs["CN-RU"])
    true_share = Article.objects.filter(pairs__code="BY-CN").count() / 450
    assert abs(share - true_share) < 0.2
    # Scaled to the whole and said to be estimates.
    assert 300 < sum(pairs.values()) < 650
    assert found.facets["pair"].approximate and found.facets["year"].approximate


def test_days_are_drawn_within_the_dates_asked_for_and_the_same_each_time(three_years):
    criteria = form_for({"q": "уголь", "date_from": "2022-01-01", "date_to": "2022-12-31"})
    criteria = criteria.criteria
    days = sample_days.sample_days(criteria, 2_000, 30)
    assert days == sample_days.sample_days(criteria, 2_000, 30)
    # 1.5 × 30 of 2,000 matches: a 45th of the year's 365 days, one in each 45th of it.
    first, last = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert len(days) == len(set(days)) == 9
    assert all(
        first + datetime.timedelta(days=365 * n // 9) <= planner_day(key)
        for n, key in enumerate(days)
    )
    assert all(first <= planner_day(key) <= last for key in days)


def planner_day(key: int) -> datetime.date:
    return datetime.date(2000, 1, 1) + datetime.timedelta(days=key)


@pytest.mark.parametrize(
    "criteria, matches, sample",
    [
        (Criteria(q="уголь"), 99, 30),  # few: their bitmap is cheap
        (Criteria(pairs=("BY-CN",)), 5_000, 30),  # no words: tags are tested on the rows
        # 1.5 × 30 of 100 in 1,070 days: 482, more days than the index should read.
        (Criteria(q="уголь"), 100, 30),
        # 1.5 × 60 of 110 in ten days: most of the days, as well read whole.
        (Criteria(q="уголь", date_from=FIRST, date_to=FIRST + datetime.timedelta(days=9)), 110, 60),
    ],
    ids=["few matches", "no words", "too many days", "most days"],
)
def test_no_days_where_a_plain_sample_is_as_good(three_years, criteria, matches, sample):
    assert sample_days.sample_days(criteria, matches, sample) is None


def test_no_days_before_the_date_statistics_are_held(three_years):
    cache.clear()
    assert sample_days.sample_days(Criteria(q="уголь"), 2_000, 30) is None
