"""Agreements named in articles: kinds, where names end, lists, parties, dates, the register."""

import datetime
import json
import re
from collections import Counter

import pytest
from django.conf import settings

from archive.ingest.agreements import Register, RegisterEntry, propose_agreements, same_name
from archive.ingest.records import AgreementRecord

BY_CN = ["BY", "CN"]


class Mentions:
    def __init__(self, counts: Counter):
        self.counts = counts
        self.compound_pairs = []

    def ranked(self):
        return [code for code, _ in self.counts.most_common()]


class FakeMatcher:
    """A few countries and their forms, standing in for CountryMatcher (only `find` is used)."""

    FORMS = {
        "BY": r"беларус\w*|белорус\w*|belarus\w*|минск\w*|minsk",
        "CN": r"кита\w*|кнр|china|chinese|sino|пекин\w*|beijing|prc",
        "RU": r"росси\w*|рф|russia\w*|москв\w*|moscow",
        "IR": r"iran\w*|иран\w*",
        "IQ": r"iraq\w*|ирак\w*",
        "AT": r"austria\w*|австри\w*",
        "AU": r"australia\w*|австрали\w*",
        "ML": r"mali|мали",
        "MT": r"malta|мальт\w*",
        "RS": r"serbia\w*|серби\w*",
    }

    def find(self, text):
        counts = Counter()
        for code, forms in self.FORMS.items():
            counts[code] += len(re.findall(rf"(?<!\w)(?:{forms})(?!\w)", text, re.I))
        return Mentions(+counts)


MATCHER = FakeMatcher()


def propose(*paragraphs, countries=BY_CN):
    return propose_agreements(list(paragraphs), countries, matcher=MATCHER)


def kinds_and_names(records):
    return [(r.kind, r.name) for r in records]


# --- lists of documents ------------------------------------------------------------------------


def test_each_document_of_a_russian_list_is_one_proposal_of_its_kind():
    records = propose(
        "В ходе визита подписаны Соглашение между Правительством Республики Беларусь и "
        "Правительством Китайской Народной Республики о взаимном освобождении от визовых "
        "требований, Меморандум о сотрудничестве в области фотоники и Протокол о внесении "
        "изменений в Соглашение о торгово-экономическом сотрудничестве."
    )
    assert kinds_and_names(records) == [
        (
            "agreement",
            "Соглашение между Правительством Республики Беларусь и Правительством Китайской "
            "Народной Республики о взаимном освобождении от визовых требований",
        ),
        ("memorandum", "Меморандум о сотрудничестве в области фотоники"),
        (
            "protocol",
            "Протокол о внесении изменений в Соглашение о торгово-экономическом сотрудничестве",
        ),
    ]
    assert all(r.parties == BY_CN for r in records)


def test_each_document_of_an_english_list_is_one_proposal_of_its_kind():
    records = propose(
        "Belarus and China signed a memorandum of understanding on cooperation in the field of "
        "e-commerce and an agreement on mutual recognition of education documents."
    )
    assert kinds_and_names(records) == [
        ("memorandum", "Memorandum of understanding on cooperation in the field of e-commerce"),
        ("agreement", "Agreement on mutual recognition of education documents"),
    ]
    records = propose(
        "The sides signed an agreement on trade, a memorandum on investment and a protocol on "
        "customs cooperation."
    )
    assert [r.kind for r in records] == ["agreement", "memorandum", "protocol"]
    assert records[0].name == "Agreement on trade"


def test_lines_after_a_signed_documents_heading_are_one_proposal_each():
    records = propose(
        "22 августа 2024 года в Минске подписаны следующие документы:",
        "– Соглашение о сотрудничестве в области образования;",
        "– Дорожная карта развития промышленной кооперации на 2024–2026 годы;",
        "– Меморандум о взаимопонимании между Министерством спорта и туризма Республики "
        "Беларусь и Государственным управлением по делам спорта КНР.",
        "Стороны также обсудили торговлю.",
    )
    assert [r.kind for r in records] == ["agreement", "roadmap", "memorandum"]
    assert {r.signed_date for r in records} == {datetime.date(2024, 8, 22)}
    assert records[0].signed_place == "Минск"


def test_a_package_of_documents_gives_each_document():
    records = propose(
        "По итогам переговоров подписан пакет документов, в том числе межправительственное "
        "соглашение о сотрудничестве в сфере здравоохранения и контракт на поставку 50 "
        "автобусов."
    )
    assert kinds_and_names(records) == [
        ("agreement", "Межправительственное соглашение о сотрудничестве в сфере здравоохранения"),
        ("contract", "Контракт на поставку 50 автобусов"),
    ]


