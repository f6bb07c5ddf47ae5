"""The register of agreements and the page of one agreement."""

import datetime
import re

import pytest

from archive.models import Agreement

D = datetime.date


@pytest.fixture
def register(make_agreement, make_article):
    """Three agreements: two BY-CN ones signed in 2024 and 2025, one BY-RU treaty without a date."""
    memo = make_agreement(
        name_en="Memorandum on trade",
        name_ru="Меморандум о торговле",
        kind=Agreement.Kind.MEMORANDUM,
        parties=["BY", "CN"],
        signed_on=D(2025, 11, 14),
        signed_place="Minsk",
        status=Agreement.Status.SIGNED,
        party_organisations="Ministry of Trade\nMinistry of Commerce",
    )
    roadmap = make_agreement(
        name_en="Roadmap on education",
        kind=Agreement.Kind.ROADMAP,
        parties=["BY", "CN"],
        signed_on=D(2024, 5, 3),
    )
    treaty = make_agreement(
        name_en="", name_ru="Договор о союзе", kind=Agreement.Kind.TREATY, parties=["BY", "RU"]
    )
    older = make_article(
        title="Подготовка меморандума", published_on=D(2025, 11, 1), pairs=["BY-CN"]
    )
    newer = make_article(
        title="Memorandum signed", published_on=D(2025, 11, 14), language="en", pairs=["BY-CN"]
    )
    make_article(title="Unrelated", pairs=["BY-RU"])
    for article in (older, newer):
        article.agreements.add(memo)
    return {"memo": memo, "roadmap": roadmap, "treaty": treaty}


def names(response) -> list[str]:
    """The agreement names on a register page, in order."""
    return re.findall(
        r'<h2 class="agreement-title"><a href="[^"]+" lang="\w\w">([^<]+)</a>',
        response.content.decode(),
    )


def get(client, url, ui="en", **params):
    """GET `url` with the interface in language `ui`; other keywords are query parameters."""
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def test_register_lists_newest_signed_first_and_undated_last(client, register):
    response = get(client, "/agreements/")
    assert response.status_code == 200
    assert names(response) == ["Memorandum on trade", "Roadmap on education", "Договор о союзе"]
    assert "3 agreements" in response.content.decode()


def test_register_sorts_oldest_first_on_request(client, register):
    response = get(client, "/agreements/", sort="oldest")
    assert names(response) == ["Roadmap on education", "Memorandum on trade", "Договор о союзе"]


def test_register_filters_by_kind_pair_and_year(client, register):
    assert names(get(client, "/agreements/", kind="treaty")) == ["Договор о союзе"]
    assert names(get(client, "/agreements/", pair="cn-by")) == [
        "Memorandum on trade",
        "Roadmap on education",
    ]
    assert names(get(client, "/agreements/", pair="BY-CN", year="2024")) == ["Roadmap on education"]
    response = get(client, "/agreements/", year="2023")
    assert names(response) == []
    assert "No agreements match these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "alliance"}, "is not a kind of agreement"),
        ({"pair": "BYCN"}, "is not a country pair"),
        ({"pair": "XX-YY"}, "no articles on XX-YY"),
        ({"year": "twenty"}, "is not a year"),
        ({"sort": "random"}, "Sort by"),
    ],
)
def test_register_reports_filters_it_does_not_understand(client, register, params, message):
    response = get(client, "/agreements/", **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert len(names(response)) == 3  # the rest of the page still works


def test_agreement_page_shows_both_names_facts_and_articles_newest_first(client, register):
    response = get(client, "/agreements/" + register["memo"].slug + "/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en">Memorandum on trade</h1>' in html
    assert '<dd lang="ru">Меморандум о торговле</dd>' in html
    assert '<dd lang="en">Memorandum on trade</dd>' in html
    assert "Memorandum" in html and "Minsk" in html and "Nov. 14, 2025" in html
    assert "Signed" in html and "Ministry of Commerce" in html
    assert 'href="/countries/BY/">Belarus</a>' in html and 'href="/countries/CN/">China</a>' in html
    assert "2 articles mention it" in html
    assert html.index("Memorandum signed") < html.index("Подготовка меморандума")
    assert "Unrelated" not in html


def test_agreement_with_only_a_russian_name_is_marked_russian(client, register):
    html = get(client, "/agreements/" + register["treaty"].slug + "/").content.decode()
    assert '<h1 lang="ru">Договор о союзе</h1>' in html
    assert "0 articles mention it" in html


def test_unknown_agreement_is_404(client, register):
    assert get(client, "/agreements/no-such-agreement/").status_code == 404


def test_agreement_pages_in_russian(client, register):
    html = get(client, "/agreements/" + register["memo"].slug + "/", ui="ru").content.decode()
    assert '<h1 lang="ru">Меморандум о торговле</h1>' in html
    assert "2 статьи" in html
    assert "3 соглашения" in get(client, "/agreements/", ui="ru").content.decode()


def test_register_counts_each_agreements_articles(client, register):
    items = get(client, "/agreements/").content.decode().split('class="agreement-item"')[1:]
    counts = {re.search(r'lang="\w\w">([^<]+)</a>', item)[1]: item for item in items}
    assert "2 articles" in counts["Memorandum on trade"]
    assert "0 articles" in counts["Roadmap on education"]
    assert "0 articles" in counts["Договор о союзе"]
