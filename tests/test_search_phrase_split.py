"""A query's phrases are searched apart from its plain words (archive/search/tsquery.py), and a
quoted "phrase" that is one word is searched as that word: neither may change what is found."""

import datetime

import pytest

from archive.models import Article
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.tsquery import alternatives, apart_from_phrases
from archive.search.windows import is_heavy

TEXTS = [
    ("en", "CIS summit in Minsk", "The CIS summit opened in Minsk."),
    ("en", "Commonwealth summit", "The Commonwealth of Independent States met in Minsk."),
    ("en", "States and the commonwealth", "Independent states spoke of a commonwealth."),
    ("ru", "Саммит СНГ", "В Минске открылся саммит СНГ."),
    ("ru", "Саммит Содружества", "Содружество Независимых Государств собралось в Минске."),
    ("ru", "Экономика Содружества", "Экономика независимых государств Содружества растёт."),
    ("en", "It's a summit", "It's the summit of the year in Minsk."),
]

QUERIES = [
    "'cis' | 'commonwealth' <2> 'independ' <-> 'state' | 'снг'",
    "( 'cis' | ( 'commonwealth' <2> 'independ' <-> 'state' ) ) & 'minsk'",
    "( ( 'содружеств' | 'содружество' ) <-> ( 'независим' | 'независимых' ) | 'снг' ) & 'минск'",
    "( 'снг' | ( 'содружеств' <-> 'независим' ) ) & ( 'экономик' | 'самм' )",
    "'summit' & ( 'it''s' | 'year' <2> 'minsk' )",
    # A phrase implied by a word beside it is left out, and finds nothing more.
    "( 'summit' | ( 'cis' <-> 'summit' ) | ( 'commonwealth' <2> 'independ' ) ) & 'minsk'",
    "( 'самм' | ( ( 'открылся' | 'откр' ) <-> 'самм' ) ) & 'минск'",
    "'cis' & !( 'commonwealth' <-> 'independ' )",
]


@pytest.fixture
def commonwealth(make_article):
    day = datetime.date(2025, 4, 1)
    return [
        make_article(title=title, body=body, language=language, published_on=day)
        for language, title, body in TEXTS
    ]


def matching(texts) -> set[int]:
    found = set()
    for text in texts:
        found |= set(
            Article.objects.filter(search_vector=syntax.TsQuery(text)).values_list("id", flat=True)
        )
    return found


@pytest.mark.parametrize("text", QUERIES)
def test_phrases_apart_from_words_find_exactly_what_the_whole_query_finds(commonwealth, text):
    parts = apart_from_phrases(text)
    assert matching(parts) == matching([text]) != set()


def test_plain_words_are_cut_from_the_phrases_beside_them():
    words, phrases = apart_from_phrases(QUERIES[1])
    # The words' part needs no word order, so the index answers it without re-reading rows.
    assert "<" not in words and "'cis'" in words and "'minsk'" in words
    assert "<->" in phrases and "'minsk'" in phrases


def test_a_spelling_that_a_shorter_one_implies_is_not_searched_apart():
    # «Republic of Belarus» beside «Belarus»: every article holding the first holds the second.
    belarus = (
        "( 'беларус' | 'belarus' | ( 'republ' <2> 'belarus' ) | ( 'республик' <-> 'беларус' ) )"
    )
    assert apart_from_phrases(belarus) == ["( 'беларус' | 'belarus' )"]
    assert apart_from_phrases(f"{belarus} & 'minsk'") == ["( 'беларус' | 'belarus' ) & 'minsk'"]
    # Not implied: a position of other words, alternatives that reach past the words, a
    # phrase beside an alternative of its own.
    for text in [
        "( 'belarus' | ( 'white' <-> 'russia' ) )",
        "( 'belarus' | ( ( 'belarus' | 'minsk' ) <-> 'talks' ) )",
        "( 'belarus' | ( 'talks' | 'minsk' <-> 'belarus' ) )",
    ]:
        assert len(apart_from_phrases(text)) == 2, text


def test_queries_with_nothing_to_cut_stay_whole():
    for text in ["'cis' & 'minsk'", "'commonwealth' <-> 'independ'", QUERIES[-1]]:
        assert apart_from_phrases(text) == [text]


def test_a_quoted_phrase_of_one_word_and_stop_words_is_searched_as_that_word(db):
    one_word = Criteria(q='"of in-depth"')
    two_words = Criteria(q='"in-depth analysis"')
    for criteria in (one_word, two_words):
        syntax.prepare(criteria.parsed)
    # However many articles hold it, a word has no order to re-check.
    assert not is_heavy(one_word, 10**6)
    assert is_heavy(two_words, 10**6)


@pytest.mark.parametrize(
    ("text", "lexemes"),
    [
        ("'мост'", ["мост"]),
        ("( 'заработк' | 'заработок' )", ["заработк", "заработок"]),
        ("'it''s'", ["it's"]),
        ("'мост' & 'река'", None),
        ("'мост' <-> 'река'", None),
        ("!'мост'", None),
        ("'мост':*", None),
    ],
)
def test_a_tsquery_of_alternative_lexemes_is_read_back_as_them(text, lexemes):
    # One word's forms, and nothing else, are what sizes a rare word and finds its snippet.
    assert alternatives(text) == lexemes
