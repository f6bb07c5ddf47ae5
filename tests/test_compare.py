"""Coverage over time, compared: counts per month against the ORM, shares, the downloads read
back, bad and too many series, and points that lead to the right articles, in both languages."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from archive.models import Article, unknown_pair_message
from archive.search.guard import TooSlow

D = datetime.date
WORD = "кукуруза"


@pytest.fixture
def archive(make_article):
    """BY-CN and CN-RU over three months of 2024 and one of 2025; a word in some bodies;
    articles on neither pair, which count only in the archive's totals."""
    made = [
        (D(2024, 1, 10), ["BY-CN"], f"Поставки: {WORD} из Беларуси.", "ru"),
        (D(2024, 1, 12), ["BY-CN"], "Визит делегации.", "ru"),
        (D(2024, 1, 20), ["CN-RU"], f"Урожай: {WORD} и соя.", "ru"),
        (D(2024, 1, 25), [], "Погода в Минске.", "ru"),
        (D(2024, 2, 15), ["CN-RU"], "Trade talks.", "en"),
        (D(2024, 2, 16), ["CN-RU"], f"Экспорт: {WORD}.", "ru"),
        (D(2024, 3, 5), ["BY-CN"], "A memorandum signed.", "en"),
        (D(2024, 3, 30), [], "Новости дня.", "ru"),
        (D(2025, 2, 1), ["BY-CN"], f"Ещё раз {WORD}.", "ru"),
    ]
    for n, (day, pairs, body, language) in enumerate(made):
        make_article(
            title=f"Статья {n}", body=body, published_on=day, pairs=pairs, language=language
        )


