"""Facet counts: over the whole matched set, disjunctive, checked against plain ORM counts."""

import datetime
import itertools
import random
import re
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from archive.models import Agreement, Article, Outlet
from archive.search import results, sizes
from tests import searching

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")

# A sample of the whole table's pages: no condition after the sample (see facets._group_sql).
WHOLE_ARCHIVE_SAMPLE = re.compile(r"TABLESAMPLE SYSTEM \([0-9.]+\) REPEATABLE \(1\)\)")
PAIRS = ["BY-CN", "CN-RU", "BY-RU", "KZ-RU"]
WORDS = ["сотрудничество", "торговля", "мост", "культура"]


@pytest.fixture
def corpus(make_article):
    """Forty articles with pseudo-random words, pairs, outlets, agreements and years."""
    rng = random.Random(7)
    outlets = [Outlet.objects.create(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(3)]
    agreements = [
        Agreement.objects.create(name_en=f"Agreement {i}", slug=f"agreement-{i}", kind=kind)
        for i, kind in enumerate(["memorandum", "treaty", "memorandum"])
    ]
    for i in range(40):
        pairs = rng.sample(PAIRS, rng.randint(0, 2))
        countries = sorted({c for p in pairs for c in p.split("-")})
        article = make_article(
            title=f"Статья {i}",
            body=" ".join(rng.sample(WORDS, 2)) + ".",
            language=rng.choice(["ru", "ru", "en"]),
            pairs=pairs,
            countries=countries,
            outlet=rng.choice([*outlets, None]),
            published_on=datetime.date(rng.choice([2019, 2024, 2025]), 1 + i % 12, 1 + i % 28),
        )
        article.agreements.add(*rng.sample(agreements, rng.randint(0, 2)))


def facets_for(**params):
    return searching.facets(params)


def orm_counts(articles, name) -> dict[str, int]:
    """The same counts the slow, obvious way: the ORM, per value."""
    if name == "pair":
        rows = articles.values("pairs__code").annotate(n=Count("id", distinct=True))
        return {r["pairs__code"]: r["n"] for r in rows if r["pairs__code"]}
    if name == "country":
        rows = articles.values("countries__code").annotate(n=Count("id", distinct=True))
        return {r["countries__code"]: r["n"] for r in rows if r["countries__code"]}
    if name == "agreement":
        rows = articles.values("agreements__slug").annotate(n=Count("id", distinct=True))
        return {r["agreements__slug"]: r["n"] for r in rows if r["agreements__slug"]}
    if name == "source":
        rows = articles.values("outlet__slug").annotate(n=Count("id"))
        return {r["outlet__slug"]: r["n"] for r in rows if r["outlet__slug"]}
    if name == "language":
        return {r["language"]: r["n"] for r in articles.values("language").annotate(n=Count("id"))}
    rows = articles.values("published_on__year").annotate(n=Count("id"))
    return {str(r["published_on__year"]): r["n"] for r in rows}


def test_facets_without_filters_count_every_match(corpus):
    matched = Article.objects.filter(Q(body__icontains="мост"))
    counted = facets_for(q="мост")
    for name in ("pair", "country", "agreement", "source", "language", "year"):
        assert counted[name] == orm_counts(matched, name), name


@pytest.mark.parametrize(
    "params",
    [
        {"pair": ["BY-CN"]},
        {"pair": ["BY-CN", "KZ-RU"], "language": "ru"},
        {"q": "торговля", "country": ["RU"], "year": "2025"},
        {"q": "сотрудничество", "source": "outlet-1", "agreement": "agreement-0"},
        {"kind": "memorandum", "date_from": "2024-03-01", "date_to": "2025-12-31"},
    ],
)
@pytest.mark.parametrize("words_too_many", [False, True], ids=["listed-words", "listed-filtered"])
def test_each_facet_counts_with_every_filter_but_its_own(
    corpus, params, words_too_many, monkeypatch
):
    if words_too_many:
        # As at a million articles: the words and dates alone are too many to list, so the
        # matches are listed with every filter applied, and each facet in use is counted from
        # a sample of the matches without its own filter.
        measure = results.measure
        monkeypatch.setattr(
            results, "measure", lambda criteria: replace(measure(criteria), base=10**9)
        )
    counted = facets_for(**params)

    def matching(skip):
        articles = Article.objects.all()
        if "q" in params:
            articles = articles.filter(body__icontains=params["q"])
        if "pair" in params and skip != "pair":
            articles = articles.filter(pairs__code__in=params["pair"])
        if "country" in params and skip != "country":
            articles = articles.filter(countries__code__in=params["country"])
        if "language" in params and skip != "language":
            articles = articles.filter(language=params["language"])
        if "source" in params and skip != "source":
            articles = articles.filter(outlet__slug=params["source"])
        if "agreement" in params and skip != "agreement":
            articles = articles.filter(agreements__slug=params["agreement"])
        if "kind" in params:
            articles = articles.filter(agreements__kind=params["kind"])
        if "year" in params and skip != "year":
            articles = articles.filter(published_on__year=int(params["year"]))
        if "date_from" in params:
            articles = articles.filter(published_on__gte=params["date_from"])
        if "date_to" in params:
            articles = articles.filter(published_on__lte=params["date_to"])
        return Article.objects.filter(id__in=articles.values("id"))

    selected = {"pair": params.get("pair", []), "country": params.get("country", [])}
    for single in ("language", "source", "agreement", "year"):
        selected[single] = [params[single]] if single in params else []
    for name in ("pair", "country", "agreement", "source", "language", "year"):
        expected = orm_counts(matching(skip=name), name)
        for value in selected[name]:
            expected.setdefault(value, 0)
        assert counted[name] == expected, name


def test_a_selected_value_stays_visible_at_zero(corpus, make_article):
    make_article(title="Одинокая", body="Уникальное слово.", pairs=["BY-KZ"])
    counted = facets_for(q="мост", pair=["BY-KZ"])
    assert counted["pair"]["BY-KZ"] == 0


def test_the_year_facet_is_a_histogram_in_year_order(corpus):
    years = searching.run({}).facets["year"].values
    assert [v.value for v in years] == ["2019", "2024", "2025"]
    assert sum(v.count for v in years) == 40


def test_combined_filters_match_the_orm(corpus):
    expected = Article.objects.filter(
        id__in=Article.objects.filter(
            pairs__code__in=["BY-CN", "KZ-RU"], language="ru", published_on__year=2025
        ).values("id")
    ).order_by("-published_on", "-id")
    found = searching.ids({"pair": ["cn-by", "RU-KZ"], "language": "ru", "year": "2025"})
    assert found == list(expected.values_list("id", flat=True))


def test_every_single_filter_alone_matches_the_orm(corpus):
    cases = {
        "pair": ("CN-RU", Q(pairs__code="CN-RU")),
        "country": ("by", Q(countries__code="BY")),
        "language": ("en", Q(language="en")),
        "source": ("outlet-2", Q(outlet__slug="outlet-2")),
        "agreement": ("agreement-1", Q(agreements__slug="agreement-1")),
        "kind": ("memorandum", Q(agreements__kind="memorandum")),
        "date_from": ("2025-01-01", Q(published_on__gte=datetime.date(2025, 1, 1))),
        "date_to": ("2019-06-30", Q(published_on__lte=datetime.date(2019, 6, 30))),
        "year": ("2024", Q(published_on__year=2024)),
        "q": ("культура", Q(body__icontains="культура")),
    }
    for param, (value, condition) in cases.items():
        expected = Article.objects.filter(id__in=Article.objects.filter(condition).values("id"))
        got = searching.ids({param: value, "sort": "newest"})
        assert got == list(
            expected.order_by("-published_on", "-id").values_list("id", flat=True)
        ), param
        assert got, param


def test_combinations_of_two_filters(corpus):
    options = {"pair": "BY-RU", "language": "ru", "year": "2024", "q": "мост"}
    for (a, va), (b, vb) in itertools.combinations(options.items(), 2):
        ids = set(searching.ids({a: va, b: vb, "sort": "oldest"}))
        alone_a = set(searching.ids({a: va}))
        alone_b = set(searching.ids({b: vb}))
        assert ids == alone_a & alone_b, (a, b)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "торговля", "date_from": "2024-01-01", "date_to": "2025-12-31"},
        {"pair": ["BY-CN"], "date_from": "2024-03-01"},
        {"q": "мост", "country": ["RU"], "date_to": "2024-12-31"},
    ],
)
def test_dates_tested_on_rows_find_what_the_date_index_finds(corpus, params, monkeypatch):
    """The engine may test a date range on the rows the words and tags find, or find a closed
    range as date keys in the full-text index (archive/search/datekeys.py), instead of
    reading the date index (archive/search/results.py): same results."""
    from archive.search import datekeys

    monkeypatch.setattr(datekeys, "MAX_KEYS", 0)
    monkeypatch.setattr(sizes, "DATES_ON_ROWS_RATIO", 10**9)
    by_index = searching.run(params)
    assert not by_index.criteria.dates_on_rows
    assert not by_index.criteria.dates_by_keys
    # Every group of filters tests its dates on the rows.
    monkeypatch.setattr(sizes, "DATES_ON_ROWS_RATIO", 0)
    on_rows = searching.run(params)
    assert on_rows.criteria.dates_on_rows, "the dates were tested on the rows"
    # Words with a closed range, listed: the range as keys of the full-text index.
    monkeypatch.setattr(datekeys, "MAX_KEYS", 24)
    by_keys = searching.run(params)
    keyed = (
        by_keys.path == "listed" and "q" in params and "date_from" in params and "date_to" in params
    )
    assert by_keys.criteria.dates_by_keys is keyed
    for other in (on_rows, by_keys):
        assert [a.id for a in other.articles] == [a.id for a in by_index.articles]
        assert other.count == by_index.count
        assert {n: f.values for n, f in other.facets.items()} == {
            n: f.values for n, f in by_index.facets.items()
        }


