"""Citations in GOST R 7.0.100-2018 and APA 7: exact strings, for plain works and seed articles."""

import datetime
import io

import pytest

from archive.citation import Work, apa, gost, work_for
from archive.models import Article

ACCESSED = datetime.date(2026, 11, 22)

MEMORANDUM_TALKS = Work(
    title="Беларусь и Китай активизируют сотрудничество в сфере цифрового развития",
    published_on=datetime.date(2025, 7, 31),
    language="ru",
    site="mpt.gov.by",
    url="https://mpt.gov.by/node/10669",
    author="mpt.gov.by",
)


def test_gost_entry_for_a_russian_article_on_a_website():
    assert gost(MEMORANDUM_TALKS, ACCESSED).text == (
        "Беларусь и Китай активизируют сотрудничество в сфере цифрового развития."
        " – Текст : электронный // mpt.gov.by : [сайт]. – 2025. – 31 июля."
        " – URL: https://mpt.gov.by/node/10669 (дата обращения: 22.11.2026)."
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 11, 14), "– 2025. – 14 нояб. –"),
        (datetime.date(2025, 9, 1), "– 2025. – 1 сент. –"),
        (datetime.date(2025, 3, 8), "– 2025. – 8 марта. –"),
        (datetime.date(2025, 2, 23), "– 2025. – 23 февр. –"),
    ],
)
def test_gost_abbreviates_russian_months_by_the_standard(day, expected):
    work = Work("Заголовок", day, "ru", "news.by", "https://news.by/x")
    assert expected in gost(work, ACCESSED).text


def test_gost_dates_an_english_article_in_english():
    work = Work("Talks in Beijing", datetime.date(2025, 6, 3), "en", "BelTA", "https://x.by/1")
    assert gost(work, ACCESSED).text == (
        "Talks in Beijing. – Текст : электронный // BelTA : [сайт]. – 2025. – 3 June."
        " – URL: https://x.by/1 (дата обращения: 22.11.2026)."
    )


def test_a_title_ending_in_a_question_mark_gets_no_full_stop():
    work = Work("Что дальше?", datetime.date(2025, 1, 5), "ru", "news.by", "https://news.by/1")
    assert gost(work, ACCESSED).text.startswith("Что дальше? – Текст : электронный")
    assert "Что дальше? (2025, January 5)" in apa(work, ACCESSED).text


def test_apa_reference_with_the_outlet_as_group_author_in_english():
    assert apa(MEMORANDUM_TALKS, ACCESSED, "en").text == (
        "mpt.gov.by. (2025, July 31)."
        " Беларусь и Китай активизируют сотрудничество в сфере цифрового развития."
        " Retrieved November 22, 2026, from https://mpt.gov.by/node/10669"
    )


def test_apa_reference_for_a_russian_reader():
    assert apa(MEMORANDUM_TALKS, ACCESSED, "ru").text == (
        "mpt.gov.by. (2025, 31 июля)."
        " Беларусь и Китай активизируют сотрудничество в сфере цифрового развития."
        " Извлечено 22 ноября 2026 г. из https://mpt.gov.by/node/10669"
    )


def test_apa_without_an_author_puts_the_title_first_and_names_the_site():
    work = Work("Talks in Beijing", datetime.date(2025, 6, 3), "en", "Concord", "http://a/1/")
    assert apa(work, ACCESSED).text == (
        "Talks in Beijing. (2025, June 3). Concord. Retrieved November 22, 2026, from http://a/1/"
    )


def test_apa_html_italicises_the_title_and_escapes_every_part():
    work = Work("<b>Bold</b> & co", datetime.date(2025, 6, 3), "en", "S", "http://a/?x=1&y=2")
    html = apa(work, ACCESSED).html
    assert '<i lang="en">&lt;b&gt;Bold&lt;/b&gt; &amp; co.</i>' in html
    assert "http://a/?x=1&amp;y=2" in html
    assert "<b>" not in gost(work, ACCESSED).html


