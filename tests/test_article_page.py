"""The article page: its content, its one canonical address, and arriving from a search."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

NOV_14 = datetime.date(2025, 11, 14)


@pytest.fixture
def friendship(make_article, make_outlet, make_agreement):
    """A Russian article with an outlet, an original, a pair and an agreement."""
    outlet = make_outlet(name="News Wire", slug="news-wire", domain="newswire.example")
    article = make_article(
        title="Беларусь и Китай укрепляют «стену дружбы»",
        lead="Межрегиональное сотрудничество растёт.",
        body="Первый абзац о дружбе.\n\nВторой абзац о провинциях Китая.",
        published_on=NOV_14,
        outlet=outlet,
        source_url="https://www.news.by/friendship",
        pairs=["CN-BY"],
    )
    memo = make_agreement(
        name_en="Memorandum on regional cooperation",
        name_ru="Меморандум о региональном сотрудничестве",
        slug="regional-memo",
    )
    article.agreements.add(memo)
    return article


def page(client, url, language="en", **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)


def text_of(response) -> str:
    return response.content.decode()


def test_article_page_shows_title_date_outlet_language_links_and_body(client, friendship):
    response = page(client, friendship.get_absolute_url())
    html = text_of(response)
    assert response.status_code == 200
    assert friendship.get_absolute_url().startswith("/articles/2025/11/14/")
    assert "<h1" in html and "Беларусь и Китай укрепляют «стену дружбы»" in html
    assert '<time datetime="2025-11-14">' in html
    assert '<a href="/sources/news-wire/">News Wire</a>' in html
    assert ">Russian<" in html
    assert '<a href="/pairs/BY-CN/">Belarus–China</a>' in html
    assert '<a href="/agreements/regional-memo/">Memorandum on regional cooperation</a>' in html
    body = re.search(r'<div class="article-body" lang="ru">(.*?)</div>', html, re.S).group(1)
    assert "<p>Первый абзац о дружбе.</p>" in body
    assert "<p>Второй абзац о провинциях Китая.</p>" in body
    assert "Межрегиональное сотрудничество растёт." in body


def test_link_to_the_original_is_marked_external(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url()))
    link = re.search(r'<a class="external"[^>]*>.*?</a>', html, re.S).group(0)
    assert 'href="https://www.news.by/friendship"' in link
    assert 'rel="noopener external"' in link
    assert "opens the original" in link


def test_interface_in_russian_keeps_the_article_in_its_language(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url(), language="ru"))
    assert "14 ноября 2025" in html
    assert '<a href="/pairs/BY-CN/">Беларусь–Китай</a>' in html
    assert "Меморандум о региональном сотрудничестве" in html
    assert "Первый абзац о дружбе." in html


def test_a_date_awaiting_review_is_flagged(client, make_article):
    sure = make_article(title="Точная дата")
    unsure = make_article(title="Дата без года", date_needs_review=True)
    assert "date unverified" not in text_of(page(client, sure.get_absolute_url()))
    assert "date unverified" in text_of(page(client, unsure.get_absolute_url()))


def test_head_has_canonical_opengraph_and_json_links(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url(), q="дружба"))
    canonical = f"http://testserver{friendship.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Беларусь и Китай укрепляют «стену дружбы»">' in html
    assert (
        '<meta property="og:description" content="Межрегиональное сотрудничество растёт.">' in html
    )
    assert '<meta property="article:published_time" content="2025-11-14">' in html
    assert f'href="/api/articles/{friendship.pk}/"' in html


def test_id_address_redirects_permanently_keeping_search_parameters(client, friendship):
    response = client.get(f"/articles/{friendship.pk}/", {"q": "дружба", "utm": "x"})
    assert response.status_code == 301
    assert (
        response["Location"]
        == f"{friendship.get_absolute_url()}?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0"
    )


@pytest.mark.parametrize(
    "variant",
    [
        lambda a: a.get_absolute_url().rstrip("/"),
        lambda a: f"/articles/{a.pk}",
        lambda a: f"/articles/2025/11/14/{a.slug.upper()}/",
        lambda a: f"/articles/2025/11/14/{a.slug[:15]}/",
        lambda a: f"/articles/2025/011/14/{a.slug}/",
        lambda a: f"/articles/2024/11/14/{a.slug}/",
    ],
    ids=[
        "no-trailing-slash",
        "id-without-slash",
        "slug-in-capitals",
        "slug-cut-short",
        "padding",
        "date-since-corrected",
    ],
)
def test_older_address_forms_redirect_permanently_to_the_canonical_one(client, friendship, variant):
    response = client.get(variant(friendship), follow=True)
    assert response.redirect_chain
    assert all(status == 301 for _, status in response.redirect_chain)
    assert response.redirect_chain[-1][0] == friendship.get_absolute_url()
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/articles/2021/11/14/{slug}/",
        "/articles/2025/02/30/{slug}/",
        "/articles/2025/13/14/{slug}/",
        "/articles/2025/1x/14/{slug}/",
        "/articles/2025/11/14/no-such-article/",
        "/articles/999999999/",
    ],
)
def test_wrong_or_impossible_addresses_are_not_found(client, friendship, url):
    assert client.get(url.format(slug=friendship.slug)).status_code == 404


def test_a_short_slug_prefix_shared_by_two_articles_is_not_guessed(client, make_article):
    make_article(title="Сотрудничество в образовании", published_on=NOV_14)
    make_article(title="Сотрудничество в медицине", published_on=NOV_14)
    assert client.get("/articles/2025/11/14/sotrudnichestvo/").status_code == 404


def test_a_slug_used_on_two_nearby_days_is_not_guessed_from_a_third(client, make_article):
    first = make_article(
        title="Визит", body="Первый визит.", published_on=datetime.date(2025, 11, 13)
    )
    make_article(title="Визит", body="Второй визит.", published_on=datetime.date(2025, 11, 15))
    assert client.get(f"/articles/2025/11/14/{first.slug}/").status_code == 404


def test_search_terms_are_highlighted_and_the_first_body_match_is_the_anchor(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url(), q="дружба"))
    assert "<mark>дружбы</mark>" in html  # in the title, without the anchor
    assert '<p>Первый абзац о <mark id="first-match">дружбе</mark>.</p>' in html
    assert html.count('id="first-match"') == 1


def test_highlighting_escapes_markup_in_the_article(client, make_article):
    article = make_article(
        title="Script test",
        body='Before <script>alert("x")</script> and <mark>fake</mark> cooperation.',
        language="en",
    )
    html = text_of(page(client, article.get_absolute_url(), q="cooperation"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in html
    assert '<mark id="first-match">cooperation</mark>' in html


@pytest.mark.parametrize("query", ['"', "-", "or", "«", "-дружба", "x" * 5000, "a:b & c | !d"])
def test_odd_or_oversized_queries_still_show_the_article(client, friendship, query):
    response = page(client, friendship.get_absolute_url(), q=query)
    assert response.status_code == 200
    assert "Первый абзац о" in text_of(response)


def test_without_a_search_nothing_is_highlighted(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url()))
    assert "<mark" not in html
    assert "Back to results" not in html


def test_from_a_search_back_previous_and_next_results_keep_the_search(client, make_article):
    newest, middle, oldest = (
        make_article(title=f"Дружба {n}", published_on=datetime.date(2025, 3, day))
        for n, day in (("один", 30), ("два", 20), ("три", 10))
    )
    make_article(title="Посторонняя статья", published_on=datetime.date(2025, 3, 25))
    html = text_of(page(client, middle.get_absolute_url(), q="дружба", sort="newest"))
    assert 'href="/search/?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&amp;sort=newest"' in html
    previous = re.search(r'<a rel="prev" href="([^"]+)"', html).group(1)
    following = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert previous.startswith(newest.get_absolute_url() + "?q=")
    assert following.startswith(oldest.get_absolute_url() + "?q=")
    assert following.endswith("sort=newest#first-match")
    # The last result has a previous one and no next one.
    html = text_of(page(client, oldest.get_absolute_url(), q="дружба", sort="newest"))
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_neighbours_across_a_page_boundary_carry_the_right_page(client, make_article):
    articles = [
        make_article(title=f"Дружба {i}", published_on=datetime.date(2025, 4, 28 - i))
        for i in range(4)
    ]
    params = {"q": "дружба", "sort": "newest", "page": "2", "page_size": "2"}
    html = text_of(page(client, articles[2].get_absolute_url(), **params))
    previous = re.search(r'<a rel="prev" href="([^"]+)"', html).group(1)
    following = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert previous.startswith(articles[1].get_absolute_url()) and "page=1" in previous
    assert following.startswith(articles[3].get_absolute_url()) and "page=2" in following


def test_invalid_search_parameters_still_show_the_article(client, friendship):
    response = page(client, friendship.get_absolute_url(), q="дружба", date_from="2025-02-30")
    assert response.status_code == 200
    assert 'rel="next"' not in text_of(response)
    assert "Back to results" in text_of(response)


def test_related_articles_come_by_agreement_then_pair_then_text(
    client, friendship, make_article, make_agreement
):
    memo = friendship.agreements.get()
    by_agreement = make_article(title="Меморандум подписан", published_on=datetime.date(2024, 1, 1))
    by_agreement.agreements.add(memo)
    by_pair = make_article(title="Визит в Пекин", pairs=["BY-CN"], published_on=NOV_14)
    far_pair = make_article(
        title="Визит в Минск", pairs=["BY-CN"], published_on=datetime.date(2020, 1, 1)
    )
    by_text = make_article(title="Стена дружбы крепнет: Беларусь и Китай", published_on=NOV_14)
    make_article(title="Погода в Лондоне", published_on=NOV_14)
    html = text_of(page(client, friendship.get_absolute_url()))
    section = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    titles = re.findall(r'<a href="/articles/[^"]+" lang="ru">([^<]+)</a>', section)
    assert titles == [by_agreement.title, by_pair.title, far_pair.title, by_text.title]
    reasons = re.findall(r'"reason">(same agreement|same country pair|similar text)<', section)
    assert reasons == ["same agreement", "same country pair", "same country pair", "similar text"]
    assert "Погода" not in section


def test_citations_in_both_styles_with_todays_access_date(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url()))
    today = timezone.localdate()
    gost = re.search(r'<p class="reference" id="cite-gost" lang="ru">(.*?)</p>', html, re.S).group(
        1
    )
    apa = re.search(r'<p class="reference" id="cite-apa">(.*?)</p>', html, re.S).group(1)
    assert "// News Wire : [сайт]. – 2025. – 14 нояб. – URL: https://www.news.by/friendship" in gost
    assert f"(дата обращения: {today:%d.%m.%Y})." in gost
    assert "News Wire. (2025, November 14)." in apa
    assert f"Retrieved {today:%B} {today.day}, {today.year}, from" in apa


def test_citation_access_date_follows_the_interface_language(client, friendship):
    html = text_of(page(client, friendship.get_absolute_url(), language="ru"))
    apa = re.search(r'<p class="reference" id="cite-apa">(.*?)</p>', html, re.S).group(1)
    assert "News Wire. (2025, 14 ноября)." in apa
    assert "Извлечено" in apa


def test_article_without_outlet_or_original_is_cited_at_its_archive_address(client, make_article):
    article = make_article(title="Без источника", published_on=NOV_14)
    html = text_of(page(client, article.get_absolute_url()))
    assert f"URL: http://testserver{article.get_absolute_url()} (дата обращения:" in html
    assert "The source gave no address for the original." in html


def test_the_page_reads_the_article_and_its_tags_in_one_statement(client, friendship):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(friendship.get_absolute_url())
    assert response.status_code == 200
    # The tags come as JSON from the row's arrays in the article's own statement, where a
    # prefetch per kind of tag read the link tables.
    link_tables = (
        "archive_article_pairs",
        "archive_article_agreements",
        "archive_article_countries",
    )
    assert not [
        q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in link_tables)
    ]
    page = response.content.decode()
    assert friendship.agreements.exists() and friendship.pairs.exists()
    for agreement in friendship.agreements.all():
        assert agreement.get_absolute_url() in page
    for pair in friendship.pairs.all():
        assert pair.get_absolute_url() in page