# --- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind", "name"),
    [
        ("Речь идет о Меморандуме о сотрудничестве в сфере туризма.", "memorandum",
         "Меморандум о сотрудничестве в сфере туризма"),
        ("Стороны подписали межправительственное соглашение о торговле услугами.", "agreement",
         "Межправительственное соглашение о торговле услугами"),
        ("В соответствии с Договором о дружбе и сотрудничестве стороны действуют.", "treaty",
         "Договор о дружбе и сотрудничестве"),
        ("Подписан контракт на поставку зерна.", "contract", "Контракт на поставку зерна"),
        ("Подписан протокол заседания межправительственной комиссии.", "protocol",
         "Протокол заседания межправительственной комиссии"),
        ("Лидеры приняли совместное заявление о дальнейшем углублении партнерства.",
         "joint_statement", "Совместное заявление о дальнейшем углублении партнерства"),
        ("Главы государств подписали Декларацию о многополярном мире.", "declaration",
         "Декларация о многополярном мире"),
        ("Об этом говорится в совместном коммюнике по итогам 30-й регулярной встречи.",
         "joint_communique", "Совместное коммюнике по итогам 30-й регулярной встречи"),
        ("Утверждена программа сотрудничества в области культуры на 2025-2027 годы.",
         "programme", "Программа сотрудничества в области культуры на 2025-2027 годы"),
        ("Подписан план мероприятий по реализации договоренностей.", "plan",
         "План мероприятий по реализации договоренностей"),
        ("Стороны утвердили Дорожную карту по развитию торговли.", "roadmap",
         "Дорожная карта по развитию торговли"),
        ("China and Serbia signed a free trade agreement.", "agreement", "Free trade agreement"),
        ("The two countries signed an intergovernmental agreement on mutual visa exemption.",
         "agreement", "Intergovernmental agreement on mutual visa exemption"),
        ("They signed a contract for the supply of natural gas.", "contract",
         "Contract for the supply of natural gas"),
        ("The leaders issued a joint statement on deepening the partnership.", "joint_statement",
         "Joint statement on deepening the partnership"),
        ("The sides adopted a joint declaration on a multipolar world.", "declaration",
         "Joint declaration on a multipolar world"),
        ("The ministers approved a cooperation plan for 2025-2027.", "plan",
         "Cooperation plan for 2025-2027"),
        ("The sides signed a roadmap for industrial cooperation.", "roadmap",
         "Roadmap for industrial cooperation"),
        ("The sides signed an MoU on tourism.", "memorandum", "MoU on tourism"),
        ("A protocol on amendments to the Agreement on trade was signed.", "protocol",
         "Protocol on amendments to the Agreement on trade"),
    ],
)  # fmt: skip
def test_every_kind_is_told_in_both_languages_and_any_case(sentence, kind, name):
    assert kinds_and_names(propose(sentence)) == [(kind, name)]


# --- where names end -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Подписано соглашение о сотрудничестве в области фотоники будет реализовано.",
         "Соглашение о сотрудничестве в области фотоники"),
        ("The agreement on cooperation in tourism and sports were signed on Jan 20.",
         "Agreement on cooperation in tourism and sports"),
        ("Меморандум о сотрудничестве подписан 3 июня 2025 года.", "Меморандум о сотрудничестве"),
        ("Соглашение о торговле, которое вступило в силу, работает.", "Соглашение о торговле"),
        ("Соглашение о зоне свободной торговли в Пекине подписали министры.",
         "Соглашение о зоне свободной торговли"),
        ("The treaty on trade and Xi Jinping said it works.", "Treaty on trade"),
        ("An agreement on trade, investment and tourism was signed, officials said.",
         "Agreement on trade, investment and tourism"),
        ("Договор о добрососедстве, дружбе и сотрудничестве между Российской Федерацией и "
         "Китайской Народной Республикой действует.",
         "Договор о добрососедстве, дружбе и сотрудничестве"),
        ("They marked the Treaty of Good-Neighbourliness and Friendly Cooperation between the "
         "People's Republic of China and the Russian Federation.",
         "Treaty of Good-Neighbourliness and Friendly Cooperation"),
        ("Стороны подписали соглашение «Об избежании двойного налогообложения» в Минске.",
         "Соглашение «Об избежании двойного налогообложения»"),
        ('The sides signed the "Memorandum on Digital Silk Road Cooperation" in Beijing.',
         "Memorandum on Digital Silk Road Cooperation"),
        ("The leaders signed the Joint Statement of the Republic of Belarus and the People's "
         "Republic of China on deepening the partnership.",
         "Joint Statement of the Republic of Belarus and the People's Republic of China on "
         "deepening the partnership"),
        ("Подписано Совместное заявление Республики Беларусь и Китайской Народной Республики о "
         "развитии партнерства.",
         "Совместное заявление Республики Беларусь и Китайской Народной Республики о развитии "
         "партнерства"),
        ("The sides signed a memorandum of understanding on the Belt and Road Initiative.",
         "Memorandum of understanding on the Belt and Road Initiative"),
        ("Подписан Протокол о внесении изменений в Соглашение между Правительством Республики "
         "Беларусь и Правительством КНР о таможенном сотрудничестве.",
         "Протокол о внесении изменений в Соглашение между Правительством Республики Беларусь и "
         "Правительством КНР о таможенном сотрудничестве"),
        ("Подписан контракт на поставку тракторов в провинцию Хэйлунцзян.",
         "Контракт на поставку тракторов в провинцию Хэйлунцзян"),
    ],
)  # fmt: skip
def test_names_end_where_the_name_ends(sentence, name):
    assert [r.name for r in propose(sentence)] == [name]


