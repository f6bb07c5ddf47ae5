"""Addresses that used to answer 500: each now gets a clear answer (fuzzing found them)."""

import datetime

import pytest


@pytest.fixture
def archive(make_article):
    return make_article(
        title="Мост дружбы", body="Мост открыт.", published_on=datetime.date(2025, 3, 1)
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        # A kind no agreement has yet: no results, not EmptyResultSet.
        ("/search/?kind=treaty", 200),
        ("/search/?kind=treaty&q=мост", 200),
        ("/api/articles/?kind=treaty", 200),
        ("/feeds/search.atom?kind=treaty", 200),
        # The last year there is has no next year to stop before.
        ("/search/?year=9999", 200),
        ("/api/articles/?year=9999&q=мост", 200),
        ("/feeds/search.atom?year=9999", 200),
        # Dates no calendar has, or at its very ends.
        ("/articles/99999999999999999999/01/01/most/", 404),
        ("/articles/9999/12/31/most/", 404),
        ("/articles/0001/01/01/most/", 404),
        ("/articles/0000/01/01/most/", 404),
        # A NUL byte, which PostgreSQL's text cannot hold.
        ("/countries/%00/", 400),
        ("/pairs/BY-%00/", 400),
        ("/search/?pair=%00", 400),
        ("/api/articles/?q=a%00b", 400),
    ],
)
def test_no_address_answers_500(client, archive, url, status):
    response = client.get(url)
    assert response.status_code == status


def test_a_kind_with_no_agreements_finds_nothing(client, archive):
    data = client.get("/api/articles/", {"kind": "treaty"}).json()
    assert data["count"] == 0 and data["results"] == []


def test_the_year_9999_is_searched_to_its_last_day(client, make_article):
    late = make_article(title="Далёкое будущее", published_on=datetime.date(9999, 12, 31))
    make_article(title="Прошлое", published_on=datetime.date(9998, 12, 31))
    data = client.get("/api/articles/", {"year": "9999"}).json()
    assert [r["id"] for r in data["results"]] == [late.id]


def test_an_article_near_the_ends_of_the_calendar_is_still_found_by_its_old_date(
    client, make_article
):
    article = make_article(title="Первый день", published_on=datetime.date(1, 1, 5))
    # Its date was corrected from the 1st; the old address still leads to it.
    old = f"/articles/0001/01/01/{article.slug}/"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith(article.get_absolute_url())
