"""Page links on a phone: one line of links that fits the screen, named for screen readers."""

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

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 844}
WORD = "paginationtest"
ARTICLES = 60


@pytest.fixture(scope="module")
def many_articles(seed_data, django_db_blocker):
    """Articles sharing one word, committed so the server sees them, removed after."""
    from archive.models import Article

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            for n in range(ARTICLES):
                Article.objects.create(
                    title=f"Pagination test {n}",
                    body=f"A {WORD} article, number {n}.",
                    published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                    language="en",
                )
            yield ARTICLES
        finally:
            _remove_rows_added_since(before)


@pytest.mark.parametrize("viewport", [PHONE_390], ids=["phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_search_page_links_fit_one_line_of_a_phone(
    page, many_articles, interface_language, viewport
):
    middle = many_articles // 2
    page.goto(f"/search/?q={WORD}&sort=newest&page_size=1&page={middle}")
    nav = page.locator("main nav.pagination")
    # ← 1 … 29 30 31 … 60 →: this page, its neighbours and both ends.
    expect(nav.locator("a[aria-current='page']")).to_have_text(re.compile(rf"\b{middle}$"))
    expect(nav.locator("a:not([rel])")).to_have_count(5)
    boxes = nav.locator("li").evaluate_all(
        "items => items.map(li => [li.getBoundingClientRect().top, li.getBoundingClientRect().bottom])"
    )
    # One line: every item starts above the point where the first of them ends.
    assert max(top for top, _ in boxes) < min(bottom for _, bottom in boxes), (
        f"the page links wrap onto more than one line: {boxes}"
    )
    check_fits_phone(page)
    page.screenshots.take("pagination")
    check_axe(page)

    nav.locator("a[rel='next']").click()
    expect(page).to_have_url(re.compile(rf"[?&]page={middle + 1}(&|$)"))
    expect(page.locator("main nav.pagination a[aria-current='page']")).to_have_text(
        re.compile(rf"\b{middle + 1}$")
    )
