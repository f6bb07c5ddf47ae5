"""A search page or API request runs at most six SQL statements, down every path of the engine.

The statements are counted by the server itself (archive/statement_count.py). Inside a
test's transaction each search also runs three statements a served request does not (a
savepoint, its settings put back, the release), which the bound allows for. The first request of each test
loads what a server loads once (the register of names, the parser's token types), and the
planner's word statistics are read as a server worker reads them before its first request. A search
that finds nothing also looks for a better spelling, within the same bound.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.search import labels, names, planner

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")

MOST = 6
# What running inside the test's transaction adds (see the module docstring).
NESTED = 3
HEADER = "X-SQL-Statements"


@pytest.fixture
def counted(settings, seeds, client):
    settings.MIDDLEWARE = ["archive.statement_count.StatementCount", *settings.MIDDLEWARE]
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_CACHE_SECONDS = 0
    # A phrase: its snippets load the parser's token types, once a server.
    assert client.get("/search/", {"q": "«Минск»"}).status_code == 200
    # And the planner's word statistics, which a server worker reads before its first request.
    planner.read_word_statistics()

    def statements(path, params):
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:300]
        if path == "/api/articles/":
            assert response.json()["count"] > 0, params
        return int(response[HEADER])

    return statements


@pytest.mark.parametrize("path", ["/api/articles/", "/search/"])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "сотрудничество"},
        {"q": "Беларусь Китай"},
        {"q": "«в области»"},
        {"q": "Китая", "pair": "BY-CN", "date_from": "2020-01-01", "date_to": "2026-12-31"},
        {"pair": "BY-CN"},
        {"q": "соглашение", "language": "ru", "sort": "newest"},
    ],
    ids=["word", "two-words", "phrase", "word-pair-dates", "browsing", "word-language-by-date"],
)
def test_a_search_runs_at_most_six_statements(counted, path, params):
    assert counted(path, params) <= MOST + NESTED


def test_one_article_as_json_is_one_statement(counted, seeds):
    assert counted(f"/api/articles/{seeds[0].pk}/", {}) == 1


def test_a_misspelt_word_is_corrected_within_six_statements(counted, client):
    # Nothing matches: the search looks for a better spelling, as its last two statements.
    statements = counted("/search/", {"q": "сотрудничестфо"})
    assert statements <= MOST + NESTED
    response = client.get("/search/", {"q": "сотрудничестфо"})
    assert response.context["found"].suggestion == "сотрудничества"


def test_words_that_match_beside_the_filters_are_not_corrected(counted, client, make_article):
    # A pair none of whose articles has the word: nothing is found, but the pair facet
    # (counted without its own filter) shows the word's articles, so there is no misspelling
    # to look for, and no statements spent on it.
    make_article(title="Транзит", body="Грузы идут через границу.", pairs=("KZ-RU",))
    params = {"q": "сотрудничество", "pair": "KZ-RU"}
    with CaptureQueriesContext(connection) as statements:
        response = client.get("/search/", params)
    found = response.context["found"]
    assert found.count.value == 0 and found.suggestion is None
    assert any(value.count for value in found.facets["pair"].values)
    assert not any("<%" in statement["sql"] for statement in statements.captured_queries)
    assert int(response[HEADER]) <= MOST + NESTED


def _names_due():
    """Age the register of names' last check past REFRESH_SECONDS."""
    names._state["checked"] -= names.REFRESH_SECONDS + 1
    assert names.version_part() is not None


def _windows_due():
    """Age the kept spans of dates past WINDOW_SECONDS (still within their grace)."""
    planner.date_windows()
    read_at, *kept = cache.get(planner._WINDOWS_KEY)
    cache.set(planner._WINDOWS_KEY, (read_at - planner.WINDOW_SECONDS - 1, *kept), 300)
    assert planner.windows_part() is not None


def _labels_due():
    """Age the facet labels a process holds past LABEL_SECONDS (still within STALE_SECONDS)."""
    for key, (read_at, held) in list(labels._held.items()):
        labels._held[key] = (read_at - labels.LABEL_SECONDS - 1, held)
    assert labels.labels_part() is not None


# What a process reads again now and then, how to make it due, and its look-up part.
DUE = {
    # Whether another process changed the register, every REFRESH_SECONDS.
    "names": (_names_due, names.version_part),
    # The spans of dates a phrase of common words (and a newest-first walk) is searched by,
    # every WINDOW_SECONDS.
    "date-spans": (_windows_due, planner.windows_part),
    # The labels of the facets' values (pairs, countries, outlets, agreements), every
    # LABEL_SECONDS.
    "labels": (_labels_due, labels.labels_part),
}


@pytest.mark.parametrize("due", DUE)
@pytest.mark.parametrize(
    "params",
    [{"pair": "BY-CN"}, {"q": "Китая", "pair": "BY-CN", "date_from": "2020-01-01"}],
    ids=["browsing", "word-pair-dates"],
)
def test_what_falls_due_is_read_with_the_look_ups(counted, params, due):
    # Read as one more part of the request's look-up statement, not a statement of its own.
    make_due, part = DUE[due]
    settled = counted("/api/articles/", params)
    make_due()
    assert counted("/api/articles/", params) == settled
    assert part() is None


def test_spans_of_dates_due_wait_for_a_search_that_looks_something_up(counted):
    # A phrase asked again has its words' forms at hand: no look-up statement, so none for
    # the spans either; those kept serve until the next search that reads something.
    settled = counted("/api/articles/", {"q": "«Минск»"})
    _windows_due()
    assert counted("/api/articles/", {"q": "«Минск»"}) == settled
    assert planner.windows_part() is not None
