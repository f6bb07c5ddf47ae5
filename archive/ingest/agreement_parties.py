"""Who signed an agreement, when and where, as far as its sentence says.

Countries come from the signatories («между Беларусью и Китаем»), from adjectives in the name
(«белорусско-китайское», "Sino-Russian") or from the sentence; organisations from the
signatories or the subject of the signing verb ("Gazprom and CNPC signed …"), put in the
nominative when pymorphy3 is sure of the form («Министерством связи» → «Министерство связи»).
"""

import datetime
import re
from functools import lru_cache

from archive.ingest.agreement_kinds import HEADS
from archive.ingest.agreement_morph import is_russian, nominative, readings, word_set
from archive.ingest.dates import find_dates

# Words that make a signatory an organisation (lemmas; English in lower case).
ORGANISATION_WORDS = word_set(
    """
    министерство ведомство комитет агентство служба университет академия институт
    университета компания корпорация холдинг концерн группа банк фонд ассоциация союз
    палата совет центр администрация департамент управление комиссия дорога авиакомпания
    завод предприятие объединение партия парк порт биржа телерадиокомпания газета редакция
    ministry agency committee service university academy institute college school company
    corporation corp holding group bank fund association union chamber council centre center
    administration department bureau office commission railway railways airline airlines
    plant factory enterprise party park port exchange authority inc ltd co llc jsc plc
    """
)
# Signatories that are persons or states, not organisations.
PERSON_WORDS = word_set(
    """
    президент премьер премьер-министр министр глава председатель посол губернатор мэр
    директор ректор лидер руководитель заместитель вице-премьер генсек секретарь
    president premier minister chairman chairwoman ambassador governor mayor director ceo
    rector leader head deputy secretary vice king prince emir sultan
    правительство government
    """
)
# Legal forms and abbreviations in capitals: TASS, CNPC, МГУ, ОАО.
ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ]{2,}[A-ZА-ЯЁ0-9&-]*$")
CLAUSE_START = re.compile(
    r"[,;:()—–]|\b(?:that|which|who|where|when|while|после|что|который|которые|когда|где)\b",
    re.IGNORECASE,
)
SPLIT_AND = re.compile(r"\s*,\s+|\s+(?:и|and)\s+(?=(?P<next>[\w«\"“]+))")
# Words of a state's formal name: "the People's Republic of China" is a state, not a body.
STATE_WORDS = word_set(
    """
    республика федерация королевство народная народный демократическая объединенные штаты
    республики республикой федерации федерацией народной королевства
    republic federation kingdom people's peoples democratic united states of the islamic arab
    """
)
PLACE = re.compile(
    r"\b(?:in|at|во?)\s+(?:г\.\s*|городе\s+)?(?P<place>[A-ZА-ЯЁ][\w'’]+(?:[- ][A-ZА-ЯЁ][\w'’]+)?)"
)
# A date that belongs to another event than the signing.
OTHER_EVENT = re.compile(
    r"(?:force|effect|expir\w*|ratif\w*|в\s+силу|действ\w*|истека\w*|ратифиц\w*)\W+(?:\w+\W+)?$",
    re.IGNORECASE,
)
NOT_PLACES = {"the", "ходе", "рамках", "присутствии", "соответствии"}


@lru_cache(maxsize=20_000)
def countries_in(text: str, matcher) -> tuple[str, ...]:
    """ISO codes a text names, most named first; none without a matcher."""
    return tuple(matcher.find(text).ranked()) if matcher and text else ()


def parties(name: str, between: str, sentence: str, signed: bool, article: list[str], matcher):
    """The countries of one agreement: its signatories, else the sentence, else the article.

    `article` is the article's countries, most important first; they stand in only when the
    sentence says the sides signed.
    """
    own = list(countries_in(f"{name} {between}", matcher))
    if len(own) >= 2:
        return sorted(own)
    named = list(countries_in(sentence, matcher))
    if len(named) > 2:
        main = [code for code in named if code in article[:2]]
        named = main if len(main) >= 2 else named[:2]
    if len(named) >= 2 and (signed or own):
        return sorted(named)
    if signed and len(article) >= 2 and set(own) <= set(article[:2]):
        return sorted(article[:2])
    return sorted(own) if len(own) >= 2 else []


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def _is_person_or_state(part: str, matcher) -> bool:
    words = _words(part)
    for word in words:
        lower = word.lower()
        if lower in PERSON_WORDS or (is_russian(lower) and _lemma(lower) in PERSON_WORDS):
            return True
    return bool(countries_in(part, matcher)) and all(
        w.lower() in STATE_WORDS or countries_in(w, matcher) for w in words
    )


def _in_case(word: str, case: str | None) -> bool:
    return bool(case) and any(r.tag.case == case for r in readings(word.lower()))


def _in_case(word: str, case: str | None) -> bool:
    return bool(case) and any(r.tag.case == case for r in readings(word.lower()))