def get(client, url, status=200, ui="en", **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def data(client, *series, status=200, **params):
    return get(client, reverse("archive:compare-json"), status, s=list(series), **params).json()


def month_key(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def oracle(articles) -> Counter:
    """Articles per month, counted in Python from the ORM's rows."""
    return Counter(month_key(day) for day in articles.values_list("published_on", flat=True))


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def chart(response) -> ET.Element:
    svg = re.search(r'<svg class="chart-svg compare-svg".*?</svg>', response.content.decode(), re.S)
    assert svg, "no comparison chart on the page"
    return ET.fromstring(svg.group(0))  # noqa: S314 - our own output


def point_links(svg: ET.Element) -> dict[str, str]:
    """Each linked point's name → its address."""
    return {a.get("aria-label"): a.get("href") for a in svg.iter("a")}


# --- Counting ---------------------------------------------------------------------------------


def test_pair_counts_per_month_match_the_orm_and_shares_divide_by_the_archive(client, archive):
    found = data(client, "BY-CN", "cn-ru")
    assert [s["key"] for s in found["series"]] == ["BY-CN", "CN-RU"]
    totals = oracle(Article.objects.all())
    for series in found["series"]:
        expected = oracle(Article.objects.filter(pairs__code=series["key"]))
        points = {p["month"]: p for p in series["points"]}
        # Every month from the first to the last with articles in any series, empty ones too.
        assert list(points)[0] == "2024-01" and list(points)[-1] == "2025-02"
        assert len(points) == 14
        for month, point in points.items():
            assert point["count"] == expected.get(month, 0), (series["key"], month)
            assert point["archive"] == totals.get(month, 0)
            if totals.get(month):
                assert point["share"] == pytest.approx(expected.get(month, 0) / totals[month])
            else:
                assert point["share"] is None
    january = found["series"][0]["points"][0]
    assert (january["count"], january["archive"], january["share"]) == (2, 4, 0.5)


def test_a_search_series_counts_what_the_search_finds_per_month(client, archive):
    found = data(client, f"q:{WORD}", "?" + f"q={WORD}&language=ru&pair=CN-RU")
    words, narrowed = found["series"]
    expected = oracle(Article.objects.filter(body__contains=WORD))
    assert {p["month"]: p["count"] for p in words["points"] if p["count"]} == dict(expected)
    on_pair = oracle(Article.objects.filter(body__contains=WORD, pairs__code="CN-RU"))
    assert {p["month"]: p["count"] for p in narrowed["points"] if p["count"]} == dict(on_pair)
    assert words["kind"] == "search" and words["label"] == f"«{WORD}»"
    assert narrowed["label"] == f"«{WORD}» · China–Russia · Russian"
    # The search page finds as many as the chart counts.
    page = get(client, reverse("archive:search"), q=WORD, sort="newest")
    assert f"{sum(expected.values())} articles" in text(page.content.decode())


def test_the_months_given_bound_the_range(client, archive):
    found = data(client, "BY-CN", **{"from": "2024-02", "to": "2024-03"})
    points = found["series"][0]["points"]
    assert [(p["month"], p["count"]) for p in points] == [("2024-02", 0), ("2024-03", 1)]


# --- Downloads ---------------------------------------------------------------------------------


def test_the_csv_reads_back_as_the_json(client, archive):
    response = get(client, reverse("archive:compare-csv"), s=["BY-CN", f"q:{WORD}"])
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["month", "series", "count", "share"]
    found = data(client, "BY-CN", f"q:{WORD}")
    from_json = {
        (p["month"], s["key"]): (p["count"], p["share"])
        for s in found["series"]
        for p in s["points"]
    }
    assert len(rows) == len(from_json) == 2 * 14
    for row in rows:
        count, share = from_json[row["month"], row["series"]]
        assert int(row["count"]) == count
        assert (float(row["share"]) if row["share"] else None) == pytest.approx(share, abs=1e-6)
    # Month by month, each month's series together.
    assert [r["month"] for r in rows] == sorted(r["month"] for r in rows)


def test_the_downloads_are_monthly_even_when_the_chart_is_yearly(client, archive, make_article):
    make_article(title="Давно", published_on=D(2010, 5, 5), pairs=["BY-CN"])
    page = get(client, reverse("archive:compare"), s="BY-CN")
    assert "One point per year: the range spans more than ten years." in text(page.content.decode())
    assert len(list(chart(page).iter("a"))) == 3  # 2010, 2024, 2025
    points = data(client, "BY-CN")["series"][0]["points"]
    assert points[0]["month"] == "2010-05" and points[-1]["month"] == "2025-02"
    assert sum(p["count"] for p in points) == 5


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ui", ["en", "ru"])
def test_an_unknown_pair_is_named_in_the_sites_one_wording(client, archive, ui):
    from django.utils import translation

    with translation.override(ui):
        message = unknown_pair_message(["BY-KZ"])
    page = get(client, reverse("archive:compare"), 400, ui=ui, s=["BY-CN", "KZ-BY"])
    assert message in text(page.content.decode())
    assert data(client, "KZ-BY", status=400)["errors"] == [unknown_pair_message(["BY-KZ"])]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Belarus", "“Belarus” is not a country pair such as BY-CN."),
        ("BY-BY", "A country pair needs two different countries."),
        ("?q=" + "x" * 600, "A search may be at most"),
        ("?date_from=2024-13-01", "Enter a valid date."),
        ("q:!!!", "nothing in it can be searched for"),
    ],
)
def test_a_bad_series_is_explained_never_a_server_error(client, archive, value, message):
    page = get(client, reverse("archive:compare"), 400, s=["BY-CN", value])
    assert message in text(page.content.decode())
    errors = data(client, value, status=400)["errors"]
    assert any(message in error for error in errors)


def test_more_than_four_series_are_refused_with_a_message(client, archive):
    five = ["BY-CN", "CN-RU", "BY-RU", "q:визит", "q:соя"]
    page = get(client, reverse("archive:compare"), 400, s=five)
    assert "A comparison shows at most 4 series; this one asks for 5." in text(
        page.content.decode()
    )
    csv_response = get(client, reverse("archive:compare-csv"), 400, s=five)
    assert "at most 4 series" in csv_response.json()["errors"][0]
    # The same series twice count once.
    assert len(data(client, "BY-CN", "cn-by", "BY-CN")["series"]) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"measure": "percent"}, "“percent” is not a measure"),
        ({"from": "2024-13"}, "“2024-13” is not a month such as 2024-03."),
        ({"from": "2024-05", "to": "2024-01"}, "The end month is before the start month."),
    ],
)
def test_bad_measures_and_months_are_explained(client, archive, params, message):
    page = get(client, reverse("archive:compare"), 400, s="BY-CN", **params)
    assert message in text(page.content.decode())


