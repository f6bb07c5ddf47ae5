"""A search's results as CSV and JSON Lines: the page's articles in the page's order, bounded,
safe to open in a spreadsheet, and refused with the page's own messages."""

import csv
import datetime
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from archive.models import Agreement, Outlet

CSV_URL = reverse("archive:search-export-csv")
JSONL_URL = reverse("archive:search-export-jsonl")
COLUMNS = [
    "id", "title", "date", "language", "outlet", "source_url", "archive_url",
    "pairs", "countries", "agreements", "lead",
]  # fmt: skip


@pytest.fixture
def archive(make_article, make_agreement, db):
    """Twelve articles on cooperation over a year, three pairs, one outlet, one agreement."""
    outlet = Outlet.objects.create(name="Test Wire", domain="wire.example")
    memorandum = make_agreement(
        "Memorandum on digital cooperation", "Меморандум о цифровом сотрудничестве",
        parties=("BY", "CN"), kind=Agreement.Kind.MEMORANDUM,
    )  # fmt: skip
    articles = []
    for i in range(12):
        article = make_article(
            title=f"Сотрудничество Беларуси и Китая, выпуск {i}",
            lead=f"Стороны обсудили сотрудничество (выпуск {i}).",
            body="Беларусь и Китай развивают сотрудничество в торговле и науке. " * (1 + i % 3),
            published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=29 * i),
            pairs=("BY-CN",) if i % 3 else ("BY-RU",),
            countries=("BY", "CN") if i % 3 else ("BY", "RU"),
            outlet=outlet if i % 2 else None,
            source_url=f"https://wire.example/news/{i}" if i % 2 else None,
        )
        if i % 4 == 0:
            article.agreements.add(memorandum)
        articles.append(article)
    return articles


