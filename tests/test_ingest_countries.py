"""Every country recognised in Russian and English news: case forms, look-alike words, names
that differ by one word, compounds, the countries an article covers, editors' own forms."""

import importlib

import pycountry
import pytest
from django.apps import apps as django_apps

from archive.ingest.countries import CountryEntry, CountryMatcher, load_matcher
from archive.ingest.country_forms import build_countries, load_countries
from archive.ingest.country_mentions import propose_pairs
from archive.models import Country


@pytest.fixture(scope="module")
def matcher(django_db_setup, django_db_blocker):
    """The importer's matcher over the migrated database, built once for the module."""
    with django_db_blocker.unblock():
        return load_matcher()


def named(matcher, text, title=""):
    return matcher.find(text, title).ranked()


@pytest.mark.parametrize(
    ("code", "forms"),
    [
        ("BY", ["Беларусь", "Беларуси", "Беларусью", "Белоруссией", "Республикой Беларусь"]),
        ("KR", ["Южная Корея", "Южной Кореи", "Южной Корее", "Южную Корею", "Южной Кореей"]),
        (
            "AE",
            ["Объединённые Арабские Эмираты", "Объединённых Арабских Эмиратов",
             "Объединённым Арабским Эмиратам", "Объединёнными Арабскими Эмиратами"],
        ),
        ("US", ["Соединённые Штаты", "Соединённых Штатов", "Соединёнными Штатами", "США"]),
        ("CN", ["китайский", "китайского", "китайской", "китайскую", "китайские", "китайскими"]),
        ("CN", ["Китайская Народная Республика", "Китайской Народной Республике", "КНР"]),
        ("RU", ["Москва", "Москвы", "Москве", "Москву", "Москвой", "российскому"]),
        ("GW", ["Гвинея-Бисау", "Гвинеи-Бисау", "Гвинее-Бисау"]),
        ("CI", ["Кот-д’Ивуар", "Кот-д'Ивуара", "Берега Слоновой Кости"]),
        ("BA", ["Босния и Герцеговина", "Боснии и Герцеговины", "Боснией и Герцеговиной"]),
        ("PG", ["Папуа — Новая Гвинея", "Папуа — Новой Гвинеи", "Папуа-Новой Гвинее"]),
    ],
)  # fmt: skip
def test_every_case_form_of_a_name_is_found(matcher, code, forms):
    for form in forms:
        assert named(matcher, f"Сообщает агентство: у {form} новости.") == [code], form


@pytest.mark.django_db
def test_every_iso_country_is_in_the_database_with_both_names():
    countries = {c.code: c for c in Country.objects.all()}
    assert set(countries) == {c.alpha_2 for c in pycountry.countries}
    assert len(countries) == 249
    for country in countries.values():
        assert country.name_en and country.name_ru and country.forms, country.code
    assert (countries["RU"].name_en, countries["CN"].name_ru) == ("Russia", "Китай")
    assert countries["AE"].name_ru == "Объединённые Арабские Эмираты"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Аргентина обсудила поставки.", "AR"),
        ("Визит в Эфиопию прошёл успешно.", "ET"),
        ("Laos signed a memorandum in Vientiane.", "LA"),
        ("Делегация Малайзии прибыла в Куала-Лумпур.", "MY"),
        ("Nigerian officials met in Abuja.", "NG"),
        ("Посол Никарагуа вручил верительные грамоты.", "NI"),
        ("Делегация Султаната Оман посетила завод.", "OM"),
        ("Qatar's emir received the delegation in Doha.", "QA"),
        ("Зимбабве расширяет экспорт.", "ZW"),
    ],
)
def test_the_countries_that_used_to_fail_are_recognised(matcher, text, code):
    assert named(matcher, text) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "Того же мнения придерживается министр.",
        "Поэтому и нельзя сказать, что того требует закон.",
        "На кухне стоял чад, он взялся за перо и придал перу форму.",
        "Объём куба равен кубу ребра; перец чили и корень омана.",
        "Он грузил ящики до вечера.",
        "Michael Jordan scored thirty points; Chad Smith played the drums.",
        "The governor of Georgia spoke in Atlanta.",
        "Turkey with cranberries is served at Thanksgiving.",
        "Fine china and guinea pigs were on sale.",
        "Let us meet; the IT sector grows.",
        "The Niger Delta and the Gulf of Guinea are rich in oil.",
        "Рынок Латинской Америки и Индийский океан.",
        "В Новом Орлеане и Нью-Джерси прошли выборы.",
    ],
)
def test_ordinary_words_and_other_places_are_not_countries(matcher, text):
    assert named(matcher, text) == []


