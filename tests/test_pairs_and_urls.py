"""Country pairs are unordered with one canonical code; every address of a page, one key."""

import datetime

import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix

from archive.ingest.loader import save_record
from archive.ingest.records import ArticleRecord
from archive.ingest.urls import clean_source_url, url_key
from archive.models import Article, CountryPair, canonical_pair_code
from archive.urls_cache import article_url


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
    ("url", "key"),
    [
        ("HTTPS://MPT.gov.BY/node/10669", "mpt.gov.by/node/10669"),
        ("https://mpt.gov.by:443/node/10669/", "mpt.gov.by/node/10669"),
        ("http://www.mpt.gov.by/node/10669", "mpt.gov.by/node/10669"),
        ("http://example.org:80", "example.org"),
        ("http://example.org:8080/a", "example.org:8080/a"),
        ("https://news.by/a?utm_source=tg&id=5&utm_medium=x#comments", "news.by/a?id=5"),
        ("https://news.by/a?b=2&a=1", "news.by/a?a=1&b=2"),
        ("https://news.by/a?fbclid=abc&yclid=1&gclid=2", "news.by/a"),
        ("https://news.by/amp/a/", "news.by/a"),
        ("https://m.news.by/a/amp", "news.by/a"),
        ("https://news.by/a/index.html", "news.by/a"),
        ("<https://mpt.gov.by/node/10669>", "mpt.gov.by/node/10669"),
        ("https://news.by/Path/Case", "news.by/Path/Case"),
        ("https://news.by/новости/1", "news.by/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"),
        ("https://news.by/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1",
         "news.by/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"),
    ],
)  # fmt: skip
def test_every_address_of_a_page_has_one_key(url, key):
    assert url_key(url) == key


@pytest.mark.parametrize(
    "url",
    ["https://mpt.gov.by/node/10669/", "https://news.by/a?utm_source=tg>", "HTTP://News.by/A"],
)
def test_a_source_url_is_kept_as_given(url):
    assert clean_source_url(f"  {url} ") == url


@pytest.mark.parametrize(
    "bad", ["ftp://example.org/a", "mailto:x@example.org", "example.org", "", "https://a b.by/"]
)
def test_urls_that_are_not_web_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        url_key(bad)
    with pytest.raises(ValueError):
        clean_source_url(bad)


@pytest.mark.django_db
def test_two_spellings_of_one_url_are_one_article_which_keeps_the_address_it_was_given():
    def record(url, body):
        return ArticleRecord(
            title="Беларусь и Китай",
            body=body,
            date=datetime.date(2025, 7, 31),
            language="ru",
            source_url=url,
            url_key=url_key(url),
        )

    first, outcome = save_record(record("https://MPT.gov.by/node/10669/", "Первый текст."))
    again, outcome_again = save_record(
        record("https://mpt.gov.by/node/10669?utm_source=x#top", "Исправленный текст.")
    )
    assert (outcome, outcome_again) == ("created", "updated")
    assert again.pk == first.pk
    assert Article.objects.get().body == "Исправленный текст."
    assert Article.objects.get().source_url == "https://mpt.gov.by/node/10669?utm_source=x#top"


@pytest.mark.parametrize("script_prefix", ["/", "/concord/"])
def test_an_articles_address_is_the_one_its_url_pattern_gives(script_prefix):
    # Article addresses are written from a prefix reversed once per URLconf and script
    # prefix (archive/urls_cache.py): an archive served under a sub-path links under it.
    day, previous = datetime.date(2025, 3, 7), get_script_prefix()
    set_script_prefix(script_prefix)
    try:
        expected = reverse("archive:article", args=[2025, "03", "07", "by-cn_memo-2"])
        assert article_url(day, "by-cn_memo-2") == expected
        assert expected.startswith(f"{script_prefix}articles/2025/03/07/")
        # A slug the pattern refuses is refused as reverse() refuses it, not written out.
        with pytest.raises(NoReverseMatch):
            article_url(day, "меморандум")
    finally:
        set_script_prefix(previous)
