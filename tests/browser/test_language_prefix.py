"""A link shared in one language opens in it, and the switcher moves to the other language's
address of the same page, query kept, in both languages, on a desk and on a phone."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, check_axe, check_fits_phone

# django_db: the server's threads read the test database; the tests write nothing but the
# language cookie, in their own browser context.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 800}
WORD = "сотрудничество"
OTHER = {"en": "ru", "ru": "en"}
NAMES = {"en": "English", "ru": "Русский"}


def check_page(page, language: str):
    assert page.evaluate("document.documentElement.lang") == language
    # Every archive link on the page stays under the address's language.
    hrefs = page.eval_on_selector_all(
        "main a[href^='/'], header a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs and all(h.startswith(f"/{language}/") for h in hrefs), hrefs
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, l.href])"
    )
    assert {code for code, _url in alternates} == {"en", "ru", "x-default"}
    assert all(url.startswith("http://") for _code, url in alternates)
    check_axe(page)
    if page.viewport_size["width"] <= PHONE_390["width"]:
        check_fits_phone(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_a_shared_link_keeps_its_language_and_the_switcher_keeps_the_page(
    page, seed_data, interface_language
):
    # The link was sent in the other language than the reader's browser asks for.
    sent_in = OTHER[interface_language]
    query = f"?q={quote(WORD)}"
    page.goto(f"/{sent_in}/search/{query}")
    expect(page.locator("ol.results > li").first).to_be_visible()
    check_page(page, sent_in)
    page.screenshots.take(f"shared-{sent_in}")

    page.get_by_role("button", name=NAMES[interface_language]).click()
    expect(page).to_have_url(re.compile(rf"/{interface_language}/search/\?q="))
    assert page.url.endswith(f"/{interface_language}/search/{query}"), page.url
    expect(page.locator("ol.results > li").first).to_be_visible()
    check_page(page, interface_language)
    page.screenshots.take(f"switched-{interface_language}")


@pytest.mark.parametrize("javascript", [False], ids=["no-js"])
def test_the_switcher_works_without_scripts_from_a_bare_address(page, seed_data):
    page.goto("/pairs/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/pairs/$"))
    assert page.evaluate("document.documentElement.lang") == "ru"
    # The choice is remembered for bare addresses too, as before.
    page.goto("/pairs/")
    assert page.evaluate("document.documentElement.lang") == "ru"
