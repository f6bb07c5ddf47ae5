"""Whole public pages from the cache: anonymous readers only, fresh after every editor's save."""

import io
import json
import socket
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from archive.models import Article

REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def article(make_article):
    return make_article(title="Первое название", body="Текст о сотрудничестве.", pairs=["BY-CN"])


def retitle_without_signals(article, title):
    """Change the row as a bulk import does: no save(), so nothing tells the cache."""
    Article.objects.filter(pk=article.pk).update(title=title)


def test_an_anonymous_reader_is_served_the_stored_page(client, article):
    first = client.get(article.get_absolute_url())
    retitle_without_signals(article, "Второе название")
    second = Client().get(article.get_absolute_url())
    assert "Первое название" in first.content.decode()
    assert "Первое название" in second.content.decode()


def test_an_editors_save_shows_on_the_next_anonymous_request(client, article):
    client.get(article.get_absolute_url())
    article.title = "Исправленное название"
    article.save()
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Исправленное название" in page


def test_a_changed_link_between_articles_and_pairs_shows_at_once(client, article):
    client.get("/pairs/BY-CN/")
    article.pairs.clear()
    assert "Первое название" not in Client().get("/pairs/BY-CN/").content.decode()


def test_a_signed_in_reader_never_gets_a_stored_page(client, article):
    Client().get(article.get_absolute_url())
    retitle_without_signals(article, "Второе название")
    user = User.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    assert "Второе название" in client.get(article.get_absolute_url()).content.decode()


def test_a_page_rendered_for_a_signed_in_reader_is_never_stored(client, article):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    client.get(article.get_absolute_url())
    retitle_without_signals(article, "Второе название")
    assert "Второе название" in Client().get(article.get_absolute_url()).content.decode()


def test_the_query_string_and_the_language_are_part_of_the_address(client, make_article):
    make_article(title="Belarus and China sign a memorandum", language="en", pairs=["BY-CN"])
    english = client.get("/search/?q=memorandum", HTTP_ACCEPT_LANGUAGE="en")
    russian = Client().get("/search/?q=memorandum", HTTP_ACCEPT_LANGUAGE="ru")
    other = Client().get("/search/?q=treaty", HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    assert russian["Content-Language"] == "ru"
    assert "Belarus and China sign" in english.content.decode()
    assert "Belarus and China sign" not in other.content.decode()


def test_the_admin_is_never_stored(admin_client):
    admin_client.get("/admin/")
    assert Client().get("/admin/").status_code == 302


def test_a_missing_page_is_not_stored(client, make_article):
    assert client.get("/pairs/BY-RU/").status_code == 404
    make_article(title="Беларусь и Россия", pairs=["BY-RU"])
    assert Client().get("/pairs/BY-RU/").status_code == 200


def test_a_browser_revalidating_its_copy_gets_a_304(client, article):
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert again.content == b""


def test_every_reader_of_a_page_shares_its_etag(article):
    one = Client().get(article.get_absolute_url())
    other = Client().get(article.get_absolute_url())
    assert one.cookies["csrftoken"].value != other.cookies["csrftoken"].value
    assert one["ETag"] == other["ETag"]


def test_an_edited_page_no_longer_matches_the_old_etag(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "Исправленное название"
    article.save()
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_pages_say_how_long_a_browser_may_keep_them(client, article, settings):
    settings.PAGE_MAX_AGE = 60
    page = client.get(article.get_absolute_url())
    api = client.get("/api/articles/")
    # A page carries the reader's CSRF cookie: no shared proxy may keep it.
    assert page["Cache-Control"] == "max-age=60"
    assert sorted(api["Cache-Control"].split(", ")) == ["max-age=60", "public"]


def test_a_stored_page_gives_each_reader_a_working_language_switch(article):
    Client().get(article.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    switched = reader.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_zero_lifetime_turns_the_page_cache_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.get_absolute_url())
    retitle_without_signals(article, "Второе название")
    assert "Второе название" in Client().get(article.get_absolute_url()).content.decode()


def _redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(settings):
    if not _redis_reachable():
        pytest.skip("no Redis server at 127.0.0.1:6379 to share the cache through")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            # A prefix of this test's own: other runs may share the server.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield
    cache.clear()


def test_pages_are_shared_through_redis_and_fresh_after_a_save(
    redis_cache, client, article, settings
):
    client.get(article.get_absolute_url())
    retitle_without_signals(article, "Второе название")
    # A new cache connection, as another worker process has: the page is in Redis.
    settings.CACHES = {"default": dict(settings.CACHES["default"])}
    assert "Первое название" in Client().get(article.get_absolute_url()).content.decode()
    article.title = "Исправленное название"
    article.save()
    assert "Исправленное название" in Client().get(article.get_absolute_url()).content.decode()


def test_a_save_shows_in_every_workers_own_cache(client, article, settings):
    """Without Redis each worker process keeps its own pages; the generation they are keyed by
    lives in the database, so a save made through one worker makes every worker's copy stale."""

    def as_worker(name):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"worker-{name}",
            }
        }

    as_worker("one")
    assert "Первое название" in Client().get(article.get_absolute_url()).content.decode()
    as_worker("two")
    article.title = "Исправленное название"
    article.save()
    as_worker("one")
    assert "Исправленное название" in Client().get(article.get_absolute_url()).content.decode()


def test_an_import_makes_the_stored_pages_stale(client, article, tmp_path):
    """The importer writes with SQL of its own (no model signals); its run still shows."""
    assert "Новая статья об импорте" not in client.get("/pairs/BY-CN/").content.decode()
    record = {
        "title": "Новая статья об импорте",
        "body": "Беларусь и Китай обсудили торговлю.",
        "date": "2025-03-04",
        "language": "ru",
        "pairs": ["BY-CN"],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--no-progress", stdout=io.StringIO())
    assert "Новая статья об импорте" in Client().get("/pairs/BY-CN/").content.decode()
