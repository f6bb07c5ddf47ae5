"""The row every list of articles shows (archive/templatetags/article_row.py): article text
and names are untrusted, and every one of them is escaped where the row shows it."""

import datetime

from django.utils import translation

from archive.models import Agreement, Article
from archive.search.page import attach_tags, with_tags
from archive.templatetags.article_row import result_rows, row_html

HOSTILE = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_search_results_escape_the_title_outlet_and_agreement(client, make_article, make_outlet):
    outlet = make_outlet(name=f"Wire {HOSTILE}")
    article = make_article(
        title=f"Логистика {HOSTILE}", body="Логистика и таможня.", outlet=outlet, pairs=["BY-CN"]
    )
    article.agreements.add(Agreement.objects.create(name_en=f"Memorandum {HOSTILE}"))
    page = client.get("/en/search/", {"q": "логистика"}).content.decode()
    results = page[page.index('<li class="result">') :]
    assert HOSTILE not in results
    assert results.count(ESCAPED) == 3  # title, outlet, agreement
    assert "Belarus–China" in results


def test_a_lead_and_other_versions_are_escaped(make_article):
    article = make_article(
        title="Визит", lead=f"Начало {HOSTILE} визита.", published_on=datetime.date(2025, 3, 4)
    )
    version = Article(
        id=article.id + 1,
        title=f"Visit {HOSTILE}",
        slug="visit",
        published_on=datetime.date(2025, 3, 5),
        language="en",
    )
    version.outlet_name = f"Agency {HOSTILE}"
    article.versions = [version]
    row = row_html(article, lead=True, query="q=a&b=<c>")
    assert HOSTILE not in row
    assert row.count(ESCAPED) == 3  # lead, version title, version outlet
    assert "?q=a&amp;b=&lt;c&gt;" in row
    assert "1 other version of this story" in row


def test_the_date_is_written_in_the_language_of_each_page(make_article):
    # The same day, shown in one language and then the other: each row writes it in its own.
    article = make_article(title="Визит", body="Визит.", published_on=datetime.date(2025, 3, 4))
    with translation.override("en"):
        english = row_html(article)
    with translation.override("ru"):
        russian = row_html(article)
    with translation.override("en"):
        assert row_html(article) == english
    assert "March 4, 2025" in english
    assert "4 марта 2025" in russian


def test_a_page_of_results_is_the_same_rows_with_their_links_built_once(make_article):
    # Rows of one page share each tag's link; each row reads exactly as it does alone.
    memorandum = Agreement.objects.create(name_en="Memorandum on trade", kind="memorandum")
    articles = [
        make_article(title=f"Trade {n}", body="Trade.", pairs=["BY-CN", "CN-RU"][: n + 1])
        for n in range(2)
    ]
    for article in articles:
        article.agreements.add(memorandum)
    shown = list(with_tags(Article.objects.filter(id__in=[a.id for a in articles])).order_by("id"))
    for article in shown:
        attach_tags(article)
    with translation.override("en"):
        page = result_rows(shown, "q=trade")
        alone = [row_html(a, query="q=trade", snippet=True, tags=True) for a in shown]
    assert page == "".join(alone)
    assert page.count(">Belarus–China</a>") == 2
    assert page.count(">Memorandum on trade</a>") == 2
