"""The search page: form, echo of the search, facets as links, chips, sorting, pagination, errors."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from archive.models import Outlet

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")


def get(client, status=200, interface="en", **params):
    """The search page for these parameters, in the `interface` language, with this status."""
    response = client.get(reverse("archive:search"), params, HTTP_ACCEPT_LANGUAGE=interface)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<li class="result">\s*<article>\s*<h3><a [^>]*>([^<]*)</a>', html)


def part(response, pattern: str) -> str:
    """The first piece of the page matching `pattern` (an element, from its opening tag)."""
    found = re.search(pattern, response.content.decode(), re.S)
    assert found, f"no {pattern!r} on the page"
    return found.group(0)


def text(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def form_inputs(response) -> list[tuple[str, str, str]]:
    """The search form's inputs as (type, name, value)."""
    form = part(response, r'<form class="search-form".*?</form>')
    inputs = []
    for tag in re.findall(r"<input [^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        inputs.append((attrs.get("type", ""), attrs.get("name", ""), unescape(attrs["value"])))
    return inputs


def hidden_inputs(response) -> list[tuple[str, str]]:
    return [(name, value) for kind, name, value in form_inputs(response) if kind == "hidden"]


def error_items(response) -> list[str]:
    """The messages beside the form, as a reader sees them."""
    errors = part(response, r'<div id="search-errors".*?</div>')
    return [text(item) for item in re.findall(r"<li>.*?</li>", errors, re.S)]


@pytest.fixture
def corpus(make_article):
    outlet = Outlet.objects.create(name="Belta Wire", slug="belta-wire")
    make_article(
        title="Стена дружбы в Минске",
        body="Белорусские и китайские строители возвели стену дружбы.",
        pairs=["BY-CN"],
        countries=["BY", "CN"],
        outlet=outlet,
        published_on=datetime.date(2025, 3, 1),
    )
    make_article(
        title="Мост дружбы",
        body="Российские строители открыли мост дружбы.",
        pairs=["CN-RU"],
        countries=["CN", "RU"],
        published_on=datetime.date(2024, 5, 1),
    )
    make_article(
        title="Friendship bridge",
        language="en",
        body="A friendship bridge was opened by Belarus and China.",
        pairs=["BY-CN"],
        countries=["BY", "CN"],
        published_on=datetime.date(2025, 7, 1),
    )


def test_the_query_is_echoed_in_words_with_the_filters(client, corpus):
    response = get(client, q="«стена дружбы»", pair="cn-by", year="2025")
    summary = text(part(response, r'<p class="search-summary".*?</p>'))
    assert summary == "1 article matching «стена дружбы» · Belarus–China · 2025"
    assert result_titles(response) == ["Стена дружбы в Минске"]


def test_plural_forms_in_the_echo(client, corpus):
    assert "2 articles matching «дружбы»" in get(client, q="дружбы").content.decode()


def test_results_link_to_the_article_carrying_the_query(client, corpus):
    html = get(client, q="стена", exact="1", year="2025").content.decode()
    assert re.search(
        r'href="/articles/2025/03/01/[^"?]+/\?q=%D1%81%D1%82%D0%B5%D0%BD%D0%B0&amp;exact=1&amp;year=2025"',
        html,
    )


def test_snippets_highlight_the_matched_words(client, corpus):
    html = get(client, q="строители").content.decode()
    assert "<mark>строители</mark>" in html


def test_facets_are_links_with_counts_and_the_chosen_value_is_current(client, corpus):
    html = get(client, q="дружбы", pair="BY-CN").content.decode()
    current = re.search(
        r'<a href="([^"]*)" aria-current="true"><span class="facet-label">Belarus–China</span> <span class="facet-count">(\d+)</span>',
        html,
    )
    assert current and current.group(2) == "1"
    # Disjunctive: China–Russia still shows what choosing it too would add.
    other = re.search(
        r'<a href="([^"]*)"><span class="facet-label">China–Russia</span> <span class="facet-count">(\d+)</span>',
        html,
    )
    assert other and other.group(2) == "1"
    assert "pair=BY-CN&amp;pair=CN-RU" in other.group(1)


def test_a_chosen_facet_value_has_a_link_that_removes_it(client, corpus):
    html = get(client, q="дружбы", pair="BY-CN").content.decode()
    remove = re.search(
        r'<li class="selected">.*?<a class="facet-remove" href="([^"]*)" '
        r'aria-label="Remove filter: Belarus–China">×</a></li>',
        html,
    )
    assert remove and "pair=" not in remove.group(1) and "q=" in remove.group(1)
    # In the reader's language too.
    russian = get(client, interface="ru", q="дружбы", pair="BY-CN").content.decode()
    assert 'class="facet-remove"' in russian
    assert 'aria-label="Убрать фильтр: Беларусь–Китай"' in russian


def test_a_facet_link_drops_the_page_number(client, make_article):
    for day in range(1, 24):
        make_article(
            title=f"Дружба {day}",
            body="Дружба.",
            pairs=["BY-CN"],
            published_on=datetime.date(2025, 1, day),
        )
    html = get(client, q="дружба", page="2").content.decode()
    links = re.findall(r'href="(\?[^"]*pair=BY-CN[^"]*)"', html)
    assert links and all("page=" not in link for link in links)


def test_active_filters_show_as_removable_chips(client, corpus):
    html = get(client, q="дружбы", pair="BY-CN", language="ru").content.decode()
    chips = re.search(r'<section class="search-chips".*?</section>', html, re.S).group(0)
    assert "Belarus–China" in chips and "Russian" in chips
    assert 'href="/search/?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D1%8B&amp;language=ru"' in chips


def test_removing_the_last_filter_leads_to_the_plain_search_page(client, corpus):
    # An empty query string would make the link point at the page it is on.
    chips = part(get(client, pair="BY-CN"), r'<section class="search-chips".*?</section>')
    assert re.search(r'<a href="/search/">\s*<span class="visually-hidden">Remove filter', chips)


def test_sort_links_keep_the_rest_of_the_state(client, corpus):
    html = get(client, q="дружбы", pair="BY-CN").content.decode()
    sort_nav = re.search(r'<nav class="search-sort".*?</nav>', html, re.S).group(0)
    assert "sort=newest" in sort_nav and "pair=BY-CN" in sort_nav and "q=" in sort_nav


def test_pagination_keeps_state_and_a_page_past_the_end_is_404(client, make_article):
    for day in range(1, 26):
        make_article(
            title=f"Дружба {day}", body="Дружба.", published_on=datetime.date(2025, 1, day)
        )
    html = get(client, q="дружба", sort="newest").content.decode()
    assert 'href="?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&amp;sort=newest&amp;page=2"' in html
    assert len(result_titles(get(client, q="дружба", page="2"))) == 5
    get(client, 404, q="дружба", page="3")
    get(client, 404, page="99")


def test_a_page_past_the_end_says_so_in_the_layout_and_links_to_the_last_page(client, make_article):
    for day in range(1, 26):
        make_article(
            title=f"Дружба {day}", body="Дружба.", published_on=datetime.date(2025, 1, day)
        )
    response = get(client, 404, q="дружба", sort="newest", page="99")
    notice = part(response, r'<div class="search-past-end".*?</div>')
    assert "There is no such page of results." in notice
    assert "These results end on page 2." in text(notice)
    assert 'href="?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D0%B0&amp;sort=newest&amp;page=2"' in notice
    html = response.content.decode()
    assert 'class="site-header"' in html and "<h1>Search the archive</h1>" in html
    assert result_titles(response) == []
    # The box still holds the query, so the reader can search on from here.
    assert ("search", "q", "дружба") in form_inputs(response)

    russian = get(client, 404, interface="ru", page="99")
    assert "Такой страницы результатов нет." in russian.content.decode()


def test_the_empty_query_lists_everything_newest_first(client, corpus):
    assert result_titles(get(client)) == [
        "Friendship bridge",
        "Стена дружбы в Минске",
        "Мост дружбы",
    ]


def test_no_results_says_so_suggests_a_spelling_and_names_filters_to_drop(client, corpus):
    html = get(client, q="дружбв", language="en").content.decode()
    assert "No articles match «дружбв»." in html
    assert "Did you mean" in html and "«дружбы»" in html
    assert "without “English”" in html


def test_invalid_parameters_are_named_in_words_beside_the_form_with_400(client, corpus):
    params = {"pair": "BY-BY", "date_from": "2025-02-30", "page_size": "500", "sort": "best"}
    errors = error_items(get(client, 400, **params))
    assert errors[0] == "Country pair: A country pair needs two different countries."
    assert [e.split(":")[0] for e in errors] == [
        "Country pair",
        "Published from",
        "Sort",
        "Results per page",
    ]
    assert not any(name in " ".join(errors) for name in ("date_from", "page_size"))

    russian = error_items(get(client, 400, interface="ru", **params))
    assert [e.split(":")[0] for e in russian] == [
        "Пара стран",
        "Опубликовано с",
        "Сортировка",
        "Результатов на странице",
    ]


def test_dates_in_the_wrong_order_are_explained_in_the_page_language(client, corpus):
    params = {"date_from": "2025-05-01", "date_to": "2025-01-01"}
    assert error_items(get(client, 400, **params)) == [
        "Published until: The end date is before the start date."
    ]
    russian = error_items(get(client, 400, interface="ru", **params))
    assert len(russian) == 1 and russian[0].startswith("Опубликовано по: ")
    assert "date_to" not in russian[0]


def test_an_impossible_date_is_marked_on_its_field(client, corpus):
    response = get(client, 400, q="мост", date_from="2025-02-30")
    assert error_items(response) == ["Published from: Enter a valid date."]
    field = part(response, r'<input id="search-date-from"[^>]*>')
    assert 'aria-invalid="true"' in field
    # The dates are open on a phone too, so the wrong one can be seen and fixed.
    assert '<details class="search-dates-panel" open>' in response.content.decode()


def test_the_form_has_labelled_date_fields_that_filter_the_results(client, corpus):
    response = get(client, q="дружбы", date_from="2025-01-01", date_to="2025-06-30")
    html = response.content.decode()
    assert ("date", "date_from", "2025-01-01") in form_inputs(response)
    assert ("date", "date_to", "2025-06-30") in form_inputs(response)
    assert '<label for="search-date-from">From</label>' in html
    assert '<label for="search-date-to">To</label>' in html
    assert "<legend>Published</legend>" in html
    assert result_titles(response) == ["Стена дружбы в Минске"]
    chips = text(part(response, r'<section class="search-chips".*?</section>'))
    assert "from Jan. 1, 2025" in chips and "until June 30, 2025" in chips


def test_empty_fields_sent_by_the_form_are_dropped_from_the_address(client, corpus):
    response = client.get(reverse("archive:search"), {"q": "мост", "date_from": "", "date_to": " "})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%D0%BC%D0%BE%D1%81%D1%82"
    assert client.get("/search/?q=&date_from=")["Location"] == "/search/"


def test_a_new_query_keeps_every_valid_filter_in_the_form(client, corpus):
    response = get(
        client,
        q="дружбы",
        pair="cn-by",
        language="en",
        year="2025",
        sort="newest",
        page_size="10",
        exact="1",
        date_from="2025-01-01",
    )
    # Everything but the words, the dates and exact (fields of their own) and the page rides
    # along hidden, pairs in their canonical spelling.
    assert hidden_inputs(response) == [
        ("pair", "BY-CN"),
        ("language", "en"),
        ("year", "2025"),
        ("sort", "newest"),
        ("page_size", "10"),
    ]
    assert ("checkbox", "exact", "1") in form_inputs(response)
    assert 'name="exact" value="1" checked' in response.content.decode()


def test_a_new_query_after_a_filter_keeps_it_and_drops_the_page(client, corpus):
    response = get(client, pair="BY-CN", language="ru", page="1")
    assert hidden_inputs(response) == [("pair", "BY-CN"), ("language", "ru")]
    chips = part(response, r'<section class="search-chips".*?</section>')
    assert '<a href="/search/">Clear all filters</a>' in chips


def test_an_invalid_filter_is_not_kept_but_the_valid_ones_are(client, corpus):
    response = get(client, 400, pair=["BY-CN", "BY-BY"], language="ru", country="Belarus")
    assert hidden_inputs(response) == [("language", "ru")]


def test_an_over_long_query_is_refused_saying_how_long_a_query_may_be(client, corpus):
    long_query = "мост " * 2200
    response = get(client, 400, q=long_query)
    assert error_items(response) == [
        "Words or a quote: A search may be at most 500 characters long; this one has 10999."
    ]
    assert result_titles(response) == []
    box = part(response, r'<input id="search-q"[^>]*>')
    # No maxlength: a browser would cut a pasted query without a word.
    assert "maxlength" not in box and 'aria-invalid="true"' in box
    russian = error_items(get(client, 400, interface="ru", q=long_query))
    assert russian == [
        "Слова или цитата: Запрос может быть не длиннее 500 символов; в этом — 10999."
    ]


@pytest.mark.parametrize("query", ["!!!", "---", "«»", "the", "- «» !!"])
def test_a_query_with_nothing_searchable_says_so_and_lists_nothing(client, corpus, query):
    response = get(client, q=query, pair="BY-CN")
    assert result_titles(response) == []
    (message,) = error_items(response)
    assert message.startswith("Words or a quote: This query has nothing to search for")
    assert 'class="search-summary"' not in response.content.decode()
    # The filters stay with the form, for the next query.
    assert hidden_inputs(response) == [("pair", "BY-CN")]
    russian = error_items(get(client, q=query, interface="ru"))
    assert russian[0].startswith("Слова или цитата: В этом запросе нечего искать")


def test_a_quoted_stop_word_is_searched_in_exact_mode(client, make_article):
    make_article(title="The bridge", language="en", body="The bridge is open.")
    response = get(client, q="«the»", exact="1")
    assert result_titles(response) == ["The bridge"]
    assert 'id="search-errors"' not in response.content.decode()


def test_article_text_is_escaped_in_results(client, make_article):
    make_article(
        title="<b>Заголовок</b>",
        body="Код <script>alert(1)</script> и <mark>метка</mark> в тексте.",
    )
    html = get(client, q="метка").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;mark&gt;<mark>метка</mark>&lt;/mark&gt;" in html
    assert "&lt;b&gt;Заголовок&lt;/b&gt;" in html


def test_large_counts_are_shown_as_estimates(client, settings, make_article):
    settings.SEARCH_EXACT_COUNT_LIMIT = 3
    # Up to this many matches are listed and counted exactly (archive.search.engine.resolve).
    settings.SEARCH_RESOLVE_LIMIT = 3
    for day in range(1, 8):
        make_article(
            title=f"Дружба {day}", body="Дружба.", published_on=datetime.date(2025, 1, day)
        )
    html = get(client, q="дружба").content.decode()
    assert re.search(r"(about|more than) \d+ articles matching «дружба»", html)


def test_relevance_pages_reach_what_is_ranked_and_say_where_they_stop(
    client, settings, search_path, make_article
):
    settings.SEARCH_RANK_CANDIDATES = 2
    settings.SEARCH_RANK_TITLE_CANDIDATES = 1
    for day in range(1, 6):
        make_article(title=f"Мост {day}", body="Мост.", published_on=datetime.date(2025, 1, day))
    html = get(client, q="мост", page_size="1").content.decode()
    if search_path == "bounded":
        # Too many to list: relevance ranks a candidate set, and pages stop there.
        assert "By relevance, the best 2 results of the newest and best-ranked" in html
        get(client, 404, q="мост", page_size="1", page="3")
    else:
        # Every listed match is ordered by relevance, past the ranked head (2 + 1).
        assert "By relevance, the best" not in html
        pages = [
            result_titles(get(client, q="мост", page_size="1", page=str(n))) for n in range(1, 6)
        ]
        assert sorted(title for [title] in pages) == [f"Мост {day}" for day in range(1, 6)]
    # By date every match can be reached.
    assert result_titles(get(client, q="мост", page_size="1", page="5", sort="newest")) == [
        "Мост 1"
    ]


def test_facets_counted_on_a_sample_are_marked_estimated(client, settings, corpus):
    settings.SEARCH_FACET_SAMPLE = 1
    html = get(client, q="дружбы").content.decode()
    assert "(estimated)" in html


def test_a_phrase_too_common_to_recheck_still_finds_its_source(client, settings, make_article):
    # Every phrase counts as having too many candidates to re-check for word order in full:
    # the page still comes, with the source first; the pair facet, which would need the
    # phrase matched again without the pair filter, is left out and says so.
    settings.SEARCH_PHRASE_RECHECK_LIMIT = 0
    make_article(
        title="Стена дружбы", body="Мы вместе строим стену дружбы двух народов.", pairs=["BY-CN"]
    )
    make_article(title="Дружба", body="Стену построили, дружбы не было.", pairs=["BY-CN"])
    response = get(client, q="«стену дружбы»", pair="BY-CN")
    assert result_titles(response) == ["Стена дружбы"]
    html = response.content.decode()
    assert "These counts took too long and were left out." in html
    assert "only articles published from" not in html  # no date statistics: all searched


def test_a_heavy_phrase_searches_the_newest_articles_first_and_says_how_far(
    client, settings, make_article
):
    # Every phrase counts as heavy, and no re-check fits the window: only the newest span of
    # the archive is searched, and the page says so.
    settings.SEARCH_PHRASE_RECHECK_LIMIT = 0
    settings.SEARCH_PHRASE_WINDOW_RECHECKS = 0
    for year in range(2000, 2026):
        make_article(
            title=f"Год {year}",
            body="Стену дружбы строили вместе." if year in (2001, 2025) else "Другой текст.",
            published_on=datetime.date(year, 6, 1),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    response = get(client, q="«стену дружбы»")
    html = response.content.decode()
    assert result_titles(response) == ["Год 2025"]
    assert "only articles published from" in html
    api = client.get(reverse("archive:api-articles"), {"q": "«стену дружбы»"}).json()
    assert api["count"] == 1 and api["searched_from"] > "2001-06-01"

    # With the dates set, the span asked for is searched in full.
    response = get(client, q="«стену дружбы»", date_from="2000-01-01", date_to="2002-12-31")
    assert result_titles(response) == ["Год 2001"]
    assert "only articles published from" not in response.content.decode()


def test_a_heavy_phrase_finds_every_match_from_the_day_it_says_on(client, settings, make_article):
    # The span's first day is found in the full-text index as a day number: every match
    # from that day on is counted, the day itself included, and none before it.
    settings.SEARCH_PHRASE_RECHECK_LIMIT = 0
    settings.SEARCH_PHRASE_WINDOW_RECHECKS = 0
    dates = [datetime.date(2019, 1, 3) + datetime.timedelta(days=11 * n) for n in range(150)]
    for number, day in enumerate(dates):
        make_article(
            title=f"Статья {number}", body="Стену дружбы строили вместе.", published_on=day
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    api = client.get(reverse("archive:api-articles"), {"q": "«стену дружбы»"}).json()
    searched_from = datetime.date.fromisoformat(api["searched_from"])
    # The spans start on days the statistics saw articles on: one is dated that very day.
    assert searched_from in dates[1:]
    assert api["count"] == sum(1 for day in dates if day >= searched_from)


def test_an_old_article_with_the_words_in_its_title_still_ranks_first(
    client, settings, make_article
):
    # Only the newest 2 matches and the newest 1 title match are ranked: the old article
    # whose title holds the word joins the candidates and, weighted by its title, leads.
    settings.SEARCH_RANK_CANDIDATES = 2
    settings.SEARCH_RANK_TITLE_CANDIDATES = 1
    make_article(title="Мост через Днепр", body="Открыт.", published_on=datetime.date(2001, 1, 1))
    for day in range(1, 6):
        make_article(
            title=f"Новости {day}",
            body="Говорили про мост.",
            published_on=datetime.date(2025, 1, day),
        )
    assert result_titles(get(client, q="мост"))[0] == "Мост через Днепр"


def test_an_agreement_of_another_kind_than_the_one_chosen_matches_nothing(
    client, make_article, make_agreement
):
    # agreement=X&kind=K means "X, which is of kind K" on every path of the engine, not
    # "X, and some agreement of kind K".
    memo = make_agreement(name_en="Memo on roads", kind="memorandum")
    plan = make_agreement(name_en="Road plan", kind="roadmap")
    article = make_article(title="Дороги", body="Дороги строят.")
    article.agreements.add(memo, plan)
    assert result_titles(get(client, q="дороги", agreement=memo.slug, kind="memorandum")) == [
        "Дороги"
    ]
    assert result_titles(get(client, q="дороги", agreement=memo.slug, kind="roadmap")) == []


def test_did_you_mean_corrects_only_the_word_that_finds_nothing(client, make_article):
    make_article(title="Дружба народов", body="Дружба и мост.")
    make_article(title="Мост", body="Мост построен.")
    html = get(client, q="дружба моств народов").content.decode()
    assert "Did you mean" in html
    assert "дружба мост народов" in html  # «дружба» and «народов» left as typed


def test_each_facet_shows_its_first_values_and_the_rest_behind_show_all(client, make_article):
    for number in range(1, 9):
        outlet = Outlet.objects.create(name=f"Outlet {number}", slug=f"outlet-{number}")
        for copy in range(number):
            make_article(title=f"Мост {number}", body=f"Мост {number}.{copy}", outlet=outlet)
    response = get(client, q="мост", source="outlet-2")
    facet = part(response, r'<nav class="facet facet-source".*?</nav>')
    first, rest = facet.split('<details class="facet-more">')
    # The chosen outlet, then the most frequent ones: five in all, the other three behind.
    labels = r'<span class="facet-label">([^<]*)</span>'
    assert re.findall(labels, first) == [
        "Outlet 2",
        "Outlet 8",
        "Outlet 7",
        "Outlet 6",
        "Outlet 5",
    ]
    assert text(re.search(r"<summary>.*?</summary>", rest).group(0)) == "Show all 8"
    assert re.findall(labels, rest) == ["Outlet 4", "Outlet 3", "Outlet 1"]
    assert 'href="?q=%D0%BC%D0%BE%D1%81%D1%82&amp;source=outlet-1"' in rest
    # Two values are shown as they are: nothing to hide.
    assert "facet-more" not in part(response, r'<nav class="facet facet-language".*?</nav>')


def test_chips_facets_and_results_name_pairs_and_languages_in_words(client, corpus):
    response = get(client, q="дружбы", pair="BY-CN", language="ru", source="belta-wire")
    chips = text(part(response, r'<section class="search-chips".*?</section>'))
    assert "Belarus–China" in chips and "Russian" in chips and "Belta Wire" in chips
    meta = text(part(response, r'<p class="meta">.*?</p>'))
    assert "Belarus–China" in meta and "BY-CN" not in meta


def test_the_russian_page_names_pairs_languages_and_countries_in_russian(client, corpus):
    response = get(client, interface="ru", q="дружбы", pair="BY-CN", language="ru", country="CN")
    chips = text(part(response, r'<section class="search-chips".*?</section>'))
    for words in ("Беларусь–Китай", "Китай", "русский"):
        assert words in chips
    assert "Russian" not in chips and "BY-CN" not in chips
    languages = text(part(response, r'<nav class="facet facet-language".*?</nav>'))
    assert "русский" in languages and "Russian" not in languages
    meta = text(part(response, r'<p class="meta">.*?</p>'))
    assert "Беларусь–Китай" in meta and "русский" in meta
    summary = text(part(response, r'<p class="search-summary".*?</p>'))
    assert "Беларусь–Китай" in summary and "русский" in summary


def test_the_results_offer_a_feed_of_the_same_search(client, corpus):
    response = get(client, q="дружбы", pair="BY-CN", sort="oldest", page_size="1", page="1")
    feed = part(response, r'<p class="search-feed">.*?</p>')
    # The words and filters, newest first and whole: no sort, page or page size.
    assert 'href="/feeds/search.atom?q=%D0%B4%D1%80%D1%83%D0%B6%D0%B1%D1%8B&amp;pair=BY-CN"' in feed
    assert 'type="application/atom+xml"' in feed
    atom = client.get(unescape(re.search(r'href="([^"]+)"', feed).group(1)))
    assert atom.status_code == 200 and b"<feed" in atom.content


def test_facet_values_from_article_data_are_escaped_in_the_panel(client, make_article):
    # An outlet's name comes from imported pages: untrusted, in the label, the count's link
    # and the chosen value's removal link alike.
    outlet = Outlet.objects.create(name='<img src=x onerror="alert(1)"> & Co', slug="evil-co")
    make_article(title="Сотрудничество в космосе", body="Космос и наука.", outlet=outlet)
    html = get(client, q="космос", source="evil-co").content.decode()
    assert "<img src=x" not in html
    label = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co"
    assert f'<span class="facet-label">{label}</span>' in html
    assert f'aria-label="Remove filter: {label}"' in html
    # Links carry the other parameters and this one's value, encoded.
    assert 'href="?q=%D0%BA%D0%BE%D1%81%D0%BC%D0%BE%D1%81&amp;source=evil-co"' in html
