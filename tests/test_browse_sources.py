"""An outlet's page: its articles, paginated, and its languages."""

import datetime
import re

import pytest

D = datetime.date


@pytest.fixture
def outlet(make_outlet, make_article):
    """An outlet with 21 Russian articles (one a day in March 2025) and one English one."""
    wire = make_outlet(name="Test Wire", domain="wire.example")
    for day in range(1, 22):
        make_article(
            title=f"Новость {day}", published_on=D(2025, 3, day), pairs=["BY-CN"], outlet=wire
        )
    make_article(title="English story", published_on=D(2025, 4, 1), language="en", outlet=wire)
    make_article(title="Someone else's story", published_on=D(2025, 4, 2))
    return wire


def get(client, url, ui="en", **params):
    """GET `url` with the interface in language `ui`; other keywords are query parameters."""
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def titles(response) -> list[str]:
    return re.findall(r"<h3><a [^>]+>([^<]+)</a>", response.content.decode())


def test_outlet_page_lists_its_articles_newest_first_twenty_a_page(client, outlet):
    response = get(client, outlet.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Test Wire</h1>" in html
    assert "22 articles" in html
    assert titles(response)[:3] == ["English story", "Новость 21", "Новость 20"]
    assert len(titles(response)) == 20
    assert "Someone else" not in html
    assert 'href="?page=2" rel="next"' in html


def test_outlet_second_page_has_the_rest(client, outlet):
    response = get(client, outlet.get_absolute_url(), page=2)
    assert titles(response) == ["Новость 2", "Новость 1"]
    assert 'href="?page=1" rel="prev"' in response.content.decode()


def test_outlet_languages_and_pairs_are_counted(client, outlet):
    html = get(client, outlet.get_absolute_url()).content.decode()
    assert re.search(r'Russian <span class="count">21 articles', html)
    assert re.search(r'English <span class="count">1 article<', html)
    assert re.search(r'Belarus–China</a> <span class="count">21 articles', html)


@pytest.mark.parametrize("page", ["3", "0", "x"])
def test_pages_that_do_not_exist_are_404(client, outlet, page):
    assert get(client, outlet.get_absolute_url(), page=page).status_code == 404


def test_unknown_outlet_is_404(client, outlet):
    assert get(client, "/sources/no-such-outlet/").status_code == 404


def test_outlet_counts_in_russian(client, outlet):
    html = get(client, outlet.get_absolute_url(), ui="ru").content.decode()
    assert "22 статьи" in html and "21 статья" in html and "1 статья" in html
