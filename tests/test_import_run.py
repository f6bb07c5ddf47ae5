"""import_articles as a whole run: bad bytes, BOMs, skipped files, races, a killed import."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Article

GOOD = {"title": "Беларусь и Китай", "body": "Минск и Пекин сотрудничают.", "date": "2025-03-01"}


def line(**fields) -> bytes:
    return (json.dumps(GOOD | fields, ensure_ascii=False) + "\n").encode()


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):  # a run with failed records exits with 1
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.mark.django_db
def test_an_undecodable_line_is_one_bad_record_and_the_rest_of_the_file_loads(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        line(title="Первая")
        + line(title="Вторая").replace("Вторая".encode(), b"\xff\xfe")
        + line(title="Третья")
    )
    out, err = run_import(path)
    assert out == "created 2, updated 0, unchanged 0, failed 1"
    assert f"{path}:2: not UTF-8" in err
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Первая", "Третья"]


@pytest.mark.django_db
def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line(title="Первая") + line(title="Вторая"))
    out, _ = run_import(path)
    assert out == "created 2, updated 0, unchanged 0, failed 0"


@pytest.mark.django_db
def test_files_the_importer_does_not_read_are_listed_as_skipped(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(line())
    (tmp_path / "export.csv").write_text("title,body\n", encoding="utf-8")
    (tmp_path / "dump.json").write_text("[]", encoding="utf-8")
    out, err = run_import(tmp_path)
    assert out == "created 1, updated 0, unchanged 0, failed 0"
    assert f"{tmp_path / 'export.csv'}: skipped: .csv is not a format the importer reads" in err
    assert f"{tmp_path / 'dump.json'}: skipped: .json is not a format the importer reads" in err


@pytest.mark.django_db
def test_an_undated_record_takes_its_date_from_the_url_and_is_flagged(tmp_path):
    path = tmp_path / "feed.jsonl"
    undated = {k: v for k, v in GOOD.items() if k != "date"}
    path.write_text(
        json.dumps(undated | {"source_url": "https://example.by/news/2024/07/04/story/"}) + "\n",
        encoding="utf-8",
    )
    out, _ = run_import(path)
    assert out == "created 1, updated 0, unchanged 0, failed 0"
    article = Article.objects.get()
    assert (article.published_on.isoformat(), article.date_origin) == ("2024-07-04", "url")
    assert article.date_needs_review and article.review_note


# --- Races and crashes: real processes against the test database -------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    netloc = f"{s.get('USER') or ''}{password}@{s['HOST']}:{s['PORT']}"
    return urlunsplit(("postgres", netloc, f"/{s['NAME']}", "", ""))


def _importer(*args, **popen):
    env = {**os.environ, "DATABASE_URL": _database_url()}
    env.pop("TEST_DATABASE_NAME", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", *map(str, args), "--no-progress"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _feed(path, numbers, *, with_url=True):
    with path.open("w", encoding="utf-8") as handle:
        for n in numbers:
            record = GOOD | {
                "title": f"Беларусь и Китай: встреча {n}",
                "body": f"Минск и Пекин обсудили сотрудничество, раунд {n}.",
                "countries": ["BY", "CN"],
                "pairs": ["BY-CN"],
                "agreements": [
                    {"name": f"Меморандум № {n % 7} о сотрудничестве", "kind": "memorandum"}
                ],
                "source": f"Издание {n % 5}",
            }
            if with_url:
                record["source_url"] = f"https://example.by/news/{n}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """The test database outside any test transaction, as the importing processes see it.

    What a test adds is deleted afterwards, and nothing else: the countries and outlets the
    migrations made stay for the tests that follow.
    """
    from archive.models import Agreement, CountryPair, Outlet

    kept = (Outlet, Agreement, CountryPair)
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in kept}
        assert not Article.objects.exists()
        yield
        Article.objects.all().delete()
        for model, pks in before.items():
            model.objects.exclude(pk__in=pks).delete()


@pytest.mark.parametrize("with_url", [True, False], ids=["with URLs", "without URLs"])
def test_two_imports_of_overlapping_files_store_every_record_once(committed, tmp_path, with_url):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    _feed(first, range(0, 600), with_url=with_url)
    _feed(second, range(300, 900), with_url=with_url)
    runs = [_importer(path, "--batch-size", "40") for path in (first, second)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert Article.objects.count() == 900
    titles = list(Article.objects.values_list("title", flat=True))
    assert len(set(titles)) == 900
    from archive.models import Agreement, Outlet

    assert Agreement.objects.filter(name_ru__startswith="Меморандум №").count() == 7
    assert Outlet.objects.filter(name__startswith="Издание ").count() == 5
    for article in Article.objects.prefetch_related("countries", "agreements"):
        assert len(article.countries.all()) == 2 and len(article.agreements.all()) == 1


def test_a_killed_import_leaves_no_partial_record_and_a_rerun_completes(committed, tmp_path):
    feed = tmp_path / "feed.jsonl"
    _feed(feed, range(3000))
    run = _importer(feed, "--batch-size", "100", "--workers", "1")
    deadline = time.monotonic() + 120
    while Article.objects.count() < 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    stored = Article.objects.count()
    assert 0 < stored < 3000
    # Every stored article came with all of its tags: a batch is stored whole or not at all.
    for article in Article.objects.prefetch_related("countries", "pairs", "agreements"):
        assert len(article.countries.all()) == 2
        assert len(article.pairs.all()) == 1
        assert len(article.agreements.all()) == 1
    rerun = _importer(feed)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert out.strip() == f"created {3000 - stored}, updated 0, unchanged {stored}, failed 0"
    assert Article.objects.count() == 3000


@pytest.mark.django_db
def test_saved_web_pages_are_imported_and_a_page_without_an_article_is_a_clear_error(tmp_path):
    html = settings.BASE_DIR / "fixtures" / "html"
    for name in (
        "belta_ru_article.html",
        "ministry_ru_date_in_text.html",
        "belta_section_index.html",
    ):
        (tmp_path / name).write_bytes((html / name).read_bytes())
    out, err = run_import(tmp_path)
    assert out == "created 2, updated 0, unchanged 0, failed 1"
    assert "belta_section_index.html: no article text found in the page" in err
    belta = Article.objects.get(url_key__startswith="belta.by/")
    assert belta.source_url.startswith("https://www.belta.by/economics/view/")
    assert (belta.outlet.name, belta.language, belta.date_origin) == ("BelTA", "ru", "page")
    assert not belta.date_needs_review
    assert "BY-CN" in belta.pairs.values_list("code", flat=True)
    ministry = Article.objects.exclude(pk=belta.pk).get()
    assert ministry.date_origin == "text" and ministry.date_needs_review
