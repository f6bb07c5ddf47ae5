"""Atom and RSS feeds: well-formed XML with the right entries, and clear refusals."""

import datetime
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the archive's own output


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive(make_article, make_agreement):
    """Three articles: two on Belarus–China (one naming a memorandum), one on China–Russia."""
    memo = make_agreement(name_en="ICT memorandum", name_ru="Меморандум по ИКТ", slug="ict-memo")
    older = make_article(
        title="Старая статья о Китае",
        body="Сотрудничество <b>в сфере</b> связи.",
        published_on=datetime.date(2025, 7, 31),
        pairs=["BY-CN"],
    )
    older.agreements.add(memo)
    newer = make_article(
        title="Новая статья о дружбе",
        body="Дружба крепнет.",
        published_on=datetime.date(2025, 11, 14),
        pairs=["BY-CN"],
    )
    other = make_article(
        title="Heads of government meet",
        body="Moscow and Beijing agree.",
        published_on=datetime.date(2025, 11, 4),
        language="en",
        pairs=["RU-CN"],
    )
    return {"older": older, "newer": newer, "other": other, "memo": memo}


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_xml(response.content)
    return root, [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse_xml(response.content)
    return root, [item.findtext("title") for item in root.iter("item")]


def get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def test_latest_feeds_list_the_newest_articles_first(client, archive):
    root, titles = atom_entries(get(client, "/feeds/latest.atom"))
    assert titles == [
        "Новая статья о дружбе",
        "Heads of government meet",
        "Старая статья о Китае",
    ]
    assert root.findtext(f"{ATOM}title") == "Concord: newest articles"
    _, rss_titles = rss_items(get(client, "/feeds/latest.rss"))
    assert rss_titles == titles


def test_feed_entries_link_to_the_article_pages_with_dates_and_tags(client, archive):
    root, _ = rss_items(get(client, "/feeds/latest.rss"))
    item = root.find("channel/item")
    assert item.findtext("link") == f"http://testserver{archive['newer'].get_absolute_url()}"
    assert item.findtext("pubDate").startswith("Fri, 14 Nov 2025 00:00:00")
    assert [c.text for c in item.findall("category")] == ["BY-CN"]


def test_feed_descriptions_escape_article_markup(client, archive):
    root, _ = rss_items(get(client, "/feeds/pairs/BY-CN.rss"))
    descriptions = [item.findtext("description") for item in root.iter("item")]
    # Readers treat the description as HTML: the article's "<b>" must reach them as text.
    assert "Сотрудничество &lt;b&gt;в сфере&lt;/b&gt; связи." in descriptions


def test_pair_feed_has_only_that_pairs_articles(client, archive):
    root, titles = atom_entries(get(client, "/feeds/pairs/BY-CN.atom"))
    assert titles == ["Новая статья о дружбе", "Старая статья о Китае"]
    assert root.findtext(f"{ATOM}title") == "Concord: Belarus–China"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/pairs/BY-CN/"
    assert links["self"] == "http://testserver/feeds/pairs/BY-CN.atom"


def test_pair_feed_in_another_order_redirects_to_the_canonical_one(client, archive):
    response = client.get("/feeds/pairs/cn-by.rss")
    assert response.status_code == 301
    assert response["Location"] == "/feeds/pairs/BY-CN.rss"


@pytest.mark.parametrize("url", ["/feeds/pairs/BY-BY.atom", "/feeds/pairs/XX-YY.rss"])
def test_unknown_or_impossible_pair_feeds_are_not_found(client, archive, url):
    assert client.get(url).status_code == 404


def test_agreement_feed_lists_the_articles_naming_it(client, archive):
    root, titles = atom_entries(get(client, "/feeds/agreements/ict-memo.atom"))
    assert titles == ["Старая статья о Китае"]
    assert root.findtext(f"{ATOM}title") == "Concord: ICT memorandum"
    _, rss_titles = rss_items(get(client, "/feeds/agreements/ict-memo.rss"))
    assert rss_titles == titles
    assert client.get("/feeds/agreements/no-such-thing.atom").status_code == 404


def test_search_feed_follows_the_search_parameters_newest_first(client, archive):
    root, titles = atom_entries(get(client, "/feeds/search.atom", q="статья"))
    assert titles == ["Новая статья о дружбе", "Старая статья о Китае"]
    assert root.findtext(f"{ATOM}title") == "Concord: search for “статья”"
    _, titles = rss_items(get(client, "/feeds/search.rss", language="en"))
    assert titles == ["Heads of government meet"]
    _, titles = rss_items(get(client, "/feeds/search.rss", pair="cn-ru"))
    assert titles == ["Heads of government meet"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-02-30"},
        {"pair": "BY"},
        {"language": "xx"},
        {"source": "no-such-outlet"},
        {"sort": "sideways"},
    ],
)
def test_search_feed_with_invalid_parameters_is_a_clear_400(client, archive, params):
    response = get(client, "/feeds/search.atom", **params)
    assert response.status_code == 400
    assert next(iter(params)) in response.content.decode()


def test_feeds_in_russian_interface_are_titled_in_russian(client, archive):
    response = client.get("/feeds/pairs/BY-CN.atom", HTTP_ACCEPT_LANGUAGE="ru")
    root, _ = atom_entries(response)
    assert root.findtext(f"{ATOM}title") == "Concord: Беларусь–Китай"


def test_control_characters_in_an_article_do_not_break_the_feed(client, make_article):
    make_article(title="Заголовок\x0bс мусором", body="Текст\x01 статьи.")
    _, titles = rss_items(get(client, "/feeds/latest.rss"))
    assert titles == ["Заголовокс мусором"]


def test_article_page_announces_its_pair_feed(client, archive):
    html = get(client, archive["newer"].get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/pairs/BY-CN.atom"' in html


def test_pair_agreement_and_search_pages_announce_their_feeds(client, archive):
    pair_page = get(client, "/pairs/BY-CN/").content.decode()
    assert 'type="application/atom+xml"' in pair_page
    assert 'href="/feeds/pairs/BY-CN.atom"' in pair_page
    agreement_page = get(client, archive["memo"].get_absolute_url()).content.decode()
    assert 'href="/feeds/agreements/ict-memo.atom"' in agreement_page
    search_page = get(client, "/search/", q="дружба").content.decode()
    assert 'href="/feeds/search.atom?q=' in search_page
