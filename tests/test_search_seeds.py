"""Each seed article comes first when a quote from its body is searched, in any quote mark."""

import re

import pytest

from tests import searching

# Every test here runs down each of the engine's paths (see conftest.search_path).
pytestmark = pytest.mark.usefixtures("search_path")

QUOTE_MARKS = [("«", "»"), ("„", "“"), ("“", "”"), ('"', '"')]
NOT_IN_A_QUOTE = re.compile(r"[«»„“”\"()\[\]]")


def quotes(article, length=6, count=3):
    """A few `length`-word passages of the body: from its start, middle and end."""
    words = article.body.split()
    windows = [
        words[i : i + length]
        for i in range(0, len(words) - length)
        if not any(NOT_IN_A_QUOTE.search(w) for w in words[i : i + length])
    ]
    assert windows, article.title
    picked = [windows[0], windows[len(windows) // 2], windows[-1]][:count]
    return [" ".join(w).strip(".,:;!?—–-") for w in picked]


def first_result(text, exact):
    params = {"q": text, **({"exact": "1"} if exact else {})}
    found = searching.run(params, size=1, with_facets=False).articles
    return found[0].id if found else None


def test_a_quote_from_a_seed_article_finds_it_first(seeds):
    misses = []
    for article in seeds:
        for quote in quotes(article):
            for opening, closing in QUOTE_MARKS:
                for exact in (False, True):
                    text = f"{opening}{quote}{closing}"
                    if first_result(text, exact) != article.id:
                        misses.append((article.title[:40], text, exact))
    assert misses == []


def test_an_unquoted_passage_finds_its_article_first_too(seeds):
    for article in seeds:
        quote = quotes(article, length=8, count=1)[0]
        assert first_result(quote, exact=False) == article.id, quote
