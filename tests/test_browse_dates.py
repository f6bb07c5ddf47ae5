"""The date archive: years, months with a calendar, days, filters, previous/next, bad dates."""

import datetime
import re

import pytest

D = datetime.date


@pytest.fixture
def dated(make_article):
    """Five articles in 2025 (three on 14 November), one in 2024; September 2025 is BY-RU only."""
    return {
        "march": make_article(
            title="Мартовская встреча", published_on=D(2024, 3, 10), pairs=["BY-CN"]
        ),
        "sept": make_article(
            title="Сентябрьский форум", published_on=D(2025, 9, 2), pairs=["BY-RU"]
        ),
        "nov14a": make_article(
            title="Меморандум подписан", published_on=D(2025, 11, 14), pairs=["BY-CN"]
        ),
        "nov14b": make_article(
            title="Визит делегации", published_on=D(2025, 11, 14), pairs=["BY-CN"]
        ),
        "nov14c": make_article(
            title="Trade talks in Beijing",
            published_on=D(2025, 11, 14),
            language="en",
            pairs=["CN-RU"],
        ),
        "nov20": make_article(
            title="Joint commission meets",
            published_on=D(2025, 11, 20),
            language="en",
            pairs=["BY-CN"],
        ),
    }


def get(client, url, ui="en", **params):
    """GET `url` with the interface in language `ui`; other keywords are query parameters."""
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def test_archive_index_lists_years_with_counts_newest_first(client, dated):
    response = get(client, "/archive/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'href="/archive/2025/">2025</a>\s*<span class="count">5 articles', html)
    assert re.search(r'href="/archive/2024/">2024</a>\s*<span class="count">1 article<', html)
    years = html.split('id="years-heading"')[1]
    assert years.index("/archive/2025/") < years.index("/archive/2024/")
    assert html.count("<h1>") == 1


def test_empty_archive_index_says_so(client, db):
    response = get(client, "/archive/")
    assert response.status_code == 200
    assert "No articles yet." in response.content.decode()


def test_year_page_counts_months_and_draws_an_accessible_chart(client, dated):
    response = get(client, "/archive/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'href="/archive/2025/11/">November</a>\s*<span class="count">4 articles', html
    )
    assert re.search(
        r'href="/archive/2025/09/">September</a>\s*<span class="count">1 article<', html
    )
    # An empty month is listed but not linked.
    assert "/archive/2025/10/" not in html
    assert 'role="img"' in html and "<title id=" in html
    assert "<caption>Articles per month in 2025</caption>" in html
    # Previous year is 2024; there is no later year.
    assert 'href="/archive/2024/" rel="prev"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize(
    "url", ["/archive/2023/", "/archive/0000/", "/archive/0/", "/archive/99999/"]
)
def test_years_without_articles_or_impossible_years_are_404(client, dated, url):
    assert get(client, url).status_code == 404


def test_month_calendar_shades_days_by_count_and_links_them(client, dated):
    response = get(client, "/archive/2025/11/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>November 2025</h1>" in html
    busiest = re.search(r'<td class="day shade-(\d)"><a href="/archive/2025/11/14/">', html)
    quieter = re.search(r'<td class="day shade-(\d)"><a href="/archive/2025/11/20/">', html)
    assert busiest and quieter
    assert int(busiest.group(1)) == 4 and int(quieter.group(1)) == 1
    assert '<td class="day shade-0"><span class="day-number">15</span></td>' in html
    assert "3 articles" in html and "/archive/2025/11/15/" not in html
    # The month's articles follow the calendar.
    for title in (
        "Меморандум подписан",
        "Визит делегации",
        "Trade talks in Beijing",
        "Joint commission meets",
    ):
        assert title in html


def test_month_weeks_start_on_sunday_in_english_and_monday_in_russian(client, dated):
    english = get(client, "/archive/2025/11/").content.decode()
    russian = get(client, "/archive/2025/11/", ui="ru").content.decode()
    assert re.search(r'<thead>\s*<tr><th scope="col"[^>]*><abbr title="Sunday">', english)
    assert re.search(r'<thead>\s*<tr><th scope="col"[^>]*><abbr title="[^"]*">Пн', russian)


def test_month_previous_link_skips_empty_months(client, dated):
    html = get(client, "/archive/2025/11/").content.decode()
    assert 'href="/archive/2025/09/" rel="prev"' in html
    assert 'rel="next"' not in html.split('class="period-nav"')[1].split("</nav>")[0]
    html = get(client, "/archive/2025/09/").content.decode()
    assert 'href="/archive/2024/03/" rel="prev"' in html
    assert 'href="/archive/2025/11/" rel="next"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2025/13/",
        "/archive/2025/00/",
        "/archive/2025/1/",
        "/archive/2025/10/",
        "/archive/2025/02/30/",
        "/archive/2025/11/15/",
        "/archive/2025/11/32/",
        "/archive/0000/01/01/",
    ],
)
def test_impossible_or_empty_dates_are_404(client, dated, url):
    assert get(client, url).status_code == 404


