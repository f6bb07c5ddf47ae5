"""A closed range of dates found as keys of the full-text index (archive/search/datekeys.py,
migration 0018): the same articles as the dates themselves, whichever keys cover the range."""

import datetime

import pytest
from django.db import connection

from archive.search import datekeys
from tests import searching

D = datetime.date


def test_a_range_is_covered_by_whole_years_then_whole_months_then_days():
    assert datekeys.cover(D(2012, 1, 1), D(2014, 12, 31)) == tuple(
        datekeys.year_key(year) for year in (2012, 2013, 2014)
    )
    assert datekeys.cover(D(2019, 11, 30), D(2021, 2, 1)) == (
        datekeys.day_key(D(2019, 11, 30)),
        datekeys.month_key(2019, 12),
        datekeys.year_key(2020),
        datekeys.month_key(2021, 1),
        datekeys.day_key(D(2021, 2, 1)),
    )
    # One day; a whole February of a leap year.
    assert datekeys.cover(D(2024, 2, 29), D(2024, 2, 29)) == (datekeys.day_key(D(2024, 2, 29)),)
    assert datekeys.cover(D(2024, 2, 1), D(2024, 2, 29)) == (datekeys.month_key(2024, 2),)


def test_open_empty_and_ragged_ranges_stay_on_the_date_index():
    assert datekeys.cover(None, D(2020, 1, 1)) is None
    assert datekeys.cover(D(2020, 1, 1), None) is None
    assert datekeys.cover(D(2020, 1, 2), D(2020, 1, 1)) is None
    # 27 days, 18 months: more keys than a scan walks well.
    assert datekeys.cover(D(2016, 3, 5), D(2017, 11, 20)) is None
    # The calendar's last year and day are keys like any other.
    assert datekeys.cover(D(9999, 1, 1), D(9999, 12, 31)) == (datekeys.year_key(9999),)
    assert datekeys.cover(D(9999, 12, 31), D(9999, 12, 31)) == (datekeys.day_key(D(9999, 12, 31)),)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day", [D(1, 1, 1), D(1999, 12, 31), D(2000, 1, 1), D(2024, 2, 29), D(9999, 12, 31)]
)
def test_the_database_gives_each_day_the_keys_the_search_asks_for(day):
    with connection.cursor() as cursor:
        cursor.execute("SELECT archive_date_keys(%s::date)", [day])
        keys = cursor.fetchone()[0]
    assert keys == [
        datekeys.day_key(day),
        datekeys.month_key(day.year, day.month),
        datekeys.year_key(day.year),
    ]


EDGES = [
    D(2011, 12, 31),
    D(2012, 1, 1),
    D(2013, 6, 15),
    D(2014, 12, 31),
    D(2015, 1, 1),
    D(2019, 11, 29),
    D(2019, 11, 30),
    D(2020, 2, 29),
    D(2021, 1, 31),
    D(2021, 2, 1),
    D(2021, 2, 2),
]


@pytest.mark.parametrize(
    ("first", "last", "by_keys"),
    [
        (D(2012, 1, 1), D(2014, 12, 31), True),
        (D(2019, 11, 30), D(2021, 2, 1), True),
        (D(2020, 2, 29), D(2020, 2, 29), True),
        (D(2011, 12, 31), D(2021, 1, 30), False),
    ],
)
def test_a_word_in_a_range_finds_the_articles_of_those_days(first, last, by_keys, make_article):
    for number, day in enumerate(EDGES):
        make_article(title=f"Логистика {number}", body=f"Сводка {number}.", published_on=day)
        make_article(title=f"Торговля {number}", body=f"Сводка {number}.", published_on=day)
    params = {"q": "логистика", "date_from": first.isoformat(), "date_to": last.isoformat()}
    found = searching.run(params)
    assert found.criteria.dates_by_keys is by_keys
    assert sorted(a.published_on for a in found.articles) == [
        d for d in EDGES if first <= d <= last
    ]
    assert found.count.value == len(found.articles)
