"""The interface language in the address: /ru/… and /en/… open in their language, bare
addresses keep following the cookie and the browser."""

import datetime
import re

import pytest
from django.test import Client

from archive.models import Article

MEMORANDUM = "меморандум"


@pytest.fixture
def article(make_article):
    return make_article(
        title="Беларусь и Китай подписали меморандум",
        body="Стороны подписали меморандум о сотрудничестве.",
        published_on=datetime.date(2025, 11, 14),
        pairs=["BY-CN"],
        countries=["BY", "CN"],
    )


def page(client, url, accept="en"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200, url
    return response, response.content.decode()


def local_links(html: str) -> list[str]:
    """Every link and form target on the page that stays on the site, static files aside."""
    found = re.findall(r'(?:href|action)="(/[^"]*)"', html)
    return [link for link in found if not link.startswith("/static/")]


def test_a_russian_address_shows_the_russian_interface_to_an_english_browser(client, article):
    response, html = page(client, f"/ru/search/?q={MEMORANDUM}", accept="en")
    assert '<html lang="ru">' in html and "Перейти к содержимому" in html
    assert response["Content-Language"] == "ru"
    assert article.title in html
    # Every archive link on the page stays under /ru/: the article, the navigation, the feeds.
    links = local_links(html)
    assert any(link.startswith(f"/ru{article.get_absolute_url()}") for link in links), links
    archive_links = [link for link in links if not link.startswith(("/i18n/", "/admin/"))]
    assert archive_links and all(link.startswith("/ru/") for link in archive_links), archive_links


def test_an_english_address_shows_the_english_interface_to_a_russian_browser(client, article):
    _response, html = page(
        client, article.get_absolute_url().replace("/articles/", "/en/articles/", 1), accept="ru"
    )
    assert '<html lang="en">' in html and "Cite this article" in html
    archive_links = [
        link for link in local_links(html) if not link.startswith(("/i18n/", "/admin/"))
    ]
    assert archive_links and all(link.startswith("/en/") for link in archive_links), archive_links


def test_the_prefix_outranks_the_language_cookie(client, article):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _response, html = page(client, "/ru/pairs/", accept="en")
    assert '<html lang="ru">' in html
    _response, html = page(client, "/pairs/", accept="ru")
    assert '<html lang="en">' in html  # the bare address keeps the cookie's choice


def test_bare_addresses_keep_their_links_and_the_browsers_language(client, article):
    _response, html = page(client, "/search/?q=" + MEMORANDUM, accept="ru")
    assert '<html lang="ru">' in html
    links = local_links(html)
    assert any(link.startswith(article.get_absolute_url()) for link in links), links
    assert not any(link.startswith(("/ru/", "/en/")) for link in links if "next=" not in link)


@pytest.mark.parametrize("url", ["/de/search/", "/de/", "/xx/pairs/", "/ru/admin/", "/en/healthz"])
def test_an_unknown_or_misplaced_prefix_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_a_language_prefix_without_its_slash_is_redirected(client, db):
    response = client.get("/ru")
    assert response.status_code == 301 and response["Location"] == "/ru/"


def test_every_archive_page_names_its_other_languages_by_absolute_address(client, article):
    _response, html = page(client, "/ru/search/?q=x&page=1")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": "http://testserver/en/search/?q=x&amp;page=1",
        "ru": "http://testserver/ru/search/?q=x&amp;page=1",
        "x-default": "http://testserver/search/?q=x&amp;page=1",
    }
    _response, html = page(client, article.get_absolute_url())
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates["x-default"] == f"http://testserver{article.get_absolute_url()}"
    assert alternates["ru"] == f"http://testserver/ru{article.get_absolute_url()}"


def test_the_switcher_goes_on_to_this_page_in_the_other_language_keeping_the_query(client, article):
    _response, html = page(client, "/en/search/?q=x&language=ru")
    button = re.search(r'<button[^>]*value="ru"[^>]*>', html).group(0)
    target = re.search(r'formaction="([^"]+)"', button).group(1).replace("&amp;", "&")
    assert target == "/i18n/setlang/?next=/ru/search/%3Fq%3Dx%26language%3Dru"
    # Without any script: the form posts, the language is remembered, the reader lands on /ru/.
    response = client.post(target, {"language": "ru"})
    assert response.status_code == 302 and response["Location"] == "/ru/search/?q=x&language=ru"
    _response, html = page(client, "/search/", accept="en")
    assert '<html lang="ru">' in html


def test_the_page_cache_keeps_each_language_apart(article):
    russian = f"/ru{article.get_absolute_url()}"
    first = Client().get(russian, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Retitled as a bulk import would, with nothing telling the cache: only stored pages
    # still show the old title.
    Article.objects.filter(pk=article.pk).update(title="Новое название")
    again = Client().get(russian, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    english = Client().get(f"/en{article.get_absolute_url()}", HTTP_ACCEPT_LANGUAGE="ru")
    bare = Client().get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru">' in first and article.title in first
    assert '<html lang="ru">' in again and article.title in again
    assert "Новое название" in english.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Новое название" in bare.content.decode()


def test_the_admin_keeps_no_language_alternates(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'hreflang="' not in html


def test_robots_keep_crawlers_out_of_prefixed_searches_and_the_api(client, db):
    text = client.get("/robots.txt").content.decode()
    for language in ("ru", "en"):
        assert f"Disallow: /{language}/search/?" in text.splitlines()
        assert f"Disallow: /{language}/api/" in text.splitlines()
        assert f"Disallow: /{language}/feeds/search.atom" in text.splitlines()
