"""Highlighting: escaped article text with our own <mark> around the matched words, nothing else."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from archive.search import highlight_text


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_matched_word_forms_are_marked():
    html = highlight_text("Строители возвели стену дружбы.", "«стена дружбы»")
    assert html == "Строители возвели <mark>стену</mark> <mark>дружбы</mark>."


@pytest.mark.django_db
def test_markup_in_the_text_is_shown_as_text():
    html = highlight_text("Код <script>alert(1)</script> и <mark>метка</mark>.", "метка")
    assert (
        html
        == "Код &lt;script&gt;alert(1)&lt;/script&gt; и &lt;mark&gt;<mark>метка</mark>&lt;/mark&gt;."
    )


@pytest.mark.django_db
def test_yo_survives_highlighting():
    html = highlight_text("Зелёная ёлка стоит.", "зеленая елка")
    assert html == "<mark>Зелёная</mark> <mark>ёлка</mark> стоит."


@pytest.mark.django_db
def test_excluded_words_are_not_marked_and_no_query_marks_nothing():
    assert highlight_text("Кошка и собака.", "кошка -собака") == "<mark>Кошка</mark> и собака."
    assert highlight_text("A & B <i>", "") == "A &amp; B &lt;i&gt;"


@pytest.mark.django_db
def test_exact_mode_marks_only_the_exact_forms():
    html = highlight_text("Стену дружбы, а не стена.", '"стену дружбы"', exact=True)
    assert html == "<mark>Стену</mark> <mark>дружбы</mark>, а не стена."


@pytest.mark.django_db
def test_english_words_are_marked_by_stem():
    html = highlight_text("Two cooperation agreements & a treaty", "cooperation agreement")
    assert html == "Two <mark>cooperation</mark> <mark>agreements</mark> &amp; a treaty"


def test_the_result_snippet_escapes_the_text_and_marks_the_match(client, make_article):
    make_article(
        title="Код",
        body="Текст <script>alert(1)</script> и <mark>метка</mark> здесь.",
        published_on=datetime.date(2025, 1, 1),
    )
    response = client.get(reverse("archive:search"), {"q": "метка"})
    html = response.content.decode()
    assert (
        "Текст &lt;script&gt;alert(1)&lt;/script&gt; и &lt;mark&gt;<mark>метка</mark>&lt;/mark&gt; здесь"
        in html
    )
    assert "<script>alert" not in html
