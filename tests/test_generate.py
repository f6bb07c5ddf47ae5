"""The synthetic corpus (tests/bench/synthetic/): realistic shape, consistent facets, the same
articles for the same seed; and the command that loads it, which writes only to a `*_bench`
database (the tests' own database is not one, so they load through the library)."""

import datetime
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from archive.models import Agreement, Article, Country, CountryPair, Outlet, content_hash
from tests.bench.synthetic import corpus
from tests.bench.synthetic.articles import ARTICLE_COLUMNS, ArticleMaker
from tests.bench.synthetic.reference import MissingCountries, ensure_reference
from tests.bench.synthetic.vocabulary import build_vocabularies


def generate(count, seed=7, agreements=100):
    """What `generate_articles` does, in the test database (which the command refuses)."""
    corpus.generate(count, seed, workers=1, agreements=agreements)


def snapshot():
    """Every article's content and facets, keyed by its synthetic URL (which holds the ordinal)."""
    articles = Article.objects.select_related("outlet").prefetch_related(
        "countries", "pairs", "agreements"
    )
    return {
        a.source_url: (
            a.title,
            a.lead,
            a.body,
            a.published_on,
            a.language,
            a.outlet.slug,
            sorted(c.code for c in a.countries.all()),
            sorted(p.code for p in a.pairs.all()),
            sorted(g.slug for g in a.agreements.all()),
        )
        for a in articles
    }


class GeneratedCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        generate(200, agreements=2000)

    def setUp(self):
        self.articles = Article.objects.prefetch_related(
            "countries", "pairs__first", "pairs__second"
        )

    def test_creates_the_articles_and_reference_data_asked_for(self):
        self.assertEqual(self.articles.count(), 200)
        self.assertGreaterEqual(Outlet.objects.count(), 30)
        self.assertGreaterEqual(Agreement.objects.count(), 2000)
        self.assertFalse(Agreement.objects.filter(parties__isnull=True).exists())

    def test_about_seventy_percent_of_articles_are_russian(self):
        russian = self.articles.filter(language="ru").count()
        self.assertTrue(0.55 <= russian / 200 <= 0.85, russian)
        self.assertEqual(self.articles.filter(language="en").count(), 200 - russian)

    def test_every_article_has_pairs_whose_countries_it_lists(self):
        for article in self.articles:
            pairs = list(article.pairs.all())
            self.assertTrue(pairs, article.title)
            countries = {c.code for c in article.countries.all()}
            for pair in pairs:
                self.assertLessEqual({pair.first.code, pair.second.code}, countries)

    def test_the_most_common_pairs_are_belarus_china_and_china_russia(self):
        counts = {}
        for article in self.articles:
            for pair in article.pairs.all():
                counts[pair.code] = counts.get(pair.code, 0) + 1
        top = sorted(counts, key=counts.get, reverse=True)[:3]
        self.assertLessEqual({"BY-CN", "CN-RU"}, set(top))

    def test_articles_have_real_text_and_dates_in_range(self):
        for article in self.articles:
            self.assertTrue(
                datetime.date(2000, 1, 1) <= article.published_on <= datetime.date(2026, 12, 31)
            )
            self.assertTrue(150 <= len(article.body.split()) <= 900)
            self.assertTrue(article.title and article.lead and article.slug)
            self.assertEqual(article.content_hash, content_hash(article.title, article.body))
        russian = " ".join(a.body for a in self.articles.filter(language="ru")[:20])
        english = " ".join(a.body for a in self.articles.filter(language="en")[:20])
        self.assertIn(" и ", russian)
        self.assertIn(" the ", english)

    def test_recent_years_have_more_articles_than_early_ones(self):
        recent = self.articles.filter(published_on__year__gte=2020).count()
        early = self.articles.filter(published_on__year__lt=2007).count()
        self.assertGreater(recent, 2 * early)

    def test_generated_articles_are_found_by_full_text_search(self):
        article = self.articles.filter(language="ru").first()
        word = max(article.body.split(), key=len).strip(",.?")
        query = SearchQuery(word, config="russian")
        self.assertIn(article, Article.objects.filter(search_vector=query))


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_corpus():
    generate(40, seed=3)
    first = snapshot()
    Article.objects.all().delete()
    generate(40, seed=3)
    assert snapshot() == first
    Article.objects.all().delete()
    generate(40, seed=4)
    assert {v[0] for v in snapshot().values()}.isdisjoint(v[0] for v in first.values())


@pytest.mark.django_db
def test_a_second_run_continues_the_corpus_where_the_first_stopped():
    generate(20, seed=5)
    generate(20, seed=5)
    in_two_runs = snapshot()
    Article.objects.all().delete()
    generate(40, seed=5)
    assert len(in_two_runs) == 40
    assert snapshot() == in_two_runs


@pytest.mark.django_db
def test_without_countries_the_generator_says_what_to_do():
    Outlet.objects.update(country=None)
    CountryPair.objects.all().delete()
    Country.objects.all().delete()
    with pytest.raises(MissingCountries, match="migrate"):
        generate(10)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_generate_articles_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match=r"Refusing to write to database 'test_[^']*'"):
        call_command("generate_articles", count=10, workers=1, stdout=StringIO())
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_each_row_carries_its_tag_ids_sorted_as_the_link_tables_hold_them():
    maker = ArticleMaker(7, build_vocabularies(), ensure_reference(7, 100))
    for ordinal in range(50):
        article = maker.make(ordinal, ordinal + 1)
        row = dict(zip(ARTICLE_COLUMNS, article.row, strict=True))
        assert row["pair_ids"] == sorted(article.pair_ids)
        assert row["country_ids"] == sorted(article.country_ids)
        assert row["agreement_ids"] == sorted(article.agreement_ids)


@pytest.mark.django_db
def test_loaded_articles_hold_the_tag_ids_of_their_links():
    generate(60)
    for article in Article.objects.prefetch_related("pairs", "countries", "agreements"):
        assert article.pair_ids == sorted(p.pk for p in article.pairs.all())
        assert article.country_ids == sorted(c.pk for c in article.countries.all())
        assert article.agreement_ids == sorted(a.pk for a in article.agreements.all())
