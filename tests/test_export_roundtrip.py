"""A full export imported into an emptied archive answers every public URL as before.

The export is a portable copy of the curated archive: agreements (named by an article or not)
keep their slugs, ids, dates and statuses and are never merged by name; outlets keep their
country and other names; articles keep their ids and addresses; countries keep their forms.
"""

import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Agreement, Article, Country, CountryPair, Name, Outlet

SAME_NAME = "Соглашение о сотрудничестве в области средств массовой информации"
# Per-response values (CSRF tokens, CSP nonces) that differ between any two requests.
PER_RESPONSE = re.compile(r'(value|nonce|content)="[A-Za-z0-9+/=_-]{20,}"')
# A feed with no entries is dated by the time of the request.
BUILT_NOW = re.compile(r"<(lastBuildDate|updated)>[^<]*</\1>")


@pytest.fixture
def curated(db):
    """An archive with the cases a copy gets wrong: one agreement name for two agreements of
    different dates and status, an agreement no article names, outlets with a country and
    other names, articles in both languages, an editor's slug, a gap in the ids."""
    by, cn, ru = (Country.objects.get(code=c) for c in ("BY", "CN", "RU"))
    by.forms = [*by.forms, "синеокая*"]
    by.save()
    Name.objects.create(canonical="Roman Golovchenko", kind="person", variants=["Р. Головченко"])
    belta = Outlet.objects.update_or_create(
        name="BelTA", defaults={"country": by, "aliases": ["БЕЛТА", "Belta"]}
    )[0]
    xinhua = Outlet.objects.update_or_create(
        name="Xinhua",
        defaults={
            "slug": "xinhua-agency",
            "country": cn,
            "aliases": ["Синьхуа"],
            "domain": "news.cn",
        },
    )[0]
    older = Agreement.objects.create(
        name_ru=SAME_NAME,
        kind="agreement",
        signed_on=datetime.date(2019, 5, 14),
        status="expired",
        slug="media-2019",
    )
    older.parties.set([by, cn])
    newer = Agreement.objects.create(
        name_ru=SAME_NAME,
        kind="agreement",
        signed_on=datetime.date(2024, 8, 22),
        status="in_force",
        party_organisations="Министерство информации\nГосударственное управление радио",
    )
    newer.parties.set([by, cn])
    unlinked = Agreement.objects.create(
        name_en="Roadmap for trade between Russia and China",
        kind="roadmap",
        status="planned",
        aliases=["Trade roadmap"],
    )
    unlinked.parties.set([cn, ru])

    def article(title, day, outlet, agreements=(), pair="BY-CN", **fields):
        made = Article.objects.create(
            title=title,
            body=f"{title}. {outlet or 'Без источника'}: текст статьи о сотрудничестве.",
            published_on=day,
            outlet=outlet,
            language=fields.pop("language", "ru"),
            **fields,
        )
        made.pairs.add(CountryPair.objects.get_or_create_for(pair)[0])
        made.countries.add(*Country.objects.filter(code__in=pair.split("-")))
        made.agreements.add(*agreements)
        return made

    day = datetime.date(2024, 8, 22)
    article("Подписано соглашение о СМИ", day, belta, [newer], source_url="https://belta.by/a/1")
    article("Подписано соглашение о СМИ", day, xinhua, [newer])  # the same day's second slug
    gone = article("Удалённая статья", day, belta)
    gone.delete()  # ids are not renumbered by a copy
    article(
        "Media agreement of 2019",
        datetime.date(2019, 5, 14),
        xinhua,
        [older],
        language="en",
        source_url="https://english.news.cn/2019/05/14/c_1.htm",
    )
    renamed = article("Статья с адресом редактора", datetime.date(2025, 1, 3), None)
    renamed.slug = "editors-own-address"
    renamed.save()
    article(
        "Russia and China talk trade", datetime.date(2025, 2, 1), None, language="en", pair="CN-RU"
    )