def test_a_new_outlet_is_labelled_in_the_facets_at_once(make_article, settings):
    # Labels are held a few minutes in the process; a value they do not hold yet is read at
    # once, never shown as its id. (A large match set's facets are cached on their own.)
    settings.SEARCH_CACHE_SECONDS = 0
    first = Outlet.objects.create(name="Первое агентство", slug="first-agency")
    make_article(title="Мост через реку", body="Мост открыт.", outlet=first)
    labels = {v.value: v.label for v in searching.run({"q": "мост"}).facets["source"].values}
    assert labels == {"first-agency": "Первое агентство"}
    second = Outlet.objects.create(name="Второе агентство", slug="second-agency")
    make_article(title="Новый мост", body="Мост построен.", outlet=second)
    labels = {v.value: v.label for v in searching.run({"q": "мост"}).facets["source"].values}
    assert labels == {"first-agency": "Первое агентство", "second-agency": "Второе агентство"}


def test_a_sample_of_the_tables_pages_is_read_once_for_every_search_sharing_it(corpus, settings):
    # Browsing a pair counts the pair facet without its own filter: on the whole archive,
    # here from a sample of its pages (a sample of 4 rows makes 40 articles "many"). Those
    # pages are the same whichever pair is browsed, so their counts are read once and kept
    # SEARCH_CACHE_SECONDS; a page sample's counts are estimates either way.
    settings.SEARCH_FACET_SAMPLE = 4
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")  # the planner's sizes: these 40 articles

    def browsed(pair: str):
        # Whichever path the engine takes (listed or bounded: a sample this small changes
        # its choice), the pair facet is counted on the sample.
        criteria = searching.form_for({"pair": pair}).criteria
        with CaptureQueriesContext(connection) as read:
            facet = results.search(criteria).facets["pair"]
        whole = any(WHOLE_ARCHIVE_SAMPLE.search(query["sql"]) for query in read.captured_queries)
        return facet, whole

    first, read_first = browsed("BY-CN")
    second, read_second = browsed("CN-RU")
    assert read_first and not read_second
    assert first.approximate and second.approximate
    assert [(v.value, v.count) for v in first.values if v.count] == [
        (v.value, v.count) for v in second.values if v.count
    ]
    cache.clear()
    assert browsed("KZ-RU")[1]
