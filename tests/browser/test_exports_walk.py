"""A reader downloads a search's results, copies a citation and finds the open data, in both
languages, on a desk and on a phone."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.navigation import arrive, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The brief's phone: a common 390 px wide handset.
PHONE_390 = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
LANGUAGES = pytest.mark.parametrize("interface_language", ["en", "ru"])
# Found in several seed articles, in both languages of the archive.
WORD = "Китай"


def result_paths(page) -> list[str]:
    links = page.locator("ol.results li.result h3 a")
    return [path_of(links.nth(i).get_attribute("href")) for i in range(links.count())]


def download(page, link) -> tuple[str, str]:
    """Click a download link; the file's suggested name and its text."""
    with page.expect_download() as started:
        link.click()
    file = started.value
    with open(file.path(), encoding="utf-8") as handle:
        return file.suggested_filename, handle.read()


@LANGUAGES
@SIZES
def test_the_results_download_as_csv_and_json_lines_in_the_pages_order(
    page, seed_data, interface_language, viewport
):
    page.goto(f"/search/?q={WORD}&sort=newest")
    expected = result_paths(page)
    assert len(expected) >= 2
    exports = page.locator("p.search-exports")
    expect(exports).to_be_visible()
    arrive(page, "search")

    name, text = download(page, exports.locator('a[type="text/csv"]'))
    assert re.fullmatch(r"concord-search-kitai-\d{4}-\d\d-\d\d\.csv", name)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [path_of(row["archive_url"]) for row in rows] == expected

    name, text = download(page, exports.locator('a[type="application/jsonl"]'))
    assert name.endswith(".jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert [path_of(r["archive_url"]) for r in records] == expected
    assert [r["title"] for r in records] == [row["title"] for row in rows]


@LANGUAGES
@SIZES
def test_a_citation_is_copied_with_one_click_and_the_copy_is_announced(
    page, seed_data, live_url, interface_language, viewport
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    article = next(a for a in seed_data.articles if a.outlet)
    page.goto(article.url)
    citation = page.locator("section.citation")
    citation.scroll_into_view_if_needed()
    status = citation.locator(".copy-status")
    copied = status.get_attribute("data-copied")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")
    arrive(page, "article")

    gost = citation.locator('button[data-copy="cite-gost"]')
    expect(gost).to_be_visible()
    gost.click()
    expect(status).to_have_text(copied)
    reference = " ".join(citation.locator("#cite-gost").inner_text().split())
    assert page.evaluate("navigator.clipboard.readText()") == reference
    assert "Текст : электронный" in reference

    # From the keyboard too: the APA button is reached with Tab and pressed with Enter.
    apa = citation.locator('button[data-copy="cite-apa"]')
    apa.focus()
    page.keyboard.press("Enter")
    apa_text = " ".join(citation.locator("#cite-apa").inner_text().split())
    expect(status).to_have_text(copied)
    page.wait_for_function("(t) => navigator.clipboard.readText().then(c => c === t)", arg=apa_text)
    page.screenshots.take("copied")

    # The files for reference managers are links beside them.
    for kind in ("cite.ris", "cite.bib", "cite.json"):
        expect(citation.locator(f'a[href$="/{kind}"]')).to_be_visible()
    name, text = download(page, citation.locator('a[href$="/cite.ris"]'))
    assert name.endswith(".ris") and text.startswith("TY  - NEWS")


@pytest.mark.parametrize("javascript", [False], ids=["no-js"])
def test_without_scripts_no_copy_button_is_offered(page, seed_data, javascript):
    page.goto(seed_data.articles[0].url)
    expect(page.locator("section.citation .copy-button")).to_have_count(2)
    expect(page.locator("section.citation .copy-button:visible")).to_have_count(0)
    expect(page.locator("#cite-gost")).to_be_visible()


@LANGUAGES
@SIZES
def test_the_open_data_page_says_what_it_offers(
    page, seed_data, settings, tmp_path, interface_language, viewport
):
    from archive import open_data

    settings.OPEN_DATA_DIR = tmp_path
    page.goto("/")
    page.locator('footer a[href="/open-data/"]').click()
    expect(page).to_have_url(re.compile(r"/open-data/$"))
    expect(page.locator('a[href="/open-data/concord-open-data.zip"]')).to_have_count(0)
    expect(page.locator("a[rel=license]")).to_have_attribute(
        "href", "https://creativecommons.org/licenses/by/4.0/"
    )
    arrive(page, "open-data-empty")

    open_data.write()
    page.reload()
    name, _text = download_bytes(page, page.locator('a[href="/open-data/concord-open-data.zip"]'))
    assert name == "concord-open-data.zip"
    arrive(page, "open-data")


def download_bytes(page, link) -> tuple[str, bytes]:
    with page.expect_download() as started:
        link.click()
    file = started.value
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()
