"""On this day: the home page's block and the page of each day of the year."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.on_this_day import DayOfYear, home_block

D = datetime.date


def get(client, url, ui="en", **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def years_on_page(html: str) -> list[str]:
    return re.findall(r'<h2 id="year-(\d{4})">', html)


@pytest.fixture
def june_third(make_article, make_agreement):
    """Articles on 3 June in 2019, 2021 and (twelve of them) 2025; one on 4 June; a signing."""
    make_article(title="Июнь 2019", published_on=D(2019, 6, 3), pairs=["BY-CN"])
    make_article(title="June 2021", published_on=D(2021, 6, 3), language="en")
    for n in range(12):
        make_article(title=f"Визит, день первый {n}", published_on=D(2025, 6, 3))
    make_article(title="Следующий день", published_on=D(2025, 6, 4))
    make_agreement(
        name_en="Agreement on visa-free travel",
        name_ru="Соглашение о безвизовом режиме",
        signed_on=D(2021, 6, 3),
        slug="visa-free",
    )
    make_agreement(name_en="Signed in 2017", signed_on=D(2017, 6, 3), slug="old-one")


def test_the_day_page_lists_every_year_newest_first(client, june_third):
    response = get(client, "/on-this-day/06-03/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>On this day: 3 June</h1>" in html
    assert years_on_page(html) == ["2025", "2021", "2019", "2017"]
    assert "Следующий день" not in html
    year_2021 = html.split('id="year-2021"')[1].split("</section>")[0]
    assert 'href="/agreements/visa-free/"' in year_2021 and "June 2021" in year_2021
    year_2017 = html.split('id="year-2017"')[1].split("</section>")[0]
    assert 'href="/agreements/old-one/"' in year_2017 and "Published that day" not in year_2017


def test_a_busy_year_shows_ten_articles_and_links_its_day_in_the_archive(client, june_third):
    html = get(client, "/on-this-day/06-03/").content.decode()
    year_2025 = html.split('id="year-2025"')[1].split("</section>")[0]
    assert year_2025.count('<li class="result">') == 10
    assert "Визит, день первый 11" in year_2025 and "Визит, день первый 0<" not in year_2025
    assert 'href="/archive/2025/06/03/">All 12 articles of that day' in year_2025


def test_the_day_page_links_the_previous_and_next_days(client, june_third):
    html = get(client, "/on-this-day/06-03/").content.decode()
    assert '<a href="/on-this-day/06-02/" rel="prev">← 2 June</a>' in html
    assert '<a href="/on-this-day/06-04/" rel="next">4 June →</a>' in html


@pytest.mark.parametrize(
    ("day", "previous", "following"),
    [("01-01", "12-31", "01-02"), ("12-31", "12-30", "01-01"), ("02-28", "02-27", "02-29"),
     ("02-29", "02-28", "03-01"), ("03-01", "02-29", "03-02")],
)  # fmt: skip
def test_days_step_through_a_leap_year_calendar(day, previous, following):
    parsed = DayOfYear.parse(day)
    assert (parsed.previous().code, parsed.next().code) == (previous, following)


def test_the_day_page_in_russian(client, june_third):
    response = get(client, "/on-this-day/06-03/", ui="ru")
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "3 июня" in html and "← 2 июня" in html
    assert "Соглашение о безвизовом режиме" in html


def test_a_day_with_nothing_says_so(client, june_third):
    html = get(client, "/on-this-day/12-25/").content.decode()
    assert "Nothing in the archive was signed or published on this day." in html


def test_the_day_page_costs_the_same_few_statements_however_many_years(client, june_third):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "/on-this-day/06-03/").status_code == 200
    reads = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(reads) <= 12, [q["sql"] for q in reads]


@pytest.mark.parametrize(
    "bad", ["02-30", "02-31", "04-31", "13-01", "00-10", "06-00", "2-9", "0603", "06-03-2025",
            "abc", "１１-２９", "06-3", "-06-03"],
)  # fmt: skip
def test_a_day_that_is_not_one_is_a_clear_404(client, db, bad):
    response = get(client, f"/on-this-day/{bad}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>No such day</h1>" in html
    assert "is not a day of the year" in html


def test_a_bad_page_number_is_a_404(client, june_third):
    assert get(client, "/on-this-day/06-03/", page=5).status_code == 404
    assert get(client, "/on-this-day/06-03/", page="x").status_code == 404


def test_on_this_day_without_a_date_goes_to_today(client, db):
    response = get(client, "/on-this-day/")
    today = timezone.localdate()
    assert response.status_code == 302
    assert response["Location"] == f"/on-this-day/{today:%m-%d}/"


# --- 29 February -------------------------------------------------------------------------------


@pytest.fixture
def leap_days(make_article, make_agreement):
    make_article(title="Високосный 2020", published_on=D(2020, 2, 29))
    make_article(title="Leap day 2024", published_on=D(2024, 2, 29), language="en")
    make_article(title="Двадцать восьмое 2023", published_on=D(2023, 2, 28))
    make_agreement(name_en="Leap-day protocol", signed_on=D(2016, 2, 29), slug="leap-protocol")


def test_29_february_lists_leap_years_only(client, leap_days):
    html = get(client, "/on-this-day/02-29/").content.decode()
    assert years_on_page(html) == ["2024", "2020", "2016"]
    assert "Двадцать восьмое" not in html
    assert years_on_page(get(client, "/on-this-day/02-28/").content.decode()) == ["2023"]


def test_on_28_february_of_a_common_year_the_home_block_adds_the_29ths(leap_days):
    block = home_block(D(2025, 2, 28))
    assert [d.code for d in block["days"]] == ["02-28", "02-29"]
    assert [a.title for a in block["articles"]] == [
        "Leap day 2024",
        "Двадцать восьмое 2023",
        "Високосный 2020",
    ]
    assert [a.slug for a in block["agreements"]] == ["leap-protocol"]


def test_on_28_february_of_a_leap_year_the_29th_waits_for_tomorrow(leap_days):
    block = home_block(D(2028, 2, 28))
    assert [d.code for d in block["days"]] == ["02-28"]
    assert [a.title for a in block["articles"]] == ["Двадцать восьмое 2023"]


# --- The home page ----------------------------------------------------------------------------


@pytest.fixture
def today_in_earlier_years(make_article, make_agreement):
    today = timezone.localdate()
    if (today.month, today.day) == (2, 29):  # the tests must hold on any day they run
        years = [today.year - 4, today.year - 8]
    else:
        years = [today.year - 1, today.year - 3, today.year - 6]
    for year in years:
        day = today.replace(year=year)
        make_article(title=f"Article of {year}", published_on=day, language="en")
    make_article(title="Article of today", published_on=today)
    make_agreement(
        name_en="Treaty signed this day", signed_on=today.replace(year=years[-1]), slug="treaty"
    )
    return today, years


def test_home_shows_this_day_in_earlier_years(client, today_in_earlier_years):
    today, years = today_in_earlier_years
    html = get(client, "/").content.decode()
    block = html.split('id="on-this-day-heading"')[1].split("</section>\n\n<section")[0]
    titles = re.findall(r"Article of (\d{4})", block)
    assert titles == [str(y) for y in years]
    assert "Article of today" not in block
    assert 'href="/agreements/treaty/"' in block
    assert f'href="/on-this-day/{today:%m-%d}/"' in block


def test_home_block_in_russian(client, today_in_earlier_years):
    today, _years = today_in_earlier_years
    html = get(client, "/", ui="ru").content.decode()
    block = html.split('id="on-this-day-heading"')[1].split("</section>\n\n<section")[0]
    assert f'href="/on-this-day/{today:%m-%d}/"' in block
    assert 'lang="en">Article of' in block


def test_home_block_of_an_empty_archive(client, db):
    html = get(client, "/").content.decode()
    assert "Nothing in the archive was signed or published on this day in earlier years." in html
