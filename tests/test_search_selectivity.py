"""A search sized from the planner's statistics, without the EXPLAIN, as the EXPLAIN sizes it
(archive/search/selectivity.py, `sizes._estimated_parts`)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.search import query as syntax
from archive.search import registry, selectivity, sizes
from archive.search.guard import guarded
from archive.search.results import search
from tests.searching import form_for

WORDS = ["торговля", "инвестиции", "логистика", "таможня", "спорт", "образование", "energy"]
PAIRS = ["BY-CN", "CN-RU", "BY-RU", "KZ-RU"]


@pytest.fixture
def analyzed(make_article):
    """240 articles over eleven years: words, pairs and countries in uneven shares (some
    common enough for ANALYZE to keep their frequencies, some not), then ANALYZE."""
    for number in range(240):
        words = [w for i, w in enumerate(WORDS) if number % (i + 2) == 0] or ["новости"]
        pairs = [p for i, p in enumerate(PAIRS) if number % (i + 3) == 0]
        make_article(
            title=f"{words[0].capitalize()} {number}",
            body=f"{' и '.join(words)}: выпуск {number}.",
            published_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=number * 17),
            language="en" if number % 5 == 0 else "ru",
            pairs=pairs,
            countries=["KZ"] if number % 7 == 0 else (),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")


def _both(params) -> tuple[dict | None, dict]:
    """The parts as estimated here and as the EXPLAIN gives them."""
    criteria = form_for(params).criteria
    with guarded():
        selectivity.read()
        sizes.measure(form_for({"q": "спорт"}).criteria)  # the archive's size, held
        constant = sizes._constant_parts(True)
        syntax.prepare(criteria.parsed)
        estimated = sizes._estimated_parts(criteria, constant)
        explained = sizes._explained(criteria, constant, registry.in_use(criteria))
    return estimated, explained


@pytest.mark.parametrize(
    "params",
    [
        {"q": "торговля"},
        {"q": "новости"},
        {"q": "торговля таможня"},
        {"q": "торговля OR energy"},
        {"q": "торговля -спорт"},
        {"q": '"торговля и инвестиции"'},
        {"q": "логистика", "pair": "BY-CN", "date_from": "2012-03-04", "date_to": "2015-06-30"},
        {"q": "инвестиции", "pair": ["BY-CN", "KZ-RU"], "country": "KZ"},
        {"q": "образование", "date_from": "2009-01-01"},
        {"q": "спорт", "date_to": "2013-12-31"},
        {"pair": "CN-RU"},
        {"pair": "BY-RU", "date_from": "2014-01-01", "date_to": "2016-12-31"},
        {"country": "KZ", "date_from": "2011-05-05"},
        {"date_from": "2018-01-01", "date_to": "2018-12-31"},
    ],
)
def test_the_estimates_are_the_planners_own(analyzed, params):
    estimated, explained = _both(params)
    assert estimated == explained


@pytest.mark.parametrize(
    "params",
    [
        {"q": "торговля", "language": "ru"},
        {"q": "торговля", "year": "2012"},
        {"q": '"торговля и инвестиции"', "exact": "1"},
        # Stop words alone: no condition at all, which the EXPLAIN finds empty.
        {"q": '"и на"'},
    ],
)
def test_other_filters_are_explained(analyzed, params):
    estimated, explained = _both(params)
    assert estimated is None and explained


def test_without_statistics_the_search_is_explained(make_article):
    make_article(title="Торговля", body="Торговля и спорт.", pairs=["BY-CN"])
    criteria = form_for({"q": "торговля", "pair": "BY-CN"}).criteria
    with guarded():
        selectivity.read()  # nothing: the table was never analyzed
        assert sizes._estimated_parts(criteria, {"total": 1, "prominent_total": 0}) is None


def _statements(params) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        found = search(form_for(params).criteria)
    explains = [q for q in queries.captured_queries if q["sql"].startswith("EXPLAIN")]
    facets = {name: [(v.value, v.count) for v in f.values] for name, f in found.facets.items()}
    return explains, (found.path, found.count.value, [a.id for a in found.articles], facets)


def test_a_word_with_a_pair_and_dates_is_found_as_before_without_the_explain(analyzed, monkeypatch):
    params = {"q": "торговля", "pair": "BY-CN", "date_from": "2011-01-01", "date_to": "2016-12-31"}
    first, _ = _statements({"q": "спорт"})  # reads the statistics; the archive's size explained
    assert len(first) == 1
    explains, estimated = _statements(params)
    assert explains == []
    monkeypatch.setattr(selectivity, "held", lambda: None)
    explains, explained = _statements(params)
    assert len(explains) == 1
    assert estimated == explained and estimated[1] > 0


def test_a_warmed_worker_holds_the_statistics(analyzed):
    # A server worker reads them before its first request: no search waits for them.
    from archive.search.warm import warm

    selectivity.forget()
    warm()
    assert selectivity.statistics_part() is None
    held = selectivity.held()
    assert held is not None and held.days is not None
    assert {"search_vector", "title_vector", "pair_ids"} <= set(held.columns)
