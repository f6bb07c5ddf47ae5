"""The event pages, the events list, events on pair hubs and agreement pages, and the admin."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.models import Article, Country, Event

D = datetime.date

pytestmark = pytest.mark.usefixtures("plain_static_storage")


@pytest.fixture
def visit(make_article, make_agreement):
    """A confirmed state visit with two documents and two reports, and a proposed summit."""
    statement = make_agreement(
        name_en="Joint statement on all-round strategic partnership",
        name_ru="Совместное заявление о всестороннем стратегическом партнерстве",
        kind="joint_statement",
        parties=["BY", "CN"],
        signed_on=D(2025, 6, 3),
        slug="by-cn-joint-statement-2025",
    )
    memo = make_agreement(
        name_en="Memorandum on poultry exports",
        kind="memorandum",
        parties=["BY", "CN"],
        signed_on=D(2025, 6, 3),
        slug="poultry-memo",
    )
    report_ru = make_article(
        title="Визит в Китай: подписаны шесть документов",
        published_on=D(2025, 6, 3),
        pairs=["BY-CN"],
    )
    report_en = make_article(
        title="Belarus, China sign <b>six</b> documents",
        published_on=D(2025, 6, 4),
        language="en",
        pairs=["BY-CN"],
    )
    event = Event.objects.create(
        name_en="State visit of the President of Belarus to China",
        name_ru="Государственный визит Президента Беларуси в Китай",
        kind="visit",
        start_on=D(2025, 6, 2),
        end_on=D(2025, 6, 4),
        place="Beijing",
        place_country=Country.objects.get(code="CN"),
        status="confirmed",
    )
    event.countries.set(Country.objects.filter(code__in=["BY", "CN"]))
    event.agreements.set([statement, memo])
    event.articles.set([report_ru, report_en])
    proposed = Event.objects.create(
        name_en="Summit: Belarus–China, 9 June 2025", start_on=D(2025, 6, 9), kind="summit"
    )
    proposed.countries.set(Country.objects.filter(code__in=["BY", "CN"]))
    return {"event": event, "proposed": proposed, "statement": statement, "memo": memo}


def get(client, url, ui="en", **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def jsonld(html: str) -> dict:
    (text,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(text)


def test_an_event_page_shows_dates_place_countries_documents_and_reports(client, visit):
    response = get(client, "/events/state-visit-of-the-president-of-belarus-to-china/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en">State visit of the President of Belarus to China</h1>' in html
    assert '<time datetime="2025-06-02">' in html and '<time datetime="2025-06-04">' in html
    assert "Beijing" in html and 'href="/countries/CN/">China</a>' in html
    assert 'href="/pairs/BY-CN/">Belarus–China</a>' in html
    documents = html.split('id="documents-heading"')[1].split("</section>")[0]
    assert 'href="/agreements/by-cn-joint-statement-2025/"' in documents
    assert 'href="/agreements/poultry-memo/"' in documents
    reports = html.split('id="articles-heading"')[1].split("</section>")[0]
    assert "2 articles report it" in reports
    assert '<li class="result">' in reports
    # An article's title is text, never markup.
    assert "Belarus, China sign &lt;b&gt;six&lt;/b&gt; documents" in reports


def test_an_event_page_in_russian(client, visit):
    html = get(client, visit["event"].get_absolute_url(), ui="ru").content.decode()
    assert '<h1 lang="ru">Государственный визит Президента Беларуси в Китай</h1>' in html
    assert 'href="/countries/CN/">Китай</a>' in html


def test_the_event_page_carries_schema_org_event_json_ld(client, visit):
    data = jsonld(get(client, visit["event"].get_absolute_url()).content.decode())
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2025-06-02", "2025-06-04")
    assert data["location"]["address"]["addressCountry"] == "CN"
    assert {c["identifier"] for c in data["attendee"]} == {"BY", "CN"}
    assert {a["@type"] for a in data["about"]} == {"Legislation"}
    assert {a["url"] for a in data["about"]} == {
        "http://testserver/agreements/by-cn-joint-statement-2025/",
        "http://testserver/agreements/poultry-memo/",
    }
    assert [a["@type"] for a in data["subjectOf"]] == ["NewsArticle", "NewsArticle"]


def test_json_ld_cannot_be_closed_by_a_title(client, visit):
    Article.objects.filter(language="en").update(title="</script><script>alert(1)</script>")
    html = get(client, visit["event"].get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and "\\u003C/script\\u003E" in block
    assert jsonld(html)["subjectOf"][0]["headline"] == "</script><script>alert(1)</script>"


def test_a_proposed_event_is_not_public(client, visit):
    assert get(client, visit["proposed"].get_absolute_url()).status_code == 404
    assert get(client, "/events/no-such-event/").status_code == 404


def test_an_editor_previews_a_proposed_event(client, visit):
    client.force_login(User.objects.create_user("desk", password="x", is_staff=True))
    response = get(client, visit["proposed"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Readers do not see this event: it is proposed by the importer, not yet checked." in html
    assert reverse("admin:archive_event_change", args=[visit["proposed"].pk]) in html
    confirmed = get(client, visit["event"].get_absolute_url()).content.decode()
    assert "Readers do not see this event" not in confirmed


def test_events_list_shows_confirmed_events_newest_first(client, visit):
    later = Event.objects.create(name_en="Minsk forum", start_on=D(2025, 9, 1), status="confirmed")
    html = get(client, "/events/").content.decode()
    assert "2 events" in html
    assert html.index(later.get_absolute_url()) < html.index(visit["event"].get_absolute_url())
    assert visit["proposed"].get_absolute_url() not in html
    assert "2 documents" in html and "2 articles" in html


def test_events_list_filters_by_pair_in_any_spelling(client, visit):
    other = Event.objects.create(name_en="Moscow talks", start_on=D(2025, 7, 1), status="confirmed")
    other.countries.set(Country.objects.filter(code__in=["CN", "RU"]))
    html = get(client, "/events/", pair="cn-by").content.decode()
    assert visit["event"].get_absolute_url() in html and other.get_absolute_url() not in html
    assert "<h1>Events: Belarus–China</h1>" in html
    assert '<option value="BY-CN" selected>' in html


def test_events_list_filters_by_a_pair_the_articles_have_not_met(client, visit):
    forum = Event.objects.create(
        name_en="Tashkent forum", start_on=D(2025, 5, 5), status="confirmed"
    )
    forum.countries.set(Country.objects.filter(code__in=["BY", "UZ"]))
    response = get(client, "/events/", pair="UZ-BY")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Events: BY-UZ</h1>" in html and forum.get_absolute_url() in html
    assert visit["event"].get_absolute_url() not in html


def test_events_list_reports_a_malformed_pair(client, visit):
    response = get(client, "/events/", pair="Belarus")
    assert response.status_code == 400
    assert "is not a country pair such as BY-CN" in response.content.decode()


def test_events_list_pages_with_the_sites_pagination(client, db):
    for n in range(25):
        Event.objects.create(name_en=f"Meeting {n}", start_on=D(2024, 1, 1 + n), status="confirmed")
    html = get(client, "/events/").content.decode()
    assert '<nav class="pagination"' in html and "Meeting 24" in html and "Meeting 0<" not in html
    assert "Meeting 0<" in get(client, "/events/", page=2).content.decode()
    assert get(client, "/events/", page=9).status_code == 404


def test_pair_hub_lists_its_confirmed_events(client, visit):
    html = get(client, "/pairs/BY-CN/").content.decode()
    events = html.split('id="events-heading"')[1].split("</section>")[0]
    assert visit["event"].get_absolute_url() in events
    assert visit["proposed"].get_absolute_url() not in events
    assert 'href="/events/?pair=BY-CN"' in events


def test_pair_hub_without_events_has_no_events_section(client, make_article):
    make_article(pairs=["BY-RU"])
    assert 'id="events-heading"' not in get(client, "/pairs/BY-RU/").content.decode()


def test_agreement_page_says_where_it_was_signed(client, visit):
    html = get(client, "/agreements/poultry-memo/").content.decode()
    signed_at = html.split("<dt>Signed at</dt>")[1].split("</dd>")[0]
    assert visit["event"].get_absolute_url() in signed_at
    assert "<dt>Signed at</dt>" not in get(client, "/agreements/no-event/").content.decode()


# --- The admin ---------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_event", "change_event", "view_agreement", "view_article"]
        )
    )
    return user


@pytest.fixture
def viewer(db):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    return user


def test_admin_lists_events_with_filters_and_search(client, editor, visit):
    client.force_login(editor)
    url = reverse("admin:archive_event_changelist")
    html = client.get(url, {"status__exact": "proposed"}).content.decode()
    assert "Summit: Belarus–China, 9 June 2025" in html and "State visit" not in html
    html = client.get(url, {"q": "Beijing"}).content.decode()
    assert "State visit of the President" in html and "Summit:" not in html
    assert client.get(url, {"kind__exact": "visit"}).status_code == 200


def test_editor_confirms_a_proposed_event_and_readers_see_it(client, editor, visit):
    client.force_login(editor)
    proposed = visit["proposed"]
    response = client.post(
        reverse("admin:archive_event_changelist"),
        {"action": "confirm", "_selected_action": [proposed.pk]},
        follow=True,
    )
    assert "1 event is now" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == "confirmed"
    client.logout()
    assert get(client, proposed.get_absolute_url()).status_code == 200


def test_a_viewer_cannot_confirm(client, viewer, visit):
    client.force_login(viewer)
    client.post(
        reverse("admin:archive_event_changelist"),
        {"action": "confirm", "_selected_action": [visit["proposed"].pk]},
    )
    visit["proposed"].refresh_from_db()
    assert visit["proposed"].status == "proposed"


def test_admin_refuses_an_event_that_ends_before_it_starts(client, editor, visit):
    client.force_login(editor)
    event = visit["event"]
    response = client.post(
        reverse("admin:archive_event_change", args=[event.pk]),
        {
            "name_en": event.name_en,
            "name_ru": "",
            "slug": event.slug,
            "kind": "visit",
            "status": "confirmed",
            "start_on": "2025-06-04",
            "end_on": "2025-06-02",
            "place": "",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    event.refresh_from_db()
    assert event.start_on == D(2025, 6, 2)


def test_admin_autocompletes_agreements_for_an_event(client, editor, visit):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archive",
            "model_name": "event",
            "field_name": "agreements",
            "term": "poultry",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Memorandum on poultry exports"]


def test_the_editors_group_may_curate_events(db):
    from django.contrib.auth.models import Group

    granted = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_event", "change_event", "view_event"} <= granted
    assert "delete_event" not in granted