def test_day_lists_its_articles_and_links_to_neighbouring_days_with_articles(client, dated):
    response = get(client, "/archive/2025/11/14/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nov. 14, 2025</h1>" in html
    assert "Меморандум подписан" in html and "Trade talks in Beijing" in html
    assert "Joint commission meets" not in html
    assert 'href="/archive/2025/09/02/" rel="prev"' in html
    assert 'href="/archive/2025/11/20/" rel="next"' in html
    assert re.search(r'<a href="[^"]+" lang="en">Trade talks in Beijing</a>', html)
    assert re.search(r'<a href="[^"]+" lang="ru">Визит делегации</a>', html)


def test_pair_filter_narrows_counts_and_carries_through_links(client, dated):
    html = get(client, "/archive/", pair="cn-by").content.decode()
    assert re.search(
        r'href="/archive/2025/\?pair=BY-CN">2025</a>\s*<span class="count">3 articles', html
    )
    html = get(client, "/archive/2025/11/", pair="BY-CN").content.decode()
    assert (
        '<a href="/archive/2025/11/14/?pair=BY-CN"><span class="day-number">14</span> <span class="day-count">2 articles'
        in html
    )
    assert "Trade talks in Beijing" not in html
    # September has only BY-RU articles, so "previous" jumps to March 2024.
    assert 'href="/archive/2024/03/?pair=BY-CN" rel="prev"' in html


def test_language_filter_narrows_the_day(client, dated):
    html = get(client, "/archive/2025/11/14/", language="en").content.decode()
    assert "Trade talks in Beijing" in html
    assert "Меморандум подписан" not in html


def test_language_filter_that_leaves_a_period_empty_is_404(client, dated):
    response = client.get("/archive/2024/", {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"pair": "XX-YY"}, "no articles on XX-YY"),
        ({"pair": "Belarus"}, "is not a country pair"),
        ({"pair": "BY-BY"}, "two different countries"),
        ({"language": "de"}, "is not an article language"),
    ],
)
def test_unknown_filters_get_a_clear_message_not_a_500(client, dated, params, message):
    response = client.get("/archive/2025/11/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_russian_interface_uses_russian_months_and_plurals(client, dated):
    html = get(client, "/archive/2025/", ui="ru").content.decode()
    assert '<html lang="ru">' in html
    assert "Ноябрь" in html
    assert "4 статьи" in html and "1 статья" in html
    assert "5 статей" in get(client, "/archive/", ui="ru").content.decode()


def test_russian_day_page_formats_the_date_in_russian(client, dated):
    html = get(client, "/archive/2025/11/14/", ui="ru").content.decode()
    assert "<h1>14 ноября 2025 г.</h1>" in html
    assert "3 статьи" in html


def test_article_titles_are_escaped_in_archive_lists(client, make_article):
    make_article(title="<script>alert(1)</script> & Co", published_on=D(2025, 5, 5))
    html = get(client, "/archive/2025/05/05/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_month_page_number_out_of_range_is_404(client, dated):
    assert get(client, "/archive/2025/11/", page="9").status_code == 404


def test_a_missing_date_gets_a_page_that_helps_the_reader_on(client, dated):
    response = get(client, "/archive/2025/02/30/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/archive/"' in html and "/archive/2025/11/14/" in html


def test_archive_index_offers_pair_and_language_choices(client, dated):
    html = get(client, "/archive/", pair="BY-CN").content.decode()
    assert '<option value="BY-CN" selected>Belarus–China</option>' in html
    assert '<option value="en">English</option>' in html
    assert '<label for="f-language">' in html
