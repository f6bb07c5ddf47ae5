"""import_articles on the seed files: the hand-checked facts, idempotency, bad records."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Agreement, Article

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
REGISTER = settings.BASE_DIR / "fixtures" / "agreements.json"
MEMORANDUM = "belarus-china-ict-memorandum-2024"
COMMUNIQUE = "russia-china-heads-of-government-30th-meeting-communique"


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def seed(name_prefix):
    """The article imported from the seed file whose name starts with `name_prefix`."""
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return next(a for a in Article.objects.all() if a.paragraphs[-1] in text)


@pytest.fixture
def register(db):
    call_command("loaddata", str(REGISTER), verbosity=0)


def test_seeds_import_with_the_hand_checked_facts(register):
    out, _ = run_import(SEEDS)
    assert out.strip() == "created 5, updated 0, unchanged 0, failed 0"
    facts = {
        prefix: (
            a.published_on,
            a.language,
            a.outlet.domain if a.outlet else None,
            a.source_url,
            sorted(p.code for p in a.pairs.all()),
        )
        for prefix in ("000", "001", "002", "003", "004")
        for a in [seed(prefix)]
    }
    assert facts == {
        "000": (datetime.date(2025, 8, 31), "ru", None, None, ["BY-CN"]),
        "001": (datetime.date(2025, 11, 14), "ru", "news.by", None, ["BY-CN"]),
        "002": (datetime.date(2025, 6, 3), "en", None, None, ["BY-CN"]),
        "003": (datetime.date(2025, 11, 4), "ru", "sputnik.by", None, ["CN-RU"]),
        "004": (
            datetime.date(2025, 7, 31),
            "ru",
            "mpt.gov.by",
            "https://mpt.gov.by/node/10669",
            ["BY-CN"],
        ),
    }
    assert seed("001").outlet.name == "news.by"
    assert seed("003").outlet.name.startswith("Sputnik")
    assert "Министерство связи" in seed("004").outlet.name


def test_seed_agreements_are_the_registers(register):
    run_import(SEEDS)
    assert [a.slug for a in seed("004").agreements.all()] == [MEMORANDUM]
    assert [a.slug for a in seed("003").agreements.all()] == [COMMUNIQUE]
    memorandum = Agreement.objects.get(slug=MEMORANDUM)
    assert memorandum.signed_on == datetime.date(2024, 8, 22)
    assert sorted(c.code for c in memorandum.parties.all()) == ["BY", "CN"]
    assert Agreement.objects.count() == 2
    for prefix in ("000", "001", "002"):
        assert not seed(prefix).agreements.exists()


def test_seed_titles_leads_and_bodies_keep_the_text_and_drop_furniture(register):
    run_import(SEEDS)
    assert seed("000").title.startswith("«Подлинная дипломатия XXI века»")
    assert (
        seed("001").title
        == 'Беларусь и Китай укрепляют "стену дружбы" через межрегиональное сотрудничество'
    )
    english = seed("002")
    assert english.title == (
        "Technological modernization is one of the main aspects in Belarus's cooperation with China"
    )
    assert "Alexander Lukashenko said this" in english.lead
    sputnik = seed("003")
    assert sputnik.title.startswith("Торговля, космос, Арктика, ИИ")
    assert "Подписывайтесь" not in sputnik.body
    assert ">>>" not in sputnik.body
    assert "Telegram" not in sputnik.body
    assert "МИНСК, 4 ноя – Sputnik." in sputnik.body
    ministry = seed("004")
    assert (
        ministry.title == "Беларусь и Китай активизируют сотрудничество в сфере цифрового развития"
    )
    assert "**" not in ministry.body and "Source URL" not in ministry.body
    assert "becloud" not in "".join(a.body + a.title for a in Article.objects.all())


def test_second_import_changes_nothing(register):
    run_import(SEEDS)
    out, _ = run_import(SEEDS)
    assert out.strip() == "created 0, updated 0, unchanged 5, failed 0"
    assert Article.objects.count() == 5
    assert Agreement.objects.count() == 2


def test_loading_the_register_twice_does_not_duplicate(register):
    call_command("loaddata", str(REGISTER), verbosity=0)
    assert Agreement.objects.count() == 2


def test_dates_read_rather_than_given_are_flagged_with_the_reason(register):
    run_import(SEEDS)
    sputnik, ministry = seed("003"), seed("004")
    assert sputnik.published_on == datetime.date(2025, 11, 4)
    assert (sputnik.date_origin, sputnik.date_needs_review) == ("dateline", True)
    assert "year guessed" in sputnik.review_note
    assert (ministry.date_origin, ministry.date_needs_review) == ("text", True)
    assert ministry.review_note == "date read from the start of a paragraph"
    given = Article.objects.exclude(pk__in=[sputnik.pk, ministry.pk])
    assert {(a.date_origin, a.date_needs_review) for a in given} == {("given", False)}


def test_the_year_option_completes_the_date_and_says_so(register):
    run_import(SEEDS, "--year", "2025")
    sputnik = seed("003")
    assert sputnik.published_on == datetime.date(2025, 11, 4)
    assert "year taken from the year given for the import" in sputnik.review_note
    assert "guessed" not in sputnik.review_note


def test_the_year_option_replaces_an_earlier_guess(register):
    run_import(SEEDS)
    out, _ = run_import(SEEDS, "--year", "2025")
    assert out.strip() == "created 0, updated 1, unchanged 4, failed 0"
    assert "guessed" not in seed("003").review_note


def test_a_file_with_no_date_is_a_failed_record(db, tmp_path):
    (tmp_path / "undated.txt").write_text(
        "## Беларусь и Китай\n\nТекст без даты.\n", encoding="utf-8"
    )
    (tmp_path / "dated.txt").write_text(" date 2025-01-02 Заголовок\n\nТекст.\n", encoding="utf-8")
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert f"{tmp_path / 'undated.txt'}: no publication date found" in err.getvalue()
    assert out.getvalue().strip() == "created 1, updated 0, unchanged 0, failed 1"
    assert list(Article.objects.values_list("title", flat=True)) == ["Заголовок"]


GOOD = {"title": "Беларусь и Китай", "body": "Текст о сотрудничестве.", "date": "2025-03-01"}


def test_jsonl_with_three_good_and_two_bad_records(db, tmp_path):
    lines = [
        json.dumps(GOOD | {"title": "Первая"}, ensure_ascii=False),
        "{not json",
        json.dumps(GOOD | {"title": "Вторая", "pairs": ["CN-BY"]}, ensure_ascii=False),
        json.dumps(GOOD | {"title": "Плохая дата", "date": "2025-02-30"}, ensure_ascii=False),
        json.dumps(GOOD | {"title": "Третья", "language": "ru", "extra": 1}, ensure_ascii=False),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(path), stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert out.getvalue().strip() == "created 3, updated 0, unchanged 0, failed 2"
    errors = [line for line in err.getvalue().splitlines() if line.startswith(str(path))]
    assert errors[0].startswith(f"{path}:2: invalid JSON")
    assert errors[1] == f"{path}:4: impossible date 2025-02-30"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Вторая", "Первая", "Третья"]


def test_a_missing_path_is_reported(db, tmp_path):
    with pytest.raises(CommandError):
        run_import(tmp_path / "nowhere")


def test_long_runs_report_progress_and_every_failure(db, tmp_path):
    path = tmp_path / "many.jsonl"
    good = json.dumps(GOOD, ensure_ascii=False)
    path.write_text("\n".join([good] + ["{broken"] * 1099) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert "1,100 records in" in lines[0]
    assert len([line for line in lines if ": invalid JSON" in line]) == 1099
    assert out.getvalue().strip() == "created 1, updated 0, unchanged 0, failed 1099"


def test_progress_in_a_log_says_how_far_how_fast_and_how_long(monkeypatch):
    from archive.management.commands import import_articles

    monkeypatch.setattr(import_articles, "LOG_INTERVAL", 0)
    log = io.StringIO()
    meter = import_articles.Progress(4_000_000, log, enabled=True)
    meter.advance(500, 1_000_000)
    line = log.getvalue().splitlines()[0]
    assert line.startswith(" 25%")
    assert "1.00M/4.00M" in line and "500 records" in line and "/s" in line
    assert "<" in line  # time left
