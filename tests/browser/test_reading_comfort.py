"""Reading with the dark scheme and with the keyboard alone."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_axe
from tests.browser.navigation import heading

# django_db: the server's threads read the test database (pytest-django creates it only for
# tests that ask); the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The page's own background (the body's, or the root's when the body is transparent) is dark.
BACKGROUND_IS_DARK = """() => {
    const colour = [document.body, document.documentElement]
        .map(el => getComputedStyle(el).backgroundColor)
        .find(c => c !== "rgba(0, 0, 0, 0)" && c !== "transparent") || "rgb(255, 255, 255)";
    const [r, g, b] = colour.match(/[0-9.]+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}"""


def test_the_dark_scheme_keeps_every_page_readable(page, seed_data):
    """axe's contrast rules run against the dark colours too (prefers-color-scheme: dark)."""
    article = seed_data.on(datetime.date(2025, 11, 14))[0]
    page.emulate_media(color_scheme="dark")
    for kind, path in [
        ("home", "/"),
        ("month", "/archive/2025/11/"),
        ("article", article.url),
        ("pair", article.pairs[0]["url"]),
        ("search", "/search/?" + urlencode({"q": "сотрудничество"})),
    ]:
        page.goto(path)
        expect(heading(page)).to_be_visible()
        assert page.evaluate(BACKGROUND_IS_DARK), f"{path} ignores the dark colour scheme"
        page.screenshots.take(f"dark-{kind}")
        check_axe(page)


def test_the_keyboard_reaches_the_content_through_the_skip_link(page, seed_data):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link, a[href='#main']").first
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.screenshots.take("skip-link-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # The next Tab lands inside the main content, not back in the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main, "after the skip link, Tab should move into the main content"
