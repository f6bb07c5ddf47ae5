"""manage.py backup and restore: a backup restored into an empty database is the same database."""

import io

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import sql

from archive.backup import BackupError, Target, restore
from archive.models import Agreement, Article, Country, CountryPair, Name, Outlet

FIXTURES = settings.BASE_DIR / "fixtures"
# Rows the filled archive adds, deleted afterwards so the tests that follow find the database
# as the migrations left it.
ADDED = (Article, Agreement, Outlet, CountryPair, Name, User, Group)


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    """The test database, committed (pg_dump reads it from outside any test transaction), with
    seed articles, the agreements register, outlets with countries and other names, an editor
    and an administrator, a group with permissions and a name of the register."""
    with django_db_blocker.unblock():
        assert not Article.objects.exists()
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in ADDED}
        call_command("loaddata", FIXTURES / "agreements.json", verbosity=0)
        call_command("import_articles", FIXTURES / "seeds", "--year", "2025", verbosity=0)
        Agreement.objects.create(name_en="Agreement on a register entry no article names")
        belarus = Country.objects.get(code="BY")
        Outlet.objects.filter(name="BelTA").update(country=belarus, aliases=["БЕЛТА", "Belta"])
        Outlet.objects.create(name="Outlet with no articles", country=belarus, domain="x.by")
        Name.objects.create(canonical="Ryzhenkov Maxim", kind="person", variants=["Рыженков М."])
        reviewers = Group.objects.create(name="Reviewers")
        reviewers.permissions.set(Permission.objects.filter(codename__endswith="_article"))
        editor = User.objects.create_user("editor", password="a long editor password")
        editor.groups.add(Group.objects.get(name="Editors"), reviewers)
        User.objects.create_superuser("admin", password="a long admin password")
        yield
        Article.objects.all().delete()
        for model, pks in before.items():
            model.objects.exclude(pk__in=pks).delete()


@pytest.fixture
def scratch(filled):
    """A new, empty database of our own on the same server, dropped afterwards."""
    source = Target.from_settings()
    target = Target(
        name=f"{source.name}_restore",
        user=source.user,
        password=source.password,
        host=source.host,
        port=source.port,
    )
    with _maintenance(source) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(_id(target.name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(_id(target.name)))
    yield target
    with _maintenance(source) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(_id(target.name)))


def _maintenance(target: Target):
    return psycopg.connect(
        dbname="postgres",
        host=target.host or None,
        port=target.port or None,
        user=target.user or None,
        password=target.password or None,
        autocommit=True,
    )


def _id(name):
    return sql.Identifier(name)


@pytest.fixture(scope="module")
def backup_file(filled, tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("backup") / "concord.dump"
    with django_db_blocker.unblock():
        call_command("backup", str(path), stderr=io.StringIO())
    return path


def tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [name for (name,) in rows]


def rows(conn, table: str) -> list[tuple]:
    query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(table))
    return sorted(conn.execute(query).fetchall(), key=repr)


def one_column(conn, query: str) -> list:
    return sorted(value for (value,) in conn.execute(query))


