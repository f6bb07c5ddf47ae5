"""Facet samples started before the listing (archive/search/results.py, `_start_samples`) give
the same counts as every other way the facets are counted, even when the listing then finds
more matches than planned and the search takes the bounded path after all."""

import datetime
from dataclasses import replace

import pytest

from archive.filters import SearchForm
from archive.search import results

PARAMS = {"q": "завод", "pair": ["BY-CN"]}


@pytest.fixture
def factories(make_article):
    day = datetime.date(2025, 2, 1)
    for number in range(12):
        pairs = ["BY-CN"] if number % 3 else ["CN-RU"]
        make_article(
            title=f"Завод {number}",
            body="Новый завод открыт.",
            language="ru" if number % 4 else "en",
            pairs=pairs,
            countries=sorted({c for p in pairs for c in p.split("-")}),
            published_on=day + datetime.timedelta(days=number),
        )


def counted(found) -> dict:
    return {name: {v.value: v.count for v in f.values} for name, f in found.facets.items()}


def search(params):
    form = SearchForm(params)
    assert form.is_valid(), form.errors
    return results.search(form.criteria, 1, 20)


def test_facets_sampled_early_match_the_listed_ones_when_the_listing_overflows(
    factories, settings, monkeypatch
):
    listed = search(PARAMS)
    assert listed.path == "listed"
    # As when the planner expects few matches of every filter among many of the word alone:
    # the pair facet's sample starts before the listing, which then finds more than its
    # limit, and the rest of the facets are sampled on the bounded path.
    settings.SEARCH_RESOLVE_LIMIT = 2
    measure = results.measure
    monkeypatch.setattr(
        results, "measure", lambda criteria: replace(measure(criteria), base=10**6, full=1)
    )
    overflowed = search(PARAMS)
    assert overflowed.path == "bounded"
    assert counted(overflowed) == counted(listed)
    assert counted(listed)["pair"] == {"BY-CN": 8, "CN-RU": 4}
    assert overflowed.count.value == listed.count.value == 8


@pytest.mark.parametrize(
    ("words", "with_filters", "listed"),
    [
        # A quarter or less: only every filter's matches are listed.
        (3_000, 750, "filtered"),
        # Half of more than two facet samples (2,000 each): their facets would be counted
        # from a sample of the rows anyway, so only the filtered half is listed.
        (10_000, 5_000, "filtered"),
        # Half of fewer: the words' matches are listed, and the facets counted from them.
        (3_000, 1_500, "words"),
        (10_000, 6_000, "words"),
        # Too many either way.
        (50_000, 30_000, None),
    ],
)
def test_filters_are_applied_before_listing_when_they_keep_few_of_many(
    words, with_filters, listed, factories, settings
):
    from archive.search import listing
    from archive.search.matching import UNTAGGED

    settings.SEARCH_FACET_SAMPLE = 2_000
    form = SearchForm(PARAMS)
    assert form.is_valid(), form.errors
    criteria = form.criteria
    expected = {"filtered": UNTAGGED, "words": frozenset(), None: None}[listed]
    assert listing.plan(criteria, words, with_filters) == expected
