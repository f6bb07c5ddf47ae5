"""The sitemap: an index of paged sections listing articles, pairs, agreements and days."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from archive import sitemaps

pytestmark = pytest.mark.django_db


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the archive's own output


NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in parse_xml(response.content).iter(f"{NS}loc")]


@pytest.fixture
def archive(make_article, make_agreement):
    memo = make_agreement(name_en="ICT memorandum", slug="ict-memo")
    first = make_article(title="Первая", published_on=datetime.date(2025, 7, 31), pairs=["BY-CN"])
    first.agreements.add(memo)
    second = make_article(title="Вторая", published_on=datetime.date(2025, 11, 14))
    third = make_article(title="Третья", published_on=datetime.date(2025, 11, 14))
    return [first, second, third]


def test_sitemap_index_lists_every_section(client, archive):
    assert locations(client, "/sitemap.xml") == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-pairs.xml",
        "http://testserver/sitemap-agreements.xml",
        "http://testserver/sitemap-events.xml",
        "http://testserver/sitemap-days.xml",
    ]


def test_article_section_lists_each_article_at_its_canonical_address(client, archive):
    urls = locations(client, "/sitemap-articles.xml")
    assert urls == [f"http://testserver{a.get_absolute_url()}" for a in archive]


def test_pair_section_lists_only_pairs_with_articles(client, archive, make_article):
    from archive.models import CountryPair

    CountryPair.objects.get_or_create_for("CN-RU")
    assert locations(client, "/sitemap-pairs.xml") == ["http://testserver/pairs/BY-CN/"]


def test_pages_section_lists_the_entrances(client, archive):
    assert locations(client, "/sitemap-pages.xml") == [
        "http://testserver/",
        "http://testserver/archive/",
        "http://testserver/pairs/",
        "http://testserver/agreements/",
        "http://testserver/events/",
    ]


def test_event_section_lists_confirmed_events_only(client, archive):
    from archive.models import Event

    day = datetime.date(2025, 7, 31)
    Event.objects.create(
        name_en="Minsk forum", slug="minsk-forum", start_on=day, status="confirmed"
    )
    Event.objects.create(name_en="Proposed visit", slug="proposed-visit", start_on=day)
    assert locations(client, "/sitemap-events.xml") == ["http://testserver/events/minsk-forum/"]


def test_agreement_and_day_sections(client, archive):
    assert locations(client, "/sitemap-agreements.xml") == [
        "http://testserver/agreements/ict-memo/"
    ]
    assert locations(client, "/sitemap-days.xml") == [
        "http://testserver/archive/2025/07/31/",
        "http://testserver/archive/2025/11/14/",
    ]


def test_sections_are_paged_and_a_page_past_the_end_is_not_found(client, archive, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    assert locations(client, "/sitemap.xml")[1:3] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
    ]
    assert len(locations(client, "/sitemap-articles.xml?p=2")) == 1
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_article_entries_carry_their_last_change(client, archive):
    root = parse_xml(client.get("/sitemap-articles.xml").content)
    lastmods = [el.text for el in root.iter(f"{NS}lastmod")]
    # The day in the archive's own time zone (TIME_ZONE), as the sitemap writes it: late in
    # the evening UTC that is already tomorrow in Minsk.
    assert lastmods == [timezone.localtime(a.updated_at).date().isoformat() for a in archive]
