"""An editor tags articles in bulk from the admin: the action's pages in both languages, on a
desk and on a phone, with the review queue on the admin home."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, _remove_rows_added_since, _snapshot, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EDITOR = "curation-editor"
PASSWORD = "curation-editor-password-7"
PHONE_390 = {"width": 390, "height": 800}
LOG_IN = {"en": "Log in", "ru": "Войти"}


@pytest.fixture(scope="module")
def editor(seed_data, django_db_blocker):
    """An editor the server can see (committed), removed with every row the test adds."""
    from django.contrib.auth.models import Group, User

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            user = User.objects.create_user(EDITOR, password=PASSWORD, is_staff=True)
            user.groups.add(Group.objects.get(name="Editors"))
            yield EDITOR
        finally:
            _remove_rows_added_since(before)


def log_in(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(EDITOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_an_editor_chooses_a_tag_for_every_article_a_search_finds(page, editor):
    log_in(page)
    queue = page.locator("#review-queue")
    expect(queue.locator("a")).to_have_count(3)
    check_axe(page)
    page.screenshots.take("home")

    page.goto("/admin/archive/article/?q=Китай")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("add_tag")
    page.locator("button[name=index]").click()
    expect(page.locator("#content-main form")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text(re.compile(r"\d"))
    page.screenshots.take("choose")
    check_axe(page)

    belarus = {"en": "Belarus (BY)", "ru": "Беларусь (BY)"}[page.interface_language]
    page.locator("#id_country").select_option(label=belarus)
    page.locator("#content-main input[type=submit]").click()
    summary = page.locator("#content-main")
    expect(summary).to_contain_text(re.compile(r"BY"))
    page.screenshots.take("confirm")
    check_axe(page)
    # Back without writing anything.
    page.locator("a.cancel-link").click()
    expect(page).to_have_url(re.compile(r"/admin/archive/article/\?q="))