@pytest.mark.parametrize(
    "sentence",
    [
        "The sides signed an agreement on Jan 20.",
        "Стороны подписали соглашение 22 августа 2024 года.",
        "An agreement was reached after long talks.",
        "Подписание различного рода соглашений между ассоциациями.",
        "The sides signed agreements on trade and investment.",
        "Подписаны соглашения о сотрудничестве в области образования.",
        "We signed a communiqué during the visit.",
        "Стороны договорились активизировать сотрудничество.",
        "Договоренности достигнуты.",
        "The agreement of the two sides was important.",
    ],
)
def test_bare_plural_or_dated_only_instruments_are_not_proposed(sentence):
    assert propose(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "proposed"),
    [
        ("Стороны разработают Дорожную карту сотрудничества в области науки.", False),
        ("Стороны утвердили Дорожную карту сотрудничества в области науки.", True),
        ("Планируется подписание Дорожной карты сотрудничества в области науки.", False),
        ("Реализуется программа совместных технологических проектов.", False),
        ("Принята Программа сотрудничества в области культуры.", True),
        ("The sides plan to sign a roadmap for cooperation in science.", False),
        ("The sides adopted a roadmap for cooperation in science.", True),
        ("Xi said the Belt and Road Initiative has brought benefits.", False),
        ("The action plan for 2025 will be signed next year.", False),
        (
            "Стороны продолжат реализацию инициативы «Один пояс, один путь», говорится в "
            "подписанном премьерами документе.",
            False,
        ),
    ],
)
def test_plans_count_only_when_signed_or_adopted(sentence, proposed):
    assert bool(propose(sentence)) is proposed


# --- parties, organisations, date and place ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        ("Соглашение о сотрудничестве в области образования между Россией и Китаем действует.",
         ["CN", "RU"]),
        ("Упоминалось российско-китайское соглашение о сотрудничестве в сфере образования.",
         ["CN", "RU"]),
        ("The Sino-Russian agreement on energy cooperation is in force.", ["CN", "RU"]),
        ("The treaty on friendship between Russia and China was mentioned.", ["CN", "RU"]),
        ("Russia and China signed an agreement on energy cooperation.", ["CN", "RU"]),
        ("Стороны подписали соглашение о сотрудничестве в сфере образования.", BY_CN),
        ("Соглашение о сотрудничестве в сфере образования обсуждалось.", []),
    ],
)  # fmt: skip
def test_parties_come_from_the_sentence_else_from_the_article_when_signed(sentence, parties):
    (record,) = propose(sentence)
    assert record.parties == parties


@pytest.mark.parametrize(
    ("sentence", "organisations"),
    [
        ("Обсуждался Меморандум о сотрудничестве в области ИКТ между Министерством связи и "
         "информатизации Республики Беларусь и Министерством промышленности и информатизации "
         "Китайской Народной Республики.",
         ["Министерство связи и информатизации Республики Беларусь",
          "Министерство промышленности и информатизации Китайской Народной Республики"]),
        ("Gazprom and CNPC signed a contract for the supply of natural gas.",
         ["Gazprom", "CNPC"]),
        ("МГУ и Пекинский университет подписали меморандум о создании совместного университета.",
         ["МГУ", "Пекинский университет"]),
        ("TASS and Xinhua signed an agreement on news exchange.", ["TASS", "Xinhua"]),
        ("Moscow State University and Peking University signed an agreement on student "
         "exchanges.", ["Moscow State University", "Peking University"]),
        ("Подписано соглашение о сотрудничестве между Белорусской железной дорогой и компанией "
         "China Railway Container Transport.",
         ["Белорусская железная дорога", "компания China Railway Container Transport"]),
        ("Putin and Xi Jinping signed a joint statement on the new era.", []),
        ("Соглашение о сотрудничестве между Беларусью и Китаем подписано.", []),
    ],
)  # fmt: skip
def test_organisations_are_signatories_that_are_not_states_in_the_nominative(
    sentence, organisations
):
    (record,) = propose(sentence)
    assert record.organisations == organisations


