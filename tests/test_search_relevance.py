"""Relevance over the whole archive: an older article that matches best is not lost behind
newer ones that merely mention the words (archive/search/ranking.py)."""

import datetime

import pytest

from archive.models import Agreement, Article, CountryPair
from tests import searching

pytestmark = pytest.mark.usefixtures("search_path")

LONG_BODY = " ".join(["Стороны обсудили торговлю, логистику и инвестиции в регионах."] * 120)


@pytest.fixture
def few_candidates(settings):
    # Relevance ranks three candidates here, as it ranks hundreds at real size.
    settings.SEARCH_RANK_CANDIDATES = 3
    settings.SEARCH_RANK_TITLE_CANDIDATES = 1


def newer_mentions(make_article, word: str, count: int = 12):
    """Short, untagged, recent notes that name the word once, in passing."""
    for day in range(1, count + 1):
        make_article(
            title=f"Хроника дня {day}",
            body=f"Коротко: {word} упомянут в сводке.",
            published_on=datetime.date(2025, 3, day),
        )


def test_the_static_rank_sums_what_an_article_says(make_article):
    pair = CountryPair.objects.get_or_create_for("BY-CN")[0]
    agreements = [Agreement.objects.create(name_en=f"Memorandum {n}") for n in range(3)]
    note = make_article(title="Заметка", body="Коротко.")
    full = make_article(title="Визит", lead="Итоги визита.", body=LONG_BODY)
    full.pairs.add(pair)
    full.agreements.add(*agreements)
    ranks = dict(Article.objects.values_list("id", "static_rank"))
    assert ranks[note.id] == pytest.approx(0.0)
    # Three agreements, one pair, a long text and a lead: everything counts.
    assert ranks[full.id] == pytest.approx(1.0, abs=0.01)
    # The link tables' triggers rewrite the arrays, and the rank follows them.
    full.agreements.clear()
    assert Article.objects.get(id=full.id).static_rank == pytest.approx(0.6, abs=0.01)


def test_an_older_article_about_the_subject_outranks_newer_passing_mentions(
    few_candidates, make_article
):
    pair = CountryPair.objects.get_or_create_for("BY-CN")[0]
    agreements = [Agreement.objects.create(name_en=f"Memorandum {n}") for n in range(3)]
    old = make_article(
        title="Итоги переговоров",
        lead="Подписан меморандум о сотрудничестве в области логистики.",
        body=f"Логистика стала главной темой. {LONG_BODY} Логистика и ещё раз логистика.",
        published_on=datetime.date(2019, 5, 14),
    )
    old.pairs.add(pair)
    old.agreements.add(*agreements)
    newer_mentions(make_article, "логистика")
    titles = [a.title for a in searching.run({"q": "логистика"}, size=5).articles]
    assert titles[0] == "Итоги переговоров"


def test_an_older_title_match_outranks_newer_passing_mentions(few_candidates, make_article):
    make_article(
        title="Логистика: новый коридор",
        body="Открыт коридор для грузов.",
        published_on=datetime.date(2018, 2, 1),
    )
    newer_mentions(make_article, "логистика")
    titles = [a.title for a in searching.run({"q": "логистика"}, size=5).articles]
    assert titles[0] == "Логистика: новый коридор"


def test_every_listed_match_is_reachable_in_relevance_order(settings, search_path, make_article):
    settings.SEARCH_RANK_CANDIDATES = 2
    settings.SEARCH_RANK_TITLE_CANDIDATES = 1
    newer_mentions(make_article, "логистика", count=7)
    make_article(title="Логистика", body="Логистика.", published_on=datetime.date(2017, 1, 1))
    found = searching.every_result({"q": "логистика"})
    if search_path == "bounded":
        # Too many to list: pages stop at what the candidate set ranks.
        assert len(found) == 2
    else:
        assert len(found) == 8 and len({a.id for a in found}) == 8
    assert found[0].title == "Логистика"
