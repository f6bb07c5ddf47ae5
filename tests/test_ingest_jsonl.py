"""JSON Lines records: every bad line is one error with its line number; good lines load."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from archive.ingest.jsonl import parse_jsonl
from archive.ingest.loader import load_records, save_record
from archive.ingest.records import ArticleRecord, ParseError
from archive.models import Agreement, Article, Outlet

pytestmark = pytest.mark.django_db

GOOD = {"title": "Беларусь и Китай", "body": "Минск и Пекин сотрудничают.", "date": "2025-03-01"}


def parse(*objects):
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects]
    return list(parse_jsonl(lines, "in.jsonl"))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{oops", "invalid JSON"),
        ("[1, 2]", "a line must be a JSON object"),
        ({**GOOD, "title": ""}, "missing title"),
        ({k: v for k, v in GOOD.items() if k != "body"}, "missing body"),
        ({k: v for k, v in GOOD.items() if k != "date"}, "no publication date found"),
        ({**GOOD, "date": "2025-02-30"}, "impossible date 2025-02-30"),
        ({**GOOD, "date": "1 March 2025"}, "is not YYYY-MM-DD"),
        ({**GOOD, "language": "de"}, "unknown language 'de'"),
        ({**GOOD, "countries": ["BY", "XX"]}, "unknown country code 'XX'"),
        ({**GOOD, "pairs": ["BY-BY"]}, "bad pair 'BY-BY'"),
        ({**GOOD, "pairs": ["BY"]}, "bad pair 'BY'"),
        ({**GOOD, "source_url": "ftp://x.org/a"}, "not an http(s) URL"),
        ({**GOOD, "agreements": [{"kind": "memorandum"}]}, "an agreement has no name"),
        ({**GOOD, "agreements": [{"name": "Договор", "kind": "pact"}]}, "unknown agreement kind"),
    ],
)
def test_each_bad_line_is_one_error_with_its_line_number(line, reason):
    (good, bad) = parse(GOOD, line)
    assert isinstance(good, ArticleRecord)
    assert isinstance(bad, ParseError)
    assert bad.origin == "in.jsonl:2"
    assert reason in bad.reason


def test_pairs_in_either_order_and_unknown_keys():
    (record,) = parse({**GOOD, "pairs": ["cn-by", "RU-CN"], "countries": ["cn", "BY"], "x": 1})
    assert record.pairs == ["BY-CN", "CN-RU"]
    assert record.countries == ["BY", "CN"]


def test_missing_language_countries_and_pairs_are_proposed_from_the_text():
    (record,) = parse(GOOD)
    assert (record.language, record.countries, record.pairs) == ("ru", ["BY", "CN"], ["BY-CN"])


def test_given_empty_lists_are_respected():
    (record,) = parse({**GOOD, "countries": [], "pairs": [], "agreements": []})
    assert (record.countries, record.pairs, record.agreements) == ([], [], [])


def test_blank_lines_are_skipped_but_counted():
    records = parse(GOOD, "", {**GOOD, "title": "Другая", "date": "bad"})
    assert [getattr(r, "origin", None) for r in records] == ["in.jsonl:1", "in.jsonl:3"]


def test_agreements_match_the_register_despite_inflection():
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "agreements.json"), verbosity=0)
    (record,) = parse(
        {
            **GOOD,
            "agreements": [
                {"name": "Меморандума о взаимопонимании по вопросу стратегического сотрудничества "
                 "в области информационно-коммуникационных технологий"},
                {"name_en": "Roadmap on industrial cooperation", "kind": "roadmap",
                 "status": "planned", "parties": ["cn", "by"], "signed_date": None},
            ],
        }
    )  # fmt: skip
    article, outcome = save_record(record)
    assert outcome == "created"
    slugs = sorted(a.slug for a in article.agreements.all())
    assert "belarus-china-ict-memorandum-2024" in slugs
    roadmap = Agreement.objects.get(name_en="Roadmap on industrial cooperation")
    assert (roadmap.kind, roadmap.status, roadmap.name_ru) == ("roadmap", "planned", "")
    assert sorted(c.code for c in roadmap.parties.all()) == ["BY", "CN"]
    assert Agreement.objects.count() == 3


def test_outlets_are_found_by_name_or_domain_and_created_when_new():
    (by_domain, by_name, new) = parse(
        {**GOOD, "source_url": "https://www.mpt.gov.by/node/1"},
        {**GOOD, "title": "Два", "source": "sputnik беларусь"},
        {**GOOD, "title": "Три", "source": "Новое издание", "source_url": "https://new.example/a"},
    )
    assert save_record(by_domain)[0].outlet.domain == "mpt.gov.by"
    assert save_record(by_name)[0].outlet.name == "Sputnik Беларусь"
    outlet = save_record(new)[0].outlet
    assert (outlet.name, outlet.domain) == ("Новое издание", "new.example")


def test_a_record_failing_half_way_leaves_nothing_behind():
    record = ArticleRecord(
        title="Полузаписанная",
        body="Текст.",
        date=datetime.date(2025, 1, 1),
        language="ru",
        source="Совсем новое издание",
        countries=["BY", "CN"],
        pairs=["BY-XX"],  # unknown country: fails after the article row is written
        origin="bad.jsonl:7",
    )
    good = ArticleRecord(
        title="Хорошая", body="Текст.", date=datetime.date(2025, 1, 2), language="ru"
    )
    report = load_records([record, good])
    assert (report.created, report.failed) == (1, 1)
    assert report.errors[0][0] == "bad.jsonl:7"
    assert "XX" in report.errors[0][1]
    assert list(Article.objects.values_list("title", flat=True)) == ["Хорошая"]
    assert not Outlet.objects.filter(name="Совсем новое издание").exists()


def test_an_unchanged_record_is_not_saved_again():
    (record,) = parse(GOOD)
    article, _ = save_record(record)
    stamp = Article.objects.get().updated_at
    (again,) = parse(GOOD)
    assert save_record(again)[1] == "unchanged"
    assert Article.objects.get().updated_at == stamp
    (changed,) = parse({**GOOD, "date": "2025-03-02"})
    assert save_record(changed)[1] == "updated"
    assert Article.objects.get().published_on == datetime.date(2025, 3, 2)


def test_a_pair_brings_its_countries_even_when_the_record_lists_only_one():
    (record,) = parse({**GOOD, "pairs": ["RU-CN"], "countries": ["CN"]})
    article, outcome = save_record(record)
    assert outcome == "created"
    assert sorted(article.countries.values_list("code", flat=True)) == ["CN", "RU"]
