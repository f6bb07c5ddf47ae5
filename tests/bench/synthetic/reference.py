"""The outlets, country pairs and agreements that synthetic articles point to, created in bulk.

Everything is derived from the seed, so two runs with the same seed produce the same
reference data, and a second run finds it in place instead of duplicating it.
"""

import datetime
import random
from dataclasses import dataclass
from itertools import accumulate

from django.db import transaction

from archive.models import Agreement, Country, CountryPair, Outlet, canonical_pair_code
from archive.text import slugify_translit

AGREEMENT_COUNT = 2_000
# Fictional outlets (reserved .example domains): name, language, country, popularity.
OUTLETS = [
    ("Минский вестник", "ru", "BY", 40),
    ("Белорусское телеграфное обозрение", "ru", "BY", 35),
    ("Новости Союзного государства", "ru", "BY", 18),
    ("Вечерний Гомель", "ru", "BY", 6),
    ("Брестский курьер", "ru", "BY", 5),
    ("Республиканская экономическая газета", "ru", "BY", 12),
    ("Московский деловой курьер", "ru", "RU", 30),
    ("Российское информационное агентство «Север»", "ru", "RU", 28),
    ("Евразийский обозреватель", "ru", "RU", 15),
    ("Сибирские ведомости", "ru", "RU", 6),
    ("Поволжская правда", "ru", "RU", 4),
    ("Дипломатический вестник", "ru", "RU", 10),
    ("Китай сегодня", "ru", "CN", 14),
    ("Пекинское обозрение на русском", "ru", "CN", 9),
    ("Казахстанская неделя", "ru", "KZ", 7),
    ("Ташкентский экспресс", "ru", "UZ", 4),
    ("Бишкекские новости", "ru", "KG", 3),
    ("Ереванский курьер", "ru", "AM", 3),
    ("Бакинский рабочий листок", "ru", "AZ", 3),
    ("Душанбинское время", "ru", "TJ", 2),
    ("Silk Road Daily", "en", "CN", 25),
    ("Beijing Bulletin", "en", "CN", 20),
    ("Eurasia Wire", "en", "RU", 12),
    ("Minsk Herald", "en", "BY", 14),
    ("Belarus Business Review", "en", "BY", 6),
    ("Caspian Monitor", "en", "KZ", 4),
    ("Asia Trade Journal", "en", "SG", 5),
    ("Global Cooperation Times", "en", "US", 8),
    ("Delhi Diplomatic Review", "en", "IN", 4),
    ("Gulf Partnership News", "en", "AE", 3),
]
# The most written-about pairs and their weights; other pairs get smaller, skewed weights.
LEADING_PAIRS = {
    "BY-CN": 30.0,
    "CN-RU": 26.0,
    "BY-RU": 14.0,
    "CN-KZ": 5.0,
    "KZ-RU": 4.5,
    "IN-RU": 3.5,
    "BY-KZ": 3.0,
    "RU-UZ": 2.5,
    "CN-US": 2.5,
    "BY-UZ": 2.0,
}
HUBS = ("BY", "CN", "RU")
TOPICS = [
    ("торговли", "trade"),
    ("образования", "education"),
    ("науки и технологий", "science and technology"),
    ("здравоохранения", "health care"),
    ("культуры", "culture"),
    ("туризма", "tourism"),
    ("сельского хозяйства", "agriculture"),
    ("энергетики", "energy"),
    ("транспорта и логистики", "transport and logistics"),
    ("цифровой экономики", "the digital economy"),
    ("промышленной кооперации", "industrial cooperation"),
    ("инвестиций", "investment"),
    ("таможенного дела", "customs"),
    ("финансов", "finance"),
    ("спорта", "sport"),
    ("средств массовой информации", "the media"),
    ("охраны окружающей среды", "environmental protection"),
    ("чрезвычайных ситуаций", "emergency response"),
    ("космоса", "space"),
    ("молодежной политики", "youth policy"),
]
KINDS = [
    (Agreement.Kind.MEMORANDUM, "Меморандум о взаимопонимании", "Memorandum of understanding", 30),
    (Agreement.Kind.AGREEMENT, "Соглашение", "Agreement", 30),
    (Agreement.Kind.PROGRAMME, "Программа", "Programme", 8),
    (Agreement.Kind.ROADMAP, "Дорожная карта", "Roadmap", 7),
    (Agreement.Kind.PROTOCOL, "Протокол", "Protocol", 7),
    (Agreement.Kind.JOINT_STATEMENT, "Совместное заявление", "Joint statement", 6),
    (Agreement.Kind.CONTRACT, "Контракт", "Contract", 5),
    (Agreement.Kind.TREATY, "Договор", "Treaty", 3),
    (Agreement.Kind.INITIATIVE, "Инициатива", "Initiative", 2),
    (Agreement.Kind.JOINT_COMMUNIQUE, "Совместное коммюнике", "Joint communiqué", 2),
]
STATUSES = [
    (Agreement.Status.SIGNED, 55),
    (Agreement.Status.IN_FORCE, 30),
    (Agreement.Status.PLANNED, 10),
    (Agreement.Status.EXPIRED, 5),
]


