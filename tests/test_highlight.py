"""Highlighting: escaped article text with our own <mark> around the matches, nothing else.

A quoted phrase is one mark over the whole occurrence (stop words and punctuation inside it
included) and is marked only where it occurs whole; a plain word is marked in every form.
"""

import datetime
import re

import pytest
from django.urls import reverse

from archive.search import highlight_text
from archive.search import query as search_query

pytestmark = pytest.mark.django_db


def marks(html: str) -> list[str]:
    return re.findall(r"<mark[^>]*>(.*?)</mark>", str(html), flags=re.S)


# --- Phrases ----------------------------------------------------------------------------------


def test_a_russian_phrase_is_one_mark_with_its_stop_words():
    html = highlight_text(
        "Стороны обсудили сотрудничество в области образования и науки.",
        "«сотрудничество в области образования»",
    )
    assert html == ("Стороны обсудили <mark>сотрудничество в области образования</mark> и науки.")


def test_punctuation_inside_a_phrase_is_inside_its_mark():
    html = highlight_text(
        "Итог: сотрудничество — в области, образования (и науки).",
        '"сотрудничество в области образования"',
    )
    assert marks(html) == ["сотрудничество — в области, образования"]


def test_an_english_phrase_is_one_mark_including_its_leading_stop_word():
    html = highlight_text("Both joined the Belt and Road in 2019.", '"the Belt and Road"')
    assert html == "Both joined <mark>the Belt and Road</mark> in 2019."


def test_a_stop_word_at_the_edge_is_marked_only_where_the_text_has_that_word():
    html = highlight_text("A Belt and Road forum; the Belt and Road.", '"the Belt and Road"')
    assert marks(html) == ["Belt and Road", "the Belt and Road"]


def test_a_phrase_marks_only_its_occurrences_not_its_words_elsewhere():
    html = highlight_text(
        "Сотрудничество растёт. Сотрудничество в области образования важно. "
        "В области много школ, образования хватает.",
        '"сотрудничество в области образования"',
    )
    assert marks(html) == ["Сотрудничество в области образования"]


def test_a_phrase_is_marked_in_every_form_of_its_words():
    html = highlight_text(
        "О сотрудничестве в области образования и сотрудничеству в областях образования.",
        '"сотрудничество в области образования"',
    )
    assert marks(html) == [
        "сотрудничестве в области образования",
        "сотрудничеству в областях образования",
    ]


def test_a_phrase_and_a_word_together_mark_the_phrase_and_every_form_of_the_word():
    html = highlight_text(
        "The Belt and Road brings cooperation; a belt, then a road, and cooperative work.",
        '"Belt and Road" cooperation',
    )
    assert marks(html) == ["Belt and Road", "cooperation", "cooperative"]


def test_yo_survives_highlighting():
    html = highlight_text("Зелёная ёлка стоит у ёлки.", "«зеленая елка»")
    assert html == "<mark>Зелёная ёлка</mark> стоит у ёлки."


# --- Words ------------------------------------------------------------------------------------


def test_word_searches_mark_each_word_in_every_form():
    html = highlight_text(
        "Строители возвели стену дружбы. У стены — символ дружбе.", "стена дружбы"
    )
    assert marks(html) == ["стену", "дружбы", "стены", "дружбе"]
    assert "<mark>стену</mark> <mark>дружбы</mark>" in html


def test_english_words_are_marked_by_stem():
    html = highlight_text("Two cooperation agreements & a treaty", "cooperation agreement")
    assert html == "Two <mark>cooperation</mark> <mark>agreements</mark> &amp; a treaty"


def test_excluded_words_are_not_marked_and_no_query_marks_nothing():
    assert highlight_text("Кошка и собака.", "кошка -собака") == "<mark>Кошка</mark> и собака."
    assert highlight_text("Кошка и собака.", 'кошка -"и собака"') == "<mark>Кошка</mark> и собака."
    assert highlight_text("A & B <i>", "") == "A &amp; B &lt;i&gt;"
    # Only stop words: the search finds nothing for them, so nothing is marked.
    assert highlight_text("Кошка и собака.", '"и"') == "Кошка и собака."


