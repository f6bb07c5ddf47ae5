"""A listing summarised by PostgreSQL (archive/search/summarised.py) shows the reader exactly
what the same matches read whole into Python showed: every page in every order, folded or
not, the count, and the facets counted from the same sample."""

import datetime

import pytest
from django.db import connection

from archive.models import Article, Story
from archive.search import listing, summarised
from tests import searching

PAIRS = ("BY-CN", "CN-RU", "BY-RU")


@pytest.fixture
def reports(make_article, make_outlet, settings):
    """Forty-two reports of logistics over four years, some with the word in their title,
    in stories of two and three versions, from three outlets and three pairs; a sample of
    seven rows, and a ranked head of five and three, so every part is cut short."""
    settings.SEARCH_FACET_SAMPLE = 7
    settings.SEARCH_RANK_CANDIDATES = 5
    settings.SEARCH_RANK_TITLE_CANDIDATES = 3
    outlets = [make_outlet(name) for name in ("БелТА", "Синьхуа", "ТАСС")]
    day = datetime.date(2021, 1, 4)
    made = []
    for number in range(42):
        in_title = number % 3 == 0
        made.append(
            make_article(
                title=f"Логистика, сводка {number}" if in_title else f"Сводка {number}",
                body="Логистика и транспорт. " * (1 + number % 5),
                lead="Коротко." if number % 4 else "",
                # Several reports a day, so ties of date are broken by id.
                published_on=day + datetime.timedelta(days=35 * (number // 2)),
                language="en" if number % 7 == 0 else "ru",
                outlet=outlets[(number + number // 3) % 3],
                pairs=[PAIRS[number % 3]],
            )
        )
    for first in range(0, 36, 9):
        story = Story.objects.create()
        members = made[first : first + 2 + first % 2]
        Article.objects.filter(pk__in=[a.pk for a in members]).update(story=story)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")  # the planner's sizes, which `plan` reads
    return made


@pytest.fixture
def read_whole(monkeypatch):
    """The same search with every listed row read into Python, as before summaries."""

    def switch():
        monkeypatch.setattr(listing, "summarises", lambda *arguments: False)

    return switch


@pytest.fixture
def summaries(monkeypatch):
    """How many listings PostgreSQL summarised."""
    made = []
    real = summarised.read

    def read(found):
        answer = real(found)
        made.append(answer)
        return answer

    monkeypatch.setattr(summarised, "read", read)
    return made


def _shown(params):
    """Every page of three, the count, and the first page's facets as the reader sees them."""
    pages, page = [], 1
    while True:
        found = searching.run(params, page, size=3)
        pages.append([a.pk for a in found.articles])
        if not found.has_next:
            break
        page += 1
    facets = {
        name: ({v.value: v.count for v in facet.values}, facet.approximate)
        for name, facet in searching.run(params, size=3).facets.items()
    }
    return pages, searching.run(params, size=3).count.value, facets


@pytest.mark.parametrize(
    "params",
    [
        {"q": "логистика"},
        {"q": "логистика", "sort": "newest"},
        {"q": "логистика", "sort": "oldest"},
        {"q": "логистика", "fold": "off"},
        {"q": "логистика", "sort": "oldest", "fold": "off"},
        # Filters that keep few enough of the matches are applied in SQL (`listing.plan`).
        {"q": "логистика", "language": "en"},
        {"q": "транспорт", "language": "en", "sort": "newest"},
        {"q": "логистика | сводка", "sort": "oldest"},
    ],
)
def test_a_summarised_listing_shows_what_the_whole_list_showed(
    reports, params, read_whole, summaries, settings
):
    # Listings of more than two samples are summarised: a sample of two, for the six
    # English reports to be summarised too.
    settings.SEARCH_FACET_SAMPLE = 2
    summarised_view = _shown(params)
    assert summaries, "the listing was not summarised"
    read_whole()
    whole_view = _shown(params)
    assert summarised_view == whole_view
    pages, count, facets = summarised_view
    shown = [pk for page in pages for pk in page]
    assert len(shown) == len(set(shown)) == count


def test_its_facets_are_a_sample_said_to_be_approximate(reports, summaries):
    pages, count, facets = _shown({"q": "логистика", "fold": "off"})
    assert count == 42
    counts, approximate = facets["source"]
    # Seven of the 42, spread over the four years, counted and scaled: each outlet's 14
    # reports, about.
    assert approximate and sum(counts.values()) == pytest.approx(42, abs=3)
    assert len(counts) == 3 and all(6 <= n <= 24 for n in counts.values())


def test_few_are_read_whole(reports, summaries):
    # Six English reports, with a sample of seven: read whole, facets exact.
    pages, count, facets = _shown({"q": "логистика", "language": "en"})
    assert count == 6 and not summaries
    counts, approximate = facets["source"]
    assert not approximate and sum(counts.values()) == 6


def test_too_many_to_list_goes_the_bounded_way(reports, settings, summaries):
    settings.SEARCH_RESOLVE_LIMIT = 10
    found = searching.search(searching.form_for({"q": "логистика"}).criteria, 1, 3)
    assert found.path == "bounded"
    assert found.count.value >= 10 and len(found.articles) == 3
