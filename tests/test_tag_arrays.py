"""The tag ids on the article row (pair_ids, country_ids, agreement_ids) always equal its link
tables, sorted: after the admin's form, the ORM, bulk inserts, the importer, the paste page,
cascading deletes, TRUNCATE, a backup restored and a JSON Lines copy imported.

Search filters and counts tags on these arrays, so an article whose array lags its links would
be missing from (or wrongly in) a pair's, a country's or an agreement's results.
"""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from psycopg import sql

from archive.backup import Target, restore
from archive.ingest.loader import load_records, save_record
from archive.ingest.records import AgreementRecord, ArticleRecord
from archive.models import Agreement, Article, Country, CountryPair
from tests.test_admin import ADD_URL, PASTE_URL, SEEDS, article_form, form_data, formset_data
from tests.test_backup import _maintenance

# (array column, link table, link column) for each tag.
TAGS = (
    ("pair_ids", "archive_article_pairs", "countrypair_id"),
    ("country_ids", "archive_article_countries", "country_id"),
    ("agreement_ids", "archive_article_agreements", "agreement_id"),
)
DAY = datetime.date(2025, 3, 1)

pytestmark = [
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.usefixtures("plain_static_storage"),
]


def out_of_step(run=None) -> list[tuple]:
    """(article id, column, stored array, linked ids) for every article whose array differs."""
    query = " UNION ALL ".join(
        f"SELECT a.id, '{column}', a.{column}, coalesce((SELECT array_agg(l.{link}::int "  # noqa: S608
        f"ORDER BY l.{link}) FROM {table} AS l WHERE l.article_id = a.id), '{{}}') "
        f"FROM archive_article AS a"
        for column, table, link in TAGS
    )
    query = f"SELECT * FROM ({query}) AS t(id, name, stored, linked) WHERE stored <> linked"  # noqa: S608
    if run is not None:
        return run(query)
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def arrays(article) -> tuple[list, list, list]:
    """The article's stored (pair_ids, country_ids, agreement_ids), read afresh."""
    return Article.objects.values_list("pair_ids", "country_ids", "agreement_ids").get(
        pk=article.pk
    )


@pytest.fixture
def register(db):
    """Three countries, the three pairs between them, three agreements."""
    by, cn, ru = (Country.objects.get(code=code) for code in ("BY", "CN", "RU"))
    pairs = [CountryPair.objects.get_or_create_for(code)[0] for code in ("BY-CN", "BY-RU", "CN-RU")]
    agreements = [
        Agreement.objects.create(name_en=name, slug=slug, kind=kind)
        for name, slug, kind in (
            ("Memorandum on trade", "trade", "memorandum"),
            ("Treaty on friendship", "friendship", "treaty"),
            ("Roadmap for science", "science", "roadmap"),
        )
    ]
    return {"countries": [by, cn, ru], "pairs": pairs, "agreements": agreements}


def ids(objects) -> list[int]:
    return sorted(obj.pk for obj in objects)


# --- The admin and the ORM ----------------------------------------------------------------------


