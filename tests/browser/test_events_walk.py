"""A reader goes from the events list to an event, its documents, and on to "on this day",
in both languages, at 1280 and 390 px, with no serious accessibility finding."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    _remove_rows_added_since,
    _snapshot,
)
from tests.browser.navigation import arrive, follow, heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_390 = {"width": 390, "height": 844}
MEMO = "belarus-china-ict-memorandum-2024"
SIGNED = datetime.date(2024, 8, 22)
EVENT = {
    "en": "Intergovernmental committee session, Minsk",
    "ru": "Заседание межправительственного комитета, Минск",
}
ON_THIS_DAY = {"en": "On this day: 22 August", "ru": "22 августа"}


@pytest.fixture(scope="module")
def event(seed_data, django_db_blocker):
    """A confirmed event at which the seeds' ICT memorandum was signed, reported by every seed
    article on Belarus–China; committed so the server sees it, removed after."""
    from archive.models import Agreement, Article, Country, Event

    with django_db_blocker.unblock():
        before = _snapshot()
        try:
            event = Event.objects.create(
                name_en=EVENT["en"],
                name_ru=EVENT["ru"],
                kind=Event.Kind.MEETING,
                start_on=SIGNED,
                end_on=SIGNED + datetime.timedelta(days=1),
                place="Минск",
                place_country=Country.objects.get(code="BY"),
                status=Event.Status.CONFIRMED,
            )
            event.countries.set(Country.objects.filter(code__in=["BY", "CN"]))
            event.agreements.set(Agreement.objects.filter(slug=MEMO))
            event.articles.set(Article.objects.filter(pair_ids__len__gt=0)[:3])
            yield event.slug
        finally:
            _remove_rows_added_since(before)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
@pytest.mark.parametrize("interface_language", ["en", "ru"])
def test_walk_through_an_event_to_its_documents_and_that_day(
    page, event, interface_language, viewport
):
    language = interface_language
    # The home page's "on this day" block leads to today's page, and the footer to events.
    page.goto("/")
    expect(page.locator("#on-this-day-heading")).to_be_visible()
    arrive(page, "home")
    today = page.locator("section:has(#on-this-day-heading) .actions a").first
    today.click()
    expect(page).to_have_url(re.compile(r"/on-this-day/\d\d-\d\d/$"))
    arrive(page, "today")
    follow(page, "/events/")
    arrive(page, "events")
    follow(page, f"/events/{event}/")
    expect(heading(page)).to_have_text(EVENT[language])
    expect(page.locator("main time").first).to_have_attribute("datetime", SIGNED.isoformat())
    arrive(page, "event")

    # The document signed there, and back again from its page.
    follow(page, f"/agreements/{MEMO}/")
    signed_at = page.locator("main dl.facts").get_by_role("link", name=EVENT[language])
    expect(signed_at).to_be_visible()
    arrive(page, "agreement")

    # The pair hub lists the event.
    page.goto("/pairs/BY-CN/")
    expect(page.locator("#events-heading + ul a").first).to_have_text(EVENT[language])
    arrive(page, "pair")

    # What else happened on the day the memorandum was signed.
    page.goto(f"/on-this-day/{SIGNED:%m-%d}/")
    expect(heading(page)).to_contain_text(ON_THIS_DAY[language])
    expect(page.locator(f"#year-{SIGNED.year}")).to_be_visible()
    expect(page.locator(f'main a[href="/agreements/{MEMO}/"]')).to_be_visible()
    arrive(page, "on-this-day")
    page.locator("main a[rel='next']").click()
    expect(page).to_have_url(re.compile(r"/on-this-day/08-23/$"))
    arrive(page, "next-day")
