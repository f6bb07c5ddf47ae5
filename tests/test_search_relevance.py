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


def prominent_article(make_article, **fields):
    """An article whose static rank is prominent (archive.models.PROMINENT_RANK): tagged with
    a pair and two agreements, with a lead and a long text."""
    article = make_article(lead="Итоги визита.", **fields)
    article.pairs.add(CountryPair.objects.get_or_create_for("BY-CN")[0])
    article.agreements.add(*[Agreement.objects.create(name_en=f"Accord {n}") for n in range(2)])
    return article


def first_among_newer_mentions(make_article, word: str) -> str:
    """The first result's title for `word` once newer passing mentions of it are archived."""
    newer_mentions(make_article, word)
    return searching.run({"q": word}, size=5).articles[0].title


@pytest.fixture(params=["read", "walked"])
def best_found(request, monkeypatch):
    """The best title and prominent matches found both ways a large archive finds them:
    read through the indexes and sorted, or met walking the static-rank index."""
    from archive.search import ranking

    if request.param == "walked":
        monkeypatch.setattr(ranking, "TITLE_WALK_COST", 0)
        monkeypatch.setattr(ranking, "PROMINENT_WALK_COST", 0)
    return request.param


def test_the_most_substantial_title_match_comes_first(few_candidates, best_found, make_article):
    make_article(
        title="Логистика: заметка", body="Коротко.", published_on=datetime.date(2018, 2, 1)
    )
    prominent_article(
        make_article,
        title="Логистика: итоги года",
        body=f"Логистика. {LONG_BODY}",
        published_on=datetime.date(2016, 2, 1),
    )
    assert first_among_newer_mentions(make_article, "логистика") == "Логистика: итоги года"


def test_an_older_prominent_mention_outranks_newer_passing_ones(
    few_candidates, best_found, make_article
):
    prominent_article(
        make_article,
        title="Итоги визита",
        body=f"{LONG_BODY} Отдельно обсуждалась логистика.",
        published_on=datetime.date(2016, 2, 1),
    )
    assert first_among_newer_mentions(make_article, "логистика") == "Итоги визита"


def test_a_word_in_the_form_typed_ranks_above_its_other_forms(make_article):
    make_article(
        title="Стены", body="Стены и стенами, у стены.", published_on=datetime.date(2025, 6, 1)
    )
    make_article(title="Стену", body="Возвели стену.", published_on=datetime.date(2020, 1, 1))
    assert [a.title for a in searching.run({"q": "стену"}).articles] == ["Стену", "Стены"]


def test_an_article_filtered_out_leaves_the_relevance_order_as_it_was(
    settings, search_path, make_article
):
    # One article is ranked by ts_rank here; the others follow in the first stage's order,
    # whose recency runs from the newest match shown, and ends ten years before it. An English article newer than every Russian one, filtered out by language, would
    # otherwise push "Девять лет" past that end, and below "Десять лет", whose longer text
    # gives it a static rank 0.01 higher.
    def body(length: int) -> str:
        return f"Логистика. {LONG_BODY}"[:length]

    settings.SEARCH_RANK_CANDIDATES = settings.SEARCH_RANK_TITLE_CANDIDATES = 1

    make_article(title="Год", body=body(100), published_on=datetime.date(2024, 7, 1))
    make_article(title="Девять лет", body=body(1000), published_on=datetime.date(2015, 6, 1))
    make_article(title="Десять лет", body=body(1095), published_on=datetime.date(2014, 1, 1))
    newest = make_article(
        title="Logistics", body="Логистика.", language="en", published_on=datetime.date(2025, 9, 1)
    )
    params = {"q": "логистика", "language": "ru"}
    with_it = [a.title for a in searching.run(params).articles]
    newest.delete()
    assert [a.title for a in searching.run(params).articles] == with_it
    # The bounded path pages through its ranked candidates only (here the best and newest).
    expected = ["Год"] if search_path == "bounded" else ["Год", "Девять лет", "Десять лет"]
    assert with_it == expected
