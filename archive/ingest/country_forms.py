"""Every ISO 3166-1 country with the names a reader expects and the forms the importer
recognises, made from pycountry (ISO names and their Russian translations), Babel (CLDR display
names), pymorphy3 (Russian case forms) and the hand-written table in
archive.ingest.country_extras.

`python -m archive.ingest.country_forms` rewrites country_forms.json beside this module, the
file migration 0006 loads; a test checks that the committed file is what this module makes.
Forms follow the syntax of archive.ingest.countries; none uses "*": every Russian form is
spelled out, so «Мали» never matches «малина».
"""

import functools
import gettext
import json
import re
from pathlib import Path

import pycountry
import pymorphy3
from babel import Locale

from archive.ingest.country_extras import extras
from archive.text import fold_yo

DATA_FILE = Path(__file__).with_name("country_forms.json")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
MARKS = "=?!~"

# Display names where the sources' choice is not what a reader expects.
DISPLAY_EN = {
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "HK": "Hong Kong",
    "MM": "Myanmar",
    "MO": "Macao",
    "PS": "Palestine",
    "UM": "United States Minor Outlying Islands",
}
DISPLAY_RU = {
    "AE": "Объединённые Арабские Эмираты",
    "CD": "Демократическая Республика Конго",
    "CG": "Республика Конго",
    "GB": "Великобритания",
    "HK": "Гонконг",
    "IO": "Британская территория в Индийском океане",
    "MM": "Мьянма",
    "MO": "Макао",
    "PS": "Палестина",
    "SH": "Остров Святой Елены",
    "UM": "Внешние малые острова США",
    "US": "США",
    "VG": "Британские Виргинские острова",
    "VI": "Американские Виргинские острова",
    "ZA": "ЮАР",
}
BABEL_RU_ABBREVIATIONS = [("о-ва", "острова"), ("о-в", "остров"), ("Св.", "Святой")]


@functools.cache
def _morph():
    return pymorphy3.MorphAnalyzer()


def _clean(text: str) -> str:
    """ё is е, ’ is ', and no stress marks (pycountry writes «Респу́блика»)."""
    return fold_yo(text).replace("’", "'").replace("\u0301", "")


def _is_abbreviation(item: str) -> bool:
    """КНР, USA, U.S., BiH, ДР Конго: a word with more than one capital letter."""
    return any(sum(ch.isupper() for ch in word) > 1 for word in re.split(r"[\s-]+", item))


# --- Russian inflection ---------------------------------------------------------------------


def _nominative(word: str):
    """pymorphy3's reading of `word` as a nominative noun or adjective, places first."""
    low = _clean(word.lower())
    readings = [
        p
        for p in _morph().parse(low)
        if p.tag.case == "nomn" and _clean(p.word) == low and p.tag.POS in {"NOUN", "ADJF", "PRTF"}
    ]
    readings.sort(key=lambda p: ("Geox" not in p.tag, p.tag.POS != "NOUN", not p.is_known))
    return readings[0] if readings else None


def _indeclinable(word: str, reading) -> bool:
    if reading is None or "Fixd" in reading.tag:
        return True
    # Unknown names in -и, -о, -у, -е, -э (Эсватини, Бисау) do not decline in Russian.
    return not reading.is_known and word[-1].lower() in "иоуеэю"


def _inflect(reading, case: str) -> str:
    inanimate = case == "accs" and ("plur" in reading.tag or "masc" in reading.tag)
    wanted = {case, "inan"} if inanimate else {case}
    form = reading.inflect(wanted) or reading.inflect({case})
    return _clean(form.word) if form else _clean(reading.word)


def _word_cases(word: str) -> list[str] | None:
    """The six case forms of one (possibly hyphenated) word, or None if it does not decline."""
    reading = _nominative(word)
    if reading is not None and not _indeclinable(word, reading) and reading.is_known:
        return [_inflect(reading, case) for case in CASES]
    if "-" in word:
        # Only the last part declines: «Коста-Рики», «Улан-Батора», but «Сан-Томе».
        head, last = word.rsplit("-", 1)
        cases = _word_cases(last)
        return [f"{_clean(head.lower())}-{form}" for form in cases] if cases else None
    if reading is None or _indeclinable(word, reading):
        return None
    return [_inflect(reading, case) for case in CASES]


def _pos(word: str) -> str | None:
    reading = _nominative(word.split("-")[-1])
    return reading.tag.POS if reading is not None else None


def _phrase_cases(phrase: str) -> list[str]:
    """The case forms of a Russian name: adjectives agree with the head noun, words after the
    head stay as they are («Республики Беларусь»), each side of «и» declines on its own
    («Боснии и Герцеговины»), and a part before a dash stays («Папуа — Новой Гвинеи»)."""
    if " и " in phrase:
        left, right = phrase.split(" и ", 1)
        if _pos(right.split()[0]) in {"NOUN", "ADJF", "PRTF"}:
            return [
                f"{a} и {b}" for a, b in zip(_phrase_cases(left), _phrase_cases(right), strict=True)
            ]
    for dash in (" — ", " – "):
        if dash in phrase:
            head, tail = phrase.rsplit(dash, 1)
            return [f"{_clean(head.lower())}{dash}{form}" for form in _phrase_cases(tail)]
    words = phrase.split()
    head = next(
        (i for i, word in enumerate(words) if _pos(word) not in {"ADJF", "PRTF"}), len(words) - 1
    )
    columns = []
    for index, word in enumerate(words):
        cases = _word_cases(word) if index <= head else None
        columns.append(cases or [_clean(word.lower())] * len(CASES))
    return [" ".join(column[i] for column in columns) for i in range(len(CASES))]