@pytest.fixture
def editor_client(db):
    editor = User.objects.create_user("editor", password="correct horse", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


def test_the_admin_form_keeps_the_arrays_as_an_editor_adds_and_removes_tags(
    editor_client, register
):
    by, cn, ru = register["countries"]
    by_cn, _by_ru, cn_ru = register["pairs"]
    trade, friendship, _science = register["agreements"]
    tags = {"countries": [by.pk, cn.pk], "pairs": [by_cn.pk], "agreements": [trade.pk]}
    assert editor_client.post(ADD_URL, article_form(**tags)).status_code == 302
    article = Article.objects.get()
    assert arrays(article) == ([by_cn.pk], ids([by, cn]), [trade.pk])

    change = f"/admin/archive/article/{article.pk}/change/"
    tags = {"countries": [cn.pk, ru.pk], "pairs": [cn_ru.pk], "agreements": [friendship.pk]}
    assert editor_client.post(change, article_form(**tags)).status_code == 302
    assert arrays(article) == ([cn_ru.pk], ids([cn, ru]), [friendship.pk])

    assert editor_client.post(change, article_form()).status_code == 302
    assert arrays(article) == ([], [], [])
    assert out_of_step() == []


@pytest.mark.parametrize("tag", ["pairs", "countries", "agreements"])
def test_add_remove_set_and_clear_keep_the_array_sorted(make_article, register, tag):
    first, second, third = register[tag]
    article, other = make_article(title="Одна"), make_article(title="Другая")
    column = {"pairs": 0, "countries": 1, "agreements": 2}[tag]
    links = getattr(article, tag)

    links.add(third, first)
    getattr(other, tag).add(second)
    assert arrays(article)[column] == ids([first, third])
    links.remove(third)
    assert arrays(article)[column] == [first.pk]
    links.set([second, third])
    assert arrays(article)[column] == ids([second, third])
    links.clear()
    assert arrays(article)[column] == []
    assert arrays(other)[column] == [second.pk]  # another article's links stay its own
    assert out_of_step() == []


# The link table's column for each tag's row, and the tag's place in `arrays()`.
TARGETS = {"pairs": ("countrypair", 0), "countries": ("country", 1), "agreements": ("agreement", 2)}


@pytest.mark.parametrize("tag", TARGETS)
def test_links_bulk_created_deleted_and_moved_by_queryset_reach_every_article(
    make_article, register, tag
):
    articles = [make_article(title=f"Статья {n}") for n in range(3)]
    first, second, third = register[tag]
    target, column = TARGETS[tag]
    through = getattr(Article, tag).through
    through.objects.bulk_create(
        [through(article=a, **{target: t}) for a in articles for t in (third, first)]
    )
    assert [arrays(a)[column] for a in articles] == [ids([first, third])] * 3

    through.objects.filter(article=articles[0], **{target: third}).delete()
    # Moved to another article, and to another tag: both sides of each change are updated.
    through.objects.filter(article=articles[1], **{target: third}).update(article=articles[0])
    through.objects.filter(article=articles[2], **{target: first}).update(**{target: second})
    assert [arrays(a)[column] for a in articles] == [
        ids([first, third]),  # its own first tag, and the second article's third moved to it
        [first.pk],
        ids([second, third]),
    ]
    assert out_of_step() == []


@pytest.mark.parametrize("tag", TARGETS)
def test_truncating_a_link_table_empties_only_that_array(make_article, register, tag):
    article = make_article(pairs=["BY-CN"], countries=["BY", "CN"])
    article.agreements.add(*register["agreements"])
    table = getattr(Article, tag).through._meta.db_table
    with connection.cursor() as cursor:
        # The links' deferred foreign-key checks first: TRUNCATE refuses to run while the
        # transaction has them pending (outside a test, the links' own commit ran them).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {table}")
    emptied = TARGETS[tag][1]
    assert [bool(stored) for stored in arrays(article)] == [n != emptied for n in range(3)]
    assert out_of_step() == []


# --- Deleting what the links point to -----------------------------------------------------------


def test_deleting_an_agreement_or_a_pair_takes_it_off_its_articles(make_article, register):
    trade, friendship, _science = register["agreements"]
    by_cn, by_ru, _cn_ru = register["pairs"]
    article = make_article()
    article.agreements.add(trade, friendship)
    article.pairs.add(by_cn, by_ru)

    trade.delete()
    by_cn.delete()
    assert arrays(article)[0::2] == ([by_ru.pk], [friendship.pk])
    assert out_of_step() == []


def test_deleting_a_country_takes_it_off_its_articles(make_article, register):
    # A country in no pair can be deleted (pairs protect their countries).
    zedland = Country.objects.create(code="ZZ", name_en="Zedland", name_ru="Зедландия")
    article = make_article(countries=["BY", "ZZ"])
    zedland.delete()
    assert arrays(article)[1] == [Country.objects.get(code="BY").pk]
    assert out_of_step() == []


def test_deleting_an_article_leaves_the_others_tags_alone(make_article, register):
    gone = make_article(title="Удалённая", pairs=["BY-CN"], countries=["BY", "CN"])
    kept = make_article(title="Оставленная", pairs=["BY-CN"], countries=["BY", "CN"])
    before = arrays(kept)
    gone.delete()
    assert arrays(kept) == before and before[0]
    assert out_of_step() == []


# --- The importer and the paste page ------------------------------------------------------------


def record(title, **fields) -> ArticleRecord:
    fields.setdefault("date", DAY)
    fields.setdefault("language", "ru")
    return ArticleRecord(title=title, body=f"{title}: текст статьи.", **fields)


def article_updates() -> int:
    """Row versions of archive_article this transaction has written by UPDATE so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'archive_article'"
        )
        return cursor.fetchone()[0]


def test_the_importer_writes_each_new_article_once_with_its_tags(register):
    trade = AgreementRecord(name="Memorandum on trade", slug="trade")
    records = [
        record(f"Статья {n}", countries=["BY", "CN"], pairs=["BY-CN"], agreements=[trade])
        for n in range(3)
    ] + [record("Без тегов")]
    before = article_updates()
    report = load_records(records)
    assert report.created == 4
    # The arrays went in with the rows: no trigger had to write any article a second time.
    assert article_updates() == before
    by_cn = CountryPair.objects.get(code="BY-CN")
    expected = ([by_cn.pk], ids(register["countries"][:2]), [register["agreements"][0].pk])
    assert [arrays(a) for a in Article.objects.exclude(title="Без тегов")] == [expected] * 3
    assert arrays(Article.objects.get(title="Без тегов")) == ([], [], [])
    assert out_of_step() == []


def test_the_importer_relinks_an_updated_article_and_writes_it_once(register):
    load_records([record("Статья", countries=["BY", "CN"], pairs=["BY-CN"])])
    article = Article.objects.get()
    before = article_updates()
    report = load_records([record("Статья", countries=["CN", "RU"], pairs=["CN-RU"])])
    assert (report.updated, report.unchanged) == (1, 0)
    assert article_updates() == before + 1  # the loader's own UPDATE, arrays included
    cn_ru = CountryPair.objects.get(code="CN-RU")
    assert arrays(article) == ([cn_ru.pk], ids(register["countries"][1:]), [])

    again = load_records([record("Статья", countries=["CN", "RU"], pairs=["CN-RU"])])
    assert again.unchanged == 1
    assert out_of_step() == []


def test_a_record_saved_alone_is_stored_with_its_arrays(register):
    article, outcome = save_record(record("Одна статья", countries=["RU"], pairs=["BY-RU"]))
    by_ru = CountryPair.objects.get(code="BY-RU")
    assert outcome == "created"
    by, _cn, ru = register["countries"]
    # The pair's two countries are the article's countries too.
    assert arrays(article) == ([by_ru.pk], ids([by, ru]), [])
    assert out_of_step() == []


def test_an_article_saved_from_the_paste_page_has_its_arrays(editor_client, db):
    seed = (SEEDS / "004_b51bf4fae41c79d9.txt").read_text(encoding="utf-8")
    preview = editor_client.post(PASTE_URL, {"text": seed, "_preview": "1"})
    data = form_data(preview.context["review_form"])
    data.update(formset_data(preview.context["proposals"]))
    editor_client.post(PASTE_URL, {**data, "text": seed, "_save": "1"})
    article = Article.objects.get()
    assert arrays(article) == (
        ids(article.pairs.all()),
        ids(article.countries.all()),
        ids(article.agreements.all()),
    )
    assert arrays(article)[0] and arrays(article)[2]
    assert out_of_step() == []


# --- Copies of the archive ---------------------------------------------------------------------


def test_a_json_lines_copy_imported_into_an_empty_archive_has_the_same_arrays(
    make_article, register, tmp_path
):
    for n, (pair, agreements) in enumerate(
        [("BY-CN", register["agreements"]), ("CN-RU", []), ("BY-RU", register["agreements"][1:])]
    ):
        article = make_article(title=f"Статья {n}", pairs=[pair], countries=pair.split("-"))
        article.agreements.set(agreements)
    before = {a.pk: arrays(a) for a in Article.objects.all()}
    path = tmp_path / "archive.jsonl"
    call_command("export_articles", "--output", str(path), stderr=io.StringIO())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(json.loads(line)["type"] == "article" for line in lines) == 3

    Article.objects.all().delete()
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert {a.pk: arrays(a) for a in Article.objects.all()} == before
    assert out_of_step() == []


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Tagged articles committed to the test database (pg_dump reads it from outside any test
    transaction), deleted afterwards."""
    with django_db_blocker.unblock():
        made = []
        for n, code in enumerate(["BY-CN", "CN-RU"]):
            article = Article.objects.create(
                title=f"Статья для копии {n}", body="Текст.", published_on=DAY, language="ru"
            )
            article.pairs.add(CountryPair.objects.get_or_create_for(code)[0])
            article.countries.add(*Country.objects.filter(code__in=code.split("-")))
            made.append(article)
        yield made
        Article.objects.filter(pk__in=[a.pk for a in made]).delete()
        CountryPair.objects.filter(code__in=["BY-CN", "CN-RU"]).delete()


@pytest.fixture
def scratch(committed):
    """A new, empty database of our own on the same server, dropped afterwards."""
    source = Target.from_settings()
    target = Target(
        name=f"{source.name}_tags_restore",
        user=source.user,
        password=source.password,
        host=source.host,
        port=source.port,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name))
    with _maintenance(source) as conn:
        conn.execute(drop)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
    yield target
    with _maintenance(source) as conn:
        conn.execute(drop)


def test_a_restored_backup_has_the_arrays_and_keeps_them_in_step(
    committed, scratch, tmp_path, django_db_blocker
):
    path = tmp_path / "concord.dump"
    with django_db_blocker.unblock():
        call_command("backup", str(path), stderr=io.StringIO())
        source = {a.pk: arrays(a) for a in committed}
    restore(path, scratch, log=lambda line: None)
    with scratch.connect() as copy:
        stored = "SELECT id, pair_ids, country_ids, agreement_ids FROM archive_article"
        assert {pk: tuple(rest) for pk, *rest in copy.execute(stored)} == source
        # The restored database keeps them in step too: its triggers came with it.
        pair = copy.execute("SELECT id FROM archive_countrypair WHERE code = 'BY-CN'").fetchone()
        copy.execute(
            "INSERT INTO archive_article_pairs (article_id, countrypair_id) VALUES (%s, %s)",
            [committed[1].pk, pair[0]],
        )
        assert out_of_step(lambda query: copy.execute(query).fetchall()) == []
        (pairs,) = copy.execute(
            "SELECT pair_ids FROM archive_article WHERE id = %s", [committed[1].pk]
        ).fetchone()
        assert pairs == sorted([pair[0], *source[committed[1].pk][0]])