class MissingCountries(Exception):
    """The database has no reference countries to build pairs from."""


@dataclass
class PairInfo:
    """A country pair as the article generator needs it: ids, names and agreement choices."""

    id: int
    code: str
    country_ids: tuple[int, int]
    names_ru: tuple[str, str]
    names_en: tuple[str, str]
    agreements: list[tuple[int, str, str]]  # (id, name_ru, name_en), most cited first
    agreement_cum_weights: list[float]


@dataclass
class Reference:
    """Plain, picklable reference data for generating articles in worker processes."""

    outlets: dict[str, list[tuple[int, str]]]  # language -> [(id, domain)]
    outlet_cum_weights: dict[str, list[float]]
    pairs: list[PairInfo]
    pair_cum_weights: list[float]
    country_ids: list[int]


def pair_weights(codes: list[str], seed: int) -> dict[str, float]:
    """Skewed weights for country pairs: the leading pairs first, then pairs with a hub country,
    then a sprinkling of pairs between other countries."""
    present = set(codes)
    rng = random.Random(f"pairs:{seed}")
    weights = {p: w for p, w in LEADING_PAIRS.items() if set(p.split("-")) <= present}
    others = sorted(present - set(HUBS))
    hub_pairs = [
        canonical_pair_code(hub, other) for hub in HUBS if hub in present for other in others
    ]
    hub_pairs = [p for p in hub_pairs if p not in weights]
    rng.shuffle(hub_pairs)
    for rank, code in enumerate(hub_pairs, start=1):
        weights[code] = 4.0 / rank**0.8
    minor = sorted(
        {canonical_pair_code(a, b) for a in others for b in others if a != b} - set(weights)
    )
    rng.shuffle(minor)
    for rank, code in enumerate(minor[:40], start=1):
        weights[code] = 0.4 / rank**0.7
    return weights


def _pairs(countries: dict[str, Country], codes: list[str]) -> dict[str, CountryPair]:
    """The pairs with these canonical codes, the missing ones created in one statement."""
    existing = set(CountryPair.objects.filter(code__in=codes).values_list("code", flat=True))
    CountryPair.objects.bulk_create(
        [
            CountryPair(code=code, first=countries[code[:2]], second=countries[code[3:]])
            for code in codes
            if code not in existing
        ],
        ignore_conflicts=True,
    )
    found = CountryPair.objects.filter(code__in=codes).select_related("first", "second")
    return {pair.code: pair for pair in found}


def _outlets() -> list[Outlet]:
    countries = {c.code: c for c in Country.objects.all()}
    existing = {o.slug: o for o in Outlet.objects.all()}
    new = []
    for name, _language, country, _weight in OUTLETS:
        slug = slugify_translit(name, max_length=90)
        if slug not in existing:
            new.append(
                Outlet(
                    name=name,
                    slug=slug,
                    domain=f"{slug}.example",
                    country=countries.get(country),
                )
            )
    Outlet.objects.bulk_create(new, ignore_conflicts=True)
    by_slug = {o.slug: o for o in Outlet.objects.all()}
    return [by_slug[slugify_translit(name, max_length=90)] for name, *_ in OUTLETS]


def _random_date(rng: random.Random, first: int, last: int) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(first, last))


