"""Alerts: asking for e-mail alerts from a search, confirming them, stopping them; named feeds."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from archive.alerts.searches import InvalidSearch, saved_query
from archive.filters import SearchForm
from archive.models import CountryPair, SavedSearch, Subscription

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SUBSCRIBE = "/alerts/subscribe/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://concord.example.org"
    settings.ALERT_REQUESTS_PER_ADDRESS = 3
    # Pairs exist once an article names them; the searches here name this one.
    CountryPair.objects.get_or_create_for("BY-CN")


def link_in(body: str, kind: str) -> str:
    """The site path of the first link of a kind ("confirm", "unsubscribe") in an e-mail."""
    found = re.search(rf"https://concord\.example\.org(/alerts/{kind}/[^\s/]+/)", body)
    assert found, f"no {kind} link in:\n{body}"
    return found.group(1)


def ask(client, search="q=дружба&pair=CN-BY", email="reader@example.org", name=""):
    return client.post(SUBSCRIBE, {"search": search, "email": email, "name": name})


def test_the_search_page_offers_email_alerts_with_its_own_parameters(client, make_article):
    make_article(title="Дружба", pairs=["BY-CN"])
    page = client.get("/search/", {"q": "дружба", "pair": "BY-CN"})
    html = page.content.decode()
    assert 'action="/alerts/subscribe/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="search" value="q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&amp;pair=BY-CN"' in html


def test_asking_sends_a_confirmation_and_stores_nothing(client):
    response = ask(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("archive:alert-sent")
    assert client.get(response["Location"]).status_code == 200
    assert Subscription.objects.count() == 0 and SavedSearch.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "«дружба»" in message.subject
    assert link_in(message.body, "confirm")


def test_confirming_stores_the_subscription_once(client):
    ask(client, name="Friendship")
    confirm = link_in(mail.outbox[0].body, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "reader@example.org" in page.content.decode()
    assert Subscription.objects.count() == 0  # a mail filter opening the link confirms nothing
    assert client.post(confirm).status_code == 200
    assert client.post(confirm).status_code == 200  # twice: still one
    (subscription,) = Subscription.objects.select_related("saved_search")
    assert subscription.email == "reader@example.org"
    assert subscription.confirmed_at is not None
    assert subscription.saved_search.name == "Friendship"
    # The canonical form: the pair in its canonical spelling, parameters in the form's order.
    assert subscription.saved_search.query == "q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&pair=BY-CN"


def test_the_subscription_speaks_the_language_it_was_asked_in(client):
    client.cookies["django_language"] = "ru"
    ask(client)
    client.post(link_in(mail.outbox[0].body, "confirm"))
    assert Subscription.objects.get().language == "ru"


def test_the_answer_is_the_same_for_a_known_address_and_past_the_limit(client):
    for _ in range(5):
        response = ask(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("archive:alert-sent")
    assert len(mail.outbox) == 3  # ALERT_REQUESTS_PER_ADDRESS
    client.post(link_in(mail.outbox[0].body, "confirm"))
    response = ask(client, email="READER@example.org".lower())
    assert response["Location"] == reverse("archive:alert-sent")


def test_one_client_asking_too_often_is_told_to_wait(client, settings):
    settings.ALERT_REQUESTS_PER_CLIENT = 2
    assert ask(client, email="a@example.org").status_code == 302
    assert ask(client, email="b@example.org").status_code == 302
    response = ask(client, email="c@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_a_tampered_link_gives_a_clear_page(client):
    ask(client)
    confirm = link_in(mail.outbox[0].body, "confirm")
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    tampered = confirm.replace(token, token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"))
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert Subscription.objects.count() == 0


def test_an_expired_link_says_so(client, settings):
    ask(client)
    settings.ALERT_CONFIRM_MAX_AGE = -1
    response = client.post(link_in(mail.outbox[0].body, "confirm"))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Subscription.objects.count() == 0


def test_unknown_parameters_are_refused_with_the_forms_message(client):
    response = ask(client, search="q=дружба&colour=red")
    assert response.status_code == 400
    assert "“colour” is not a search parameter." in response.content.decode()
    response = ask(client, search="pair=BY-XX")
    assert response.status_code == 400
    form = SearchForm({"pair": "BY-XX"})
    assert not form.is_valid()
    for message in form.errors["pair"]:
        assert str(message).replace("“", "&ldquo;") in response.content.decode() or (
            str(message) in response.content.decode()
        )
    assert mail.outbox == []


def test_a_bad_address_is_refused(client):
    response = ask(client, email="not an address")
    assert response.status_code == 400
    assert mail.outbox == []


def test_asking_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert ask(client).status_code == 403
    assert mail.outbox == []


def test_saved_queries_are_canonical():
    assert saved_query("pair=cn-by&q=дружба&page=3&sort=oldest") == saved_query(
        "q=дружба&pair=BY-CN"
    )
    assert saved_query("") == ""
    with pytest.raises(InvalidSearch):
        saved_query("date_from=2025-02-30")


def test_unsubscribing_takes_one_click_without_a_csrf_token(client):
    ask(client)
    client.post(link_in(mail.outbox[0].body, "confirm"))
    path = Subscription.objects.get().unsubscribe_path()
    page = client.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    # A mail program's one-click POST (RFC 8058) carries no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.count() == 0
    assert client.get(path).status_code == 404


# --- The named feed -----------------------------------------------------------------------------


def test_a_saved_search_is_a_named_atom_feed(client, make_article):
    match = make_article(title="Дружба крепнет", pairs=["BY-CN"])
    make_article(title="Дружба народов", pairs=["RU-CN"])
    make_article(title="Другое", body="Ничего общего.", pairs=["BY-CN"])
    saved = SavedSearch.objects.create(
        name="Friendship & <China>", query=saved_query("q=дружба&pair=BY-CN")
    )
    response = client.get(f"/alerts/{saved.token}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the archive's own output
    assert root.find(f"{ATOM}title").text == "Concord: Friendship & <China>"
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles == [match.title]


def test_an_unknown_feed_token_is_a_404(client):
    assert client.get("/alerts/no-such-token.atom").status_code == 404


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(db, plain_static_storage):
    from django.contrib.auth.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.create_superuser("chief", password="x" * 12))
    return client


@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_editors_name_a_public_feed_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/archive/savedsearch/add/", {"name": "Belarus–China", "query": "pair=cn-by"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.query == "pair=BY-CN" and len(saved.token) >= 32
    response = admin_client.post(
        "/admin/archive/savedsearch/add/", {"name": "Bad", "query": "colour=red"}
    )
    assert response.status_code == 200
    assert "“colour” is not a search parameter." in response.content.decode()
    assert SavedSearch.objects.count() == 1
