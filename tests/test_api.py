"""The JSON API: the page's parameters, the documented shape, canonical pairs, 400s that explain."""

import datetime

import pytest
from django.urls import reverse

from archive.models import Agreement, Outlet

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")


@pytest.fixture
def corpus(make_article):
    outlet = Outlet.objects.create(name="Belta Wire", slug="belta-wire")
    memo = Agreement.objects.create(
        name_en="Memorandum on bridges",
        name_ru="Меморандум о мостах",
        slug="bridges",
        kind="memorandum",
    )
    first = make_article(
        title="Мост дружбы",
        body="Строители открыли мост дружбы.",
        pairs=["CN-BY"],
        countries=["CN", "BY"],
        outlet=outlet,
        source_url="https://example.org/most",
        published_on=datetime.date(2025, 3, 1),
    )
    first.agreements.add(memo)
    make_article(
        title="Bridge",
        language="en",
        body="A friendship bridge opened.",
        pairs=["RU-CN"],
        published_on=datetime.date(2024, 3, 1),
    )
    return first


def api(client, status=200, **params):
    response = client.get(reverse("archive:api-articles"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_results_come_in_the_agreed_shape(client, corpus):
    data = api(client, q="мост")
    assert set(data) == {
        "count",
        "searched_from",
        "results",
        "facets",
        "facets_estimated",
        "facets_unavailable",
        "next",
        "previous",
    }
    assert data["searched_from"] is None  # everything was searched
    # Every facet counted, exactly: an empty list would mean "no values", never "no time".
    assert data["facets_estimated"] == [] and data["facets_unavailable"] == []
    assert data["count"] == 1
    (result,) = data["results"]
    assert result == {
        "id": corpus.id,
        "url": "http://testserver" + corpus.get_absolute_url(),
        "title": "Мост дружбы",
        "date": "2025-03-01",
        "language": "ru",
        "source_url": "https://example.org/most",
        "source": {"slug": "belta-wire", "name": "Belta Wire"},
        "countries": ["BY", "CN"],
        "pairs": ["BY-CN"],
        "agreements": [{"slug": "bridges", "name": "Memorandum on bridges", "kind": "memorandum"}],
        "snippet": result["snippet"],
        "versions": [],  # the other versions of its story: none
    }
    assert "<mark>мост</mark>" in result["snippet"]
    assert set(data["facets"]) == {"pair", "country", "language", "source", "agreement", "year"}
    assert data["facets"]["pair"] == [{"value": "BY-CN", "label": "Belarus–China", "count": 1}]
    assert data["facets"]["year"] == [{"value": "2025", "label": "2025", "count": 1}]


def test_pairs_come_out_canonical_and_are_accepted_in_any_order_and_case(client, corpus):
    data = api(client, pair="cn-ru")
    assert [r["pairs"] for r in data["results"]] == [["CN-RU"]]
    assert {f["value"] for f in data["facets"]["pair"]} == {"BY-CN", "CN-RU"}


def test_next_and_previous_links_page_through(client, make_article):
    for day in range(1, 6):
        make_article(title=f"Статья {day}", body="Мост.", published_on=datetime.date(2025, 1, day))
    first = api(client, q="мост", page_size="2")
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/articles/?")
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and "page=1" in second["previous"]
    seen = [r["title"] for r in first["results"] + second["results"]]
    assert len(set(seen)) == 4


def test_bad_parameters_give_400_naming_each_and_why(client, corpus):
    data = api(
        client,
        400,
        pair="BY",
        country="Belarus",
        language="de",
        source="nowhere",
        agreement="nothing",
        kind="alliance",
        date_from="2025-13-01",
        date_to="yesterday",
        year="twenty",
        sort="random",
        page="0",
        page_size="1000",
    )
    assert set(data["errors"]) == {
        "pair",
        "country",
        "language",
        "source",
        "agreement",
        "kind",
        "date_from",
        "date_to",
        "year",
        "sort",
        "page",
        "page_size",
    }
    assert all(isinstance(m, str) and m for ms in data["errors"].values() for m in ms)
    assert "BY-CN" in data["errors"]["pair"][0]
    assert "nowhere" in data["errors"]["source"][0]


def test_reversed_dates_and_an_unknown_pair_are_explained(client, corpus):
    data = api(client, 400, date_from="2025-05-01", date_to="2025-01-01", pair="BY-KZ")
    assert data["errors"]["date_to"] == ["The end date is before the start date."]
    assert "BY-KZ" in data["errors"]["pair"][0]


def test_a_page_past_the_end_is_404_in_json(client, corpus):
    data = api(client, 404, q="мост", page="5")
    assert "page" in data["errors"]


def test_one_article_with_its_full_text(client, corpus):
    response = client.get(reverse("archive:api-article", args=[corpus.id]))
    data = response.json()
    assert data["body"] == "Строители открыли мост дружбы."
    assert data["pairs"] == ["BY-CN"]
    assert client.get(reverse("archive:api-article", args=[999999])).status_code == 404


def test_odd_input_never_gives_a_server_error(client, corpus):
    for q in ['"', "(((", "!!", "or", "- -", "a" * 500, "'; DROP TABLE", "мост:*", "&|!<->"]:
        api(client, q=q)
    api(client, 400, q="a" * 501)
    assert api(client, 400, q="\x00")["errors"]["q"]


@pytest.mark.parametrize("q", ["!!!", "---", "«»", "the"])
def test_a_query_with_nothing_to_search_lists_nothing_and_says_why(client, make_article, q):
    make_article(title="Мост дружбы", body="Мост открыт.")
    response = client.get("/api/articles/", {"q": q})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 0 and data["results"] == []
    assert "nothing to search for" in data["message"]
