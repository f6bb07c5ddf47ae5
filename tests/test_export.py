"""export_articles writes the import format (the register, then the articles); export → import
into an empty archive → export is identical."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.models import Agreement, Article

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
REGISTER = settings.BASE_DIR / "fixtures" / "agreements.json"


def export(path=None):
    if path:
        call_command("export_articles", "--output", str(path), stderr=io.StringIO())
        return path.read_text(encoding="utf-8")
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    return out.getvalue()


def articles(text: str) -> list[dict]:
    """The article records of an export (the register's records come first)."""
    records = [json.loads(line) for line in text.splitlines()]
    return [r for r in records if r["type"] == "article"]


def empty_archive():
    """Back to a freshly migrated archive: no articles, no agreements."""
    Article.objects.all().delete()
    Agreement.objects.all().delete()


@pytest.mark.django_db
def test_export_then_import_into_an_empty_archive_gives_an_identical_export(tmp_path):
    call_command("loaddata", str(REGISTER), verbosity=0)
    call_command("import_articles", str(SEEDS), stdout=io.StringIO())
    first = export(tmp_path / "first.jsonl")
    assert len(articles(first)) == 5

    empty_archive()
    assert not Article.objects.exists() and not Agreement.objects.exists()
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "first.jsonl"), stdout=out)
    assert out.getvalue().splitlines()[-1] == "created 5, updated 0, unchanged 0, failed 0"
    assert export() == first


@pytest.mark.django_db
def test_export_carries_countries_pairs_and_agreements():
    call_command("loaddata", str(REGISTER), verbosity=0)
    call_command("import_articles", str(SEEDS), stdout=io.StringIO())
    lines = articles(export())
    assert [line["date"] for line in lines] == sorted(line["date"] for line in lines)
    ministry = next(line for line in lines if line["source_url"])
    assert ministry["countries"] == ["BY", "CN"]
    assert ministry["pairs"] == ["BY-CN"]
    (memorandum,) = ministry["agreements"]
    assert memorandum["kind"] == "memorandum"
    assert memorandum["signed_date"] == "2024-08-22"
    assert memorandum["parties"] == ["BY", "CN"]
    assert memorandum["name_en"].startswith("Memorandum of Understanding")
    assert memorandum["name_ru"].startswith("Меморандум о взаимопонимании")


@pytest.mark.django_db
def test_reimporting_an_export_changes_nothing(tmp_path):
    call_command("import_articles", str(SEEDS), "--year", "2025", stdout=io.StringIO())
    export(tmp_path / "archive.jsonl")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path / "archive.jsonl"), stdout=out)
    register, summary = out.getvalue().splitlines()
    assert summary == "created 0, updated 0, unchanged 5, failed 0"
    assert register.startswith("register: ") and "(created 0, updated 0," in register
