"""News-shaped JSON Lines records for the import benchmark: what a real feed gives the importer.

Each record looks like an agency story where it matters to the importer's cost: a headline
naming two countries, a dateline («МИНСК, 4 ноября – БЕЛТА.», "BEIJING, March 2 (Xinhua) --")
on most, four to twelve paragraphs (about 2.5 KB, as real stories run), the two countries
named again in their case forms, another named in passing, and on some a sentence listing
the documents signed. A quarter come without a date, which then has to be read from the URL
(in the shapes real sites use) or the dateline. Words come from the frequency vocabularies the
search benchmark uses, so the text has the spread of real language.

With `given=True` a record also carries its date, language, countries, pairs and agreements,
as an export does: the importer's "given" path, with nothing left to detect.
"""

import datetime
import functools
import json
import random
import re

from tests.bench.synthetic.vocabulary import build_vocabularies

FIRST_DAY = datetime.date(2010, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
RUSSIAN_SHARE = 0.7
UNDATED_SHARE = 0.25
DATELINE_SHARE = 0.6
AGREEMENT_SHARE = 0.15
# (code, English name, Russian name, capital in English, capital in Russian, weight)
COUNTRIES = [
    ("BY", "Belarus", "Беларусь", "MINSK", "МИНСК", 30),
    ("CN", "China", "Китай", "BEIJING", "ПЕКИН", 34),
    ("RU", "Russia", "Россия", "MOSCOW", "МОСКВА", 28),
    ("KZ", "Kazakhstan", "Казахстан", "ASTANA", "АСТАНА", 8),
    ("UZ", "Uzbekistan", "Узбекистан", "TASHKENT", "ТАШКЕНТ", 5),
    ("IN", "India", "Индия", "NEW DELHI", "НЬЮ-ДЕЛИ", 5),
    ("VN", "Vietnam", "Вьетнам", "HANOI", "ХАНОЙ", 3),
    ("AR", "Argentina", "Аргентина", "BUENOS AIRES", "БУЭНОС-АЙРЕС", 2),
    ("ET", "Ethiopia", "Эфиопия", "ADDIS ABABA", "АДДИС-АБЕБА", 2),
    ("MY", "Malaysia", "Малайзия", "KUALA LUMPUR", "КУАЛА-ЛУМПУР", 2),
    ("NG", "Nigeria", "Нигерия", "ABUJA", "АБУДЖА", 2),
    ("QA", "Qatar", "Катар", "DOHA", "ДОХА", 2),
    ("ZW", "Zimbabwe", "Зимбабве", "HARARE", "ХАРАРЕ", 1),
    ("LA", "Laos", "Лаос", "VIENTIANE", "ВЬЕНТЬЯН", 1),
    ("OM", "Oman", "Оман", "MUSCAT", "МАСКАТ", 1),
]
OUTLETS = [  # (name in a dateline, domain, URL shape)
    ("БЕЛТА", "belta.by", "belta"),
    ("BelTA", "eng.belta.by", "belta"),
    ("Синьхуа", "russian.news.cn", "xinhua"),
    ("Xinhua", "english.news.cn", "xinhua"),
    ("ТАСС", "tass.ru", "tass"),
    ("Sputnik", "sputnik.by", "sputnik"),
    ("МИД", "mfa.gov.by", "ministry"),
]
DOCUMENT_WORD = re.compile(
    r"(?i)(договор|соглашени|меморандум|протокол|программ|коммюнике|заявлени|декларац|контракт"
    r"|план|карт|инициатив|agreement|treat|memorand|protocol|program|communiq|statement"
    r"|declaration|contract|plan|roadmap|initiative|mou$)"
)
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
EN_MONTHS = "January February March April May June July August September October November December"
TOPICS = {
    "ru": ["торговли", "образования", "культуры", "туризма", "здравоохранения", "науки",
           "промышленности", "сельского хозяйства", "таможенного дела", "цифровой экономики"],
    "en": ["trade", "education", "culture", "tourism", "healthcare", "science",
           "industry", "agriculture", "customs", "the digital economy"],
}  # fmt: skip
DOCUMENTS = {
    "ru": [("соглашение", "agreement"), ("меморандум", "memorandum"), ("протокол", "protocol"),
           ("программа", "programme"), ("дорожная карта", "roadmap")],
    "en": [("agreement", "agreement"), ("memorandum of understanding", "memorandum"),
           ("protocol", "protocol"), ("programme", "programme"), ("roadmap", "roadmap")],
}  # fmt: skip


@functools.cache
def _inflections(name: str) -> list[str]:
    """A Russian country name in the cases news uses it in."""
    parse = _morph().parse(name)[0]
    forms = [name]
    for case in ("gent", "datv", "ablt", "loct"):
        inflected = parse.inflect({case})
        if inflected:
            word = inflected.word
            forms.append(word[:1].upper() + word[1:])
    return forms


@functools.cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


class NewsMaker:
    """Reproducible news-shaped records: the same seed and ordinal give the same record."""

    def __init__(self, seed: int = 1):
        self.seed = seed
        self.vocabularies = build_vocabularies()
        self.weights = [c[5] for c in COUNTRIES]

    def _country_names(self, rng, code_row, language) -> str:
        if language == "en":
            return code_row[1]
        return rng.choice(_inflections(code_row[2]))

    def _words(self, rng, language, count: int) -> list[str]:
        """Words drawn by frequency, without the nouns that name documents: a random word
        after «договор» makes word salad the importer would take for an agreement's name,
        where real news writes a grammatical one (the signing sentences below)."""
        words = self.vocabularies[language].draw(rng, count)
        return [w for w in words if not DOCUMENT_WORD.match(w)] or words[:1]

    def _sentence(self, rng, language, extra: str = "") -> str:
        words = self._words(rng, language, rng.randint(8, 20))
        if extra:
            words.insert(rng.randrange(1, len(words)), extra)
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."

    def record(self, ordinal: int, given: bool = False) -> dict:
        rng = random.Random(f"news:{self.seed}:{ordinal}")
        language = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        first, second = rng.sample(range(len(COUNTRIES)), 2)
        pair = [COUNTRIES[first], COUNTRIES[second]]
        if rng.random() < 0.7:  # most stories are about the archive's leading pairs
            pair = rng.choice([(0, 1), (1, 2), (0, 2)])
            pair = [COUNTRIES[pair[0]], COUNTRIES[pair[1]]]
        passing = rng.choices(COUNTRIES, weights=self.weights)[0]
        day = datetime.date.fromordinal(rng.randint(FIRST_DAY.toordinal(), LAST_DAY.toordinal()))
        outlet, domain, shape = rng.choice(OUTLETS)
        connector = " и " if language == "ru" else " and "
        title = (
            self._country_names(rng, pair[0], language)
            + connector
            + self._country_names(rng, pair[1], language)
            + " "
            + " ".join(self._words(rng, language, rng.randint(4, 8)))
        )
        paragraphs = []
        for index in range(rng.randint(4, 12)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                extra = ""
                if rng.random() < 0.25:
                    extra = self._country_names(rng, rng.choice(pair), language)
                sentences.append(self._sentence(rng, language, extra))
            if index == 0 and rng.random() < DATELINE_SHARE:
                sentences.insert(0, self._dateline(rng, language, pair[0], day, outlet))
            paragraphs.append(" ".join(sentences))
        paragraphs.insert(
            rng.randrange(1, len(paragraphs)),
            self._sentence(rng, language, self._country_names(rng, passing, language)),
        )
        agreements = []
        if rng.random() < AGREEMENT_SHARE:
            sentence, agreements = self._signed(rng, language, pair)
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), sentence)
        record = {
            "title": title,
            "body": "\n\n".join(paragraphs),
            "source_url": self._url(rng, domain, shape, day, ordinal),
        }
        if given:
            codes = sorted({pair[0][0], pair[1][0]})
            record |= {
                "date": day.isoformat(),
                "language": language,
                "source": outlet,
                "countries": codes,
                "pairs": ["-".join(codes)],
                "agreements": agreements,
            }
        elif rng.random() >= UNDATED_SHARE:
            record["date"] = day.isoformat()
        return record

    def _dateline(self, rng, language, country, day, outlet) -> str:
        if language == "ru":
            month = RU_MONTHS.split()[day.month - 1]
            return f"{country[4]}, {day.day} {month} – {outlet}."
        month = EN_MONTHS.split()[day.month - 1]
        return f"{country[3]}, {month} {day.day} ({outlet}) --"

    def _signed(self, rng, language, pair):
        documents = rng.sample(DOCUMENTS[language], rng.randint(1, 3))
        topics = rng.sample(TOPICS[language], len(documents))
        names = []
        for (noun, _), topic in zip(documents, topics, strict=True):
            if language == "ru":
                names.append(f"{noun} о сотрудничестве в области {topic}")
            else:
                names.append(f"{noun} on cooperation in {topic}")
        codes = sorted({pair[0][0], pair[1][0]})
        agreements = [
            {"name": name[:1].upper() + name[1:], "kind": kind, "parties": codes}
            for name, (_, kind) in zip(names, documents, strict=True)
        ]
        if language == "ru":
            listed = ", ".join(names[:-1]) + (" и " if len(names) > 1 else "") + names[-1]
            return f"В ходе визита подписаны {listed}.", agreements
        listed = ", ".join(f"a {n}" for n in names[:-1]) + (" and " if len(names) > 1 else "")
        return f"The sides signed {listed}a {names[-1]}.", agreements

    def _url(self, rng, domain, shape, day, ordinal) -> str:
        slug = f"story-{ordinal}"
        if shape == "belta":
            return f"https://{domain}/politics/view/{slug}-{ordinal}-{day.year}/"
        if shape == "xinhua":
            return f"https://{domain}/{day:%Y%m%d}/{ordinal:x}/c.html"
        if shape == "tass":
            return f"https://{domain}/mezhdunarodnaya-panorama/{ordinal}"
        if shape == "sputnik":
            return f"https://{domain}/{day:%Y%m%d}/{slug}-{ordinal}.html"
        return f"https://{domain}/press/news/{day:%Y/%m/%d}/{slug}/"


def write_news(path, count: int, *, seed: int = 1, given: bool = False, start: int = 0) -> int:
    """Write `count` records to `path` as JSON Lines; the bytes written."""
    maker = NewsMaker(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for ordinal in range(start, start + count):
            handle.write(json.dumps(maker.record(ordinal, given), ensure_ascii=False) + "\n")
        return handle.tell()
