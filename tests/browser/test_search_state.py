"""The search page keeps its state: a new query keeps the filters; on a phone results come first."""

import re
from urllib.parse import quote_plus, urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, check_axe, check_fits_phone
from tests.browser.navigation import path_of

# django_db: the server's threads read the test database (pytest-django creates it only for
# tests that ask); the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# A common phone: the first result must start on its first screen.
PHONE_390 = {"width": 390, "height": 800}
# A word in Belarus–China and in China–Russia seed articles alike.
COMMON_WORD = "сотрудничество"
FILTERS = {"en": "Filters", "ru": "Фильтры"}
CHINA_RUSSIA = {"en": "China–Russia", "ru": "Китай–Россия"}


def result_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main ol.results a[href^='/articles/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(path_of(h) for h in hrefs))


def by_cn_paths(seed_data) -> set[str]:
    return {a.url for a in seed_data.articles if any(p["code"] == "BY-CN" for p in a.pairs)}


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_new_query_typed_into_a_filtered_search_keeps_the_filters(page, seed_data):
    page.goto("/search/?" + urlencode({"pair": "BY-CN", "language": "ru"}))
    chips = page.locator(".search-chips")
    expect(chips).to_contain_text("Belarus–China")
    expect(chips).to_contain_text("Russian")
    # On a wide screen the filters are shown beside the results, without a button to open.
    expect(page.get_by_role("link", name=re.compile("China–Russia")).first).to_be_visible()
    expect(page.locator(".search-filters > summary")).to_be_hidden()
    page.screenshots.take("filtered")

    box = page.get_by_role("searchbox", name="Words or a quote")
    box.fill(COMMON_WORD)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape(quote_plus(COMMON_WORD))))
    page.wait_for_load_state()
    assert re.search(r"[?&]pair=BY-CN(&|$)", page.url), page.url
    assert re.search(r"[?&]language=ru(&|$)", page.url), page.url
    expect(chips).to_contain_text("Belarus–China")
    expect(chips).to_contain_text("Russian")
    expect(page.locator(".search-summary")).to_contain_text(f"matching «{COMMON_WORD}»")
    found = result_paths(page)
    assert found and set(found) <= by_cn_paths(seed_data)
    page.screenshots.take("new-query-same-filters")
    check_axe(page)

    # "Clear all filters" keeps the words and drops the rest.
    page.get_by_role("link", name="Clear all filters").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=[^&]+$"))
    page.wait_for_load_state()
    expect(page.locator(".search-chips")).to_have_count(0)
    assert set(result_paths(page)) - by_cn_paths(seed_data), "the pair filter was not cleared"


@pytest.mark.parametrize("interface_language", ["en", "ru"])
@pytest.mark.parametrize("viewport", [PHONE_390], ids=["phone-390"])
def test_on_a_phone_the_results_come_first_and_the_filters_open_from_a_button(page, seed_data):
    page.goto("/search/?" + urlencode({"q": COMMON_WORD, "language": "ru", "year": "2025"}))
    first = page.locator("ol.results > li").first
    expect(first).to_be_visible()
    top = first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top < PHONE_390["height"], f"the first result starts {top:.0f}px down"
    # The facets wait behind the Filters button.
    other_pair = page.locator(".search-facets a[href*='pair=CN-RU']")
    expect(other_pair).to_be_hidden()
    button = page.locator(".search-filters > summary")
    expect(button).to_be_visible()
    expect(button).to_contain_text(FILTERS[page.interface_language])
    check_fits_phone(page)
    page.screenshots.take("results-first")

    # From the keyboard, as a screen-reader user would: focus the button and press Enter.
    button.focus()
    page.keyboard.press("Enter")
    expect(other_pair).to_be_visible()
    expect(page.locator("details.search-filters")).to_have_attribute("open", "")
    page.screenshots.take("filters-open")
    check_axe(page)

    other_pair.click()
    expect(page).to_have_url(re.compile(r"[?&]pair=CN-RU"))
    page.wait_for_load_state()
    assert re.search(r"[?&]language=ru(&|$)", page.url)
    expect(page.locator(".search-chips")).to_contain_text(CHINA_RUSSIA[page.interface_language])
