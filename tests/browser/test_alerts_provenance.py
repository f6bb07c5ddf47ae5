"""A reader asks for e-mail alerts from a search, confirms and stops them; an article shows
where its text came from. Both languages, desk and phone (390 px), checked with axe."""

import re

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.navigation import arrive, heading

# django_db: the server's threads read and write the test database; the suite's teardown
# removes what they wrote (see the conftest's seed_data).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 844}
WORD = "сотрудничество"


def committed(sql: str, params: list):
    """Run a statement on a connection of its own, committed at once, and make every stored
    page stale (archive/page_cache.py), as an editor's save would."""
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.execute("UPDATE archive_page_generation SET value = value + 1")
    finally:
        connection.close()


def site_path(body: str, kind: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/alerts/{kind}/[^\s/]+/)", body)
    assert found, f"no {kind} link in the e-mail:\n{body}"
    return found.group(1)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_asking_confirming_and_stopping_alerts(page, seed_data, interface_language, viewport):
    mail.outbox = []
    address = f"reader-{interface_language}-{viewport['width']}@example.org"
    page.goto(f"/search/?q={WORD}&pair=BY-CN")
    form = page.locator("section.alert-signup form")
    expect(form).to_be_visible()
    arrive(page, "search-with-alert-form")

    # The form is reached and filled from the keyboard, by its labels.
    form.get_by_label(re.compile("E-mail|почт", re.I)).fill(address)
    form.locator("input[name=name]").fill("BY–CN cooperation")
    form.locator("button[type=submit]").press("Enter")
    expect(page).to_have_url(re.compile(r"/alerts/sent/$"))
    expect(heading(page)).to_be_visible()
    arrive(page, "check-your-mailbox")

    (message,) = [m for m in mail.outbox if m.to == [address]]
    page.goto(site_path(message.body, "confirm"))
    expect(page.locator("main")).to_contain_text(address)
    arrive(page, "confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main a[href$='.atom']")).to_be_visible()
    arrive(page, "confirmed")

    from archive.models import Subscription

    subscription = Subscription.objects.get(email=address)
    assert subscription.language == interface_language
    page.goto(subscription.unsubscribe_path())
    arrive(page, "unsubscribe")
    page.locator("main form button[type=submit]").click()
    expect(heading(page)).to_be_visible()
    arrive(page, "unsubscribed")
    assert not Subscription.objects.filter(email=address).exists()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_the_article_page_tells_where_its_text_came_from(
    page, seed_data, interface_language, viewport
):
    from archive.models import Article

    # A seed article that names its source's address.
    article = Article.objects.exclude(source_url=None).order_by("published_on", "id").first()
    assert article is not None, "no seed article gives a source URL"
    assert article.captured_hash, "the importer recorded no capture"
    # The checker found the source gone twice; an editor recorded an archived copy. Written
    # outside the test's transaction, so the server's threads see it.
    archived = "https://web.archive.org/web/2025/" + (article.source_url or "")
    committed(
        "UPDATE archive_article SET source_status = 'gone', source_http_status = 404, "
        "source_failures = 2, source_checked_at = '2026-01-20T08:00:00Z', "
        "archived_copy_url = %s WHERE id = %s",
        [archived, article.pk],
    )
    try:
        page.goto(article.get_absolute_url())
        block = page.locator("section.provenance")
        expect(block).to_be_visible()
        expect(block.locator(".source-dead")).to_be_visible()
        expect(block.locator("a.dead-link")).to_have_attribute("href", article.source_url)
        expect(block.locator("a[href^='https://web.archive.org/']")).to_be_visible()
        # The full hash is one keypress away.
        summary = block.locator("details.hash summary")
        summary.focus()
        page.keyboard.press("Enter")
        expect(block.locator("details.hash p code")).to_have_text(article.captured_hash)
        arrive(page, "article-provenance")
    finally:
        committed(
            "UPDATE archive_article SET source_status = NULL, source_http_status = NULL, "
            "source_failures = NULL, source_checked_at = NULL, archived_copy_url = NULL "
            "WHERE id = %s",
            [article.pk],
        )
