"""A server worker reads what searches share before its first request (archive/search/warm.py)."""

from dataclasses import replace

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from archive.models import Agreement, Country, CountryPair, Outlet
from archive.search import labels, lookup, names, planner
from archive.search.criteria import Criteria
from archive.search.results import search
from archive.search.warm import warm


def first_search_statements() -> int:
    with CaptureQueriesContext(connection) as statements:
        search(Criteria(q="Лукашенко"))
    return len(statements)


def test_a_workers_first_search_costs_no_more_statements_than_any_other(seeds):
    names.forget()
    cache.clear()
    warm()
    first = first_search_statements()
    # One statement more at most: the word's own forms, read once as for any new word.
    assert first <= first_search_statements() + 1


def test_without_warming_the_first_search_reads_the_register_and_labels(seeds):
    # What warming saves: the same search on a cold process runs more statements.
    names.forget()
    cache.clear()
    first = first_search_statements()
    assert first > first_search_statements() + 1


def test_a_workers_first_phrase_finds_the_parsers_token_types_read(seeds):
    from archive.search import marking

    marking.token_types.cache_clear()
    warm()
    with CaptureQueriesContext(connection) as statements:
        found = search(Criteria(q="«в области»"))
    assert found.articles, "the phrase is in the seed articles, so its snippets are marked"
    assert not any("ts_token_type" in s["sql"] for s in statements.captured_queries)


def test_a_warmed_worker_holds_the_planners_statistics(seeds):
    # A worker's first one-word search and first walk back through the newest articles
    # find the word statistics and the spans of dates read: neither costs it a statement.
    from archive.search import planner

    planner.forget()
    cache.clear()
    warm()
    with CaptureQueriesContext(connection) as statements:
        planner.date_windows()
        assert planner.statistics_part() is None
    assert len(statements) == 0


def _named_by_the_models(table: str, language: str) -> dict:
    """{id: (public value, label)} as the models name each row of a table."""
    if table == "pair":
        rows = CountryPair.objects.select_related("first", "second")
        return {str(p.id): (p.code, p.label(language)) for p in rows}
    if table == "country":
        return {str(c.id): (c.code, c.name(language)) for c in Country.objects.all()}
    if table == "source":
        return {str(o.id): (o.slug, o.name) for o in Outlet.objects.all()}
    return {str(a.id): (a.slug, a.name(language)) for a in Agreement.objects.all()}


def test_labels_read_with_the_look_ups_are_those_the_models_give(seeds, make_outlet):
    # Every LABEL_SECONDS the labels come with a search's look-ups, all four tables at once;
    # a value not held yet reads its table alone. Both must name each value as the models
    # do, in either language.
    make_outlet(name="Агентство «Восток» & <Co>", slug="vostok")
    Agreement.objects.create(name_ru="Соглашение только по-русски", slug="ru-only")
    labels.forget()
    for language in ("en", "ru"):
        with translation.override(language):
            # A rider, read here on its own.
            part = replace(labels.labels_part(), rider=False)
            labels.keep_labels(lookup.read([part])["labels"])
            assert labels.labels_part() is None
        for table in labels.TABLES:
            expected = _named_by_the_models(table, language)
            assert expected, table
            assert labels._held[(planner.database(), table, language)][1] == expected
            assert labels._fetch(table, language) == expected, (table, language)