def page_paths(client, params) -> list[str]:
    """The articles the search page lists for `params`, as their addresses, in its order."""
    response = client.get(reverse("archive:search"), {**params, "page_size": 100})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<li class="result">\s*<article>\s*<h3><a href="([^"?]*)', html)


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def read_jsonl(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


SEARCHES = [
    {"q": "сотрудничество"},
    {"q": "сотрудничество", "sort": "oldest"},
    {"q": "сотрудничество торговле", "pair": "BY-CN"},
    {"pair": "cn-by", "sort": "newest"},
    {"country": "RU"},
    {"q": "сотрудничество", "agreement": "memorandum-on-digital-cooperation"},
    {"q": "Китай", "date_from": "2025-03-01", "date_to": "2025-09-30"},
]


@pytest.mark.usefixtures("search_path")
@pytest.mark.parametrize("params", SEARCHES)
def test_both_files_list_the_pages_articles_in_the_pages_order(client, archive, params):
    expected = page_paths(client, params)
    assert expected, "the search finds something"
    # The page number and size are the page's business: a file holds the whole list.
    as_csv = read_csv(client.get(CSV_URL, {**params, "page": 2, "page_size": 3}))
    as_jsonl = read_jsonl(client.get(JSONL_URL, params))
    assert [urlsplit(row["archive_url"]).path for row in as_csv] == expected
    assert [urlsplit(row["archive_url"]).path for row in as_jsonl] == expected


def test_a_row_carries_every_column_as_the_page_shows_the_article(client, archive):
    article = archive[4]  # with the outlet's address, BY-CN, the memorandum
    (row,) = [
        r for r in read_csv(client.get(CSV_URL, {"q": "выпуск 4"})) if r["id"] == str(article.pk)
    ]
    assert row == {
        "id": str(article.pk),
        "title": article.title,
        "date": article.published_on.isoformat(),
        "language": "ru",
        "outlet": "",
        "source_url": "",
        "archive_url": f"http://testserver{article.get_absolute_url()}",
        "pairs": "BY-CN",
        "countries": "BY; CN",
        "agreements": "Memorandum on digital cooperation",
        "lead": article.lead,
    }
    (record,) = [
        r for r in read_jsonl(client.get(JSONL_URL, {"q": "выпуск 5"})) if r["id"] == archive[5].pk
    ]
    assert record["outlet"] == "Test Wire"
    assert record["source_url"] == "https://wire.example/news/5"
    assert record["pairs"] == ["BY-CN"] and record["countries"] == ["BY", "CN"]
    assert record["agreements"] == []


def test_agreements_are_named_in_the_readers_language(client, archive):
    response = client.get(
        JSONL_URL, {"agreement": "memorandum-on-digital-cooperation"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    names = {a["name"] for r in read_jsonl(response) for a in r["agreements"]}
    assert names == {"Меморандум о цифровом сотрудничестве"}


def test_the_files_are_downloads_with_names_that_say_what_they_hold(client, archive):
    response = client.get(CSV_URL, {"q": "Сотрудничество Китая", "pair": "BY-CN"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert re.search(r'"concord-search-sotrudnichestvo-kitaia-\d{4}-\d\d-\d\d\.csv"', disposition)
    assert response["X-Export-Truncated"] == "false"
    everything = client.get(JSONL_URL)
    assert re.search(
        r'"concord-search-all-\d{4}-\d\d-\d\d\.jsonl"', everything["Content-Disposition"]
    )
    assert everything["Content-Type"].startswith("application/jsonl")


def test_a_file_holds_at_most_the_set_number_of_articles_and_says_it_was_cut(
    client, archive, settings
):
    settings.EXPORT_MAX_ROWS = 5
    params = {"q": "сотрудничество", "sort": "newest"}
    response = client.get(CSV_URL, params)
    rows = read_csv(response)
    assert [urlsplit(r["archive_url"]).path for r in rows] == page_paths(client, params)[:5]
    assert response["X-Export-Rows"] == "5"
    assert response["X-Export-Truncated"] == "true"
    assert "-first-5.csv" in response["Content-Disposition"]
    # The page says so beside its links; twelve fit under a bound of twelve.
    page = client.get(reverse("archive:search"), params).content.decode()
    assert "(files hold the first 5)" in page
    settings.EXPORT_MAX_ROWS = 12
    cache.clear()  # the page stored a moment ago knew the old bound
    response = client.get(JSONL_URL, params)
    assert len(read_jsonl(response)) == 12 and response["X-Export-Truncated"] == "false"
    assert "the first" not in client.get(reverse("archive:search"), params).content.decode()


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, make_article):
    make_article(title='=HYPERLINK("http://evil.example","click")', lead="+1 -2 @sum")
    make_article(
        title="-5 % tariff cut", lead="an ordinary lead", published_on=datetime.date(2025, 2, 1)
    )
    rows = read_csv(client.get(CSV_URL, {"sort": "oldest"}))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["lead"] == "'+1 -2 @sum"
    assert rows[1]["title"] == "'-5 % tariff cut"
    assert rows[1]["lead"] == "an ordinary lead"
    # JSON Lines are read by programs: the text stays as it is.
    assert read_jsonl(client.get(JSONL_URL, {"sort": "oldest"}))[0]["title"].startswith(
        "=HYPERLINK"
    )


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"pair": "BY-XX"}, "pair"),
        ({"date_from": "2025-02-30"}, "date_from"),
        ({"date_from": "2025-05-01", "date_to": "2025-01-01"}, "date_to"),
        ({"sort": "sideways"}, "sort"),
        ({"q": "x" * 2000}, "q"),
    ],
)
def test_a_bad_parameter_gets_the_search_pages_message(client, archive, params, parameter):
    page = client.get(reverse("archive:search"), params)
    assert page.status_code == 400
    api = client.get(reverse("archive:api-articles"), params).json()["errors"]
    messages = api[parameter]
    as_csv = client.get(CSV_URL, params)
    assert as_csv.status_code == 400 and as_csv["Content-Type"].startswith("text/plain")
    text = as_csv.content.decode()
    assert messages and all(message in text for message in messages)
    as_jsonl = client.get(JSONL_URL, params)
    assert as_jsonl.status_code == 400
    assert as_jsonl.json()["errors"] == api


def test_a_query_with_nothing_to_search_is_refused_with_the_pages_reason(client, archive):
    for url in (CSV_URL, JSONL_URL):
        response = client.get(url, {"q": "--- !!!"})
        assert response.status_code == 400
        assert "nothing to search for" in response.content.decode()


def test_empty_form_fields_are_ignored_as_the_page_ignores_them(client, archive):
    rows = read_csv(client.get(CSV_URL, {"q": "выпуск", "date_from": "", "date_to": ""}))
    assert len(rows) == 12


def test_the_search_page_links_both_files_with_its_parameters(client, archive):
    html = client.get(
        reverse("archive:search"),
        {"q": "сотрудничество", "pair": "BY-CN", "page": 2, "page_size": 3},
    ).content.decode()
    links = dict(
        re.findall(r'<a href="(/search/export\.(?:csv|jsonl)[^"]*)" type="([^"]+)" download>', html)
    )
    assert set(links.values()) == {"text/csv", "application/jsonl"}
    for link in links:
        params = parse_qs(urlsplit(unescape(link)).query)
        # The whole list, not the page being read.
        assert params == {"q": ["сотрудничество"], "pair": ["BY-CN"]}
        assert client.get(unescape(link)).status_code == 200


def test_no_link_to_a_file_when_nothing_was_found(client, archive):
    html = client.get(reverse("archive:search"), {"q": "жирафы"}).content.decode()
    assert "export.csv" not in html