def test_the_marks_follow_the_search_tsquery(monkeypatch):
    """Whatever forms the search expands a word into are marked, with nothing more to change."""
    searched = search_query.tsquery_text

    def expanded(parsed, exact_forms=False, **kwargs):
        text = searched(parsed, exact_forms, **kwargs)
        return text.replace("'кита'", "( 'кита' | 'кит':* )")

    monkeypatch.setattr(search_query, "tsquery_text", expanded)
    html = highlight_text("Китай и провинции Китая; кит в море.", "Китай")
    assert marks(html) == ["Китай", "Китая", "кит"]
    html = highlight_text("Визит в Китай. Визит в Китая.", '"визит в Китай"')
    assert marks(html) == ["Визит в Китай", "Визит в Китая"]


# --- Exact mode -------------------------------------------------------------------------------


def test_exact_mode_marks_only_the_exact_forms_of_a_phrase():
    html = highlight_text(
        "Стену дружбы строили, а не стена дружбы; стену и дружбы врозь.",
        '"стену дружбы"',
        exact=True,
    )
    assert marks(html) == ["Стену дружбы"]


def test_exact_mode_keeps_stop_words_in_the_phrase_and_stems_bare_words():
    html = highlight_text(
        "Сотрудничество в области образования; сотрудничество по области образования. "
        "Образованию — всё.",
        '"сотрудничество в области образования" образование',
        exact=True,
    )
    assert marks(html) == ["Сотрудничество в области образования", "образования", "Образованию"]


# --- Escaping ---------------------------------------------------------------------------------


def test_markup_in_the_text_is_shown_as_text():
    html = highlight_text("Код <script>alert(1)</script> и <mark>метка</mark>.", "метка")
    assert (
        html
        == "Код &lt;script&gt;alert(1)&lt;/script&gt; и &lt;mark&gt;<mark>метка</mark>&lt;/mark&gt;."
    )


def test_markup_inside_and_beside_a_phrase_stays_text():
    html = highlight_text(
        "<script>x</script>&Belt and Road&<b>Belt and <i>Road</i></b>&amp;",
        '"Belt and Road"',
    )
    assert html == (
        "&lt;script&gt;x&lt;/script&gt;&amp;<mark>Belt and Road</mark>&amp;&lt;b&gt;"
        "<mark>Belt and &lt;i&gt;Road</mark>&lt;/i&gt;&lt;/b&gt;&amp;amp;"
    )
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html


def test_our_marker_characters_in_the_text_do_not_become_marks():
    html = highlight_text("\ue000Belt and Road\ue001 \ue003b\ue004", '"Belt and Road"')
    assert html == " <mark>Belt and Road</mark>   b "


# --- The article page -------------------------------------------------------------------------

NOV_14 = datetime.date(2025, 11, 14)


@pytest.fixture
def education(make_article):
    return make_article(
        title="Образование и сотрудничество",
        lead="Сотрудничество растёт, образования прибавляется.",
        body=(
            "Стороны подписали план.\n\n"
            "Сотрудничество в области образования — главное. В области науки тоже.\n\n"
            "И снова: сотрудничество в области образования <b>&</b> науки."
        ),
        published_on=NOV_14,
    )