def _adjective_forms(lemma: str) -> list[str]:
    """Every gender, number and case of a Russian adjective in its full form."""
    low = _clean(lemma.lower())
    readings = [p for p in _morph().parse(low) if p.tag.POS == "ADJF" and _clean(p.word) == low]
    if not readings:
        return [low]
    return [_clean(form.word) for form in readings[0].lexeme if form.tag.POS == "ADJF"]


# --- Items of the table ---------------------------------------------------------------------


def _english_variants(name: str) -> list[str]:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    variants = [name]
    if name.startswith("Saint "):
        variants += ["St " + name[6:], "St. " + name[6:]]
    return variants


def _surface(item: str, kind: str) -> list[str]:
    """The written forms of one item (without its mark): Russian ones in every case."""
    if _is_abbreviation(item) or not CYRILLIC.search(item):
        forms = [item] if _is_abbreviation(item) else _english_variants(item)
        if kind == "adjective_en" and re.search(r"(an|i)$", item):
            forms.append(item + "s")
        return [_clean(form) for form in forms]
    if kind == "adjective_ru":
        return _adjective_forms(item)
    if any(_is_abbreviation(word) for word in item.split()):
        return [_clean(item)]
    return _phrase_cases(item)


def spelling_forms(spelling: str) -> list[str]:
    """The forms the importer looks for of one spelling from the register of names
    (archive.models.Name): Russian ones in every case, lower case except abbreviations."""
    return _unique(_apply_mark(form, "", spelling) for form in _surface(spelling, "name"))


def _apply_mark(form: str, mark: str, lemma: str) -> str:
    if _is_abbreviation(form):
        return mark.replace("=", "") + form
    if mark in {"=", "?="}:
        form = form[:1].upper() + form[1:] if lemma[:1].isupper() else form
        return form if mark == "=" else "?" + form
    if mark in {"?", "!"}:
        return mark + form.lower()
    return form.lower()


def _split_mark(item: str) -> tuple[str, str]:
    mark = ""
    while item[:1] in MARKS:
        mark, item = mark + item[0], item[1:]
    return mark, item


def _source_names(country) -> tuple[list[str], list[str]]:
    """English and Russian names from pycountry and Babel, without inverted or bracketed ones."""
    code = country.alpha_2
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    iso = [getattr(country, key, None) for key in ("name", "common_name", "official_name")]
    english = [name for name in iso if name]
    babel_en = Locale("en").territories.get(code)
    if babel_en:
        babel_en = babel_en.replace(" & ", " and ").replace("St. ", "Saint ")
        english.append(re.sub(r"\s+-\s+", "-", babel_en.replace(" SAR China", "")))
    names_ru = [russian.gettext(name) for name in english if name in iso]
    babel_ru = Locale("ru").territories.get(code)
    if babel_ru:
        for short, full in BABEL_RU_ABBREVIATIONS:
            babel_ru = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, babel_ru)
        names_ru.append(re.sub(r"\s+-\s+", "-", babel_ru.replace(" (САР)", "")))
    keep = [n for n in english + names_ru if "," not in n and "(" not in n]
    return [n for n in keep if not CYRILLIC.search(n)], [n for n in keep if CYRILLIC.search(n)]


def _display_names(country) -> tuple[str, str]:
    code = country.alpha_2
    name_en = DISPLAY_EN.get(code) or Locale("en").territories[code]
    name_ru = DISPLAY_RU.get(code) or Locale("ru").territories[code]
    name_en = name_en.replace(" & ", " and ").replace("St. ", "Saint ")
    for short, full in BABEL_RU_ABBREVIATIONS:
        name_ru = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, name_ru)
    return name_en, name_ru


def country_record(country, row: list[list[str]]) -> dict:
    """One country's display names, forms and compound stems."""
    adjectives_ru, adjectives_en, capitals_ru, capitals_en, more = row
    names_en, names_ru = _source_names(country)
    items = [(name, "name") for name in names_en + names_ru]
    items += [(item, "adjective_ru") for item in adjectives_ru]
    items += [(item, "adjective_en") for item in adjectives_en]
    items += [(item, "name") for item in capitals_ru + capitals_en + more]
    # A mark in the table also marks the same name from the sources (=Куба, ?Georgia).
    marks = {}
    for item, _ in items:
        mark, lemma = _split_mark(item)
        if mark:
            marks[_clean(lemma.lower())] = mark
    forms, stems = [], []
    for item, kind in items:
        mark, lemma = _split_mark(item)
        mark = mark or marks.get(_clean(lemma.lower()), "")
        if mark == "~":
            stems.append(_clean(lemma.lower()))
            continue
        for form in _surface(lemma, kind):
            forms.append(_apply_mark(form, mark, lemma))
    for form in list(forms):
        # Russian adjectives give the stem of compounds: белорусский → «белорусско-».
        if CYRILLIC.search(form) and re.fullmatch(r"[а-я]+(ск|цк)ий", form):
            stems.append(form[:-2] + "о")
    name_en, name_ru = _display_names(country)
    return {
        "code": country.alpha_2,
        "name_en": name_en,
        "name_ru": name_ru,
        "forms": _unique(forms),
        "stems": _unique(stems),
    }


def _unique(items):
    seen, result = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def build_countries() -> list[dict]:
    """Every ISO 3166-1 country, by code, with names, recognised forms and compound stems."""
    table = extras()
    return [
        country_record(country, table[country.alpha_2])
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    ]


def load_countries() -> list[dict]:
    """The committed result of build_countries()."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def write_countries() -> None:
    """Regenerate the committed data file."""
    text = json.dumps(build_countries(), ensure_ascii=False, indent=1)
    DATA_FILE.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_countries()
