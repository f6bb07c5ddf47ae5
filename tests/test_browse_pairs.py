"""Country pairs, a pair's hub, and a country's page."""

import datetime
import re

import pytest

D = datetime.date


@pytest.fixture
def covered(make_article, make_agreement, make_outlet):
    """BY-CN: three articles from two outlets in two languages; BY-RU: one; CN-RU: one."""
    wire = make_outlet(name="Test Wire")
    daily = make_outlet(name="Test Daily")
    make_article(title="Первая статья", published_on=D(2025, 9, 1), pairs=["BY-CN"], outlet=wire)
    make_article(title="Вторая статья", published_on=D(2025, 11, 14), pairs=["BY-CN"], outlet=wire)
    make_article(
        title="Third article",
        published_on=D(2025, 11, 20),
        language="en",
        pairs=["BY-CN"],
        outlet=daily,
    )
    make_article(title="Про Россию", published_on=D(2025, 10, 5), pairs=["BY-RU"], countries=["BY"])
    make_article(title="China and Russia", language="en", pairs=["CN-RU"])
    return {
        "trilateral": make_agreement(
            name_en="Trilateral memorandum", parties=["BY", "CN", "RU"], signed_on=D(2025, 11, 14)
        ),
        "bilateral": make_agreement(name_en="Belarus–Russia treaty", parties=["BY", "RU"]),
    }


def get(client, url, ui="en", **params):
    """GET `url` with the interface in language `ui`; other keywords are query parameters."""
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def test_pair_list_puts_most_covered_first_with_counts(client, covered):
    response = get(client, "/pairs/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(
        r'<a href="/pairs/([A-Z-]+)/">[^<]+</a></th><td><code>[A-Z-]+</code></td><td class="num">(\d+)',
        html,
    )
    assert rows[0] == ("BY-CN", "3")
    assert set(rows[1:]) == {("BY-RU", "1"), ("CN-RU", "1")}
    assert "Belarus–China" in html
    assert "<caption>" in html and 'scope="col"' in html


@pytest.mark.parametrize("spelling", ["cn-by", "CN-BY", "by-cn", "Cn-By"])
def test_other_spellings_of_a_pair_redirect_permanently(client, covered, spelling):
    response = get(client, f"/pairs/{spelling}/")
    assert response.status_code == 301
    assert response["Location"] == "/pairs/BY-CN/"


def test_pair_redirect_keeps_the_query(client, covered):
    response = client.get("/pairs/cn-by/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/pairs/BY-CN/?page=2"


@pytest.mark.parametrize("code", ["BY-BY", "Belarus", "BY-CN-RU", "XX-YY", "BY-KZ"])
def test_invalid_or_unknown_pairs_are_404(client, covered, code):
    assert get(client, f"/pairs/{code}/").status_code == 404


def test_pair_hub_shows_chart_agreements_outlets_languages_and_newest(client, covered):
    response = get(client, "/pairs/BY-CN/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Belarus–China</h1>" in html
    assert "3 articles" in html
    # Coverage chart with its table alternative; bars link into the date archive for the pair.
    assert 'class="chart-svg compare-svg" id="chart-pair"' in html and "<table>" in html
    assert 'href="/archive/2025/11/?pair=BY-CN"' in html
    # The trilateral agreement includes both countries; the Belarus–Russia treaty does not.
    assert "Trilateral memorandum" in html
    assert "Belarus–Russia treaty" not in html
    outlets = html.split('id="outlets-heading"')[1]
    assert outlets.index("Test Wire") < outlets.index("Test Daily")
    assert re.search(r"Test Wire</a> <span class=\"count\">2 articles", outlets)
    assert re.search(r"Russian</a> <span class=\"count\">2 articles", outlets)
    assert re.search(r"English</a> <span class=\"count\">1 article<", outlets)
    newest = html.split('id="newest-heading"')[1]
    assert (
        newest.index("Third article")
        < newest.index("Вторая статья")
        < newest.index("Первая статья")
    )
    assert "Про Россию" not in html
    assert 'href="/search/?pair=BY-CN"' in html


def test_country_page_lists_its_pairs_and_articles(client, covered):
    response = get(client, "/countries/BY/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Belarus</h1>" in html
    pairs = html.split('id="pairs-heading"')[1].split("</section>")[0]
    assert pairs.index("/pairs/BY-CN/") < pairs.index("/pairs/BY-RU/")
    assert "/pairs/CN-RU/" not in pairs
    assert "Про Россию" in html and "Third article" in html
    assert "China and Russia" not in html
    assert "Trilateral memorandum" in html and "Belarus–Russia treaty" in html


def test_country_codes_in_lower_case_redirect(client, covered):
    response = get(client, "/countries/by/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/BY/"


@pytest.mark.parametrize("code", ["XX", "BYN"])
def test_unknown_countries_are_404(client, covered, code):
    assert get(client, f"/countries/{code}/").status_code == 404


def test_pair_pages_in_russian(client, covered):
    html = get(client, "/pairs/BY-CN/", ui="ru").content.decode()
    assert "<h1>Беларусь–Китай</h1>" in html
    assert "3 статьи" in html
    assert "2 статьи" in html and "1 статья" in html


def test_pairs_count_every_article_once_and_list_ties_by_code(client, make_article):
    from archive.models import CountryPair

    make_article(title="Трёхсторонняя встреча", pairs=["BY-CN", "CN-RU"])
    make_article(title="Ещё о Китае", pairs=["BY-CN"])
    make_article(title="Про Казахстан", pairs=["BY-KZ"])
    CountryPair.objects.get_or_create_for("BY", "RU")  # a pair nothing has been written about

    pair_list = get(client, "/pairs/").content.decode()
    rows = re.findall(r'<td><code>([A-Z-]+)</code></td><td class="num">(\d+)', pair_list)
    assert rows == [("BY-CN", "2"), ("BY-KZ", "1"), ("CN-RU", "1")]

    home = get(client, "/").content.decode().split('id="pairs-heading"')[1].split("</section>")[0]
    counts = re.findall(
        r'href="/pairs/([A-Z-]+)/">[^<]+</a> <span class="count">(\d+) article', home
    )
    assert counts == rows

    country = get(client, "/countries/BY/").content.decode()
    country_pairs = country.split('id="pairs-heading"')[1].split("</section>")[0]
    assert re.findall(r'href="/pairs/([A-Z-]+)/"', country_pairs) == ["BY-CN", "BY-KZ"]
