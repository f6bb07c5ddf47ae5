"""A reader finds a story's other versions on the article page, in both languages, desk and phone."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import _remove_rows_added_since, _snapshot, check_axe, check_fits_phone
from tests.browser.navigation import follow, heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DESKTOP_1280 = {"width": 1280, "height": 900}
PHONE_390 = {"width": 390, "height": 800}
DAY = datetime.date(2024, 5, 14)
WIRE = (
    "Беларусь и Китай подписали меморандум о сотрудничестве в области образования и науки. "
    "Документ скрепили подписями министр образования Беларуси и посол Китая в Минске во время "
    "встречи в министерстве. Стороны договорились об обмене студентами и преподавателями, о "
    "совместных научных лабораториях и о летних школах для аспирантов двух стран."
)


def headings(language: str) -> dict:
    """The section headings as the interface in `language` words them (its catalogue)."""
    with translation.override(language):
        return {
            "also": gettext("Also reported by"),
            "en": gettext("In English"),
            "ru": gettext("In Russian"),
        }


@pytest.fixture(scope="module")
def story(seed_data, django_db_blocker):
    """A wire story, its reprint by another outlet and its English version, grouped and
    committed so the server sees them; removed after the module."""
    from archive.models import Agreement, Article, CountryPair, Outlet
    from archive.stories import group_articles

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            pair, _ = CountryPair.objects.get_or_create_for("BY-CN")
            memo = Agreement.objects.create(
                name_en="Memorandum on education (story test)", slug="story-test-memo"
            )
            wire = Outlet.objects.create(name="Story Test Wire", slug="story-test-wire")
            daily = Outlet.objects.create(name="Story Test Daily", slug="story-test-daily")
            made = [
                Article.objects.create(
                    title="Меморандум об образовании подписан", body=f"МИНСК (Wire). {WIRE}",
                    published_on=DAY, language="ru", outlet=wire,
                ),
                Article.objects.create(
                    title="Студенты двух стран поедут учиться", body=WIRE,
                    published_on=DAY + datetime.timedelta(days=1), language="ru", outlet=daily,
                ),
                Article.objects.create(
                    title="Belarus and China sign an education memorandum",
                    body="Belarus and China signed a memorandum on education and science.",
                    published_on=DAY, language="en", outlet=wire,
                ),
            ]  # fmt: skip
            for article in made:
                article.pairs.add(pair)
                article.agreements.add(memo)
            group_articles([a.pk for a in made])
            made = [Article.objects.get(pk=a.pk) for a in made]
            assert len({a.story_id for a in made}) == 1 and made[0].story_id
            yield {a.language + str(i): (a.title, a.get_absolute_url()) for i, a in enumerate(made)}
        finally:
            _remove_rows_added_since(before)


def section(page, text):
    return page.locator("section", has=page.get_by_role("heading", name=text, exact=True))


@pytest.mark.parametrize("viewport", [DESKTOP_1280, PHONE_390], ids=["1280", "390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_the_article_page_leads_to_the_storys_other_versions(
    page, story, interface_language, viewport
):
    words = headings(interface_language)
    (ru_title, ru_url), (reprint_title, reprint_url), (en_title, en_url) = story.values()

    page.goto(ru_url)
    expect(heading(page)).to_have_text(ru_title)
    also = section(page, words["also"])
    expect(also.get_by_role("link", name=reprint_title)).to_be_visible()
    expect(also).to_contain_text("Story Test Daily")
    in_english = section(page, words["en"])
    expect(in_english.get_by_role("link", name=en_title)).to_be_visible()
    page.screenshots.take("russian-version")
    check_axe(page)
    if viewport["width"] <= PHONE_390["width"]:
        check_fits_phone(page)

    follow(page, en_url)
    expect(heading(page)).to_have_text(en_title)
    in_russian = section(page, words["ru"])
    expect(in_russian.get_by_role("link", name=ru_title)).to_be_visible()
    expect(in_russian.get_by_role("link", name=reprint_title)).to_be_visible()
    expect(section(page, words["also"])).to_have_count(0)
    page.screenshots.take("english-version")
    check_axe(page)
    if viewport["width"] <= PHONE_390["width"]:
        check_fits_phone(page)


@pytest.mark.parametrize("viewport", [DESKTOP_1280, PHONE_390], ids=["1280", "390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_search_shows_the_story_once_with_its_versions_folded_under_it(
    page, story, interface_language, viewport
):
    titles = [title for title, _url in story.values()]
    page.goto("/search/?q=меморандум")
    headings_shown = page.locator("ol.results > li h3").all_inner_texts()
    shown = [t for t in titles if t in headings_shown]
    assert len(shown) == 1, shown  # one result stands for the story
    versions = page.locator("details.result-versions")
    expect(versions).to_have_count(1)
    versions.locator("summary").click()
    for title in titles:
        if title not in shown:
            expect(versions.get_by_role("link", name=title)).to_be_visible()
    page.screenshots.take("search-folded")
    check_axe(page)
    if viewport["width"] <= PHONE_390["width"]:
        check_fits_phone(page)
    # Every version on its own, from the link beside the order.
    page.locator("a.search-fold").click()
    expect(page.locator("details.result-versions")).to_have_count(0)
    # Each matching version on its own: both Russian reports (the English one does not
    # match the Russian word, and was shown only as a version of the story).
    headings_shown = page.locator("ol.results > li h3").all_inner_texts()
    assert [t for t in titles if t in headings_shown] == titles[:2]