def _split(text: str, case: str | None) -> list[str]:
    """Signatories joined by commas and «и»/"and": «и» starts a new one before a capital or,
    in «между …», before a word in the instrumental («и компанией …», not «и информатизации»)."""
    parts, start = [], 0
    for match in SPLIT_AND.finditer(text):
        following = match.group("next")
        joins_words = following is not None and not following[:1].isupper()
        if joins_words and following[:1] not in '«"“' and not _in_case(following, case):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def _lemma(word: str) -> str:
    return readings(word)[0].normal_form


def _is_organisation(part: str) -> bool:
    """Clearly an organisation: a word such as ministry or bank, an abbreviation, a quote."""
    if re.search(r"[«\"“]", part):
        return True
    for word in _words(part):
        lower = word.lower()
        if ABBREVIATION.match(word) or lower in ORGANISATION_WORDS:
            return True
        if is_russian(lower) and _lemma(lower) in ORGANISATION_WORDS:
            return True
    return False


def _as_named(part: str, case: str | None) -> str:
    """A signatory's name in the nominative, when it was inflected («Министерством …»)."""
    part = part.strip(" ,.")
    part = re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.IGNORECASE)
    words = part.split()
    if case and words and is_russian(words[0]):
        words = list(nominative(tuple(words), case))
    return " ".join(words).strip(' «»"“”')


def _pair(parts: list[str], case: str | None, matcher) -> list[str]:
    """The organisations among two or more signatories: accepted together when at least one is
    plainly an organisation and none is a person or a state."""
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        return []
    candidates = [p for p in parts if not _is_person_or_state(p, matcher)]
    if not any(_is_organisation(p) for p in candidates):
        return []
    return [
        _as_named(p, case)
        for p in candidates
        if p[:1].isupper() or p[:1] in '«"“' or _is_organisation(p)
    ]


def organisations(between: str, sentence: str, signed_at: int | None, matcher) -> list[str]:
    """Signatories that are not states, from «между …»/"between …" or the signing verb's
    subject ("TASS and Xinhua signed …", «Газпром и CNPC подписали …»)."""
    found = []
    if between:
        words = between.split(maxsplit=1)
        if len(words) == 2:
            opener, rest = words
            case = "ablt" if opener.lower() in ("между", "с", "со") else None
            found = _pair(_split(rest, case), case, matcher)
            if opener.lower() in ("с", "со", "with") and found:
                found = []  # one partner only: the other signatory is the verb's subject
    if not found and signed_at is not None:
        subject = sentence[:signed_at]
        clauses = list(CLAUSE_START.finditer(subject))
        subject = subject[clauses[-1].end() :] if clauses else subject
        subject = re.sub(r"\b(?:also|today|yesterday|have|has|had|также|сегодня|вчера)\s*$", "",
                         subject.strip(), flags=re.IGNORECASE)  # fmt: skip
        if len(subject.split()) <= 16 and not HEADS.search(subject):
            found = _pair(_split(subject, None), None, matcher)
    return list(dict.fromkeys(found))


def signing_date(sentence: str, at: int, signed_at: int | None) -> datetime.date | None:
    """The full date nearest the signing word (or, dating the document, after «от»/"dated"),
    leaving out dates of entry into force and the like."""
    best = None
    for start, partial in find_dates(sentence):
        if not partial.year:
            continue
        before = sentence[max(0, start - 40) : start]
        dated = re.search(r"(?:\bот|dated)\s*$", before)
        if not (signed_at is not None or dated) or OTHER_EVENT.search(before):
            continue
        distance = abs(start - (at if dated or signed_at is None else signed_at))
        if best is None or distance < best[0]:
            best = (distance, partial.as_date())
    return best[1] if best else None


def signing_place(sentence: str, signed_at: int | None, matcher) -> str:
    """The city a signing took place in («подписан в Пекине» → «Пекин»), when the sentence
    says so next to the signing word."""
    if signed_at is None:
        return ""
    for match in PLACE.finditer(sentence):
        place = match.group("place")
        near = -60 < match.start() - signed_at < 120
        if place.lower() in NOT_PLACES or HEADS.fullmatch(place.split()[0]):
            continue
        if not (near and (matcher is None or countries_in(place, matcher))):
            continue
        if is_russian(place) and not _locative(place):
            continue  # «визит в Беларусь»: where someone went, not where something was signed
        return _place_nominative(place)
    return ""


def _locative(place: str) -> bool:
    return any(r.tag.case in ("loct", "loc2") for r in readings(place.split()[0].lower()))


def _place_nominative(place: str) -> str:
    """«Пекине» → «Пекин», but only for a known place name in the locative."""
    if not is_russian(place) or " " in place:
        return place
    for reading in readings(place.lower()):
        if "Geox" in reading.tag and reading.tag.case in ("loct", "loc2") and reading.is_known:
            nominative_form = reading.inflect({"nomn"})
            if nominative_form:
                word = nominative_form.word
                return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return place
