"""Coverage over time, compared: from a pair's hub and from search results to the comparison
chart, in both languages, on a desk and on a phone, by keyboard-reachable links and a form."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.navigation import arrive, heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 800}
SEARCH_WORD = {"en": "cooperation", "ru": "сотрудничество"}


def seed_pairs(seed_data) -> list[dict]:
    """The seeds' pairs, most covered first."""
    counts = Counter(p["code"] for a in seed_data.articles for p in a.pairs)
    named = {p["code"]: p for a in seed_data.articles for p in a.pairs}
    return [named[code] for code, _n in counts.most_common()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_compare_a_pair_with_another_from_its_hub(page, seed_data, interface_language, viewport):
    pairs = seed_pairs(seed_data)
    assert pairs, "the seeds name no pair"
    first = pairs[0]
    page.goto(first["url"])
    chart = page.locator("#chart-pair")
    expect(chart).to_be_visible()
    expect(chart.locator("a").first).to_have_attribute("href", re.compile(r"^/archive/"))
    arrive(page, "hub")

    # The hub's form adds a second series: another pair if the seeds have one, else words.
    if len(pairs) > 1:
        page.locator("#compare-add-pair").select_option(pairs[1]["code"])
        second = pairs[1][interface_language]
    else:
        page.locator("#compare-add-q").fill(SEARCH_WORD[interface_language])
        second = f"«{SEARCH_WORD[interface_language]}»"
    page.locator("form.compare-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/compare/\?s=" + re.escape(first["code"]) + "&s="))
    legend = page.locator(".compare-legend")
    expect(legend).to_contain_text(first[interface_language])
    expect(legend).to_contain_text(second)
    expect(page.locator("#chart-compare")).to_be_visible()
    arrive(page, "compare")

    # Shares, by a link: the chart changes, the choice is marked for screen readers.
    share = page.locator(".compare-measure a").nth(1)
    share.click()
    expect(page).to_have_url(re.compile(r"measure=share"))
    expect(page.locator(".compare-measure a[aria-current=true]")).to_have_attribute(
        "href", re.compile(r"measure=share")
    )
    # The grid's values are now percentages.
    expect(page.locator("#chart-compare text.chart-axis").first).to_contain_text("%")
    page.locator(".chart-data summary").click()
    expect(page.locator(".chart-data table")).to_be_visible()
    arrive(page, "share")

    # A point of the first series leads to its month of the pair in the date archive.
    point = page.locator("#chart-compare .compare-points.series-0 a").first
    href = point.get_attribute("href")
    assert re.match(r"^/archive/\d{4}/\d{2}/\?pair=" + re.escape(first["code"]) + "$", href)
    point.focus()
    expect(point).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(heading(page)).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_chart_a_search_over_time_and_open_a_month(page, seed_data, interface_language, viewport):
    word = SEARCH_WORD[interface_language]
    page.goto(f"/search/?q={word}")
    page.locator(".search-chart a").click()
    expect(page).to_have_url(re.compile(r"/compare/\?s=q%3A"))
    expect(page.locator(".compare-legend")).to_contain_text(f"«{word}»")
    arrive(page, "search-chart")

    # The month's point opens the search narrowed to that month.
    point = page.locator("#chart-compare a").first
    href = point.get_attribute("href")
    assert "date_from=" in href and "date_to=" in href
    point.click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator(".search-summary")).to_be_visible()
    expect(page.locator("ol.results li").first).to_be_visible()
