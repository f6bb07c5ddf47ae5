"""A researcher pastes a quote, narrows by country pair and reads the result, highlighted."""

import datetime
import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_axe
from tests.browser.navigation import heading, path_of

# django_db: the server's threads read the test database (pytest-django creates it only for
# tests that ask); the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Eight words from the body of the seed article of 14 November 2025.
QUOTE = "Первый заместитель министра иностранных дел Беларуси Сергей Лукашевич"
# A word in Belarus–China and in China–Russia seed articles alike.
COMMON_WORD = "сотрудничество"
A_MARK_IS_IN_VIEW = """() => [...document.querySelectorAll("main mark")].some(m => {
    const box = m.getBoundingClientRect();
    return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
})"""


def search_from_the_box(page, text: str):
    box = page.get_by_role("searchbox").first
    box.fill(text)
    box.press("Enter")
    # The query in the address tells this search's page from the one before it.
    expect(page).to_have_url(re.compile(r"/search/\?(.*&)?q=" + re.escape(quote_plus(text))))
    page.wait_for_load_state()


def result_paths(page) -> list[str]:
    """The articles on a results page, in order, each once."""
    hrefs = page.eval_on_selector_all(
        "main a[href^='/articles/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(path_of(h) for h in hrefs))


def facet_count(page, param: str, value: str) -> int | None:
    """The count shown beside a facet value, or None when the facet does not offer it."""
    link = page.locator(f"main .search-facets a[href*='{param}={value}']")
    if not link.count():
        return None
    item = link.first.locator("xpath=ancestor::li[1]")
    text = item.inner_text() if item.count() else link.first.inner_text()
    numbers = re.findall(r"\d[\d\u00a0\u202f ]*", text)
    assert numbers, f"no count beside the {param}={value} facet on {page.url}: {text!r}"
    return int(re.sub(r"\D", "", numbers[-1]))


def test_a_pasted_quote_finds_its_article_first_and_highlights_it(page, seed_data):
    target = seed_data.on(datetime.date(2025, 11, 14))[0]
    assert QUOTE in " ".join(target.body.split()), "the quote is no longer in the seed article"

    page.goto("/")
    search_from_the_box(page, f"«{QUOTE}»")
    assert result_paths(page)[:1] == [target.url]
    page.screenshots.take("quote-results")
    check_axe(page)

    # Exact mode, ticked on the search page's own form, keeps the source first.
    form = page.locator("main form:has(input[name='exact'])").first
    form.locator("input[name='exact']").check()
    form.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]exact=1"))
    page.wait_for_load_state()
    assert result_paths(page)[:1] == [target.url]

    page.locator(f"main a[href^='{target.url}']").first.click()
    expect(heading(page)).to_have_text(target.title)
    marks = page.locator("main mark")
    expect(marks.first).to_be_visible()
    expect(marks.filter(has_text="Лукашевич").first).to_be_visible()
    # The page brings the first match into view.
    page.wait_for_function(A_MARK_IS_IN_VIEW)
    page.screenshots.take("article-highlighted")


def test_a_pair_facet_narrows_the_results_and_updates_the_counts(page, seed_data):
    by_cn = {a.url for a in seed_data.articles if any(p["code"] == "BY-CN" for p in a.pairs)}

    page.goto("/")
    search_from_the_box(page, COMMON_WORD)
    before = result_paths(page)
    assert set(before) - by_cn, f"«{COMMON_WORD}» should also find articles beyond Belarus–China"
    assert set(before) & by_cn, f"«{COMMON_WORD}» should find Belarus–China articles"
    russia_before = facet_count(page, "country", "RU")
    assert russia_before, "the country facet should offer Russia before narrowing"
    page.screenshots.take("before-facet")

    page.locator("main .search-facets a[href*='pair=BY-CN']").first.click()
    expect(page).to_have_url(re.compile(r"[?&]pair=BY-CN"))
    page.wait_for_load_state()
    after = result_paths(page)
    assert after == [path for path in before if path in by_cn]
    # Disjunctive: the pair facet still counts its own value; the other facets follow it.
    assert facet_count(page, "pair", "BY-CN") == len(after)
    assert not facet_count(page, "country", "RU")
    expect(
        page.locator("main [aria-current]").filter(has_text=re.compile("BY|Belarus"))
    ).not_to_have_count(0)
    page.screenshots.take("after-facet")
    check_axe(page)

    page.locator(f"main a[href^='{after[0]}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(after[0])))
    marks = page.locator("main mark")
    expect(marks.first).to_be_visible()
    expect(marks.first).to_have_text(re.compile("сотрудничеств", re.IGNORECASE))
    page.wait_for_function(A_MARK_IS_IN_VIEW)
    page.screenshots.take("article-highlighted")


@pytest.mark.parametrize("javascript", [False], ids=["no-javascript"])
def test_search_and_facets_work_without_javascript(page, seed_data):
    target = seed_data.on(datetime.date(2025, 11, 14))[0]
    page.goto("/")
    search_from_the_box(page, f"«{QUOTE}»")
    assert result_paths(page)[:1] == [target.url]

    search_from_the_box(page, COMMON_WORD)
    page.locator("main .search-facets a[href*='pair=BY-CN']").first.click()
    expect(page).to_have_url(re.compile(r"[?&]pair=BY-CN"))
    page.wait_for_load_state()
    assert target.url in result_paths(page)
    page.screenshots.take("no-javascript-facet")


def test_an_article_opened_from_the_results_leads_on_and_back(page, seed_data):
    page.goto("/")
    search_from_the_box(page, COMMON_WORD)
    results_url = page.url
    first, second = result_paths(page)[:2]

    page.locator(f"main a[href^='{first}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(first)))
    trail = page.get_by_role("navigation", name="Search results")
    trail.locator("a[rel='next']").click()
    expect(page).to_have_url(re.compile(re.escape(second)))
    expect(page.locator("main mark").first).to_be_visible()
    page.screenshots.take("next-result")

    page.get_by_role("navigation", name="Search results").get_by_role(
        "link", name="Back to results"
    ).click()
    expect(page).to_have_url(results_url)
