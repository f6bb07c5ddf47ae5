"""Provenance: when a text was captured and its hash, its archived copy, and the article page's
account of them (with the source's last check) in both languages; the admin's view of them."""

import datetime
import hashlib
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from archive.models import Article, SourceStatus, captured_text_hash

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "Беларусь и Китай подписали меморандум",
    "lead": "Стороны договорились.",
    "body": "Первый абзац.\n\nВторой абзац.",
    "date": "2025-11-14",
    "language": "ru",
    "source_url": "https://www.belta.by/politics/view/memo-1.html",
    "pairs": ["BY-CN"],
}


def load(tmp_path, *records) -> str:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- The importer --------------------------------------------------------------------------------


def test_the_importer_records_the_capture_and_its_hash(tmp_path):
    before = timezone.now()
    load(tmp_path, RECORD)
    article = Article.objects.get()
    assert before <= article.captured_at <= timezone.now()
    text = f"{RECORD['title']}\n\n{RECORD['lead']}\n\n{RECORD['body']}"
    assert article.captured_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article.archived_copy_url is None


def test_a_record_gives_its_capture_time_and_archived_copy(tmp_path):
    load(
        tmp_path,
        {
            **RECORD,
            "captured_at": "2025-11-14T09:30:00+03:00",
            "archived_copy_url": "https://web.archive.org/web/20251114/https://www.belta.by/x",
        },
    )
    article = Article.objects.get()
    assert article.captured_at == datetime.datetime(2025, 11, 14, 6, 30, tzinfo=datetime.UTC)
    assert article.archived_copy_url.startswith("https://web.archive.org/web/20251114/")


def test_reimporting_the_same_text_keeps_the_capture(tmp_path):
    load(tmp_path, RECORD)
    first = Article.objects.get()
    assert "unchanged 1" in load(tmp_path, RECORD)
    again = Article.objects.get()
    assert (again.captured_at, again.captured_hash) == (first.captured_at, first.captured_hash)


def test_a_changed_text_is_a_new_capture_and_the_archived_copy_stays(tmp_path):
    load(tmp_path, {**RECORD, "archived_copy_url": "https://archive.ph/abcde"})
    first = Article.objects.get()
    load(tmp_path, {**RECORD, "body": "Исправленный текст."})
    changed = Article.objects.get()
    assert changed.captured_hash != first.captured_hash
    assert changed.captured_hash == captured_text_hash(
        RECORD["title"], RECORD["lead"], "Исправленный текст."
    )
    assert changed.captured_at > first.captured_at
    assert changed.archived_copy_url == "https://archive.ph/abcde"


def test_a_bad_archived_copy_address_is_refused(tmp_path):
    out = io.StringIO()
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**RECORD, "archived_copy_url": "javascript:alert(1)"}), "utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=out, stderr=out)
    assert "archived_copy_url must be an http or https address" in out.getvalue()
    assert Article.objects.count() == 0


def test_the_export_carries_the_provenance(tmp_path):
    load(tmp_path, {**RECORD, "archived_copy_url": "https://archive.ph/abcde"})
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    (line,) = [json.loads(x) for x in out.getvalue().splitlines() if '"type": "article"' in x]
    article = Article.objects.get()
    assert line["archived_copy_url"] == "https://archive.ph/abcde"
    assert datetime.datetime.fromisoformat(line["captured_at"]) == article.captured_at


# --- The article page ---------------------------------------------------------------------------


@pytest.fixture
def article(make_article):
    return make_article(
        title="Меморандум <подписан>",
        lead="Кратко.",
        published_on=datetime.date(2025, 11, 14),
        source_url="https://www.belta.by/politics/view/memo-1.html",
        archived_copy_url="https://web.archive.org/web/2025/https://www.belta.by/x",
    )


def page(client, article, language):
    client.cookies["django_language"] = language
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_page_shows_capture_hash_and_archived_copy(client, article, language):
    Article.objects.filter(pk=article.pk).update(
        captured_at=datetime.datetime(2025, 11, 14, 12, 0, tzinfo=datetime.UTC),
        source_checked_at=datetime.datetime(2026, 1, 20, 8, 0, tzinfo=datetime.UTC),
        source_status=SourceStatus.OK,
        source_http_status=200,
    )
    html = page(client, article, language)
    assert f'<html lang="{language}">' in html
    assert 'class="provenance"' in html
    assert '<time datetime="2025-11-14T15:00:00+03:00">' in html
    # Dates in the reader's language, the capture with its time.
    captured = {"en": "Nov. 14, 2025, 3 p.m.", "ru": "14 ноября 2025 г. 15:00"}[language]
    assert captured in html
    digest = article.captured_hash
    assert f"{digest[:12]}…" in html and f"<code>{digest}</code>" in html
    assert {"en": "Jan. 20, 2026", "ru": "20 января 2026"}[language] in html
    assert "(HTTP 200)" in html
    assert 'href="https://web.archive.org/web/2025/https://www.belta.by/x"' in html
    assert "Source no longer available." not in html


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_dead_source_is_marked_and_its_link_kept(client, article, language):
    Article.objects.filter(pk=article.pk).update(
        source_checked_at=timezone.now(),
        source_status=SourceStatus.GONE,
        source_http_status=404,
        source_failures=2,
    )
    html = page(client, article, language)
    assert 'class="source-dead" role="note"' in html
    assert 'href="https://www.belta.by/politics/view/memo-1.html"' in html
    assert "dead-link" in html


def test_a_moved_source_links_its_new_address(client, article):
    Article.objects.filter(pk=article.pk).update(
        source_checked_at=timezone.now(),
        source_status=SourceStatus.MOVED,
        source_http_status=200,
        source_final_url="https://belta.by/new/memo-1",
    )
    html = page(client, article, "en")
    assert 'href="https://belta.by/new/memo-1"' in html and "Now at:" in html


def test_an_edit_after_capture_is_flagged(client, article):
    article.body = "Другой текст."
    article.save()
    assert article.text_changed_since_capture
    assert "text edited since capture" in page(client, article, "en")


def test_an_article_from_before_captures_were_recorded_says_so(client, article):
    Article.objects.filter(pk=article.pk).update(captured_at=None, captured_hash=None)
    html = page(client, article, "en")
    assert "not recorded" in html and "<details" not in html.split('class="provenance"')[1][:600]


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(db, plain_static_storage):
    user = User.objects.create_superuser("chief", password="x" * 12)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_the_admin_shows_provenance_and_filters_by_source_status(
    admin_client, article, make_article
):
    gone = make_article(title="Пропавшая", source_url="https://example.org/gone")
    Article.objects.filter(pk=gone.pk).update(source_status=SourceStatus.GONE, source_failures=2)
    listing = admin_client.get("/admin/archive/article/", {"source_status__exact": "gone"})
    assert listing.status_code == 200
    assert "Пропавшая" in listing.content.decode()
    assert "Меморандум" not in listing.content.decode()
    change = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert article.captured_hash in change  # shown as a fact, not a field
    assert 'name="captured_hash"' not in change
    assert 'name="archived_copy_url"' in change
