"""The loader: batches, one bad record costing only itself, URLs kept and found again, outlets."""

import datetime

import pytest

from archive.ingest.loader import Loader, load_records, save_record
from archive.ingest.records import AgreementRecord, ArticleRecord, ParseError
from archive.ingest.urls import url_key
from archive.models import Agreement, Article, Outlet

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)


def record(title="Беларусь и Китай", body="Минск и Пекин сотрудничают.", **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("language", "ru")
    if fields.get("source_url"):
        fields.setdefault("url_key", url_key(fields["source_url"]))
    return ArticleRecord(title=title, body=body, **fields)


def test_a_batch_of_new_records_is_stored_with_tags_and_counted():
    records = [
        record(f"Статья {n}", f"Текст {n}.", countries=["BY", "CN"], pairs=["BY-CN"])
        for n in range(7)
    ]
    report = Loader(batch_size=3).load(records)
    assert report.summary() == "created 7, updated 0, unchanged 0, failed 0"
    assert Article.objects.count() == 7
    for article in Article.objects.all():
        assert sorted(article.countries.values_list("code", flat=True)) == ["BY", "CN"]
        assert list(article.pairs.values_list("code", flat=True)) == ["BY-CN"]


def test_a_bad_record_costs_only_itself_and_its_batch_is_stored():
    records = [record(f"Статья {n}", f"Текст {n}.") for n in range(5)]
    records[2].pairs = ["BY-XX"]
    records[2].origin = "feed.jsonl:3"
    records[3].title = "Т" * 501
    records[3].origin = "feed.jsonl:4"
    report = Loader(batch_size=10).load(records)
    assert (report.created, report.failed) == (3, 2)
    assert sorted(origin for origin, _ in report.errors) == ["feed.jsonl:3", "feed.jsonl:4"]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Статья 0",
        "Статья 1",
        "Статья 4",
    ]


def test_a_database_refusal_in_a_batch_is_isolated_to_its_record():
    # NUL cannot be stored in a PostgreSQL text column: the batch's INSERT fails, and the
    # loader stores the others one by one.
    records = [record(f"Статья {n}", f"Текст {n}.") for n in range(4)]
    records[1].body = "Текст\x00 с нулевым байтом."
    records[1].origin = "feed.jsonl:2"
    report = Loader().load(records)
    assert (report.created, report.failed) == (3, 1)
    assert report.errors[0][0] == "feed.jsonl:2"
    assert "could not be stored" in report.errors[0][1]


def test_the_source_url_is_stored_exactly_as_given():
    given = "https://mpt.gov.by/node/10669/"
    article, _ = save_record(record(source_url=given))
    assert article.source_url == given
    assert article.url_key == "mpt.gov.by/node/10669"


@pytest.mark.parametrize(
    "other",
    [
        "http://mpt.gov.by/node/10669",
        "https://www.mpt.gov.by/node/10669/",
        "https://mpt.gov.by/node/10669?utm_source=telegram&utm_medium=social",
        "https://mpt.gov.by/node/10669/amp",
        "https://mpt.gov.by/node/10669#comments",
        "https://mpt.gov.by/node/10669?fbclid=abc",
    ],
)
def test_another_address_of_the_same_page_finds_the_same_article(other):
    first, _ = save_record(record(source_url="https://mpt.gov.by/node/10669"))
    again, outcome = save_record(record(body="Исправленный текст.", source_url=other))
    assert again.pk == first.pk
    assert outcome == "updated"
    assert Article.objects.count() == 1


def test_different_pages_of_one_site_stay_different_articles():
    save_record(record(source_url="https://mpt.gov.by/node/10669"))
    save_record(record(title="Другая", source_url="https://mpt.gov.by/node/10670"))
    save_record(record(title="Третья", source_url="https://mpt.gov.by/node/10669?page=2"))
    assert Article.objects.count() == 3


def test_a_reprint_under_another_url_is_another_article_but_a_url_completes_a_urlless_one():
    save_record(record(source_url="https://belta.by/a/1"))
    reprint, outcome = save_record(record(source_url="https://news.by/b/2"))
    assert outcome == "created"
    urlless, _ = save_record(record(title="Без адреса", body="Только текст."))
    completed, outcome = save_record(
        record(title="Без адреса", body="Только текст.", source_url="https://x.by/c")
    )
    assert (completed.pk, outcome, completed.source_url) == (
        urlless.pk,
        "updated",
        "https://x.by/c",
    )
    assert Article.objects.count() == 3


def test_the_same_article_twice_in_one_batch_is_stored_once():
    report = load_records(
        [record(), record(body="Минск и Пекин сотрудничают."), record(title="Другая")]
    )
    assert report.summary() == "created 2, updated 0, unchanged 1, failed 0"


def test_titles_that_slugify_alike_on_one_day_get_distinct_addresses():
    report = load_records([record("Беларусь и Китай", f"Текст {n}.") for n in range(3)])
    assert report.created == 3
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == ["belarus-i-kitai", "belarus-i-kitai-2", "belarus-i-kitai-3"]
    for article in Article.objects.all():
        assert article.get_absolute_url().endswith(f"/{article.slug}/")


def test_impossible_and_missing_dates_are_clear_errors():
    future = record(date=datetime.date(2999, 1, 1), origin="a.jsonl:1")
    undated = record(date=None, origin="a.jsonl:2")
    undated.review_notes = ["no date in the record, its URL or its text"]
    report = load_records([future, undated])
    assert report.errors == [
        ("a.jsonl:1", "implausible publication date 2999-01-01"),
        ("a.jsonl:2", "no date in the record, its URL or its text"),
    ]


def test_a_named_outlet_wins_over_another_outlet_of_the_same_domain():
    article, _ = save_record(record(source="БЕЛТА", source_url="https://sputnik.by/news/1"))
    assert article.outlet.name == "BelTA"


@pytest.mark.parametrize(
    ("given", "name"), [("БЕЛТА", "BelTA"), ("Синьхуа", "Xinhua"), ("ТАСС", "TASS")]
)
def test_outlets_are_found_by_their_other_names(given, name):
    article, _ = save_record(record(source=given))
    assert article.outlet.name == name


def test_an_editor_added_alias_is_used_on_the_next_import():
    Outlet.objects.filter(name="RIA Novosti").update(aliases=["РИА Новости"])
    article, _ = save_record(record(source="риа новости"))
    assert article.outlet.name == "RIA Novosti"


def test_an_unknown_outlet_with_a_taken_domain_is_created_without_the_domain():
    article, _ = save_record(record(source="Блог о Китае", source_url="https://belta.by/blog/1"))
    assert (article.outlet.name, article.outlet.domain) == ("Блог о Китае", "")
    assert Outlet.objects.get(name="BelTA").domain == "belta.by"


def test_agreements_are_matched_or_proposed_once_for_many_articles():
    memorandum = AgreementRecord(
        name="Меморандум о сотрудничестве в области туризма",
        kind="memorandum",
        parties=["BY", "CN"],
    )
    records = [record(f"Статья {n}", f"Текст {n}.", agreements=[memorandum]) for n in range(5)]
    Loader(batch_size=2).load(records)
    (agreement,) = Agreement.objects.all()
    assert (agreement.kind, agreement.status) == ("memorandum", "proposed")
    assert sorted(agreement.parties.values_list("code", flat=True)) == ["BY", "CN"]
    assert agreement.articles.count() == 5


def test_a_parse_error_passed_to_the_loader_is_counted_as_failed():
    report = load_records([ParseError("a.jsonl:9", "invalid JSON"), record()])
    assert report.summary() == "created 1, updated 0, unchanged 0, failed 1"
