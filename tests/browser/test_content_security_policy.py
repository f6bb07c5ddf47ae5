"""Every kind of page works under the Content-Security-Policy: Chromium blocks nothing on the
public pages (charts, a search with filters, an article opened at its highlight) or in the
editors' admin."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _remove_rows_added_since, _snapshot
from tests.browser.navigation import follow, heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EDITOR = "csp-editor"
PASSWORD = "csp-editor-password-7"
# Words of the seed articles: a search that matches several, across years and languages.
WORDS = "Китай"


@pytest.fixture(scope="module")
def editor(seed_data, django_db_blocker):
    """A superuser the server can see (committed), removed with every row the test adds."""
    from django.contrib.auth.models import User

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            User.objects.create_superuser(EDITOR, password=PASSWORD)
            yield EDITOR
        finally:
            _remove_rows_added_since(before)


def watch_for_blocked_content(page) -> list[str]:
    """Collect what Chromium reports blocking under the page's Content-Security-Policy."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return blocked


def visit(page, address: str):
    response = page.goto(address)
    assert response.status == 200, address
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")


def test_the_browser_reports_what_the_policy_blocks(page, seed_data):
    """The check below can fail: an inline script added to a page is refused and reported."""
    blocked = watch_for_blocked_content(page)
    visit(page, "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }"""
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.inlineRan") is None
    assert blocked and "script-src" in blocked[0]


def test_public_pages_of_every_kind_load_with_nothing_blocked(page, seed_data):
    blocked = watch_for_blocked_content(page)
    article = next(a for a in seed_data.articles if a.pairs)
    agreement = next(iter(seed_data.agreements.values()))
    for address in [
        "/",
        "/archive/",
        f"/archive/{article.date.year}/",
        f"/archive/{article.date:%Y/%m}/",
        "/pairs/",
        article.pairs[0]["url"],
        "/agreements/",
        agreement["url"],
        article.url,
    ]:
        visit(page, address)
    assert blocked == []


def test_a_filtered_search_and_an_article_opened_at_its_highlight_block_nothing(page, seed_data):
    blocked = watch_for_blocked_content(page)
    visit(page, f"/search/?q={WORDS}")
    # The year histogram (bars drawn without a style attribute) narrows the results.
    year_link = page.locator("nav.facet-year a[href*='year=']").first
    expect(year_link.locator("svg.facet-share rect")).to_have_count(1)
    assert float(year_link.locator("rect").get_attribute("width").rstrip("%")) > 0
    year_link.click()
    expect(page).to_have_url(re.compile(r"year=\d{4}"))
    result = page.locator("main ol.results a[href*='?q=']").first
    href = result.get_attribute("href")
    follow(page, href.split("?")[0])
    expect(page.locator("main mark").first).to_be_visible()
    # The script file that brings the first match into view ran (an inline one would not).
    expect(page.locator("#first-match")).to_be_in_viewport()
    assert blocked == []


def test_the_admin_works_under_the_policy(page, editor):
    blocked = watch_for_blocked_content(page)
    visit(page, "/admin/login/")
    page.get_by_label("Username").fill(editor)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for address in [
        "/admin/archive/article/",
        "/admin/archive/article/add/",
        "/admin/archive/article/paste/",
        "/admin/archive/agreement/",
    ]:
        visit(page, address)
        expect(heading(page)).to_be_visible()
    # The admin's own scripts run: the date widget's calendar link is added by JavaScript.
    visit(page, "/admin/archive/article/add/")
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    assert blocked == []