@pytest.mark.django_db
def test_work_for_an_article_prefers_the_outlet_and_the_original_address(make_article, make_outlet):
    outlet = make_outlet(name="Министерство связи")
    article = make_article(
        title="Беларусь и Китай  активизируют\nсотрудничество",
        published_on=datetime.date(2025, 7, 31),
        source_url="https://www.mpt.gov.by/node/10669",
        outlet=outlet,
    )
    work = work_for(article, "http://testserver/articles/x/")
    assert work.title == "Беларусь и Китай активизируют сотрудничество"
    assert work.site == work.author == outlet.name
    assert work.url == "https://www.mpt.gov.by/node/10669"


@pytest.mark.django_db
def test_work_for_an_article_without_outlet_or_address_falls_back(make_article):
    with_url = make_article(title="A", source_url="https://www.example.org/a", language="en")
    bare = make_article(title="B", language="en")
    assert work_for(with_url, "http://here/a/").site == "example.org"
    assert work_for(with_url, "http://here/a/").author == ""
    assert work_for(bare, "http://here/b/").site == "Concord"
    assert work_for(bare, "http://here/b/").url == "http://here/b/"


@pytest.fixture
def seeds(db, settings):
    """The five seed articles, imported as `make seed` imports them."""
    from django.core.management import call_command

    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "agreements.json"), verbosity=0)
    call_command("import_articles", "fixtures/seeds", "--year", "2025", stdout=io.StringIO())
    return {a.published_on.isoformat(): a for a in Article.objects.select_related("outlet")}


def seed_work(article):
    return work_for(article, f"http://testserver{article.get_absolute_url()}")


def test_seed_from_the_ministry_cited_in_both_styles(seeds):
    work = seed_work(seeds["2025-07-31"])
    assert gost(work, ACCESSED).text == (
        "Беларусь и Китай активизируют сотрудничество в сфере цифрового развития."
        " – Текст : электронный // Министерство связи и информатизации Республики Беларусь"
        " : [сайт]. – 2025. – 31 июля. – URL: https://mpt.gov.by/node/10669"
        " (дата обращения: 22.11.2026)."
    )
    assert apa(work, ACCESSED).text == (
        "Министерство связи и информатизации Республики Беларусь. (2025, July 31)."
        " Беларусь и Китай активизируют сотрудничество в сфере цифрового развития."
        " Retrieved November 22, 2026, from https://mpt.gov.by/node/10669"
    )


def test_seed_without_an_original_address_is_cited_at_the_archive(seeds):
    archived = (
        "http://testserver/articles/2025/11/14/"
        "belarus-i-kitai-ukrepliaiut-stenu-druzhby-cherez-mezhregionalnoe-sotrudnichestvo/"
    )
    work = seed_work(seeds["2025-11-14"])
    assert gost(work, ACCESSED).text == (
        'Беларусь и Китай укрепляют "стену дружбы" через межрегиональное сотрудничество.'
        " – Текст : электронный // news.by : [сайт]. – 2025. – 14 нояб."
        f" – URL: {archived} (дата обращения: 22.11.2026)."
    )
    assert apa(work, ACCESSED, "ru").text == (
        "news.by. (2025, 14 ноября)."
        ' Беларусь и Китай укрепляют "стену дружбы" через межрегиональное сотрудничество.'
        f" Извлечено 22 ноября 2026 г. из {archived}"
    )


def test_english_seed_without_outlet_names_the_archive_as_the_site(seeds):
    article = seeds["2025-06-03"]
    work = seed_work(article)
    archived = f"http://testserver{article.get_absolute_url()}"
    assert gost(work, ACCESSED).text == (
        "Technological modernization is one of the main aspects in Belarus's cooperation"
        " with China. – Текст : электронный // Concord : [сайт]. – 2025. – 3 June."
        f" – URL: {archived} (дата обращения: 22.11.2026)."
    )
    assert apa(work, ACCESSED).text == (
        "Technological modernization is one of the main aspects in Belarus's cooperation"
        f" with China. (2025, June 3). Concord. Retrieved November 22, 2026, from {archived}"
    )