def test_a_backup_restored_into_an_empty_database_has_every_row_id_slug_user_and_group(
    backup_file, scratch
):
    found = restore(backup_file, scratch, log=lambda line: None)
    assert found["articles"] == 5 and found["users"] == 2 and found["groups"] == 2
    with Target.from_settings().connect() as source, scratch.connect() as copy:
        assert tables(copy) == tables(source)
        for table in tables(source):
            assert rows(copy, table) == rows(source, table), table
        for query in (
            "SELECT id || ' ' || published_on || '/' || slug FROM archive_article",
            "SELECT id || ' ' || slug FROM archive_agreement",
            "SELECT slug || ' ' || coalesce(country_id::text, '-') || ' ' || aliases::text "
            "FROM archive_outlet",
            "SELECT username || ' ' || password || ' ' || is_superuser FROM auth_user",
            "SELECT g.name || ' ' || p.codename FROM auth_group g "
            "JOIN auth_group_permissions gp ON gp.group_id = g.id "
            "JOIN auth_permission p ON p.id = gp.permission_id",
            "SELECT u.username || ' ' || g.name FROM auth_user_groups ug "
            "JOIN auth_user u ON u.id = ug.user_id JOIN auth_group g ON g.id = ug.group_id",
            "SELECT canonical || ' ' || variants::text FROM archive_name",
        ):
            assert one_column(copy, query) == one_column(source, query)
            assert one_column(copy, query), query
        sequences = (
            "SELECT sequencename || ' ' || coalesce(last_value::text, 'unused') FROM pg_sequences"
        )
        assert one_column(copy, sequences) == one_column(source, sequences)
        for table in tables(copy):
            (sequence,) = copy.execute(
                "SELECT pg_get_serial_sequence(%s, 'id') "
                "WHERE EXISTS (SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'id')",
                [table, table],
            ).fetchone() or (None,)
            if sequence:
                (highest,) = copy.execute(
                    sql.SQL("SELECT coalesce(max(id), 0) FROM {}").format(sql.Identifier(table))
                ).fetchone()
                (following,) = copy.execute("SELECT nextval(%s)", [sequence]).fetchone()
                assert following > highest, table


def test_restoring_over_an_archive_with_articles_needs_force(backup_file, scratch):
    restore(backup_file, scratch, log=lambda line: None)
    titles = "SELECT title FROM archive_article ORDER BY id"
    with scratch.connect() as copy:
        restored = copy.execute(titles).fetchall()
        copy.execute("UPDATE archive_article SET title = 'Changed since the backup'")
    with pytest.raises(BackupError, match="already holds articles.*--force"):
        restore(backup_file, scratch, log=lambda line: None)
    found = restore(backup_file, scratch, force=True, log=lambda line: None)
    assert found["articles"] == 5
    with scratch.connect() as copy:
        assert copy.execute(titles).fetchall() == restored


@pytest.mark.django_db
def test_the_restore_command_refuses_the_configured_archive_when_it_holds_articles(backup_file):
    with pytest.raises(CommandError, match="already holds articles"):
        call_command("restore", str(backup_file), stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.count() == 5


def test_a_damaged_backup_changes_nothing_and_says_so(backup_file, scratch, tmp_path):
    restore(backup_file, scratch, log=lambda line: None)
    data = backup_file.read_bytes()
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(data[: len(data) * 2 // 3])
    # Caught while its table of contents is read, or while it is restored: either way the
    # reader is told, and the archive is left as it was.
    with pytest.raises(
        BackupError, match="cannot be read|could not be restored \\(nothing was changed\\)"
    ):
        restore(damaged, scratch, force=True, log=lambda line: None)
    with scratch.connect() as copy:
        assert copy.execute("SELECT count(*) FROM archive_article").fetchone() == (5,)
        assert copy.execute("SELECT count(*) FROM auth_user").fetchone() == (2,)


@pytest.mark.django_db
def test_a_missing_file_or_one_that_is_no_backup_is_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="no-such.dump: no such file"):
        call_command("restore", str(tmp_path / "no-such.dump"), stderr=io.StringIO())
    other = tmp_path / "articles.jsonl"
    other.write_text('{"title": "not a backup"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="is not a backup made by `manage.py backup`"):
        call_command("restore", str(other), "--force", stderr=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "missing" / "x.dump"), stderr=io.StringIO())


def test_a_backup_file_is_its_owners_alone_and_says_what_it_did(
    filled, tmp_path, django_db_blocker
):
    err = io.StringIO()
    with django_db_blocker.unblock():
        call_command("backup", str(tmp_path / "concord.dump"), stderr=err)
    assert (tmp_path / "concord.dump").stat().st_mode & 0o777 == 0o600
    assert "Backing up the database" in err.getvalue()
    assert "Wrote " in err.getvalue()
