"""The planner's estimates the search chooses its path from (archive/search/sizes.py)."""

import datetime
from dataclasses import replace

from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.search import planner
from archive.search.guard import guarded
from archive.search.matching import filtered
from archive.search.planner import WordStatistics
from archive.search.results import search
from archive.search.sizes import measure
from tests.searching import form_for


def test_words_typed_together_are_estimated_as_going_together(make_article):
    # Forty articles hold both words, a hundred and sixty neither: taken as independent,
    # the planner expects 40 × 40 / 200 = 8 articles with both. A listing planned from that
    # would be tried for sets that go together far past its limit («take time»: 19,800
    # planned, 70,000 found), so both words are estimated between that and the rarer word.
    for number in range(40):
        make_article(title=f"Сводка {number}", body=f"Логистика и таможня, выпуск {number}.")
    for number in range(160):
        make_article(title=f"Заметка {number}", body=f"Погода и спорт, выпуск {number}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    # Measured as every search measures, with its planner settings (no parallel plans).
    with guarded():
        alone = measure(form_for({"q": "логистика"}).criteria)
        together = measure(form_for({"q": "логистика таможня"}).criteria)
    assert alone.full * alone.full / alone.total < together.full <= alone.full
    assert together.full >= 2 * alone.full * alone.full // alone.total


def _rare_and_common_corpus(make_article):
    """Sixty articles about cooperation, one of them about a tractor, with the planner keeping
    frequencies of only its commonest lexemes (statistics target 1: ten of them)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE archive_article ALTER search_vector SET STATISTICS 1")
    for number in range(60):
        extra = " Новый трактор вышел в поле." if number == 7 else ""
        make_article(title=f"Сотрудничество {number}", body=f"Сотрудничество и торговля.{extra}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")


def _explained(criteria) -> tuple[list, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        found = search(criteria)
    return found, [q["sql"] for q in queries.captured_queries if q["sql"].startswith("EXPLAIN")]


def test_a_rare_word_alone_is_searched_without_the_explain(make_article):
    _rare_and_common_corpus(make_article)
    found, explains = _explained(form_for({"q": "трактор"}).criteria)
    assert explains == []
    assert [a.title for a in found.articles] == ["Сотрудничество 7"]
    assert found.path == "listed" and found.count.value == 1


def test_a_word_the_planner_keeps_a_frequency_of_is_explained(make_article):
    _rare_and_common_corpus(make_article)
    found, explains = _explained(form_for({"q": "торговля"}).criteria)
    assert len(explains) == 1
    assert found.count.value == 60


def test_a_rare_word_with_a_filter_is_explained(make_article):
    _rare_and_common_corpus(make_article)
    found, explains = _explained(form_for({"q": "трактор", "language": "ru"}).criteria)
    assert len(explains) == 1
    assert found.count.value == 1


def test_a_word_estimated_rare_that_is_not_takes_the_bounded_path_with_every_estimate(
    make_article, monkeypatch, settings
):
    # The statistics say nothing is common, and the listing limit is below the word's
    # matches: the listing overflows, and the bounded path gets the EXPLAIN's sizes.
    for number in range(12):
        make_article(title=f"Трактор {number}", body="Новый трактор вышел в поле.")
    monkeypatch.setattr(planner, "word_statistics", lambda: WordStatistics(frozenset(), 0.01, 12))
    settings.SEARCH_RESOLVE_LIMIT = 5
    with CaptureQueriesContext(connection) as queries:
        found = search(form_for({"q": "трактор"}).criteria)
    run = [q["sql"].split(" ", 1)[0] for q in queries.captured_queries]
    # Listed first (no EXPLAIN before it), explained once the listing overflowed.
    listing = next(i for i, sql in enumerate(run) if sql == "WITH")
    assert "EXPLAIN" not in run[:listing] and "EXPLAIN" in run[listing:]
    assert found.path == "bounded"
    assert len(found.articles) == 12


def test_the_sizes_without_the_dates_are_what_the_planner_says_of_them(make_article):
    # Read from the planner's estimates with the dates and the dates' share of the archive,
    # not explained again: they must still be the planner's own (they decide whether a
    # range is tested on the rows, `sizes.dates_on_rows`).
    for number in range(120):
        make_article(
            title=f"Сводка {number}",
            body="Логистика и таможня." if number % 3 else "Погода и спорт.",
            published_on=datetime.date(2010 + number % 12, 1 + number % 12, 1),
            pairs=["BY-CN" if number % 2 else "CN-RU"],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    criteria = form_for(
        {"q": "логистика", "pair": "BY-CN", "date_from": "2012-01-01", "date_to": "2015-12-31"}
    ).criteria
    with guarded():
        sizes = measure(criteria)
        undated = replace(criteria, date_from=None, date_to=None)
        explained = planner.estimates(*(filtered(undated, without=g) for g in sizes.undated))
    assert len(sizes.undated) == 3  # every filter, none, and every filter but the pair
    for derived, said in zip(sizes.undated.values(), explained, strict=True):
        assert abs(derived - said) <= max(1, said // 50)
