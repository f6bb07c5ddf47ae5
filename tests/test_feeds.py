"""Atom and RSS feeds: well-formed XML with the right entries, and clear refusals."""

import datetime
import html
import xml.etree.ElementTree as ET
from xml.dom import minidom

import pytest

pytestmark = pytest.mark.django_db


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the archive's own output


def dom_language(content: bytes) -> str:
    """The feed's language as the DOM parser reads it: RSS <language>, Atom's xml:lang."""
    document = minidom.parseString(content)  # noqa: S318 - the archive's own output
    root = document.documentElement
    if root.tagName == "rss":
        return root.getElementsByTagName("language")[0].firstChild.data
    return root.getAttribute("xml:lang")


ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "{http://purl.org/dc/elements/1.1/}"


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
    # Tags name the pair in words, in the reader's interface language.
    assert [c.text for c in item.findall("category")] == ["Belarus–China"]


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
    ("params", "label"),
    [
        ({"date_from": "2025-02-30"}, "Published from"),
        ({"pair": "BY"}, "Country pair"),
        ({"language": "xx"}, "Language"),
        ({"source": "no-such-outlet"}, "Outlet"),
        ({"sort": "sideways"}, "Sort"),
    ],
)
def test_search_feed_with_invalid_parameters_is_a_clear_400(client, archive, params, label):
    response = get(client, "/feeds/search.atom", **params)
    assert response.status_code == 400
    text = response.content.decode()
    # The problem is named in words, never by its parameter.
    assert f"{label}: " in text and f"\n{next(iter(params))}:" not in text


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


# --- Language and escaping: every kind of feed, both formats, both interface languages --------

FEED_KINDS = {
    "latest": "/feeds/latest",
    "pair": "/feeds/pairs/BY-CN",
    "agreement": "/feeds/agreements/ict-memo",
    "search": "/feeds/search",
}


@pytest.mark.parametrize("ui", ["en", "ru"])
@pytest.mark.parametrize("kind", FEED_KINDS)
def test_every_feed_declares_the_interface_language(client, archive, kind, ui):
    base = FEED_KINDS[kind]
    rss = client.get(f"{base}.rss", HTTP_ACCEPT_LANGUAGE=ui)
    atom = client.get(f"{base}.atom", HTTP_ACCEPT_LANGUAGE=ui)
    # Both standard-library parsers read the same valid language code.
    assert dom_language(rss.content) == dom_language(atom.content) == ui
    channel, _ = rss_items(rss)
    assert channel.findtext("channel/language") == ui
    root, titles = atom_entries(atom)
    assert root.get(XML_LANG) == ui
    assert titles, f"the {kind} feed lists no articles"


def test_atom_entries_carry_their_articles_language(client, archive):
    root, _ = atom_entries(get(client, "/feeds/latest.atom"))
    languages = {
        entry.findtext(f"{ATOM}title"): entry.get(XML_LANG) for entry in root.iter(f"{ATOM}entry")
    }
    assert languages == {
        "Новая статья о дружбе": "ru",
        "Heads of government meet": "en",
        "Старая статья о Китае": "ru",
    }


def test_russian_readers_get_russian_tags(client, archive):
    root, _ = rss_items(client.get("/feeds/latest.rss", HTTP_ACCEPT_LANGUAGE="ru"))
    tags = [[c.text for c in item.findall("category")] for item in root.iter("item")]
    assert tags == [["Беларусь–Китай"], ["Китай–Россия"], ["Беларусь–Китай", "Меморандум по ИКТ"]]


HOSTILE_AGREEMENT = 'R&D <b>"Memo"</b> & <script>x</script>'
HOSTILE_OUTLET = 'Tom & Jerry <News> "Daily"'
HOSTILE_TITLE = 'Прибыль < 5% & рост > 3% <i>"везде"</i>'


@pytest.fixture
def hostile(make_article, make_agreement, make_outlet):
    """An article, its outlet and its agreement, all named with XML and HTML metacharacters."""
    agreement = make_agreement(name_en=HOSTILE_AGREEMENT, slug="hostile")
    article = make_article(
        title=HOSTILE_TITLE,
        lead="Lead & <b>bold</b>",
        outlet=make_outlet(name=HOSTILE_OUTLET),
        pairs=["BY-CN"],
    )
    article.agreements.add(agreement)
    return article


def test_hostile_names_reach_rss_readers_as_text(client, hostile):
    root, titles = rss_items(get(client, "/feeds/agreements/hostile.rss"))
    channel = root.find("channel")
    # Plain-text fields: the parsed text is the name itself.
    assert channel.findtext("title") == f"Concord: {HOSTILE_AGREEMENT}"
    assert titles == [HOSTILE_TITLE]
    item = channel.find("item")
    assert item.findtext(f"{DC}creator") == HOSTILE_OUTLET
    assert [c.text for c in item.findall("category")] == ["Belarus–China", HOSTILE_AGREEMENT]
    # HTML fields (readers render them as HTML): no markup of the name's own survives; once
    # the HTML is read, the text is the name.
    description = channel.findtext("description")
    assert "<" not in description and '"' not in description
    assert html.unescape(description) == f"The newest articles mentioning {HOSTILE_AGREEMENT}."
    assert html.unescape(item.findtext("description")) == "Lead & <b>bold</b>"
    assert "<b>" not in item.findtext("description")


def test_hostile_names_reach_atom_readers_as_text(client, hostile):
    root, titles = atom_entries(get(client, "/feeds/agreements/hostile.atom"))
    assert root.findtext(f"{ATOM}title") == f"Concord: {HOSTILE_AGREEMENT}"
    # An Atom subtitle is a text construct: escaped once, not twice.
    subtitle = root.find(f"{ATOM}subtitle")
    assert subtitle.get("type") in (None, "text")
    assert subtitle.text == f"The newest articles mentioning {HOSTILE_AGREEMENT}."
    assert titles == [HOSTILE_TITLE]
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == HOSTILE_OUTLET
    terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert terms == ["Belarus–China", HOSTILE_AGREEMENT]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<b>" not in summary.text and html.unescape(summary.text) == "Lead & <b>bold</b>"


def test_hostile_search_words_reach_the_feed_title_as_text(client, hostile):
    query = 'Прибыль & <i>"везде"</i>'
    root, _ = rss_items(get(client, "/feeds/search.rss", q=query))
    assert root.findtext("channel/title") == f"Concord: search for “{query}”"
    root, _ = atom_entries(get(client, "/feeds/search.atom", q=query))
    assert root.findtext(f"{ATOM}title") == f"Concord: search for “{query}”"


def test_pair_and_agreement_pages_show_feed_links(client, archive, make_agreement):
    for url, feed in [
        ("/pairs/BY-CN/", "/feeds/pairs/BY-CN"),
        (archive["memo"].get_absolute_url(), "/feeds/agreements/ict-memo"),
    ]:
        page = get(client, url).content.decode()
        head, body = page.split("</head>", 1)
        for ext, kind in [("atom", "atom+xml"), ("rss", "rss+xml")]:
            assert f'type="application/{kind}" href="{feed}.{ext}"' in head
            # A visible link a reader can click or copy, not only the head's announcement.
            assert f'href="{feed}.{ext}" type="application/{kind}"' in body
        assert "Subscribe (Atom)" in body and "Subscribe (RSS)" in body