def test_a_lookalike_counts_once_the_country_is_named_otherwise(matcher):
    assert named(matcher, "Президент Того прибыл в Минск. Того и Беларусь подписали договор.") == [
        "TG",
        "BY",
    ]
    assert named(matcher, "Jordan and Belarus agreed to talks in Amman.") == ["JO", "BY"]
    assert named(matcher, "Jordan and Belarus agreed to talks.") == ["BY"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Iran and Iraq; Иран, Ирак; иранский, иракский", ["IR", "IQ"]),
        ("Austria and Australia; Австрия, Австралия; австрийский, австралийский", ["AT", "AU"]),
        ("Mali and Malta; Мали, Мальта; малийский, мальтийский", ["ML", "MT"]),
        ("Niger and Nigeria; Нигер, Нигерия; Nigerien, Nigerian", ["NE", "NG"]),
    ],
)
def test_names_that_differ_slightly_are_kept_apart(matcher, text, codes):
    mentions = matcher.find(text)
    assert sorted(mentions.counts) == sorted(codes)
    assert set(mentions.counts.values()) == {3}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Guinea-Bissau", "GW"),
        ("Equatorial Guinea", "GQ"),
        ("Papua New Guinea", "PG"),
        ("Экваториальной Гвинеи", "GQ"),
        ("the Dominican Republic", "DO"),
        ("Democratic Republic of the Congo", "CD"),
        ("Демократической Республики Конго", "CD"),
        ("South Sudan", "SS"),
        ("Южного Судана", "SS"),
        ("North Korea", "KP"),
        ("Северной Кореи", "KP"),
        ("Republic of Korea", "KR"),
        ("Chinese Taipei", "TW"),
        ("the British Virgin Islands", "VG"),
        ("Niger Delta", None),
    ],
)
def test_a_longer_name_is_not_its_shorter_neighbour(matcher, text, code):
    assert named(matcher, f"Talks with {text} went well.") == ([code] if code else [])


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Белорусско-китайское сотрудничество крепнет.", ["BY-CN"]),
        ("Российско-китайских отношений и китайско-белорусский парк", ["CN-RU", "BY-CN"]),
        ("Sino-Russian ties", ["CN-RU"]),
        ("the Russia-China summit", ["CN-RU"]),
        ("US-China trade talks", ["CN-US"]),
        ("Belarusian-Chinese cooperation", ["BY-CN"]),
        ("российско-белорусско-китайский форум", ["BY-RU", "CN-RU", "BY-CN"]),
    ],
)
def test_compounds_are_explicit_pairs(matcher, text, pairs):
    assert matcher.find(text).compound_pairs == pairs


def test_a_stem_outside_a_compound_names_no_country(matcher):
    assert named(matcher, "Indo-Pacific strategy and Anglo-Saxon law") == []


ARTICLE = [
    "Беларусь и Китай расширят сотрудничество в образовании",
    "Министр образования Беларуси провёл в Пекине переговоры с китайскими коллегами.",
    "Стороны обсудили обмен студентами: в белорусских вузах учатся тысячи граждан КНР.",
    "Как и Россия, Китай поддерживает проекты Минска в сфере цифрового обучения.",
    "По словам министра, белорусско-китайское сотрудничество в образовании растёт.",
]


def test_a_country_named_once_in_passing_is_not_covered(matcher):
    mentions = matcher.find("\n\n".join(ARTICLE), title=ARTICLE[0])
    assert mentions.counts["RU"] == 1
    assert mentions.covered() == ["CN", "BY"]  # both in the title, China named more
    assert propose_pairs(mentions) == ["BY-CN"]


def test_without_compounds_the_two_most_covered_countries_pair(matcher):
    text = (
        "China and Laos signed seven agreements. Laos will get Chinese loans for power grids. "
        "Amid U.S. tariffs, Beijing and Vientiane agreed to expand trade; Lao exports to China "
        "grew."
    )
    mentions = matcher.find(text)
    assert mentions.covered() == ["CN", "LA"]
    assert propose_pairs(mentions) == ["CN-LA"]


def test_the_title_makes_its_countries_covered_and_paired(matcher):
    title = "Belarus, Oman discuss cooperation"
    text = f"{title}\n\nThe sides discussed trade. Belarus offered tractors to Muscat."
    mentions = matcher.find(text, title=title)
    assert mentions.in_title == {"BY", "OM"}
    assert propose_pairs(mentions) == ["BY-OM"]


@pytest.mark.django_db
def test_a_form_an_editor_adds_is_recognised_by_the_next_matcher():
    belarus = Country.objects.get(code="BY")
    assert load_matcher().find("Синеокая встречает гостей.").ranked() == []
    belarus.forms += ["синеокая", "синеок*"]
    belarus.save()
    assert load_matcher().find("Синеокая встречает гостей.").ranked() == ["BY"]
    assert load_matcher().find("гости синеокой").ranked() == ["BY"]


@pytest.mark.django_db
def test_the_migration_keeps_editors_forms_and_replaces_seeded_ones():
    migration = importlib.import_module("archive.migrations.0006_every_country")
    Country.objects.filter(code="BY").update(forms=["беларус*", "синеокая"], name_en="Belarus")
    Country.objects.filter(code="ZW").delete()
    migration.add_countries(django_apps, None)
    belarus = Country.objects.get(code="BY")
    assert "синеокая" in belarus.forms and "беларусью" in belarus.forms
    assert "беларус*" not in belarus.forms
    assert Country.objects.get(code="ZW").name_ru == "Зимбабве"


def test_the_committed_data_is_what_the_sources_give():
    assert load_countries() == build_countries()


def test_a_matcher_needs_no_database():
    matcher = CountryMatcher([CountryEntry("BY", ["беларусь", "РБ"], ["белорусско"])])
    assert matcher.codes == {"BY"}
    assert matcher.code_of_word("белорусско") == "BY"
    assert matcher.code_of_word("рб") is None
    assert matcher.find("Беларусь, РБ и рб").counts["BY"] == 2
