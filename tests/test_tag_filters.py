"""Filtering articles by tag: `Article.objects.tagged()` and the browsing filters built on it,
and the one message for a pair the archive has no articles on."""

import datetime

import pytest
from django.utils import translation

from archive.filters import ArchiveFilterSet
from archive.models import Agreement, Article, unknown_pair_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_articles(make_article):
    """Four articles: on BY-CN with a memorandum, on CN-RU with a treaty, on BY-RU without
    country links, and one in English on BY-CN with nothing else."""
    memorandum = Agreement.objects.create(name_en="Memorandum", slug="memo", kind="memorandum")
    treaty = Agreement.objects.create(name_en="Treaty", slug="treaty", kind="treaty")
    by_cn = make_article(title="BY-CN", pairs=["BY-CN"], countries=["BY", "CN"])
    by_cn.agreements.add(memorandum)
    cn_ru = make_article(title="CN-RU", pairs=["CN-RU"], countries=["CN", "RU"])
    cn_ru.agreements.add(treaty)
    by_ru = make_article(title="BY-RU", pairs=["BY-RU"])
    english = make_article(
        title="BY-CN in English",
        language="en",
        pairs=["BY-CN"],
        published_on=datetime.date(2025, 2, 1),
    )
    return {"by_cn": by_cn, "cn_ru": cn_ru, "by_ru": by_ru, "english": english}


def titles(queryset) -> list[str]:
    return sorted(queryset.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"pairs": ["cn-by"]}, ["BY-CN", "BY-CN in English"]),
        ({"pairs": ["CN BY", "ru-cn"]}, ["BY-CN", "BY-CN in English", "CN-RU"]),
        ({"countries": ["ru"]}, ["CN-RU"]),
        ({"countries": ["BY", "RU"]}, ["BY-CN", "CN-RU"]),
        ({"agreements": ["memo", "treaty"]}, ["BY-CN", "CN-RU"]),
        ({"kinds": ["treaty"]}, ["CN-RU"]),
        ({"pairs": ["BY-CN"], "agreements": ["memo"]}, ["BY-CN"]),
        ({"pairs": ["BY-CN"], "kinds": ["treaty"]}, []),
        ({"countries": ["CN"], "kinds": ["memorandum", "treaty"]}, ["BY-CN", "CN-RU"]),
        ({"pairs": ["XX-YY"]}, []),
        ({"pairs": ["XX-YY", "BY-RU"]}, ["BY-RU"]),
        ({"agreements": ["no-such-agreement"]}, []),
        ({"kinds": ["alliance"]}, []),
        ({}, ["BY-CN", "BY-CN in English", "BY-RU", "CN-RU"]),
    ],
)
def test_values_of_one_tag_widen_and_tags_together_narrow(tagged_articles, tags, expected):
    assert titles(Article.objects.tagged(**tags)) == expected


def test_a_value_that_is_not_a_pair_code_is_an_error_not_a_silent_empty_list(tagged_articles):
    with pytest.raises(ValueError, match="not a country pair"):
        Article.objects.tagged(pairs=["Belarus"])


def test_a_pair_is_found_by_its_two_codes_in_any_order(tagged_articles):
    assert titles(Article.objects.for_pair("CN", "BY")) == ["BY-CN", "BY-CN in English"]
    assert titles(Article.objects.for_pair("by-cn")) == ["BY-CN", "BY-CN in English"]


def test_the_date_archive_narrows_by_pair_and_language(tagged_articles):
    def narrowed(**params):
        filters = ArchiveFilterSet(params, queryset=Article.objects.all())
        assert filters.is_valid(), filters.errors
        return titles(filters.qs)

    assert narrowed(pair="BY-CN", language="en") == ["BY-CN in English"]
    assert narrowed(pair="cn-by") == ["BY-CN", "BY-CN in English"]
    assert narrowed(language="ru") == ["BY-CN", "BY-RU", "CN-RU"]


def test_a_country_page_has_its_own_articles_and_those_of_its_pairs(tagged_articles):
    # BY-RU has no country links: its pair alone puts it on Russia's page.
    assert titles(Article.objects.about_country("RU")) == ["BY-RU", "CN-RU"]
    assert titles(Article.objects.about_country("BY")) == ["BY-CN", "BY-CN in English", "BY-RU"]
    assert titles(Article.objects.about_country("ZZ")) == []


def test_an_unknown_pair_is_named_in_words_and_by_code_when_its_countries_are_known(db):
    with translation.override("en"):
        assert unknown_pair_message(["BY-UZ"]) == (
            "The archive has no articles on Belarus–Uzbekistan (BY-UZ)."
        )
        assert unknown_pair_message(["XX-YY", "BY-UZ"]) == (
            "The archive has no articles on XX-YY, Belarus–Uzbekistan (BY-UZ)."
        )
    with translation.override("ru"):
        assert (
            unknown_pair_message(["BY-UZ"])
            == "В архиве нет статей о паре Беларусь–Узбекистан (BY-UZ)."
        )