def test_a_search_too_common_to_count_in_time_asks_to_narrow_it(client, archive, monkeypatch):
    from archive import coverage

    def cancelled(*_args, **_kwargs):
        raise TooSlow

    # The guard's timeout is what raises TooSlow on a million articles; here it is raised
    # directly, to see what the reader is told.
    monkeypatch.setattr(coverage, "guarded", cancelled)
    page = get(client, reverse("archive:compare"), 503, s=["BY-CN", f"q:{WORD}"])
    html = text(page.content.decode())
    assert f"Too many matches to chart in time: «{WORD}». Narrow the search" in html
    assert "Belarus–China" in html and chart(page) is not None
    assert "Too many matches" in data(client, f"q:{WORD}", status=503)["errors"][0]


# --- The page: chart, links into the period, measure, forms ----------------------------------


def test_each_point_leads_to_its_period_filtered_as_the_series_is(client, archive):
    page = get(client, reverse("archive:compare"), s=["BY-CN", f"q:{WORD}"])
    links = point_links(chart(page))
    pair_link = links["January 2024, Belarus–China: 2 articles, 50.00 % of the archive"]
    assert pair_link == "/archive/2024/01/?pair=BY-CN"
    word_link = links[f"February 2024, «{WORD}»: 1 article, 50.00 % of the archive"]
    url = urlsplit(word_link)
    assert url.path == "/search/"
    assert parse_qs(url.query) == {
        "q": [WORD],
        "date_from": ["2024-02-01"],
        "date_to": ["2024-02-29"],
        "sort": ["newest"],
    }
    # Followed, each link shows the articles the point counts.
    found = get(client, word_link)
    assert "1 article matching" in text(found.content.decode())
    # Empty months are drawn on the line but lead nowhere.
    assert not any("September 2024" in name for name in links)


def test_the_pair_month_link_lists_the_pairs_articles_of_that_month(client, archive):
    month = text(get(client, "/archive/2024/01/", pair="BY-CN").content.decode())
    assert "Статья 0" in month and "Статья 1" in month and "Статья 2" not in month


def test_share_is_a_parameter_and_the_table_has_a_column_per_series(client, archive):
    page = get(client, reverse("archive:compare"), s=["BY-CN", "CN-RU"], measure="share")
    html = page.content.decode()
    assert re.search(
        r'<a href="[^"]*measure=share"[^>]*aria-current="true">Share of the archive', html
    )
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == ["Period", "Belarus–China", "China–Russia", "All articles in the archive"]
    assert "Share of the archive&#x27;s articles, per month" in html
    assert "50.00 %" in html  # the grid or the table: BY-CN's January
    svg = chart(page)
    assert svg.get("role") == "group" and svg.find("title").text.startswith("Share")
    # Two series, two line styles, two marker shapes.
    assert {g.get("class") for g in svg.iter("g") if "compare-line" in (g.get("class") or "")} == {
        "compare-line series-0",
        "compare-line series-1",
    }


def test_adding_a_series_redirects_to_one_shareable_address(client, archive):
    response = get(
        client, reverse("archive:compare"), 302, s="BY-CN", add_pair="RU-CN", add_q=" соя "
    )
    assert response["Location"] == "/compare/?s=BY-CN&s=RU-CN&s=q%3A%D1%81%D0%BE%D1%8F"
    page = get(client, response["Location"])
    assert "China–Russia" in text(page.content.decode()) and "«соя»" in text(page.content.decode())


def test_the_empty_comparison_offers_the_covered_pairs(client, archive):
    html = get(client, reverse("archive:compare")).content.decode()
    assert '<option value="BY-CN">Belarus–China (BY-CN)</option>' in html
    assert "compare-svg" not in html


