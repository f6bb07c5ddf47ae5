"""The benchmark's rare words are rare as the search finds them (tests/bench/search/pools.py):
a word whose one stem is rare but whose other forms are not measures a middle word."""

import random

import pytest

from tests.bench.search import pools


@pytest.mark.django_db
def test_a_rare_word_is_counted_with_every_form_the_search_reads_it_as(make_article, monkeypatch):
    # Ten articles: «трактор» in two; «заработок» in two as written and in three more as
    # «заработка», a stem of its own that the search also finds for «заработок».
    for n in range(10):
        words = ["Встреча делегаций"]
        if n < 2:
            words.append("трактор")
        if n in (2, 3):
            words.append("заработок")
        if n in (4, 5, 6):
            words.append("заработка")
        make_article(title=f"Новость {n}", body=" ".join(words) + ".")
    monkeypatch.setitem(pools.BANDS, "rare", (0.15, 0.3))
    rare = pools._words("ru", 10, 10, "", random.Random(1))["rare"]
    assert "трактор" in rare
    # Each of its stems is in two or three articles; the search finds it in five.
    assert "заработок" not in rare
    assert "заработка" not in rare