@pytest.mark.parametrize(
    ("sentence", "date", "place"),
    [
        ("Меморандум о сотрудничестве в сфере ИКТ, подписанный 22 августа 2024 года в Пекине, "
         "работает.", datetime.date(2024, 8, 22), "Пекин"),
        ("Gazprom and CNPC signed a contract for the supply of gas in Beijing on March 2, 2023.",
         datetime.date(2023, 3, 2), "Beijing"),
        ("Соглашение о торговле от 5 мая 2019 года действует.", datetime.date(2019, 5, 5), ""),
        ("The sides signed an agreement on visa exemption, which entered into force on "
         "December 2, 2018.", None, ""),
        ("Соглашение о торговле, о котором говорили 5 мая 2019 года, важно.", None, ""),
        ("22 августа 2024 г. в ходе визита в Беларусь подписан Меморандум о сотрудничестве в "
         "сфере ИКТ.", datetime.date(2024, 8, 22), ""),
    ],
)  # fmt: skip
def test_signing_date_and_place_when_the_sentence_gives_them(sentence, date, place):
    (record,) = propose(sentence)
    assert (record.signed_date, record.signed_place) == (date, place)


def test_two_mentions_of_one_agreement_are_one_proposal_that_knows_what_both_say():
    records = propose(
        "Обсужден ход реализации Меморандума о сотрудничестве в области фотоники.",
        "Меморандум о сотрудничестве в области фотоники подписан 22 августа 2024 года в Минске.",
    )
    assert [(r.name, r.signed_date, r.signed_place) for r in records] == [
        ("Меморандум о сотрудничестве в области фотоники", datetime.date(2024, 8, 22), "Минск")
    ]


# --- the register ---------------------------------------------------------------------------


def entry(id, name_ru="", name_en="", aliases=(), parties=(), signed_on=None, kind="other"):
    return RegisterEntry(id, name_ru, name_en, list(aliases), kind, frozenset(parties), signed_on)


def record(name, parties=(), signed=None):
    return AgreementRecord(name=name, parties=list(parties), signed_date=signed)


def test_an_inflected_mention_finds_its_register_entry():
    register = Register([entry(1, "Меморандум о взаимопонимании в области фотоники")])
    found = register.find(record("Меморандума о взаимопонимании в области фотоники"))
    assert found is not None and found.id == 1


def test_russian_and_english_names_of_one_treaty_are_one_entry():
    register = Register(
        [entry(7, "Договор о добрососедстве, дружбе и сотрудничестве между Российской Федерацией "
                  "и Китайской Народной Республикой")],
        matcher=MATCHER,
    )  # fmt: skip
    for name in (
        "Treaty of Good-Neighbourliness, Friendship and Cooperation between Russia and China",
        "Treaty of Good-Neighbourliness and Friendly Cooperation between the People's Republic "
        "of China and the Russian Federation",
        "Договора о добрососедстве, дружбе и сотрудничестве",
    ):
        assert register.find(record(name)).id == 7, name
    assert register.find(record("Treaty of Friendship and Cooperation")) is None


@pytest.mark.parametrize("matcher", [None, MATCHER])
@pytest.mark.parametrize(
    ("known", "other"),
    [
        ("Agreement on cooperation in education between Iran and China",
         "Agreement on cooperation in education between Iraq and China"),
        ("Agreement between Austria and China on cultural cooperation",
         "Agreement between Australia and China on cultural cooperation"),
        ("Соглашение между Мальтой и Китаем о сотрудничестве",
         "Соглашение между Мали и Китаем о сотрудничестве"),
        ("Agreement on cooperation in the field of education",
         "Agreement on cooperation in the field of culture"),
        ("Соглашение о сотрудничестве в области образования",
         "Соглашение о сотрудничестве в области культуры"),
        ("Memorandum on trade", "Agreement on trade"),
    ],
)  # fmt: skip
def test_names_that_differ_in_a_country_or_a_content_word_are_never_merged(matcher, known, other):
    register = Register([entry(1, name_en=known)], matcher=matcher)
    assert register.find(record(known)).id == 1
    assert register.find(record(other)) is None
    assert not same_name(known, other, matcher=matcher)