def public_urls() -> list[str]:
    """Every address a reader, a feed reader or a search engine may have kept."""
    urls = ["/", "/agreements/", "/pairs/", "/archive/", "/sitemap.xml", "/api/articles/"]
    for article in Article.objects.all():
        urls += [article.get_absolute_url(), f"/articles/{article.pk}/"]
        urls.append(f"/api/articles/{article.pk}/")
    for slug in Agreement.objects.values_list("slug", flat=True):
        urls += [f"/agreements/{slug}/", f"/feeds/agreements/{slug}.rss"]
        urls.append(f"/feeds/agreements/{slug}.atom")
    for slug in Outlet.objects.values_list("slug", flat=True):
        urls.append(f"/sources/{slug}/")
    for code in CountryPair.objects.values_list("code", flat=True):
        urls += [f"/pairs/{code}/", f"/feeds/pairs/{code}.rss", f"/feeds/pairs/{code}.atom"]
    urls += ["/countries/BY/", "/feeds/latest.atom", "/sitemap-articles.xml"]
    urls += ["/sitemap-agreements.xml", "/search/?q=соглашение", "/search/?q=agreement"]
    return urls


def answers(client, urls) -> dict:
    cache.clear()
    found = {}
    for url in urls:
        response = client.get(url)
        body = PER_RESPONSE.sub(r'\1=""', response.content.decode("utf-8"))
        if "feeds/" in url and "<item>" not in body and "<entry" not in body:
            body = BUILT_NOW.sub("", body)
        found[url] = (response.status_code, response.get("Location"), body)
    return found


def register() -> dict:
    """The register as a reader of the archive sees it, ids included."""
    return {
        "agreements": sorted(
            (a.pk, a.slug, a.name_ru, a.name_en, a.kind, a.status, a.signed_on, a.aliases,
             a.party_organisations, sorted(a.parties.values_list("code", flat=True)),
             a.updated_at)
            for a in Agreement.objects.all()
        ),
        "outlets": sorted(
            (o.pk, o.slug, o.name, o.domain, o.country_id, o.aliases) for o in Outlet.objects.all()
        ),
        "articles": sorted(
            (a.pk, a.published_on, a.slug, a.outlet_id, a.updated_at,
             sorted(a.agreements.values_list("slug", flat=True)))
            for a in Article.objects.all()
        ),
        "forms": Country.objects.get(code="BY").forms,
        "names": sorted(Name.objects.values_list("canonical", "kind", "variants")),
    }  # fmt: skip


def empty_the_archive():
    Article.objects.all().delete()
    Agreement.objects.all().delete()
    Outlet.objects.all().delete()
    CountryPair.objects.all().delete()
    Name.objects.filter(canonical="Roman Golovchenko").delete()
    Country.objects.filter(code="BY").update(forms=["беларусь"])


