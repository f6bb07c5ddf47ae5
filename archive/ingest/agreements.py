"""Proposing the agreements an article names, and matching names despite Russian inflection.

A proposal needs a named instrument: «Меморандум о взаимопонимании по …», "joint communiqué
of …", not a bare «коммюнике» or "a communiqué". Plan-like kinds (roadmap, programme,
initiative) are proposed only when the sentence says they were signed or adopted: «разработают
Дорожную карту» is a plan, not yet an agreement. Plurals («различного рода соглашений») are
not one agreement and are skipped. Editors confirm every proposal (status "proposed").
"""

import re

from archive.ingest.countries import fold
from archive.ingest.dates import find_dates
from archive.ingest.records import AgreementRecord

# (kind, pattern, nominative of the head noun, gender of the head noun)
_ADJ = (
    r"(?:(?P<adj>совместн\w*|межправительственн\w*|двусторонн\w*|рамочн\w*|межведомственн\w*)\s+)?"
)
KEYWORDS = [
    ("memorandum", rf"{_ADJ}(?P<head>меморандум(?:а|у|ом|е)?)", "Меморандум", "m"),
    ("agreement", rf"{_ADJ}(?P<head>соглашени(?:е|ю|ем|и))", "Соглашение", "n"),
    ("treaty", rf"{_ADJ}(?P<head>договор(?:а|у|ом|е)?)", "Договор", "m"),
    ("joint_communique", rf"{_ADJ}(?P<head>коммюнике)", "Коммюнике", "n"),
    ("joint_statement", rf"{_ADJ}(?P<head>заявлени(?:е|я|ю|ем|и))", "Заявление", "n"),
    ("joint_statement", rf"{_ADJ}(?P<head>декларац(?:ия|ии|ию|ией))", "Декларация", "f"),
    ("roadmap", rf"{_ADJ}(?P<head>дорожн(?:ая|ой|ую)\s+карт(?:а|ы|у|ой|е))", "Дорожная карта", "f"),
    ("programme", rf"{_ADJ}(?P<head>программ(?:а|ы|у|ой|е))", "Программа", "f"),
    ("initiative", rf"{_ADJ}(?P<head>инициатив(?:а|ы|у|ой|е))", "Инициатива", "f"),
    ("protocol", rf"{_ADJ}(?P<head>протокол(?:а|у|ом|е)?)", "Протокол", "m"),
    ("memorandum", r"(?P<head>memorandum(?:\s+of\s+understanding)?|mou)", "", ""),
    ("joint_communique", r"(?P<adj>joint\s+)?(?P<head>communiqu[eé])", "", ""),
    ("joint_statement", r"(?P<adj>joint\s+)(?P<head>statement|declaration)", "", ""),
    (
        "agreement",
        r"(?P<adj>(?:intergovernmental|framework|bilateral)\s+)?(?P<head>agreement)",
        "",
        "",
    ),
    ("treaty", r"(?P<head>treaty)", "", ""),
    ("roadmap", r"(?P<head>road\s?map)", "", ""),
    ("programme", r"(?P<head>programme|program)", "", ""),
    ("initiative", r"(?P<head>initiative)", "", ""),
    ("protocol", r"(?P<head>protocol)", "", ""),
]
_COMPILED = [
    (kind, re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE), nom, gender)
    for kind, pattern, nom, gender in KEYWORDS
]
PLAN_KINDS = {"roadmap", "programme", "initiative"}
SIGNED = re.compile(
    r"подписа\w*|заключ\w*|утвержд\w*|утверди\w*|\bsigned\b|\bconcluded\b|\badopted\b",
    re.IGNORECASE,
)
# A name goes on with a qualifier: «о …», «по …», «сотрудничества …», "on …", "of …".
QUALIFIER = re.compile(
    r"\s+(?:«[^»]+»|\"[^\"]+\"|о|об|по|на|в\s+области|в\s+сфере|сотрудничества|of|on|for|"
    r"concerning|regarding)(?=[\s«\"])",
    re.IGNORECASE,
)
# Where a name stops: «между …» (the signatories), a relative clause, a participle.
NAME_END = re.compile(
    r"\s+(?:между|which|that|between|during|в\s+ходе|котор\w+|подписан\w*|signed)\b|[,;:()—–]\s|$",
    re.IGNORECASE,
)
ADJ_ENDINGS = {
    "m": ("ый", "ий"),
    "n": ("ое", "ее"),
    "f": ("ая", "яя"),
}
SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"]?\s+(?=[«\"(]?[A-ZА-ЯЁ0-9])")
ABBREVIATION = re.compile(
    r"(?:\b[гвт]|\bт\.г|\bгг|\bт\.е|\bт\.д|\bт\.п|\bим|\bул|\bMr|\bDr|\bMrs)\.$"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; «2024 г. в ходе» does not end one."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text[start : match.start()]):
            continue
        sentences.append(text[start : match.start()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _nominative(match, nominative: str, gender: str) -> str:
    """«совместном коммюнике» → «Совместное коммюнике»: only the head and its adjective move."""
    head = nominative or match.group("head")
    adj = match.groupdict().get("adj")
    if adj:
        adj = adj.strip()
        if gender:
            stem = re.sub(r"(ого|его|ому|ему|ым|им|ом|ем|ое|ее|ый|ий|ая|яя|ой|ей|ую|юю)$", "", adj)
            soft = stem.endswith("н") and adj.lower().startswith("двусторонн")
            adj = stem + ADJ_ENDINGS[gender][1 if soft else 0]
            head = head.lower()
        head = f"{adj} {head}"
    return head[:1].upper() + head[1:]


def _organisations(rest: str) -> list[str]:
    """«между Министерством связи … РБ и Министерством промышленности … КНР» → the two ministries."""
    match = re.match(r"\s*(?:между|between)\s+(.+)", rest, re.IGNORECASE)
    if not match:
        return []
    text = re.split(r"[.;]\s|[.;]$", match.group(1))[0]
    parts = re.split(r"\s+(?:и|and)\s+(?=(?:the\s+)?[A-ZА-ЯЁ«\"])", text)
    return [_organisation_nominative(p.strip(' ,«»"')) for p in parts if p.strip()][:4]


def _organisation_nominative(name: str) -> str:
    first, _, rest = name.partition(" ")
    for ending, replacement in (("ством", "ство"), ("ией", "ия"), ("ой", "а"), ("ом", "")):
        if first.endswith(ending) and len(first) > len(ending) + 2:
            first = first[: -len(ending)] + replacement
            break
    return f"{first} {rest}".strip()


def propose_agreements(paragraphs: list[str], countries: list[str]) -> list[AgreementRecord]:
    """The named agreements in the text, each once, with kind, signing date and signatories."""
    proposals: dict[str, AgreementRecord] = {}
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            for kind, pattern, nominative, gender in _COMPILED:
                for match in pattern.finditer(sentence):
                    record = _proposal(sentence, match, kind, nominative, gender, countries)
                    if record is None:
                        continue
                    key = name_key(record.name)
                    known = next((k for k in proposals if names_match(k, key)), None)
                    if known is None:
                        proposals[key] = record
                    else:
                        _merge(proposals[known], record)
    return list(proposals.values())


def _proposal(sentence, match, kind, nominative, gender, countries):
    after = sentence[match.end() :]
    qualifier = QUALIFIER.match(after)
    if not qualifier:
        return None
    end = NAME_END.search(after, qualifier.end())
    tail = after[: end.start()].rstrip(' .!?…»"')
    if len(tail.split()) > 25:
        return None
    signed = bool(SIGNED.search(sentence))
    if kind in PLAN_KINDS and not signed:
        return None
    name = _nominative(match, nominative, gender) + tail
    signed_date = None
    if signed:
        full = [partial for _, partial in find_dates(sentence) if partial.year]
        if full:
            signed_date = full[0].as_date()
    return AgreementRecord(
        name=name,
        kind=kind,
        signed_date=signed_date,
        parties=sorted(countries[:2]) if len(countries) >= 2 else [],
        organisations=_organisations(after[end.start() :]),
    )


def _merge(into: AgreementRecord, other: AgreementRecord):
    """Two mentions of one agreement: keep what either of them knows."""
    into.signed_date = into.signed_date or other.signed_date
    into.organisations = into.organisations or other.organisations
    if len(other.name) > len(into.name) and other.name[:1].isupper():
        into.name = other.name


def name_key(name: str) -> tuple[str, ...]:
    """A name as comparable words: lower case, ё folded, quotes and punctuation gone."""
    return tuple(re.findall(r"[\w]+(?:-[\w]+)*", fold(name or "").lower()))


def _same_word(a: str, b: str) -> bool:
    """Two inflected forms of one word: «меморандума»/«меморандум», «совместном»/«совместное»."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    shorter = min(len(a), len(b))
    return common >= 3 and common >= shorter - 3 and abs(len(a) - len(b)) <= 3


def names_match(known: tuple[str, ...], found: tuple[str, ...], prefix_ok: bool = False) -> bool:
    """Whether `found` names the agreement called `known` (inflection-tolerant, word by word).

    With `prefix_ok`, `known` (a register alias of at least three words) may be the opening
    of a longer extracted name.
    """
    if not known or not found:
        return False
    if len(known) != len(found) and not (prefix_ok and len(known) >= 3 and len(known) < len(found)):
        return False
    return all(_same_word(a, b) for a, b in zip(known, found, strict=False))