def test_an_entrys_parties_keep_apart_a_mention_of_another_country_pair():
    register = Register(
        [entry(1, name_en="Agreement on cultural cooperation", parties={"IR", "CN"})]
    )
    assert register.find(record("Agreement on cultural cooperation", parties=["IQ", "CN"])) is None
    assert register.find(record("Agreement on cultural cooperation", parties=["CN", "IR"])).id == 1


def test_one_name_signed_on_different_days_is_different_documents():
    days = [datetime.date(2020 + n, 3, 1) for n in range(8)]
    name = "Соглашение о сотрудничестве в области средств массовой информации"
    register = Register([entry(n, name, signed_on=day) for n, day in enumerate(days, start=1)])
    assert register.find(record(name, signed=days[3])).id == 4
    assert register.find(record(name, signed=datetime.date(2031, 1, 1))) is None
    assert register.find(record(name)) is None  # which of the eight: cannot tell
    register.add(entry(9, name))
    assert register.find(record(name)).id == 9  # the one without a date takes undated mentions


def test_other_names_and_openings_of_longer_names_find_the_entry():
    register = Register(
        [
            entry(
                3,
                "Совместное коммюнике по итогам 30-й регулярной встречи глав правительств",
                aliases=["Совместное коммюнике по итогам 30-й регулярной встречи руководителей "
                         "правительств"],
            ),
            entry(4, "Меморандум о взаимопонимании по вопросу стратегического сотрудничества в "
                     "области ИКТ"),
        ]
    )  # fmt: skip
    found = register.find(
        record("Совместное коммюнике по итогам 30-й регулярной встречи руководителей "
               "правительств двух стран")
    )  # fmt: skip
    assert found.id == 3
    longer = "Совместное коммюнике по итогам 30-й регулярной встречи глав правительств в Пекине"
    assert register.find(record(longer)).id == 3
    assert register.find(record("Совместное коммюнике по итогам 31-й регулярной встречи")) is None
    ict = "Меморандум о взаимопонимании по вопросу стратегического сотрудничества в области " \
          "информационно-коммуникационных технологий"  # fmt: skip
    assert register.find(record(ict)).id == 4


def test_adding_an_entry_again_replaces_its_names():
    register = Register([entry(1, name_en="Agreement on trade")])
    register.add(entry(1, "Соглашение о туризме", name_en="Agreement on tourism"))
    assert register.find(record("Agreement on trade")) is None
    assert register.find(record("Соглашения о туризме")).id == 1


# --- the seed articles -------------------------------------------------------------------------


def seed_paragraphs(prefix):
    path = next((settings.BASE_DIR / "fixtures" / "seeds").glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8").replace("**", "").replace("*", "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def fixture_register():
    rows = json.loads((settings.BASE_DIR / "fixtures" / "agreements.json").read_text())
    return Register(
        RegisterEntry(
            n,
            row["fields"]["name_ru"],
            row["fields"]["name_en"],
            row["fields"]["aliases"],
            row["fields"]["kind"],
            frozenset(code for (code,) in row["fields"]["parties"]),
            datetime.date.fromisoformat(row["fields"]["signed_on"]),
        )
        for n, row in enumerate(rows, start=1)
    )


def test_the_seed_articles_name_exactly_the_registers_two_agreements():
    register = fixture_register()
    ministry = propose(*seed_paragraphs("004"))
    assert [(r.kind, r.signed_date) for r in ministry] == [
        ("memorandum", datetime.date(2024, 8, 22))
    ]
    assert register.find(ministry[0]).id == 1
    (communique,) = propose(*seed_paragraphs("003"), countries=["CN", "RU"])
    assert communique.kind == "joint_communique"
    assert register.find(communique).id == 2
    for prefix in ("000", "001", "002"):
        assert propose(*seed_paragraphs(prefix)) == []


def test_a_mention_without_parties_settles_on_one_entry_instead_of_adding_one_each_time():
    name = "Меморандум о сотрудничестве в области туризма"
    register = Register(
        [
            RegisterEntry(1, name, "", [], "memorandum", frozenset({"BY", "CN"}), None),
            RegisterEntry(2, name, "", [], "memorandum", frozenset({"CN", "RU"}), None),
        ]
    )
    mention = AgreementRecord(name=name, kind="memorandum")
    assert register.find(mention) is None  # which of the two cannot be told: a new entry
    register.add(RegisterEntry(3, name, "", [], "memorandum", frozenset(), None))
    assert register.find(mention).id == 3
    assert register.find(AgreementRecord(name=name, parties=["BY", "CN"])).id == 1
