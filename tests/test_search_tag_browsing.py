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
