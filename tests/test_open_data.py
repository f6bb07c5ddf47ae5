"""The open-data dump: the curated layer read back matches the database, written atomically,
and offered on /open-data/ (which says so when there is none yet)."""

import json
import os
import zipfile

import pytest
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from archive import open_data
from archive.models import Agreement, Article, Country, CountryPair, Name, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path, settings):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


def read_dump(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        files = {}
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".jsonl"):
                files[name] = [json.loads(line) for line in text.splitlines()]
            elif name.endswith(".json"):
                files[name] = json.loads(text)
            else:
                files[name] = text
    return files


def test_the_command_writes_the_curated_layer_and_counts_match_the_database(folder, seeds, capsys):
    call_command("dump_open_data")
    path = folder / open_data.DUMP_NAME
    assert f"wrote {path}" in capsys.readouterr().out
    files = read_dump(path)
    assert set(files) == {name for name, _k, _d in open_data.FILES} | {
        "manifest.json",
        "README.txt",
    }
    assert len(files["countries.json"]) == Country.objects.count()
    assert len(files["names.json"]) == Name.objects.count()
    assert len(files["outlets.json"]) == Outlet.objects.count()
    assert len(files["agreements.json"]) == Agreement.objects.count()
    assert len(files["pairs.json"]) == CountryPair.objects.count()
    assert len(files["article_links.jsonl"]) == Article.objects.count()
    manifest = files["manifest.json"]
    assert manifest["licence"]["id"] == "CC-BY-4.0"
    assert {name: f["records"] for name, f in manifest["files"].items()} == {
        name: len(files[name]) for name, _k, _d in open_data.FILES
    }
    assert "(CC-BY-4.0), https://creativecommons.org/licenses/by/4.0/" in files["README.txt"]


def test_each_articles_links_are_its_tags_and_no_text(folder, seeds):
    files = read_dump(open_data.write().path)
    links = {record["id"]: record for record in files["article_links.jsonl"]}
    for article in Article.objects.prefetch_related("pairs", "countries", "agreements"):
        record = links[article.pk]
        assert record["path"] == article.get_absolute_url()
        assert record["source_url"] == article.source_url
        assert record["date"] == article.published_on.isoformat()
        assert record["pairs"] == sorted(p.code for p in article.pairs.all())
        assert record["countries"] == sorted(c.code for c in article.countries.all())
        assert record["agreements"] == sorted(a.slug for a in article.agreements.all())
        assert not {"title", "lead", "body"} & set(record)
    assert any(record["agreements"] for record in links.values())
    # Nothing of any article's words is in any file.
    every_file = json.dumps(files, ensure_ascii=False)
    for article in seeds:
        assert article.title not in every_file


def test_the_register_keeps_kinds_parties_and_dates(folder, seeds):
    files = read_dump(open_data.write().path)
    memorandum = next(
        a for a in files["agreements.json"] if a["slug"] == "belarus-china-ict-memorandum-2024"
    )
    assert memorandum["kind"] == "memorandum"
    assert memorandum["parties"] == ["BY", "CN"]
    assert memorandum["signed_date"] == "2024-08-22"
    assert memorandum["path"] == "/agreements/belarus-china-ict-memorandum-2024/"


def test_a_failed_dump_leaves_the_previous_one_and_no_partial_file(folder, seeds, monkeypatch):
    first = open_data.write()
    before = first.path.read_bytes()

    def broken():
        yield {"id": 1}
        raise RuntimeError("the database went away")

    monkeypatch.setattr(open_data, "article_links", broken)
    with pytest.raises(RuntimeError):
        open_data.write()
    assert first.path.read_bytes() == before
    assert os.listdir(folder) == [open_data.DUMP_NAME]


def test_the_page_says_when_there_is_no_dump_yet(client, folder):
    response = client.get(reverse("archive:open-data"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No dump has been made yet" in html
    assert reverse("archive:open-data-dump") not in html
    assert "creativecommons.org/licenses/by/4.0/" in html
    assert client.get(reverse("archive:open-data-dump")).status_code == 404


def test_the_page_offers_the_latest_dump_with_its_date_size_and_counts(client, folder, seeds):
    dump = open_data.write()
    html = client.get(reverse("archive:open-data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("archive:open-data-dump")}"' in html
    assert "No dump has been made yet" not in html
    assert f"{dump.generated_at:%Y}" in html
    assert filesizeformat(dump.size) in html
    assert f'<td class="num">{Agreement.objects.count()}</td>' in html
    response = client.get(reverse("archive:open-data-dump"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{open_data.DUMP_NAME}"'
    assert b"".join(response.streaming_content) == dump.path.read_bytes()


def test_a_new_dump_shows_at_once(client, folder, seeds):
    """The page is not kept by the page cache: the file changes outside the database."""
    assert "No dump has been made yet" in client.get(reverse("archive:open-data")).content.decode()
    open_data.write()
    assert "No dump" not in client.get(reverse("archive:open-data")).content.decode()


def test_a_damaged_file_is_treated_as_no_dump(client, folder):
    folder.mkdir(parents=True)
    (folder / open_data.DUMP_NAME).write_bytes(b"not a zip")
    assert open_data.latest() is None
    assert client.get(reverse("archive:open-data-dump")).status_code == 404
    assert "No dump has been made yet" in client.get(reverse("archive:open-data")).content.decode()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_links_the_open_data_page(client, language):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'href="{reverse("archive:open-data")}"' in html
