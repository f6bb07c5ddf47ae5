"""manage.py send_alerts: each confirmed subscriber gets each new matching article once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from archive.alerts.searches import saved_query
from archive.models import Article, Delivery, SavedSearch, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://concord.example.org"


@pytest.fixture
def subscription(make_article):
    """A confirmed subscriber to «дружба» on Belarus–China, with one older match already there."""
    old = make_article(
        title="Давняя дружба", published_on=datetime.date(2025, 1, 10), pairs=["BY-CN"]
    )
    now = timezone.now()
    Article.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=2))
    saved = SavedSearch.objects.create(name="Дружба", query=saved_query("q=дружба&pair=BY-CN"))
    return Subscription.objects.create(
        saved_search=saved,
        email="reader@example.org",
        confirmed_at=now - datetime.timedelta(days=1),
    )


def send(*args) -> str:
    out = io.StringIO()
    call_command("send_alerts", *args, stdout=out)
    return out.getvalue()


def test_a_new_matching_article_is_sent_once(subscription, make_article):
    new = make_article(
        title="Дружба <b>крепнет</b>", published_on=datetime.date(2025, 11, 14), pairs=["BY-CN"]
    )
    make_article(title="Дружба с Россией", pairs=["RU-CN"])  # another pair
    make_article(title="Торговля растёт", body="Экспорт.", pairs=["BY-CN"])  # other words

    output = send()
    assert "sent 1 e-mail(s) with 1 article(s)" in output
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "1 new article" in message.subject and "Дружба" in message.subject
    assert "Дружба <b>крепнет</b>" in message.body  # plain text, as written
    url = f"https://concord.example.org{new.get_absolute_url()}"
    assert url in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Дружба &lt;b&gt;крепнет&lt;/b&gt;" in html and "<b>крепнет" not in html
    unsubscribe = f"https://concord.example.org{subscription.unsubscribe_path()}"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body and unsubscribe in html
    assert list(Delivery.objects.values_list("article_id", flat=True)) == [new.pk]

    # Running again sends nothing; a later article is sent alone.
    assert "sent 0 e-mail(s)" in send()
    assert len(mail.outbox) == 1
    later = make_article(title="Снова дружба", pairs=["BY-CN"])
    send()
    assert len(mail.outbox) == 2
    assert "Снова дружба" in mail.outbox[1].body and new.title not in mail.outbox[1].body
    assert Delivery.objects.filter(article=later).count() == 1


def test_an_article_imported_during_the_last_run_is_not_lost(subscription, make_article):
    send()
    # Committed after the run, but stamped a little before it (a long import's transaction).
    late = make_article(title="Дружба опоздала", pairs=["BY-CN"])
    checked = Subscription.objects.get().checked_until
    Article.objects.filter(pk=late.pk).update(created_at=checked - datetime.timedelta(minutes=5))
    send()
    assert len(mail.outbox) == 1 and "Дружба опоздала" in mail.outbox[0].body
    send()
    assert len(mail.outbox) == 1


def test_the_digest_speaks_the_subscribers_language(subscription, make_article):
    Subscription.objects.update(language="ru")
    make_article(title="Дружба", published_on=datetime.date(2025, 11, 14), pairs=["BY-CN"])
    send()
    assert "14 ноября 2025" in mail.outbox[0].body


def test_a_dry_run_sends_and_records_nothing(subscription, make_article):
    make_article(title="Дружба", pairs=["BY-CN"])
    output = send("--dry-run")
    assert "would send 1 article(s)" in output
    assert mail.outbox == [] and Delivery.objects.count() == 0
    assert Subscription.objects.get().checked_until is None
    send()
    assert len(mail.outbox) == 1


def test_an_unsubscribed_reader_gets_nothing(client, subscription, make_article):
    client.post(subscription.unsubscribe_path())
    make_article(title="Дружба", pairs=["BY-CN"])
    send()
    assert mail.outbox == []


def test_two_subscribers_each_get_their_copy(subscription, make_article):
    Subscription.objects.create(
        saved_search=subscription.saved_search,
        email="other@example.org",
        confirmed_at=timezone.now(),
    )
    make_article(title="Дружба", pairs=["BY-CN"])
    send()
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "reader@example.org"]


def test_a_long_digest_lists_the_first_articles_and_links_to_the_rest(
    subscription, make_article, monkeypatch
):
    monkeypatch.setattr("archive.alerts.digest.LISTED", 2)
    for day in range(1, 5):
        make_article(
            title=f"Дружба {day}", published_on=datetime.date(2025, 3, day), pairs=["BY-CN"]
        )
    send()
    (message,) = mail.outbox
    assert "4 new articles" in message.subject
    assert "Дружба 4" in message.body and "Дружба 3" in message.body
    assert "Дружба 1" not in message.body
    assert "2 more new articles" in message.body
    assert Delivery.objects.count() == 4


def test_from_the_search_page_to_one_digest(client, make_article):
    """The whole way: ask, confirm from the e-mail, get the new article once, unsubscribe."""
    make_article(title="Дружба до подписки", pairs=["BY-CN"])
    client.post(
        "/alerts/subscribe/",
        {"search": "q=дружба&pair=BY-CN&page=2", "email": "reader@example.org"},
    )
    (confirmation,) = mail.outbox
    path = confirmation.body.split("https://concord.example.org", 1)[1].split()[0]
    assert client.post(path).status_code == 200
    new = make_article(title="Дружба после подписки", pairs=["BY-CN"])
    send()
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert new.title in digest.body and "до подписки" not in digest.body
    send()
    assert len(mail.outbox) == 2
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    client.post(unsubscribe.removeprefix("https://concord.example.org"))
    make_article(title="Дружба после отписки", pairs=["BY-CN"])
    send()
    assert len(mail.outbox) == 2 and Subscription.objects.count() == 0


def test_sending_leaves_the_stored_pages_alone(subscription, make_article):
    from archive.page_cache import generation

    make_article(title="Дружба", pairs=["BY-CN"])
    before = generation()
    send()
    assert len(mail.outbox) == 1
    assert generation() == before
