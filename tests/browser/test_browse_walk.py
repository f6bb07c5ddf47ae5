"""A reader browses from the home page to an agreement, in both languages, on desk and phone."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, check_axe, check_fits_phone
from tests.browser.navigation import follow, has_link_to, heading, link_to, path_of

# django_db: the server's threads read the test database (pytest-django creates it only for
# tests that ask); the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The seed article of 14 November 2025 (the "wall of friendship" one) is the walk's target.
DAY = datetime.date(2025, 11, 14)
NOVEMBER = {"en": "Nov", "ru": "[Нн]оябр"}
SEARCH_WORD = {"en": "cooperation", "ru": "сотрудничество"}
ARCHIVE_LINK = {"en": "Archive", "ru": "Архив"}
# axe is the slow step (a second or more a page), so it runs on two of the four walks, chosen so
# that every kind of page is checked in both languages and at both widths.
AXE_WALKS = {("en", DESKTOP["width"]), ("ru", PHONE["width"])}


def arrive(page, kind: str):
    """What every page of the walk must pass: language, screenshot, axe, phone width."""
    language = page.evaluate("document.documentElement.lang")
    expected = page.interface_language
    assert language == expected, f"{kind} page {page.url} is in {language!r}, not {expected!r}"
    page.screenshots.take(kind)
    if (expected, page.viewport_size["width"]) in AXE_WALKS:
        check_axe(page)
    if page.viewport_size["width"] <= PHONE["width"]:
        check_fits_phone(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_walk_from_home_to_an_agreement(page, seed_data, interface_language, viewport):
    (target,) = seed_data.on(DAY)

    page.goto("/")
    expect(heading(page)).to_be_visible()
    # The interface speaks the reader's language, starting with the main navigation.
    expect(page.locator("header nav a[href='/archive/']")).to_have_text(
        ARCHIVE_LINK[interface_language]
    )
    arrive(page, "home")

    # Home → year: directly if the home page links the year, else through the list of years.
    year = f"/archive/{DAY.year}/"
    if not has_link_to(page, year):
        follow(page, "/archive/")
        arrive(page, "archive")
    follow(page, year)
    expect(heading(page)).to_contain_text(str(DAY.year))
    arrive(page, "year")

    follow(page, f"/archive/{DAY:%Y/%m}/")
    expect(heading(page)).to_contain_text(re.compile(NOVEMBER[interface_language]))
    expect(heading(page)).to_contain_text(str(DAY.year))
    # The calendar links the day by its number.
    expect(link_to(page, f"/archive/{DAY:%Y/%m/%d}/")).to_contain_text(str(DAY.day))
    arrive(page, "month")

    follow(page, f"/archive/{DAY:%Y/%m/%d}/")
    expect(heading(page)).to_contain_text(str(DAY.day))
    expect(heading(page)).to_contain_text(re.compile(NOVEMBER[interface_language]))
    arrive(page, "day")

    page.get_by_role("link", name=target.title, exact=True).first.click()
    expect(page).to_have_url(re.compile(re.escape(target.url) + "$"))
    expect(heading(page)).to_have_text(target.title)
    # The text is marked with its own language, whatever the interface speaks.
    expect(page.locator(f'main [lang="{target.language}"]').first).to_be_visible()
    arrive(page, "article")

    # The outlet's page, and back to the article.
    assert target.outlet, f"the importer gave {target.title!r} no outlet"
    outlet_name, outlet_url = target.outlet
    follow(page, outlet_url)
    expect(heading(page)).to_contain_text(outlet_name)
    expect(page.get_by_role("link", name=target.title, exact=True).first).to_be_visible()
    arrive(page, "source")
    page.go_back()
    expect(heading(page)).to_have_text(target.title)

    # The pair hub names the two countries in the interface language.
    pair = next(p for p in target.pairs if p["code"] == "BY-CN")
    follow(page, pair["url"])
    expect(heading(page)).to_contain_text(pair[interface_language])
    arrive(page, "pair")

    # The first agreement the hub links to.
    agreement_paths = [
        path_of(href)
        for href in page.eval_on_selector_all(
            "main a[href^='/agreements/']", "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    known = [
        p for p in agreement_paths if any(a["url"] == p for a in seed_data.agreements.values())
    ]
    assert known, f"the pair hub {page.url} links no agreement of the register: {agreement_paths}"
    agreement = next(a for a in seed_data.agreements.values() if a["url"] == known[0])
    follow(page, agreement["url"])
    expect(heading(page)).to_contain_text(agreement[interface_language])
    arrive(page, "agreement")

    # Every page carries a search box; from the agreement page, search.
    box = page.get_by_role("searchbox").first
    box.fill(SEARCH_WORD[interface_language])
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?"))
    expect(page.locator("main a[href^='/articles/']").first).to_be_visible()
    arrive(page, "search")


def test_language_switcher_turns_the_interface_russian(page, seed_data):
    page.goto("/")
    english_heading = heading(page).inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"

    # The switcher offers each language under its own name.
    page.get_by_role("button", name="Русский").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(heading(page)).not_to_have_text(english_heading)
    page.screenshots.take("switched")
    # The choice sticks while the reader moves on: the links stay under /ru/, and the bare
    # addresses remember it too.
    follow(page, "/ru/archive/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.goto("/archive/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
