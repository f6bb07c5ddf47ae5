"""Word forms for agreement names: Russian readings, lemmas and nominatives, English lemmas.

Russian goes through pymorphy3; every lookup is cached, because the same few thousand words
make up nearly every agreement name and the importer reads thousands of articles a second.
English needs only plural and possessive endings taken off.
"""

import re
from functools import cache, lru_cache

from archive.text import fold_yo


def word_set(text: str) -> frozenset[str]:
    """The words of a list written as running text, one set."""
    return frozenset(text.split())


CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
# Inflectional endings, longest first: the stem of a word the dictionary does not know
# («фотоники», «фотонике» → «фотоник»), so that its case forms still compare equal.
RU_ENDINGS = sorted(
    word_set(
        "а я о е ы и у ю ь й ой ей ый ий ая яя ое ее ые ие ом ем ам ям ах ях ов ев ью ую юю "
        "ого его ому ему ыми ими ами ями ых их ию ия ие ии"
    ),
    key=len,
    reverse=True,
)
CONTENT_POS = {"NOUN", "ADJF", "ADJS", "NUMR", "COMP"}
# Entries each word cache keeps: the words agreement names are made of recur and stay; the
# rest of a long import's vocabulary is let go, so memory stays flat however long the run.
CACHE_SIZE = 20_000


@cache
def _analyzer():
    import pymorphy3  # loading the dictionary takes a while: only when a name is read

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=CACHE_SIZE)
def readings(word: str) -> tuple:
    """Every pymorphy3 reading of a Russian word, likeliest first."""
    return tuple(_analyzer().parse(word))


def is_russian(word: str) -> bool:
    return bool(CYRILLIC.search(word))


@lru_cache(maxsize=CACHE_SIZE)
def pos(word: str) -> str | None:
    """The part of speech of the likeliest reading («будет» → VERB), None for non-Russian."""
    if not is_russian(word):
        return None
    return readings(word.lower())[0].tag.POS


@lru_cache(maxsize=CACHE_SIZE)
def cases(word: str) -> frozenset[str]:
    """The cases a Russian noun or adjective form may be in («дружбе» → datv, loct)."""
    return frozenset(
        r.tag.case for r in readings(word.lower()) if r.tag.POS in CONTENT_POS and r.tag.case
    )


@lru_cache(maxsize=CACHE_SIZE)
def is_plural(word: str) -> bool:
    """Whether every noun reading of a Russian word is plural («соглашений», not «соглашения»)."""
    numbers = {r.tag.number for r in readings(word.lower()) if r.tag.POS == "NOUN"}
    return numbers == {"plur"}


@lru_cache(maxsize=CACHE_SIZE)
def is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary has the word (rather than guessing its forms)."""
    return readings(word.lower())[0].is_known


@lru_cache(maxsize=CACHE_SIZE)
def may_be_plural(word: str) -> bool:
    """Whether some noun reading of a Russian word is plural («соглашения»)."""
    return any(r.tag.number == "plur" for r in readings(word.lower()) if r.tag.POS == "NOUN")


@lru_cache(maxsize=CACHE_SIZE)
def agrees_plural(word: str) -> bool:
    """Whether a word before a noun makes it plural: «подписаны», «различные», «двух»."""
    numbers = {
        r.tag.number
        for r in readings(word.lower())
        if r.tag.POS in ("ADJF", "PRTF", "PRTS", "VERB", "NUMR")
    }
    return numbers == {"plur"}


@lru_cache(maxsize=CACHE_SIZE)
def is_adjective(word: str) -> bool:
    """Likeliest an adjective, and not a pronoun such as «этот» or «такой»."""
    return pos(word) == "ADJF" and not any("Apro" in r.tag for r in readings(word.lower()))


@lru_cache(maxsize=CACHE_SIZE)
def ru_lemma(word: str) -> str:
    """The dictionary form of a Russian word; for an unknown word, its stem."""
    word = fold_yo(word.lower())
    reading = readings(word)[0]
    if reading.is_known:
        return fold_yo(reading.normal_form)
    for ending in RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


EN_IRREGULAR = {"memoranda": "memorandum", "treaties": "treaty", "communiques": "communique"}


@lru_cache(maxsize=CACHE_SIZE)
def en_lemma(word: str) -> str:
    """An English word without its possessive or plural ending ("treaties" → "treaty")."""
    word = word.lower().replace("’", "'").replace("é", "e")
    word = re.sub(r"'s?$", "", word)
    if word in EN_IRREGULAR:
        return EN_IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def lemma(word: str) -> str:
    """The lemma of a word in either language."""
    return ru_lemma(word) if is_russian(word) else en_lemma(word)


def _keep_case(original: str, form: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _inflect(word: str, reading, grammemes: set) -> str | None:
    """`word` in the grammemes given; a hyphenated adjective changes only its last part."""
    head, dash, last = word.rpartition("-")
    if dash and is_russian(head):
        form = _inflect(last, _reading_like(last, reading), grammemes) if last else None
        return f"{head}-{form}" if form else None
    if reading is None:
        return None
    inflected = reading.inflect(grammemes)
    return _keep_case(word, inflected.word) if inflected else None


def _reading_like(word: str, model):
    """The reading of `word` with the same part of speech and case as `model`."""
    for reading in readings(word.lower()):
        if model and reading.tag.POS == model.tag.POS and reading.tag.case == model.tag.case:
            return reading
    return None


@lru_cache(maxsize=20_000)
def nominative(words: tuple[str, ...], case: str | None = None) -> tuple[str, ...]:
    """Head noun and the adjectives before it in the nominative («совместном коммюнике» →
    «совместное коммюнике»); the words after the head keep their form. When a form cannot
    be told for certain, the words come back as they were."""
    chosen = []
    for word in words:
        reading = next(
            (
                r
                for r in readings(word.lower())
                if r.tag.POS in ("NOUN", "ADJF") and (case is None or r.tag.case == case)
            ),
            None,
        )
        if reading is None:
            break
        chosen.append(reading)
        case = reading.tag.case
        if reading.tag.POS == "NOUN":
            break
    if not chosen or chosen[-1].tag.POS != "NOUN" or not chosen[-1].is_known:
        return words
    noun = chosen[-1]
    number = noun.tag.number or "sing"
    grammemes = {"nomn", number}
    noun_form = _inflect(words[len(chosen) - 1], noun, grammemes)
    gender = noun.tag.gender
    forms = []
    for word, reading in zip(words, chosen[:-1], strict=False):
        adjective = {"nomn", number} | ({gender} if gender and number == "sing" else set())
        forms.append(_inflect(word, reading, adjective))
    forms.append(noun_form)
    if any(form is None for form in forms):
        return words
    return (*forms, *words[len(chosen) :])
