"""What the importer proposes: language, countries from every form, pairs, agreements."""

import datetime

import pytest

from archive.ingest.agreements import propose_agreements, same_name
from archive.ingest.countries import load_matcher
from archive.ingest.country_mentions import propose_pairs
from archive.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Беларусь и Китай укрепляют сотрудничество", "ru"),
        ("Самые интересные новости ищите в нашем Telegram-канале и Viber, Sputnik", "ru"),
        ("Technological modernization is one of the main aspects of cooperation", "en"),
        ("Chairman Xi Jinping met the Belarusian leader («Беларусь») in Beijing", "en"),
        ("12345 — 2025", None),
    ],
)
def test_language_is_told_by_alphabet(text, language):
    assert detect_language(text) == language


@pytest.fixture
def matcher(db):
    return load_matcher()


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("Беларусь", "BY"), ("Белоруссия", "BY"), ("РБ", "BY"), ("белорусский", "BY"),
        ("Минск", "BY"), ("Китай", "CN"), ("КНР", "CN"), ("китайский", "CN"), ("Пекин", "CN"),
        ("Поднебесная", "CN"), ("the Celestial Empire", "CN"), ("Россия", "RU"), ("РФ", "RU"),
        ("российский", "RU"), ("Москва", "RU"),
        # inflected, English, other countries
        ("Беларуси", "BY"), ("Китайской Народной Республики", "CN"), ("Belarus's", "BY"),
        ("Beijing", "CN"), ("PRC", "CN"), ("Москвы", "RU"), ("Russian", "RU"),
        ("Казахстана", "KZ"), ("Ташкент", "UZ"), ("США", "US"), ("Южной Кореи", "KR"),
        ("КНДР", "KP"), ("Saudi Arabia", "SA"), ("Нью-Дели", "IN"), ("Грузии", "GE"),
    ],
)  # fmt: skip
def test_every_listed_form_names_its_country(matcher, form, code):
    assert matcher.find(f"Новость: {form} и сотрудничество.").ranked() == [code]


@pytest.mark.parametrize(
    "text",
    ["Он грузил ящики", "Let us meet", "us and them", "индивидуальный подход", "рб и рф строчными"],
)
def test_ordinary_words_are_not_countries(matcher, text):
    assert matcher.find(text).ranked() == []


def test_a_compound_names_both_countries_and_an_explicit_pair(matcher):
    mentions = matcher.find(
        "Межрегиональные связи белорусско-китайского сотрудничества, Россия, Россия"
    )
    assert set(mentions.counts) == {"BY", "CN", "RU"}
    assert propose_pairs(mentions) == ["BY-CN"]


def test_english_compounds_make_pairs_too(matcher):
    assert propose_pairs(matcher.find("the Belarus-China agenda and Sino-Russian ties")) == [
        "BY-CN",
        "CN-RU",
    ]


def test_without_compounds_the_two_most_mentioned_countries_pair(matcher):
    mentions = matcher.find("Россия и Китай. Москва и Пекин. РФ и КНР. Беларусь.")
    assert propose_pairs(mentions) == ["CN-RU"]
    assert propose_pairs(matcher.find("Только Беларусь, Минск.")) == []


MINISTRY = [
    "Детально обсужден ход реализации Меморандума о взаимопонимании по вопросу стратегического "
    "сотрудничества в области информационно-коммуникационных технологий между Министерством "
    "связи и информатизации Республики Беларусь и Министерством промышленности и информатизации "
    "Китайской Народной Республики.",
    "22 августа 2024 г. в ходе визита Премьера Госсовета КНР Ли Цяна в Беларусь подписан "
    "Меморандум о взаимопонимании по вопросу стратегического сотрудничества в области "
    "информационно-коммуникационных технологий между Министерством связи и информатизации РБ и "
    "Министерством промышленности и информатизации КНР.",
    "Меморандум предусматривает содействие сотрудничеству.",
]


def test_a_named_memorandum_is_proposed_once_with_date_and_signatories():
    (memorandum,) = propose_agreements(MINISTRY, ["BY", "CN"])
    assert memorandum.name == (
        "Меморандум о взаимопонимании по вопросу стратегического сотрудничества в области "
        "информационно-коммуникационных технологий"
    )
    assert memorandum.kind == "memorandum"
    assert memorandum.signed_date == datetime.date(2024, 8, 22)
    assert memorandum.parties == ["BY", "CN"]
    assert memorandum.organisations == [
        "Министерство связи и информатизации Республики Беларусь",
        "Министерство промышленности и информатизации Китайской Народной Республики",
    ]


def test_a_communique_in_another_case_is_proposed_in_the_nominative():
    (communique,) = propose_agreements(
        ["Об этом говорится в совместном коммюнике по итогам 30-й регулярной встречи глав "
         "правительств двух стран. В коммюнике также говорится о торговле."],
        ["CN", "RU"],
    )  # fmt: skip
    assert communique.kind == "joint_communique"
    assert communique.name.startswith("Совместное коммюнике по итогам 30-й")


@pytest.mark.parametrize(
    "text",
    [
        "Подписание различного рода соглашений между ассоциациями.",
        "We signed a communiqué during the visit of comrade Li Qiang.",
        "Стороны разработают Дорожную карту сотрудничества в области науки на 2026-2030 годы.",
        "Реализуется программа совместных технологических проектов.",
        "Стороны договорились активизировать сотрудничество.",
    ],
)
def test_unnamed_plural_or_planned_instruments_are_not_proposed(text):
    assert propose_agreements([text], ["BY", "CN"]) == []


def test_an_english_memorandum_is_proposed():
    (memorandum,) = propose_agreements(
        ["On 3 June 2025 the sides signed a Memorandum of Understanding on cooperation in "
         "machine building between the ministries."],
        ["BY", "CN"],
    )  # fmt: skip
    assert memorandum.name == "Memorandum of Understanding on cooperation in machine building"
    assert memorandum.signed_date == datetime.date(2025, 6, 3)


def test_names_match_across_inflection_and_register_prefixes():
    register = "Меморандум о взаимопонимании по вопросу стратегического сотрудничества"
    assert same_name(
        register, "Меморандума о взаимопонимании по вопросу стратегического сотрудничества"
    )
    alias = "совместное коммюнике по итогам 30-й регулярной встречи"
    found = "совместном коммюнике по итогам 30-й регулярной встречи руководителей"
    assert same_name(alias, found, prefix_ok=True)
    assert not same_name(alias, found)
    assert not same_name(alias, "совместное коммюнике по итогам 31-й регулярной встречи")