def test_the_russian_page_names_months_and_pairs_in_russian(client, archive):
    page = get(client, reverse("archive:compare"), ui="ru", s=["BY-CN"])
    names = list(point_links(chart(page)))
    assert any(name.startswith("Январь 2024 г., Беларусь–Китай") for name in names), names
    assert 'lang="ru"' in page.content.decode()


# --- Pair hub and search results --------------------------------------------------------------


def test_the_pair_hub_charts_counts_or_shares_and_offers_the_comparison(client, archive):
    html = get(client, "/pairs/BY-CN/").content.decode()
    assert 'id="chart-pair"' in html
    assert 'href="/archive/2024/01/?pair=BY-CN"' in html
    assert (
        'href="/compare/data.csv?s=BY-CN"' in html and 'href="/compare/data.json?s=BY-CN"' in html
    )
    form = re.search(r'<form class="compare-form".*?</form>', html, re.S).group(0)
    assert 'action="/compare/"' in form and '<input type="hidden" name="s" value="BY-CN">' in form
    assert '<option value="CN-RU">' in form and '<option value="BY-CN">' not in form
    share = get(client, "/pairs/BY-CN/", measure="share").content.decode()
    assert re.search(r'href="/pairs/BY-CN/\?measure=share" aria-current="true"', share)


def test_search_results_link_to_their_chart(client, archive):
    html = get(
        client, reverse("archive:search"), q=WORD, language="ru", page_size=50
    ).content.decode()
    link = unescape(re.search(r'<p class="search-chart"><a href="([^"]+)"', html).group(1))
    assert parse_qs(urlsplit(link).query) == {"s": ["?" + urlencode({"q": WORD, "language": "ru"})]}
    page = get(client, link)
    assert f"«{WORD}» · Russian" in text(page.content.decode())


@pytest.mark.parametrize(
    "params",
    [
        {"s": ["q:", "?", "??", "%", "q:\x00", "BY-CN"]},
        {"s": ["?q=%00"]},
        {"s": ["?year=abc&pair=BY-CN"]},
        {"s": ["?pair=XX-YY"]},
        {"s": ["?date_from=9999-12-31"]},
        {"s": ["q:" + "a" * 1000]},
        {"s": ["q:«стена дружбы» -визит or соя"]},
        {"s": ["BY-CN"], "from": "0000-01"},
        {"s": ["BY-CN"], "from": "0001-01", "to": "9999-12"},
        {"s": ["BY-CN"], "from": "10000-01"},
        {"s": ["BY-CN"], "to": "1990-01"},
        {"s": [""] * 9},
        {"s": ["BY-CN"], "measure": ["share", "count"]},
    ],
)
def test_no_parameters_make_the_comparison_or_its_data_fail(client, archive, params):
    for name in ("archive:compare", "archive:compare-csv", "archive:compare-json"):
        status = client.get(reverse(name), params).status_code
        assert status in (200, 400), (name, params, status)


def test_the_whole_calendar_is_cut_to_its_newest_years(client, make_article):
    make_article(title="Первый", published_on=D(1, 1, 1), pairs=["KZ-UZ"])
    make_article(title="Последний", published_on=D(9999, 12, 31), pairs=["BY-RU"])
    page = get(client, reverse("archive:compare"), s=["KZ-UZ", "BY-RU"])
    assert "only its newest years are drawn" in text(page.content.decode())
    assert [a.get("href") for a in chart(page).iter("a")] == ["/archive/9999/?pair=BY-RU"]
    early = get(client, reverse("archive:compare"), s=["KZ-UZ"], to="0002-12")
    assert [a.get("href") for a in chart(early).iter("a")] == ["/archive/0001/01/?pair=KZ-UZ"]


def test_the_whole_archive_is_not_offered_as_a_chart_of_itself(client, archive):
    assert 'class="search-chart"' not in get(client, reverse("archive:search")).content.decode()
    narrowed = get(client, reverse("archive:search"), pair="BY-CN").content.decode()
    assert 'href="/compare/?s=%3Fpair%3DBY-CN"' in narrowed
