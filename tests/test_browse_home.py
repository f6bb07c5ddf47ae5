"""The home page, the site frame every page shares, and the SVG charts."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from archive.charts import Bar, add_months, bar_chart, month_bars

D = datetime.date


@pytest.fixture
def site(make_article, make_agreement):
    """Articles this month and 30 months ago; BY-CN the most covered pair; two dated agreements."""
    this_month = timezone.localdate().replace(day=1)
    long_ago = add_months(this_month, -30)
    for n in range(3):
        make_article(title=f"Свежая новость {n}", published_on=this_month, pairs=["BY-CN"])
    make_article(
        title="Fresh English story", published_on=this_month, language="en", pairs=["BY-RU"]
    )
    make_article(title="Старая новость", published_on=long_ago, pairs=["CN-RU"])
    make_agreement(name_en="Signed memorandum", parties=["BY", "CN"], signed_on=this_month)
    make_agreement(name_en="Undated declaration", parties=["BY", "CN"])
    return {"this_month": this_month, "long_ago": long_ago}


def get(client, url="/", ui="en", **params):
    """GET `url` with the interface in language `ui`; other keywords are query parameters."""
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=ui)


def test_home_shows_search_newest_pairs_timeline_and_agreements(client, site):
    response = get(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert re.search(r'<form class="hero-search" role="search"[^>]* action="/search/">', html)
    assert '<label for="home-q"' in html and 'id="home-q" type="search" name="q"' in html
    newest = html.split('id="newest-heading"')[1].split("</section>")[0]
    assert "Свежая новость 0" in newest and "Fresh English story" in newest
    pairs = html.split('id="pairs-heading"')[1].split("</section>")[0]
    assert re.search(
        r'href="/pairs/BY-CN/">Belarus–China</a> <span class="count">3 articles', pairs
    )
    assert pairs.index("BY-CN") < pairs.index("BY-RU")
    agreements = html.split('id="agreements-heading"')[1].split("</section>")[0]
    assert "Signed memorandum" in agreements and "Undated declaration" not in agreements


def test_home_timeline_covers_the_last_24_months_only(client, site):
    html = get(client).content.decode()
    timeline = html.split('id="timeline-heading"')[1]
    assert timeline.count('class="chart-bar"') == 24
    month = site["this_month"]
    assert f'href="/archive/{month:%Y}/{month:%m}/"' in timeline
    assert f"/archive/{site['long_ago']:%Y}/{site['long_ago']:%m}/" not in timeline
    assert "<caption>Articles per month, last 24 months</caption>" in timeline


def test_empty_archive_home_still_renders(client, db):
    html = get(client).content.decode()
    assert "No articles." in html and "No articles in the last 24 months." in html


def test_every_page_has_nav_search_and_language_switcher(client, site):
    html = get(client, "/pairs/").content.decode()
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert re.search(r'<nav class="primary-nav" aria-label="Main">', html)
    assert '<a href="/pairs/" aria-current="page">Pairs</a>' in html
    assert re.search(r'<form class="site-search" role="search"[^>]* action="/search/">', html)
    assert '<label for="site-search-q">' in html and 'name="q"' in html
    switcher = html.split('class="language-switcher"')[1].split("</form>")[0]
    assert 'action="/i18n/setlang/"' in html
    assert "csrfmiddlewaretoken" in switcher
    # Each language's button goes on to this page under that language's prefix.
    assert 'value="ru" lang="ru" formaction="/i18n/setlang/?next=/ru/pairs/"' in switcher
    assert 'value="en" lang="en" formaction="/i18n/setlang/?next=/en/pairs/"' in switcher
    assert "Русский" in switcher


def test_pair_hub_marks_pairs_as_the_current_section(client, site):
    html = get(client, "/pairs/BY-CN/").content.decode()
    assert '<a href="/pairs/" aria-current="true">Pairs</a>' in html


def test_language_switcher_switches_the_interface_and_returns_to_the_page(client, site):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/pairs/"})
    assert response.status_code == 302
    assert response["Location"] == "/pairs/"
    html = client.get("/pairs/").content.decode()
    assert '<html lang="ru">' in html
    assert "Беларусь–Китай" in html


def test_home_in_russian_uses_russian_plurals(client, site):
    html = get(client, ui="ru").content.decode()
    assert "3 статьи" in html and "1 статья" in html
    assert "5 статей" in html


def test_chart_escapes_labels_and_links_each_bar_to_its_period():
    with translation.override("en"):
        svg = bar_chart(
            [Bar("<b>", 2, title='"quoted" & <x>', href="/a?x=1&y=2"), Bar("ok", 0)],
            chart_id="c1",
            title="<script>alert(1)</script>",
        )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg and "&quot;quoted&quot; &amp; &lt;x&gt;" in svg
    assert svg.startswith('<svg class="chart-svg" id="c1"') and 'role="group"' in svg
    # A bar with articles links to its period, named for screen readers (escaped); an empty
    # one has no page to link to and no height.
    assert (
        '<a href="/a?x=1&amp;y=2" aria-label="&quot;quoted&quot; &amp; &lt;x&gt;: 2 articles">'
        in svg
    )
    assert svg.count("<a ") == 1 and 'height="0.0"' in svg


def test_month_chart_names_every_year_it_spans_and_fills_empty_months():
    with translation.override("en"):
        bars = month_bars({D(2024, 6, 1): 3}, D(2023, 12, 1), D(2025, 11, 1))
    assert len(bars) == 24
    assert [bar.value for bar in bars].count(3) == 1 and sum(bar.value for bar in bars) == 3
    with translation.override("en"):
        svg = bar_chart(bars, chart_id="c2", title="Coverage")
    assert ">2024</text>" in svg and ">2025</text>" in svg
    assert "3 articles" in svg  # the busy month's tooltip
