"""The query language: words, phrases in every quote mark, or, -word, -"phrase", ё/е, stemming, exact mode."""

import datetime

import pytest

from archive.search.query import parse
from tests import searching

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")


def titles(**params) -> list[str]:
    return searching.titles(params)


@pytest.fixture
def wall(make_article):
    make_article(title="Стройка", body="Рабочие возвели стену дружбы на границе.")
    make_article(title="Забор", body="Стена осталась, а дружбы не получилось: стена крепкая.")
    make_article(title="Мир", body="Дружба народов крепнет.")


def test_all_words_must_match_in_any_form(wall):
    assert sorted(titles(q="стена дружбы")) == ["Забор", "Стройка"]


def test_a_russian_phrase_matches_other_cases_in_order(wall):
    assert titles(q='"стена дружбы"') == ["Стройка"]


@pytest.mark.parametrize(
    "quoted",
    ["«стена дружбы»", "„стена дружбы“", "“стена дружбы”", '"стена дружбы"', "«стена дружбы"],
)
def test_every_kind_of_quote_mark_makes_a_phrase(wall, quoted):
    assert titles(q=quoted) == ["Стройка"]


def test_or_gives_either_word(make_article):
    make_article(title="Кошка", body="Кошка спит.")
    make_article(title="Собака", body="Собака лает.")
    make_article(title="Рыба", body="Рыба молчит.")
    assert sorted(titles(q="кошка or собака")) == ["Кошка", "Собака"]
    assert sorted(titles(q="кошка OR собака")) == ["Кошка", "Собака"]


def test_minus_excludes_a_word_and_a_phrase(wall):
    assert titles(q="стена -забор") == ["Стройка"]
    assert sorted(titles(q='дружбы -"стену дружбы"')) == ["Забор", "Мир"]


def test_minus_phrase_keeps_texts_where_the_words_are_apart(wall):
    assert titles(q='стена -"стена дружбы"') == ["Забор"]


def test_yo_and_ye_are_one_letter(make_article):
    make_article(title="Ёлка", body="Зелёная ёлка в центре.")
    make_article(title="Елка", body="Зеленая елка у входа.")
    both = {"Елка", "Ёлка"}
    assert set(titles(q="зелёная ёлка")) == both
    assert set(titles(q="зеленая елка")) == both
    assert set(titles(q="«зелёная ёлка»", exact="1")) == both


def test_english_stemming(make_article):
    make_article(title="Signed", language="en", body="They signed a cooperation agreement.")
    make_article(title="Other", language="en", body="Agreements on trade were discussed.")
    assert titles(q='"cooperation agreements"') == ["Signed"]
    assert sorted(titles(q="agreement")) == ["Other", "Signed"]


def test_one_query_searches_both_languages(make_article):
    make_article(title="Русская", body="Искусственный интеллект и AI-сотрудничество.")
    make_article(title="English", language="en", body="Artificial intelligence cooperation.")
    assert titles(q="intelligence") == ["English"]
    assert titles(q="интеллект") == ["Русская"]
    assert sorted(titles(q="интеллект or intelligence")) == ["English", "Русская"]


def test_exact_mode_matches_only_the_exact_forms_in_order(wall):
    assert titles(q='"стену дружбы"', exact="1") == ["Стройка"]
    assert titles(q='"стена дружбы"', exact="1") == []
    # Bare words stay stemmed in exact mode.
    assert sorted(titles(q="стена дружбы", exact="1")) == ["Забор", "Стройка"]


def test_exact_mode_keeps_stop_words(make_article):
    make_article(title="In", language="en", body="The memorandum was signed in Minsk.")
    make_article(title="At", language="en", body="The memorandum was signed at Minsk.")
    assert titles(q='"signed in Minsk"', exact="1") == ["In"]
    # Without exact mode any stop word fills the gap, so both texts match.
    assert sorted(titles(q='"signed in Minsk"')) == ["At", "In"]


def test_exact_forms_rank_above_stem_only_matches(make_article):
    make_article(
        title="Стемы",
        body="Стены дружбы и стене дружбы посвящено.",
        published_on=datetime.date(2025, 6, 1),
    )
    make_article(
        title="Точно", body="Текст про стену дружбы.", published_on=datetime.date(2020, 1, 1)
    )
    assert titles(q="«стену дружбы»") == ["Точно", "Стемы"]


def test_title_matches_rank_above_body_matches(make_article):
    make_article(
        title="Новости", body="Упомянут меморандум.", published_on=datetime.date(2025, 6, 1)
    )
    make_article(title="Меморандум подписан", body="Текст.", published_on=datetime.date(2020, 1, 1))
    assert titles(q="меморандум") == ["Меморандум подписан", "Новости"]


def test_a_query_of_only_stop_words_or_punctuation_finds_nothing_without_error(wall):
    assert titles(q="и в на") == []
    assert titles(q='!!! ((( "') == []
    assert titles(q="-") != []  # nothing left to search: every article


def test_sort_by_date(make_article):
    make_article(title="Старая", body="Меморандум.", published_on=datetime.date(2001, 1, 1))
    make_article(title="Новая", body="Меморандум.", published_on=datetime.date(2024, 1, 1))
    assert titles(q="меморандум", sort="newest") == ["Новая", "Старая"]
    assert titles(q="меморандум", sort="oldest") == ["Старая", "Новая"]
    assert titles() == ["Новая", "Старая"]


def test_parse_reads_the_websearch_syntax():
    parsed = parse("«стена  дружбы» мир or война -ёж -„злой кот“")
    assert parsed.websearch() == '"стена дружбы" мир or война -еж -"злой кот"'
    assert parse("   ").groups == ()


def test_cyrillic_words_in_an_english_article_are_found_and_excluded(make_article):
    # The English stemmer leaves Cyrillic words whole; the query matches both stemmings.
    make_article(title="Quote", language="en", body="The motto was «культура» in Minsk.")
    make_article(title="Цитата", body="Девиз: культура и мир.")
    assert sorted(titles(q="культура")) == ["Quote", "Цитата"]
    assert titles(q="minsk -культура") == []
    assert titles(q="мир -культура") == []


@pytest.mark.django_db
def test_a_relaxed_phrase_asks_for_its_words_in_any_order():
    from archive.search.query import tsquery_text

    parsed = parse('"стена дружбы" народов')
    assert "<->" in tsquery_text(parsed)
    relaxed = tsquery_text(parsed, relaxed=True)
    assert "<" not in relaxed
    assert "'стен'" in relaxed and "'дружб'" in relaxed and "'народ'" in relaxed
