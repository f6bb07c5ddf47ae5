"""The archive's bar chart on a phone: readable axis labels, bars that take the reader to their year."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    _remove_rows_added_since,
    _snapshot,
    check_axe,
    check_fits_phone,
)
from tests.browser.navigation import heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 800}
# With the 2025 seeds these make thirty years on the axis, most of them empty.
EXTRA_YEARS = {1996: 1, 2010: 1, 2019: 2}


@pytest.fixture(scope="module")
def earlier_years(seed_data, django_db_blocker):
    """Articles in years before the seeds', committed so the server sees them, removed after."""
    from archive.models import Article

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            for year, count in EXTRA_YEARS.items():
                for n in range(count):
                    Article.objects.create(
                        title=f"Chart test article {year}-{n}",
                        body=f"An article of {year}, number {n}, for the chart's time axis.",
                        published_on=datetime.date(year, 6, 1 + n),
                        language="en",
                    )
            yield EXTRA_YEARS
        finally:
            _remove_rows_added_since(before)


AXIS_LABELS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(el => getComputedStyle(el).display !== "none")
    .map(el => {
        const box = el.getBoundingClientRect();
        // The type as drawn: its computed size times the SVG's scale on the screen.
        const scale = el.getScreenCTM().a;
        return {text: el.textContent, size: parseFloat(getComputedStyle(el).fontSize) * scale,
                left: box.left, right: box.right, height: box.height};
    })"""


@pytest.mark.parametrize("viewport", [PHONE_390], ids=["phone-390"])
def test_axis_labels_are_readable_and_apart_on_a_phone(page, earlier_years, viewport):
    page.goto("/archive/")
    chart = page.locator("#chart-years")
    expect(chart).to_be_visible()
    page.screenshots.take("archive-index")
    labels = page.evaluate(AXIS_LABELS, "#chart-years text.chart-axis")
    years = [label for label in labels if re.fullmatch(r"\d{4}", label["text"])]
    assert years, "the time axis shows no year"
    for label in labels:
        assert label["size"] >= 12, f"axis label {label['text']!r} is {label['size']:.1f}px"
        assert label["height"] >= 12, f"axis label {label['text']!r} is drawn too small"
    # Thirty years on 390px: thinned, the newest named, no two labels overlapping.
    assert 3 <= len(years) <= 8
    assert years[-1]["text"] == "2025"
    for left, right in zip(years, years[1:], strict=False):
        assert left["right"] < right["left"], f"{left['text']} overlaps {right['text']}"
    check_fits_phone(page)
    check_axe(page)


@pytest.mark.parametrize("viewport", [PHONE_390], ids=["phone-390"])
def test_clicking_a_bar_opens_its_year(page, earlier_years, viewport):
    page.goto("/archive/")
    page.locator('#chart-years a[href="/archive/2019/"]').click()
    expect(page).to_have_url(re.compile(r"/archive/2019/$"))
    expect(heading(page)).to_contain_text("2019")


def test_the_keyboard_and_screen_readers_reach_each_bar_by_its_name(page, earlier_years):
    page.goto("/archive/")
    bar = page.get_by_role("link", name="2019: 2 articles")
    expect(bar).to_have_count(1)
    # An empty year is announced, but is not a link: it has no page.
    expect(page.get_by_role("img", name="2018: 0 articles")).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^2018:"))).to_have_count(0)
    bar.focus()
    expect(bar).to_be_focused()
    page.screenshots.take("focused-bar")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/archive/2019/$"))
