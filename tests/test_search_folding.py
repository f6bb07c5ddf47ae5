"""One result per story: a wire report and its reprints and translation are one search
result, with the other versions listed under it (archive/search/folding.py)."""

import datetime

import pytest

from archive.models import Article, Story
from tests import searching

pytestmark = pytest.mark.usefixtures("search_path")


@pytest.fixture
def wire_story(make_article, make_outlet):
    """A wire report, two reprints and an English version: one story; and an unrelated report."""
    day = datetime.date(2025, 6, 3)
    names = ("Wire One", "Wire Two", "Wire Three", "Wire Four")
    outlets = [make_outlet(name) for name in names]
    texts = [
        ("Беларусь и Китай подписали соглашение о логистике", "ru", 0),
        ("Беларусь и Китай подписали соглашение о логистике (перепечатка)", "ru", 1),
        ("Соглашение о логистике подписано", "ru", 2),
        ("Belarus and China sign a logistics agreement", "en", 0),
    ]
    members = [
        make_article(
            title=title,
            body=f"{title}. Логистика, logistics.",
            language=language,
            published_on=day + datetime.timedelta(days=shift),
            outlet=outlet,
        )
        for (title, language, shift), outlet in zip(texts, outlets, strict=True)
    ]
    story = Story.objects.create()
    Article.objects.filter(pk__in=[a.pk for a in members]).update(story=story)
    other = make_article(
        title="Логистический форум в Минске",
        body="Логистика и logistics на форуме.",
        published_on=day - datetime.timedelta(days=30),
    )
    return members, other, names


@pytest.mark.parametrize("sort", ["", "newest", "oldest"])
def test_a_story_is_one_result_with_its_versions_under_it(wire_story, sort):
    members, other, names = wire_story
    found = searching.every_result({"q": "логистика", "sort": sort})
    ids = [a.id for a in found]
    story_ids = {a.id for a in members}
    assert other.id in ids
    # Exactly one member of the story stands for it, whatever the order.
    shown = [pk for pk in ids if pk in story_ids]
    assert len(shown) == 1
    result = next(a for a in found if a.id == shown[0])
    assert {v.id for v in result.versions} == story_ids - {result.id}
    assert {v.outlet_name for v in result.versions} <= set(names)


def test_the_count_counts_stories_once(wire_story, search_path):
    found = searching.run({"q": "логистика"})
    if search_path == "bounded":
        assert len(found.articles) == 2  # folded within the page; the count is an estimate
    else:
        assert found.count.value == 2


def test_fold_off_lists_every_version(wire_story):
    members, other, _names = wire_story
    found = searching.every_result({"q": "логистика", "fold": "off"})
    assert {a.id for a in found} == {a.id for a in [*members, other]}
    assert all(not getattr(a, "versions", []) for a in found)


def test_the_page_and_the_api_show_the_versions(wire_story, client):
    page = client.get("/search/", {"q": "логистика"}, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "3 other versions of this story" in html
    assert "List every version of a story separately" in html
    api = client.get("/api/articles/", {"q": "логистика"}).json()
    assert api["count"] in (2, None) or api["count"] >= 2
    folded = [r for r in api["results"] if r["versions"]]
    assert len(folded) == 1 and len(folded[0]["versions"]) == 3
    every = client.get("/api/articles/", {"q": "логистика", "fold": "off"}).json()
    assert len(every["results"]) == 5 and not any(r["versions"] for r in every["results"])


@pytest.mark.parametrize("sort", ["", "newest", "oldest"])
def test_folded_results_page_through_without_gaps_or_repeats(make_article, sort):
    # Three stories of three versions each among four lone reports, two results a page: the
    # pages together are every story once and every lone report, as the count says.
    day = datetime.date(2024, 3, 1)
    expected = set()
    for number in range(3):
        story = Story.objects.create()
        versions = [
            make_article(
                title=f"Логистика: сводка {number}, версия {version}",
                body="Логистика.",
                published_on=day + datetime.timedelta(days=3 * number + version),
            )
            for version in range(3)
        ]
        Article.objects.filter(pk__in=[a.pk for a in versions]).update(story=story)
        expected.add(frozenset(a.pk for a in versions))
    for number in range(4):
        lone = make_article(
            title=f"Логистика {number}",
            body="Логистика.",
            published_on=day + datetime.timedelta(days=2 * number + 1),
        )
        expected.add(frozenset([lone.pk]))
    pages, page = [], 1
    while True:
        found = searching.run({"q": "логистика", "sort": sort}, page, size=2)
        pages.append([a.pk for a in found.articles])
        if not found.has_next:
            break
        page += 1
    if found.path == "bounded":
        # Too many to list, a match set is folded within each page (its count an estimate).
        assert all(len({g for g in expected for pk in p if pk in g}) == len(p) for p in pages)
        return
    shown = [pk for p in pages for pk in p]
    assert len(shown) == len(set(shown)) == len(expected) == found.count.value
    assert {group for group in expected if group & set(shown)} == expected
