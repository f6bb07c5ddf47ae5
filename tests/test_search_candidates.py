"""Which articles relevance ranks: the exact-form bonus of a ranked head, and the newest
matches of a match set too large to list (archive/search/ranking.py)."""

import datetime

import pytest
from django.db import connection

from archive.search import ranking
from tests import searching


@pytest.mark.parametrize("bitmaps", ["on", "off"])
def test_the_exact_forms_among_ranked_articles_are_those_whose_text_has_them(bitmaps, make_article):
    # archive_exact_among (migration 0019) plans for the words at hand: the exact index's
    # entry ANDed with the ids, or each article's exact vector tested. Either way it answers
    # for the given articles only, and for a phrase only where its words stand in order.
    wall = make_article(title="Стену возвели", body="Новую стену возвели за год.")
    walls = make_article(title="Стены", body="Стены возвели за год.")
    elsewhere = make_article(title="Другое", body="Возвели стену у реки.")
    order = make_article(title="Возвели", body="Возвели её, стену, за год.")
    ids = [wall.id, walls.id, order.id]
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [bitmaps])
        for query in ("'стену'", "'стену' <-> 'возвели'"):
            cursor.execute("SELECT archive_exact_among(%s::bigint[], %s::tsquery)", [ids, query])
            found[query] = {row[0] for row in cursor.fetchall()}
    assert found == {"'стену'": {wall.id, order.id}, "'стену' <-> 'возвели'": {wall.id}}
    assert elsewhere.id not in found["'стену'"]


@pytest.fixture
def newest_only(settings):
    """A match set too large to list, ranked from its three newest matches (and its best
    title and prominent matches, of which the articles below have none)."""
    settings.SEARCH_RESOLVE_LIMIT = 0
    settings.SEARCH_RANK_CANDIDATES = 3
    settings.SEARCH_RANK_TITLE_CANDIDATES = 1


@pytest.mark.parametrize("sparse", [True, False], ids=["found first", "walked"])
@pytest.mark.parametrize("in_span", [1, 3])
def test_the_newest_matches_are_ranked_whatever_the_newest_span_holds(
    sparse, in_span, newest_only, settings, monkeypatch, make_article
):
    # The newest span is where the newest matches are expected; when it holds fewer than
    # are ranked, the next older ones follow, so the ranked set is the newest whatever the
    # estimate said.
    settings.SEARCH_DENSE_SHARE = 1.0 if sparse else 0.0
    span = datetime.date(2025, 6, 1)
    monkeypatch.setattr(ranking, "newest_window", lambda *args: span)
    days = [span + datetime.timedelta(days=n) for n in range(in_span)]
    days += [datetime.date(2024, month, 1) for month in (3, 5, 7, 9)]
    made = {
        make_article(title="Сводка", body=f"Логистика за {day}.", published_on=day).id: day
        for day in days
    }
    make_article(title="Другое", body="Торговля.", published_on=datetime.date(2025, 7, 1))
    newest = sorted(made, key=made.get, reverse=True)[:3]
    found = searching.run({"q": "логистика"})
    assert sorted(a.id for a in found.articles) == sorted(newest)


def test_an_article_dated_ahead_is_among_the_newest(
    newest_only, settings, monkeypatch, make_article
):
    # A common word's newest span is read as whole months of date keys up to this month,
    # and any later day by its day number: an article dated next year is still the newest.
    settings.SEARCH_DENSE_SHARE = 0.0
    monkeypatch.setattr(ranking, "newest_window", lambda *args: datetime.date(2025, 6, 17))
    ahead = datetime.date.today() + datetime.timedelta(days=400)
    days = [ahead, datetime.date(2025, 6, 3), datetime.date(2024, 5, 1), datetime.date(2024, 3, 1)]
    made = [
        make_article(title="Сводка", body=f"Логистика за {day}.", published_on=day).id
        for day in days
    ]
    found = searching.run({"q": "логистика"})
    assert sorted(a.id for a in found.articles) == sorted(made[:3])


def test_the_vectors_ranking_reads_are_stored_uncompressed(seeds):
    # Ranking, phrase re-checks and the exact-form bonus read whole vectors; stored
    # uncompressed (migration 0020), none of them pays for pglz's decompression. Three of
    # the five seed articles' vectors were compressed before.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(pg_column_compression(search_vector)), "
            "count(pg_column_compression(search_exact)), "
            "count(*) FILTER (WHERE pg_column_size(search_vector) > 2000) FROM archive_article"
        )
        articles, compressed, exact_compressed, large = cursor.fetchone()
    assert articles == 5 and large >= 3
    assert (compressed, exact_compressed) == (0, 0)