def article_page(client, article, **params) -> str:
    response = client.get(article.get_absolute_url(), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_article_page_marks_only_the_phrase_and_anchors_its_first_occurrence(client, education):
    html = article_page(client, education, q="«сотрудничество в области образования»")
    assert marks(html) == [
        "Сотрудничество в области образования",
        "сотрудничество в области образования",
    ]
    assert (
        '<p><mark id="first-match">Сотрудничество в области образования</mark> — главное.' in html
    )
    assert html.count('id="first-match"') == 1
    # Its words elsewhere (title, lead, "В области науки") are not marked.
    assert "<mark>Образование" not in html and "<mark>Сотрудничество</mark> растёт" not in html
    assert "И снова: <mark>сотрудничество в области образования</mark> &lt;b&gt;&amp;" in html
    # Without scripts the reader can still jump to it.
    assert '<a class="jump-to-match" href="#first-match">Jump to first match</a>' in html


def test_the_article_page_marks_every_form_of_plain_words(client, education):
    html = article_page(client, education, q="образование")
    assert marks(html) == ["Образование", "образования", "образования", "образования"]
    assert 'растёт, <mark id="first-match">образования</mark>' in html


def test_in_exact_mode_the_article_page_marks_only_exact_occurrences(client, make_article):
    article = make_article(
        title="Мосты",
        body="Мост дружбы открыт.\n\nО мосте дружбы пишут. Мост и дружбы рядом.",
        published_on=NOV_14,
    )
    html = article_page(client, article, q='"мост дружбы"', exact="1")
    assert marks(html) == ["Мост дружбы"]
    html = article_page(client, article, q='"мост дружбы"')
    assert marks(html) == ["Мост дружбы", "мосте дружбы"]


def test_a_phrase_running_across_paragraphs_leaves_each_paragraph_whole(client, make_article):
    article = make_article(
        title="Абзацы",
        body="Начало: сотрудничество\n\nв области образования продолжается.",
        published_on=NOV_14,
    )
    html = article_page(client, article, q='"сотрудничество в области образования"')
    assert '<p>Начало: <mark id="first-match">сотрудничество</mark></p>' in html
    assert "<p><mark>в области образования</mark> продолжается.</p>" in html


def test_without_a_match_in_the_text_there_is_no_jump_link(client, education):
    html = article_page(client, education, q="«науки и образования»")
    assert "<mark" not in html
    assert "Jump to first match" not in html


# --- Result snippets --------------------------------------------------------------------------


def snippets(client, **params) -> list[str]:
    html = client.get(reverse("archive:search"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert html.status_code == 200
    return re.findall(r'<p class="snippet"[^>]*>(.*?)</p>', html.content.decode(), flags=re.S)


def test_a_snippet_marks_the_phrase_as_one_span_and_not_its_words_elsewhere(client, education):
    (snippet,) = snippets(client, q='"сотрудничество в области образования"')
    assert [m.lower() for m in marks(snippet)] == ["сотрудничество в области образования"] * 2
    assert "образования</mark> &lt;b&gt;&amp;&lt;/b&gt; науки" in snippet
    assert "Сотрудничество растёт, образования прибавляется." in snippet


def test_a_snippet_marks_every_form_of_plain_words(client, education):
    (snippet,) = snippets(client, q="образование")
    assert set(marks(snippet)) == {"образования"}


def test_an_exact_snippet_marks_only_exact_occurrences(client, make_article):
    make_article(
        title="Мосты",
        body="О мосте дружбы пишут. Мост дружбы открыт. Мост и дружба рядом.",
        published_on=NOV_14,
    )
    (snippet,) = snippets(client, q='"мост дружбы"', exact="1")
    assert marks(snippet) == ["Мост дружбы"]


def test_the_result_snippet_escapes_the_text_and_marks_the_match(client, make_article):
    make_article(
        title="Код",
        body="Текст <script>alert(1)</script> и <mark>метка</mark> здесь & <b>Belt and Road</b>.",
        published_on=datetime.date(2025, 1, 1),
    )
    response = client.get(reverse("archive:search"), {"q": "метка"})
    html = response.content.decode()
    assert (
        "Текст &lt;script&gt;alert(1)&lt;/script&gt; и &lt;mark&gt;<mark>метка</mark>&lt;/mark&gt; здесь"
        in html
    )
    assert "<script>alert" not in html
    (snippet,) = snippets(client, q='"belt and road"')
    assert "здесь &amp; &lt;b&gt;<mark>Belt and Road</mark>" in snippet


def test_a_word_snippet_keeps_the_letter_yo_as_written(client, make_article):
    make_article(
        title="Ёлки", body="Торговля растёт: <ёлки> & ели везут в Минск.", published_on=NOV_14
    )
    (snippet,) = snippets(client, q="растет")
    assert "Торговля <mark>растёт</mark>: &lt;ёлки&gt; &amp; ели" in snippet
