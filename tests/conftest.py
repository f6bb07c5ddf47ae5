"""Shared test helpers: small factories for articles and the reference countries."""

import datetime

import pytest

from archive.models import Article, Country, CountryPair


@pytest.fixture
def make_article(db):
    """Build an article with sensible defaults; pairs given as codes ("BY-CN")."""

    def make(
        title="Статья",
        body="Текст статьи.",
        published_on=datetime.date(2025, 1, 15),
        language="ru",
        pairs=(),
        countries=(),
        **fields,
    ):
        article = Article.objects.create(
            title=title, body=body, published_on=published_on, language=language, **fields
        )
        for code in pairs:
            article.pairs.add(CountryPair.objects.get_or_create_for(code)[0])
        if countries:
            article.countries.add(*Country.objects.filter(code__in=countries))
        return article

    return make
