"""Browsing by tags alone, newest first, on the bounded path a million-article archive takes:
the count from the tags' link tables, the page from the tags' newest span
(archive/search/counting.py, archive/search/ranking.py `found_first`)."""

import datetime

import pytest

from archive.search import ranking
from tests import searching


@pytest.fixture
def bounded(settings):
    settings.SEARCH_RESOLVE_LIMIT = 0


def test_the_count_of_chosen_pairs_counts_each_article_once(bounded, make_article):
    make_article(title="Оба", body="Оба.", pairs=["BY-CN", "BY-RU"])
    make_article(title="Китай", body="Китай.", pairs=["BY-CN"])
    make_article(title="Россия", body="Россия.", pairs=["BY-RU"])
    make_article(title="Другое", body="Другое.", pairs=["CN-RU"])
    one = searching.run({"pair": ["BY-CN"], "sort": "newest"})
    both = searching.run({"pair": ["BY-CN", "BY-RU"], "sort": "newest"})
    assert (one.count.value, one.count.exact) == (2, True)
    assert (both.count.value, both.count.exact) == (3, True)
    assert len(both.articles) == 3


@pytest.mark.parametrize("in_span", [0, 1, 3])
def test_a_pair_newest_first_shows_its_newest_whatever_its_newest_span_holds(
    in_span, bounded, settings, monkeypatch, make_article
):
    # The page is read from the span expected to hold the pair's newest articles; when it
    # holds fewer than the page shows, the older ones follow.
    span = datetime.date(2025, 6, 1)
    monkeypatch.setattr(ranking, "newest_window", lambda *args, **kwargs: span)
    days = [span + datetime.timedelta(days=n) for n in range(in_span)]
    days += [datetime.date(2024, month, 1) for month in (3, 5, 7, 9)]
    for number, day in enumerate(days):
        make_article(
            title=f"Сводка {number}", body=f"Сводка {number}.", published_on=day, pairs=["BY-CN"]
        )
    make_article(
        title="Другое", body="Другое.", published_on=datetime.date(2025, 7, 1), pairs=["CN-RU"]
    )
    found = searching.run({"pair": ["BY-CN"], "sort": "newest", "page_size": "3"}, size=3)
    assert [a.published_on for a in found.articles] == sorted(days, reverse=True)[:3]


def test_a_pair_reads_the_same_pages_walked_or_found_first(bounded, monkeypatch, make_article):
    # Which way a page of tags alone is read is a matter of speed: the pages are the same.
    monkeypatch.setattr(ranking, "newest_window", lambda *args, **kwargs: datetime.date(2025, 1, 1))
    for number in range(12):
        day = datetime.date(2024 + number % 2, 1 + number % 12, 1 + number)
        make_article(title=f"Визит {number}", body="Визит.", published_on=day, pairs=["BY-CN"])
        make_article(title=f"Иное {number}", body="Иное.", published_on=day, pairs=["CN-RU"])
    pages = {}
    for walk_rows in (0, 10**9):
        monkeypatch.setattr(ranking, "WALK_ROWS", walk_rows)
        pages[walk_rows] = [
            [a.title for a in searching.run({"pair": ["BY-CN"], "sort": sort}, page, 5).articles]
            for sort in ("newest", "oldest")
            for page in (1, 2, 3)
        ]
    assert pages[0] == pages[10**9]
    assert sum(len(page) for page in pages[0]) == 24


def test_a_small_pair_deep_in_its_pages_is_found_first_and_a_large_one_walked(
    monkeypatch, make_article
):
    # At a million articles, page 5 (the first 100) of a pair in 12,000 articles took 18 ms
    # walking the date index and 8 found first in its newest span; the commonest pairs fill
    # it within a few hundred rows of the walk.
    make_article(title="Визит", body="Визит.", pairs=["BY-CN"])
    criteria = searching.form_for({"pair": ["BY-CN"], "sort": "newest"}).criteria
    monkeypatch.setattr(ranking, "newest_window", lambda *args, **kwargs: datetime.date(2025, 1, 1))
    million = 1_000_000
    assert not ranking.walks_dates(criteria, ranking.NEWEST, 100, 12_000, million)
    assert ranking.walks_dates(criteria, ranking.NEWEST, 100, 250_000, million)
    # With no newest span to read from, finding first reads every match: a pair of 12,000
    # is then walked, one of 5,000 still found first.
    monkeypatch.setattr(ranking, "newest_window", lambda *args, **kwargs: None)
    assert ranking.walks_dates(criteria, ranking.NEWEST, 100, 12_000, million)
    assert not ranking.walks_dates(criteria, ranking.NEWEST, 100, 5_000, million)