def _agreements(pairs: dict[str, CountryPair], weights: dict[str, float], seed: int, count: int):
    """The synthetic agreements by pair, created on the first run with this seed."""
    rng = random.Random(f"agreements:{seed}")
    codes = sorted(weights)
    cum = list(accumulate(weights[c] for c in codes))
    kind_cum = list(accumulate(k[3] for k in KINDS))
    status_cum = list(accumulate(s[1] for s in STATUSES))
    first_day = datetime.date(2000, 1, 1).toordinal()
    last_day = datetime.date(2026, 10, 31).toordinal()
    planned = []
    for number in range(1, count + 1):
        code = rng.choices(codes, cum_weights=cum)[0]
        kind, kind_ru, kind_en, _ = rng.choices(KINDS, cum_weights=kind_cum)[0]
        topic_ru, topic_en = rng.choice(TOPICS)
        pair = pairs[code]
        first, second = pair.first, pair.second
        name_ru = (
            f"{kind_ru} о сотрудничестве в области {topic_ru} ({first.name_ru} — {second.name_ru})"
        )
        name_en = (
            f"{kind_en} on cooperation in {topic_en} between {first.name_en} and {second.name_en}"
        )
        slug = f"{slugify_translit(name_en, max_length=100)}-{number}"
        planned.append(
            (
                code,
                Agreement(
                    slug=slug,
                    name_ru=name_ru,
                    name_en=name_en,
                    kind=kind,
                    status=rng.choices(STATUSES, cum_weights=status_cum)[0][0],
                    signed_on=_random_date(rng, first_day, last_day),
                ),
            )
        )
    slugs = [a.slug for _, a in planned]
    existing = set(Agreement.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    fresh = [(code, a) for code, a in planned if a.slug not in existing]
    Agreement.objects.bulk_create([a for _, a in fresh])
    through = Agreement.parties.through
    created = {a.slug: a for a in Agreement.objects.filter(slug__in=[a.slug for _, a in fresh])}
    through.objects.bulk_create(
        [
            through(agreement_id=created[a.slug].id, country_id=country_id)
            for code, a in fresh
            for country_id in (pairs[code].first_id, pairs[code].second_id)
        ]
    )
    ids = dict(Agreement.objects.filter(slug__in=slugs).values_list("slug", "id"))
    by_pair: dict[str, list[tuple[int, str, str]]] = {}
    for code, a in planned:
        by_pair.setdefault(code, []).append((ids[a.slug], a.name_ru, a.name_en))
    return by_pair


@transaction.atomic
def ensure_reference(seed: int, agreements: int = AGREEMENT_COUNT) -> Reference:
    """Create (once) and return the outlets, pairs and agreements for the seed's corpus."""
    countries = {c.code: c for c in Country.objects.all()}
    if len(countries) < 2:
        raise MissingCountries(
            "The database has no reference countries. Apply the migrations first "
            "(`python manage.py migrate`: 0002_countries seeds about forty of them)."
        )
    weights = pair_weights(sorted(countries), seed)
    pairs = _pairs(countries, sorted(weights))
    outlets = _outlets()
    agreements = _agreements(pairs, weights, seed, agreements)

    outlet_lists: dict[str, list[tuple[int, str]]] = {"ru": [], "en": []}
    outlet_weights: dict[str, list[float]] = {"ru": [], "en": []}
    for outlet, (_, language, _, weight) in zip(outlets, OUTLETS, strict=True):
        outlet_lists[language].append((outlet.id, outlet.domain))
        outlet_weights[language].append(weight)
    infos = []
    for code in sorted(weights):
        pair = pairs[code]
        cited = agreements.get(code, [])
        infos.append(
            PairInfo(
                id=pair.id,
                code=code,
                country_ids=(pair.first_id, pair.second_id),
                names_ru=(pair.first.name_ru, pair.second.name_ru),
                names_en=(pair.first.name_en, pair.second.name_en),
                agreements=cited,
                # A few agreements of a pair are cited far more often than the rest.
                agreement_cum_weights=list(accumulate(1 / r for r in range(1, len(cited) + 1))),
            )
        )
    return Reference(
        outlets=outlet_lists,
        outlet_cum_weights={k: list(accumulate(v)) for k, v in outlet_weights.items()},
        pairs=infos,
        pair_cum_weights=list(accumulate(weights[code] for code in sorted(weights))),
        country_ids=sorted(c.id for c in countries.values()),
    )
