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


@pytest.fixture
def calendar_ends(make_article):
    """Articles on the calendar's first and last days, each the only one on its pair."""
    return (
        make_article(title="Первый день", published_on=datetime.date(1, 1, 1), pairs=["KZ-UZ"]),
        make_article(title="Последний", published_on=datetime.date(9999, 12, 31), pairs=["BY-RU"]),
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        # Years before 1000 were linked unpadded (/archive/1/), an address no pattern has.
        ("/archive/", 200),
        ("/archive/0001/", 200),
        ("/archive/0001/01/01/", 200),
        ("/sitemap-days.xml", 200),
        # January of year 1: its calendar's first week began in year 0.
        ("/archive/0001/01/", 200),
        # Pair charts reached past 9999-12, or before 0001-01, for their months.
        ("/pairs/BY-RU/", 200),
        ("/pairs/KZ-UZ/", 200),
        # The calendar's last day has no next day: 404, as Django answers for its last
        # month and year.
        ("/archive/9999/12/31/", 404),
    ],
)
def test_no_page_of_articles_at_the_calendars_ends_answers_500(client, calendar_ends, url, status):
    assert client.get(url).status_code == status


def test_the_date_archive_links_to_years_before_1000_with_four_digits(client, calendar_ends):
    assert 'href="/archive/0001/"' in client.get("/archive/").content.decode()
    assert "/archive/0001/01/01/" in client.get("/sitemap-days.xml").content.decode()


@pytest.mark.parametrize("year", ["²", "٣", "①"])
def test_a_year_of_digits_python_cannot_read_is_reported_not_a_500(client, db, year):
    # str.isdigit() takes these; int() does not read "²" or "①".
    response = client.get("/agreements/", {"year": year})
    assert response.status_code == 400
    assert "is not a year" in response.content.decode()
