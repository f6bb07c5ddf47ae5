"""The importer proposes an event when an article lists documents signed at one occasion."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.loader import Loader
from archive.ingest.pipeline import ParseContext, complete
from archive.ingest.records import ArticleRecord
from archive.models import Event

D = datetime.date

VISIT_RU = ArticleRecord(
    title="Президент Беларуси завершил официальный визит в Китай",
    lead="Минск и Пекин договорились расширить поставки сельхозпродукции и открыть новые рейсы.",
    body=(
        "ПЕКИН, 3 июня. По итогам переговоров в Пекине 3 июня 2025 года главы государств "
        "подписали Совместное заявление об углублении отношений всестороннего стратегического "
        "партнерства.\n\n"
        "В ходе визита также подписаны следующие документы:\n\n"
        "– Соглашение между Правительством Республики Беларусь и Правительством Китайской "
        "Народной Республики о взаимном признании документов об образовании;\n\n"
        "– Меморандум о взаимопонимании между Министерством сельского хозяйства и "
        "продовольствия Республики Беларусь и Главным таможенным управлением КНР о поставках "
        "мяса птицы;\n\n"
        "– Протокол о внесении изменений в Соглашение о воздушном сообщении.\n\n"
        "Стороны условились провести следующее заседание межправкомиссии осенью в Минске."
    ),
    date=D(2025, 6, 3),
    language="ru",
    source="Минский вестник",
    source_url="https://vestnik.example.by/news/visit-china-2025",
)

# The same visit told in English the next day, by another outlet.
VISIT_EN = ArticleRecord(
    title="Belarus and China deepen partnership as Lukashenko wraps up Beijing visit",
    body=(
        "BEIJING, June 4 -- Belarus and China signed a joint statement on deepening their "
        "all-round strategic partnership and an agreement on mutual recognition of education "
        "documents during the Belarusian leader's state visit to Beijing, officials said.\n\n"
        "The two countries also signed a memorandum of understanding on poultry exports, "
        "opening the Chinese market to more Belarusian farm goods."
    ),
    date=D(2025, 6, 4),
    language="en",
    source="Eastern Wire",
    source_url="https://easternwire.example.com/2025/06/04/belarus-china-visit",
)

SUMMIT_EN = ArticleRecord(
    title="Kazakhstan and China sign energy and transport deals at Astana summit",
    body=(
        "ASTANA, July 4 -- Leaders of Kazakhstan and China on Thursday signed a joint statement "
        "on comprehensive strategic partnership, an agreement on mutual visa exemption and a "
        "memorandum of understanding on the construction of a second rail crossing at Khorgos, "
        "on the sidelines of the SCO summit in Astana.\n\n"
        "Trade between the two countries reached 41 billion dollars last year."
    ),
    date=D(2024, 7, 4),
    language="en",
    source="Steppe Daily",
    source_url="https://steppe.example.kz/summit-deals",
)

ONE_DOCUMENT = ArticleRecord(
    title="Минск и Ташкент подписали соглашение о туризме",
    body=(
        "Беларусь и Узбекистан 12 марта 2025 года подписали Соглашение о сотрудничестве в "
        "области туризма. Министры обсудили и другие вопросы."
    ),
    date=D(2025, 3, 12),
    language="ru",
    source_url="https://vestnik.example.by/news/uz-tourism",
)

# Documents signed years apart: a review, not one event.
REVIEW = ArticleRecord(
    title="Как развивалось сотрудничество Беларуси и Китая",
    body=(
        "Соглашение о взаимном освобождении от визовых требований было подписано "
        "4 декабря 2017 года.\n\n"
        "Меморандум о сотрудничестве в области электронной торговли подписан "
        "15 мая 2021 года в Минске."
    ),
    date=D(2025, 6, 10),
    language="ru",
    source_url="https://vestnik.example.by/analytics/by-cn",
)


def completed(record: ArticleRecord) -> ArticleRecord:
    copy = ArticleRecord(**{**record.__dict__, "agreements": [], "review_notes": []})
    return complete(copy, ParseContext.for_run(), given_date=True)


def load(*records):
    report = Loader().load([completed(r) for r in records])
    assert report.failed == 0, report.errors
    return report


@pytest.mark.django_db
def test_a_russian_list_of_documents_signed_during_a_visit_proposes_one_event():
    record = completed(VISIT_RU)
    assert record.event is not None
    assert record.event.kind == "visit"
    assert record.event.start == D(2025, 6, 3) and record.event.end is None
    assert record.event.place == "Пекин"
    assert record.event.countries == ["BY", "CN"]
    assert len(record.event.agreements) == 4


@pytest.mark.django_db
def test_an_english_summit_report_names_a_summit_and_its_three_documents():
    record = completed(SUMMIT_EN)
    assert record.event.kind == "summit"
    assert record.event.countries == ["CN", "KZ"]
    assert [record.agreements[i].kind for i in record.event.agreements] == [
        "joint_statement",
        "agreement",
        "memorandum",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("record", [ONE_DOCUMENT, REVIEW], ids=["one document", "years apart"])
def test_no_event_without_several_documents_signed_together(record):
    assert completed(record).event is None
    load(record)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_import_stores_a_proposed_event_with_its_documents_article_countries_and_place():
    load(VISIT_RU)
    (event,) = Event.objects.all()
    assert event.status == Event.Status.PROPOSED
    assert event.kind == Event.Kind.VISIT
    assert event.start_on == D(2025, 6, 3) and event.end_on is None
    assert event.name_ru == "Визит: Беларусь–Китай, 3 июня 2025 г."
    assert event.name_en == "Visit: Belarus–China, 3 June 2025"
    assert event.slug == "visit-belarus-china-3-june-2025"
    assert event.place == "Пекин" and event.place_country.code == "CN"
    assert sorted(c.code for c in event.countries.all()) == ["BY", "CN"]
    assert [a.title for a in event.articles.all()] == [VISIT_RU.title]
    kinds = sorted(a.kind for a in event.agreements.all())
    assert kinds == ["agreement", "joint_statement", "memorandum", "protocol"]


@pytest.mark.django_db
def test_importing_again_adds_nothing():
    load(VISIT_RU)
    event = Event.objects.get()
    before = (event.agreements.count(), event.articles.count(), event.countries.count())
    report = load(VISIT_RU)
    assert report.unchanged == 1
    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert (event.agreements.count(), event.articles.count(), event.countries.count()) == before


@pytest.mark.django_db
def test_another_report_of_the_same_visit_a_day_later_joins_the_event():
    load(VISIT_RU)
    load(VISIT_EN)
    (event,) = Event.objects.all()
    assert event.articles.count() == 2
    # The English report names the statement, the agreement and the memorandum again.
    assert event.agreements.count() >= 4


@pytest.mark.django_db
def test_reports_of_one_visit_in_one_batch_make_one_event():
    load(VISIT_RU, VISIT_EN, SUMMIT_EN)
    assert sorted(Event.objects.values_list("kind", flat=True)) == ["summit", "visit"]
    assert Event.objects.get(kind="visit").articles.count() == 2


@pytest.mark.django_db
def test_an_event_an_editor_rejected_is_not_proposed_again():
    load(VISIT_RU)
    Event.objects.update(status=Event.Status.REJECTED)
    load(VISIT_EN)
    (event,) = Event.objects.all()
    assert event.status == Event.Status.REJECTED
    assert event.articles.count() == 1


@pytest.mark.django_db
def test_a_confirmed_event_keeps_its_name_when_a_new_report_joins_it():
    load(VISIT_RU)
    Event.objects.update(status=Event.Status.CONFIRMED, name_en="State visit to China")
    load(VISIT_EN)
    (event,) = Event.objects.all()
    assert event.name_en == "State visit to China" and event.articles.count() == 2


@pytest.mark.django_db
def test_a_batch_writes_its_events_in_a_few_statements():
    records = []
    for n in range(12):
        copy = ArticleRecord(**VISIT_EN.__dict__)
        copy.source_url = f"https://easternwire.example.com/2025/06/04/visit-{n}"
        copy.title = f"{VISIT_EN.title} ({n})"
        records.append(copy)
    completed_records = [completed(r) for r in records]
    loader = Loader()
    loader.register.refresh()
    with CaptureQueriesContext(connection) as queries:
        report = loader.load(completed_records)
    assert report.created == 12
    event_statements = [q["sql"] for q in queries if "archive_event" in q["sql"]]
    # The lock is not named; the stored events, the new event (its slug, its row) and three
    # link tables are.
    assert len(event_statements) <= 6, event_statements
    assert Event.objects.get().articles.count() == 12


@pytest.mark.django_db
def test_a_new_event_takes_a_free_slug():
    Event.objects.create(
        name_en="Visit: Belarus–China, 3 June 2025", slug="visit-belarus-china-3-june-2025",
        start_on=D(2020, 1, 1), status=Event.Status.CONFIRMED,
    )  # fmt: skip
    load(VISIT_RU)
    proposed = Event.objects.get(status=Event.Status.PROPOSED)
    assert proposed.slug == "visit-belarus-china-3-june-2025-2"
    assert proposed.get_absolute_url() == "/events/visit-belarus-china-3-june-2025-2/"
