"""A reader searches for a quoted phrase and opens the article: the phrase, and only the phrase,
is highlighted as one piece, and the page opens at it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.navigation import follow, heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Near the end of the seed article of 4 November 2025 (Russia–China talks), two stop words
# inside. Its heading "Мир и стабильность в Арктике" is the same words in other forms, and
# the phrase's words stand alone elsewhere: neither may be marked.
PHRASE = "сохранению мира и стабильности в Арктике"


def in_view(page, locator) -> bool:
    """Whether the element is wholly inside the window as it is now scrolled."""
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def the_article(seed_data):
    (article,) = [
        a for a in seed_data.on(datetime.date(2025, 11, 4)) if PHRASE in " ".join(a.body.split())
    ]
    return article


def open_from_a_phrase_search(page, article):
    page.goto(f"/search/?q=«{PHRASE}»")
    snippet_marks = page.locator("main .snippet mark")
    expect(snippet_marks.first).to_have_text(PHRASE)
    follow(page, article.url)
    expect(heading(page)).to_have_text(article.title)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_phrase_opens_at_its_one_highlight(page, seed_data, viewport):
    article = the_article(seed_data)
    open_from_a_phrase_search(page, article)

    marks = page.locator("main mark")
    assert [" ".join(text.split()) for text in marks.all_text_contents()] == [PHRASE]
    first = page.locator("#first-match")
    # The phrase is far down the article: the page has opened at it, not at the top.
    expect(first).to_be_in_viewport()
    assert in_view(page, first)
    assert page.evaluate("window.scrollY") > 0
    page.screenshots.take("opened-at-the-phrase")


@pytest.mark.parametrize("javascript", [False], ids=["no-javascript"])
def test_without_javascript_a_link_jumps_to_the_highlight(page, seed_data):
    open_from_a_phrase_search(page, the_article(seed_data))
    first = page.locator("#first-match")
    assert not in_view(page, first)

    page.get_by_role("link", name="Jump to first match").click()
    expect(page).to_have_url(re.compile(r"#first-match$"))
    expect(first).to_be_in_viewport()
    assert in_view(page, first)