def analyze():
    """The planner's statistics of the articles as they are now: the archive's count and
    facets are its estimates past 20,000 articles, and those left by other tests in this
    database (a corpus of thousands since deleted) would count these few as many."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")


def export_to(path):
    call_command("export_articles", "--output", str(path), stderr=io.StringIO())
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_then_import_into_an_empty_archive_keeps_every_public_url(curated, client, tmp_path):
    # The importer groups reprints into stories (BelTA's and Xinhua's «Подписано соглашение о
    # СМИ»), as it did for the archive exported: the article pages list them on both sides.
    call_command("group_stories", "--all", "--no-progress", stdout=io.StringIO())
    analyze()
    urls = public_urls()
    before, kept = answers(client, urls), register()
    export_to(tmp_path / "archive.jsonl")

    empty_the_archive()
    assert answers(client, urls) != before
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=out)

    assert register() == kept
    analyze()
    after = answers(client, urls)
    assert [url for url in urls if after[url] != before[url]] == []
    assert sum(status == 200 for status, _, _ in after.values()) > 30
    register_line, summary = out.getvalue().splitlines()
    assert summary == "created 5, updated 0, unchanged 0, failed 0"
    assert "3 agreements" in register_line and "failed 0" in register_line


def test_two_agreements_with_one_name_stay_two_with_their_own_dates_and_articles(curated, tmp_path):
    records = export_to(tmp_path / "archive.jsonl")
    agreements = [r for r in records if r["type"] == "agreement"]
    assert sorted(a["slug"] for a in agreements if a["name_ru"] == SAME_NAME) == [
        "media-2019",
        "soglashenie-o-sotrudnichestve-v-oblasti-sredstv-massovoi-informatsii",
    ]
    empty_the_archive()
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=io.StringIO())
    same_name = Agreement.objects.filter(name_ru=SAME_NAME).order_by("signed_on")
    assert [(a.slug, a.status, a.signed_on.year) for a in same_name] == [
        ("media-2019", "expired", 2019),
        ("soglashenie-o-sotrudnichestve-v-oblasti-sredstv-massovoi-informatsii", "in_force", 2024),
    ]
    assert [a.articles.count() for a in same_name] == [1, 2]
    roadmap = Agreement.objects.get(kind="roadmap")
    assert (roadmap.status, roadmap.aliases, roadmap.articles.count()) == (
        "planned",
        ["Trade roadmap"],
        0,
    )


def test_after_a_copy_new_rows_take_new_ids(curated, tmp_path):
    export_to(tmp_path / "archive.jsonl")
    highest = max(Article.objects.values_list("pk", flat=True))
    empty_the_archive()
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=io.StringIO())
    new = Article.objects.create(
        title="New after the copy", body="Text.", published_on=datetime.date(2025, 3, 1)
    )
    assert new.pk > highest
    assert Agreement.objects.create(name_en="A new one").pk > max(
        Agreement.objects.exclude(name_en="A new one").values_list("pk", flat=True)
    )


def test_outlets_keep_their_country_and_other_names_and_articles_find_them_by_slug(
    curated, tmp_path
):
    export_to(tmp_path / "archive.jsonl")
    empty_the_archive()
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=io.StringIO())
    xinhua = Outlet.objects.get(slug="xinhua-agency")
    assert (xinhua.country.code, xinhua.aliases, xinhua.domain) == ("CN", ["Синьхуа"], "news.cn")
    assert xinhua.articles.count() == 2
    assert Outlet.objects.get(name="BelTA").aliases == ["БЕЛТА", "Belta"]


def test_a_bad_register_line_is_reported_and_the_rest_is_stored(db, tmp_path):
    path = tmp_path / "archive.jsonl"
    lines = [
        {"type": "agreement", "slug": "a-good-one", "name_en": "Good agreement", "kind": "plan"},
        {"type": "agreement", "slug": "bad", "name_en": "Bad agreement", "kind": "wish"},
        {"type": "outlet", "slug": "no-name"},
        {"type": "gossip", "title": "?"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 record"):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:2: unknown agreement kind 'wish'" in err.getvalue()
    assert f"{path}:3: missing name" in err.getvalue()
    assert f"{path}:4: unknown record type 'gossip'" in err.getvalue()
    assert list(Agreement.objects.values_list("slug", "kind")) == [("a-good-one", "plan")]


def test_an_article_only_file_of_the_older_format_still_imports(db, tmp_path):
    path = tmp_path / "old.jsonl"
    record = {
        "title": "Беларусь и Китай подписали меморандум",
        "body": "Минск и Пекин подписали меморандум о сотрудничестве в области СМИ.",
        "date": "2024-08-22",
        "source": "BelTA",
        "countries": ["BY", "CN"],
        "pairs": ["BY-CN"],
        "agreements": [{"name": SAME_NAME, "kind": "agreement"}],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert out.getvalue().strip() == "created 1, updated 0, unchanged 0, failed 0"
    assert Article.objects.get().agreements.get().name_ru == SAME_NAME


def test_an_id_another_article_holds_is_not_taken_from_it(curated, tmp_path):
    export_to(tmp_path / "archive.jsonl")
    first = Article.objects.order_by("pk").first()
    address = first.get_absolute_url()
    empty_the_archive()
    other = Article.objects.create(
        pk=first.pk, title="Another archive's article", body="Its own text.",
        published_on=datetime.date(2023, 1, 1), language="en",
    )  # fmt: skip
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=io.StringIO())
    assert Article.objects.get(pk=first.pk).title == other.title
    copied = Article.objects.get(title=first.title, source_url=first.source_url)
    assert copied.pk != first.pk and copied.get_absolute_url() == address
