"""A one-word search's snippets come from around the first place the word occurs
(archive/search/snippet_window.py), and never lose the word the reader searched for."""

import pytest

from archive.search import query as q
from archive.search import snippet_window
from archive.search.criteria import Criteria
from archive.search.results import search

FILLER_RU = "Делегации обсудили планы на следующий год и подписали протокол встречи. "
FILLER_EN = "The delegations discussed plans for the coming year and signed the minutes. "


def snippet_of(text: str, **criteria) -> str:
    (article,) = search(Criteria(**criteria)).articles
    assert article.body == text
    return str(article.snippet)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sentence", "typed", "marked", "beside"),
    [
        ("На заводе собрали первый трактор новой серии. ", "трактор", "трактор", "первый"),
        # «объ» (of «объём») is too short to look for; «объем» finds the word.
        ("Рост объёма торговли превзошёл ожидания. ", "объема", "объёма", "торговли"),
    ],
)
def test_a_word_far_into_a_long_article_is_in_its_snippet_and_marked(
    make_article, sentence, typed, marked, beside
):
    body = FILLER_RU * 80 + sentence + FILLER_RU * 20
    make_article(title="Новости", body=body)
    snippet = snippet_of(body, q=typed)
    assert f"<mark>{marked}</mark>" in snippet
    assert beside in snippet


@pytest.mark.django_db
def test_a_stem_inside_another_word_first_does_not_hide_the_word(make_article):
    # «доставка» holds the stem of «ставка» inside it, long before «ставка» itself: a window
    # opened there holds no match, and the whole text is read instead.
    body = "Доставка грузов выросла. " * 40 + FILLER_RU * 5 + "Ставка снижена до девяти процентов. "
    make_article(title="Экономика", body=body)
    snippet = snippet_of(body, q="ставка")
    assert "<mark>Ставка</mark>" in snippet


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sentence", "typed", "marked"),
    [
        # Not found by its stem as written or capitalised: the whole text is read.
        ("The PIPELINE will carry gas from 2027. ", "pipeline", "PIPELINE"),
        # The English stemmer writes "commentary" as "commentari".
        ("A commentary on the treaty appeared in June. ", "commentary", "commentary"),
    ],
    ids=["in capitals", "stem not its beginning"],
)
def test_an_english_word_far_into_an_article_is_marked_in_its_snippet(
    make_article, sentence, typed, marked
):
    body = FILLER_EN * 40 + sentence + FILLER_EN * 5
    make_article(title="Energy", body=body, language="en")
    assert f"<mark>{marked}</mark>" in snippet_of(body, q=typed)


@pytest.mark.django_db
def test_a_quoted_word_with_stop_words_far_into_an_article_is_marked_whole(make_article):
    # A quote of one word and stop words: the snippet comes from around the word, and the
    # quote is marked whole where it occurs, stop words included.
    body = FILLER_EN * 60 + "He said the pipeline is ready. " + FILLER_EN * 10
    make_article(title="Energy", body=body, language="en")
    assert "<mark>the pipeline is</mark>" in snippet_of(body, q='"the pipeline is"')


@pytest.mark.parametrize(
    ("typed", "windowed"),
    [
        ("трактор", True),
        ("commentary", True),
        ("трактор завод", False),  # two words: a window around one may miss the other
        ('"первый трактор"', False),  # a phrase is marked where it occurs whole
        # Stop words are no words to PostgreSQL: this phrase is «встречи» alone.
        ('"не встречи мне"', True),
        ("дно", False),  # a stem of two letters begins too many other words
        ("объема", True),  # «объ» (of «объём») is too short, «объем» is not
    ],
)
def test_only_one_word_with_stems_long_enough_is_windowed(db, typed, windowed):
    parsed = q.parse(typed)
    q.prepare(parsed)
    found = snippet_window.prefixes(parsed, q.tsquery_text(parsed))
    assert (found is not None) is windowed
    if found:
        # Each stem is looked for as written and capitalised; an English stem's final "i"
        # stands for "y" and is left out.
        assert all(len(prefix) >= snippet_window.MIN_PREFIX for prefix in found)
        assert "commentari" not in found


@pytest.mark.django_db
def test_an_exact_quote_is_marked_where_its_own_form_stands_far_past_another(make_article):
    # Exact mode marks only the form typed: a window opened at the first form of the word
    # («pipeline», at the start) would hold no mark; the whole text is read instead.
    body = "The pipeline opened. " + FILLER_EN * 60 + "New pipelines are planned. " + FILLER_EN
    make_article(title="Energy", body=body, language="en")
    snippet = snippet_of(body, q='"pipelines are"', exact=True)
    assert "<mark>pipelines are</mark>" in snippet
