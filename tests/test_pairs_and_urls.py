"""Country pairs are unordered with one canonical code; source URLs have one spelling."""

import datetime

import pytest

from archive.ingest.loader import save_record
from archive.ingest.records import ArticleRecord
from archive.ingest.urls import normalise_url
from archive.models import Article, CountryPair, canonical_pair_code


@pytest.mark.parametrize(
    "given", [("BY", "CN"), ("cn", "by"), ("CN-BY",), ("by-cn",), (" cn – by ",)]
)
def test_pair_code_is_canonical_whatever_the_order_or_case(given):
    assert canonical_pair_code(*given) == "BY-CN"


@pytest.mark.parametrize("bad", ["BY", "BY-BY", "BYE-CN", "", "12-34"])
def test_a_malformed_pair_is_refused(bad):
    with pytest.raises(ValueError):
        canonical_pair_code(bad)


@pytest.mark.django_db
def test_a_pair_is_stored_once_whatever_the_order():
    first, created = CountryPair.objects.get_or_create_for("cn", "by")
    second, created_again = CountryPair.objects.get_or_create_for("BY-CN")
    assert (first.pk, first.code, created, created_again) == (second.pk, "BY-CN", True, False)
    assert (first.first.code, first.second.code) == ("BY", "CN")


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://MPT.gov.BY/node/10669", "https://mpt.gov.by/node/10669"),
        ("https://mpt.gov.by:443/node/10669/", "https://mpt.gov.by/node/10669"),
        ("http://example.org:80", "http://example.org/"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://news.by/a?utm_source=tg&id=5&utm_medium=x#comments", "https://news.by/a?id=5"),
        ("https://news.by/a?fbclid=abc", "https://news.by/a"),
        ("<https://mpt.gov.by/node/10669>", "https://mpt.gov.by/node/10669"),
        ("https://news.by/Path/Case", "https://news.by/Path/Case"),
    ],
)
def test_urls_are_normalised(url, normal):
    assert normalise_url(url) == normal


@pytest.mark.parametrize("bad", ["ftp://example.org/a", "mailto:x@example.org", "example.org", ""])
def test_urls_that_are_not_web_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        normalise_url(bad)


@pytest.mark.django_db
def test_two_spellings_of_one_url_are_one_article():
    def record(url, body):
        return ArticleRecord(
            title="Беларусь и Китай",
            body=body,
            date=datetime.date(2025, 7, 31),
            language="ru",
            source_url=normalise_url(url),
        )

    first, outcome = save_record(record("https://MPT.gov.by/node/10669/", "Первый текст."))
    again, outcome_again = save_record(
        record("https://mpt.gov.by/node/10669?utm_source=x#top", "Исправленный текст.")
    )
    assert (outcome, outcome_again) == ("created", "updated")
    assert again.pk == first.pk
    assert Article.objects.get().body == "Исправленный текст."
    assert Article.objects.get().source_url == "https://mpt.gov.by/node/10669"
