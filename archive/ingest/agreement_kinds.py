"""The head nouns that name a kind of agreement, in Russian and English, in every case form.

One combined pattern finds them all (`HEADS`), so an article that names no agreement costs
one regular-expression scan. `match.lastgroup` is the kind.
"""

import re

_RU_NOUN_M = r"(?:а|у|ом|е|ы|ов|ам|ами|ах)?"  # меморандум, договор, протокол, план
_RU_NOUN_F = r"(?:а|ы|е|у|ой|ою|ам|ами|ах)?"  # программа, инициатива, карта
_RU_NEUT_ADJ = r"(?:ое|ого|ому|ым|ом|ые|ых|ыми)"  # совместное
KIND_PATTERNS = {
    "joint_statement": rf"совместн{_RU_NEUT_ADJ}\s+заявлени(?:е|я|ю|ем|и|й|ям|ями|ях)"
    r"|joint\s+statements?",
    "roadmap": rf"дорожн(?:ая|ой|ую|ые|ых|ым|ыми)\s+карт{_RU_NOUN_F}|road\s?maps?",
    "memorandum": rf"меморандум{_RU_NOUN_M}|memorand(?:um|a|ums)(?:\s+of\s+understanding)?"
    r"|mous?",
    "agreement": r"соглашени(?:е|я|ю|ем|и|й|ям|ями|ях)|agreements?",
    "treaty": rf"договор{_RU_NOUN_M}|treat(?:y|ies)",
    "contract": rf"контракт{_RU_NOUN_M}|contracts?",
    "protocol": rf"протокол{_RU_NOUN_M}|protocols?",
    "joint_communique": r"коммюнике|communiqu[eé]s?",
    "declaration": r"декларац(?:ия|ии|ию|ией|ий|иям|иями|иях)|declarations?",
    "programme": rf"программ{_RU_NOUN_F}|programmes?|programs?",
    "plan": rf"план{_RU_NOUN_M}|plans?",
    "initiative": rf"инициатив{_RU_NOUN_F}|initiatives?",
}
HEADS = re.compile(
    "|".join(rf"\b(?P<{kind}>{pattern})\b" for kind, pattern in KIND_PATTERNS.items()),
    re.IGNORECASE,
)
# The stems of every head noun, lower case: scanning lower-cased text for these is several
# times faster than the case-insensitive HEADS, so HEADS only confirms where a stem starts.
_STEMS = {
    "соглашени", "меморандум", "договор", "контракт", "протокол", "коммюнике", "совместн",
    "декларац", "дорожн", "программ", "план", "инициатив", "agreement", "memorand", "mou",
    "treat", "contract", "protocol", "communiqu", "joint", "declaration", "road", "program",
    "plan", "initiative",
}  # fmt: skip
_BY_LETTER: dict[str, list[str]] = {}
for _stem in sorted(_STEMS):
    _BY_LETTER.setdefault(_stem[0], []).append(re.escape(_stem[1:]))
STEMS = re.compile("|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in _BY_LETTER.items()))
# Kinds that are intentions until the text says they were signed, adopted or approved.
PLAN_KINDS = {"roadmap", "programme", "plan", "initiative"}
EN_PLURAL = re.compile(
    r"(?:agreements|memoranda|memorandums|mous|treaties|contracts|protocols|communiqu[eé]s|"
    r"statements|declarations|maps|programmes|programs|plans|initiatives)$",
    re.IGNORECASE,
)

# Signed, adopted, approved: past forms and the act itself («подписание»), not «подпишут».
# Matched against lower-cased text, which is faster than a case-insensitive pattern.
SIGNED = re.compile(
    r"\b(?:подписа(?:л[аио]?|ли|н[аоы]?|нн\w*|ни[еяюи]\w*)|заключ(?:ил[аио]?|или|[её]н[аоы]?|[её]нн\w*)"
    r"|утвер(?:дил[аио]?|дили|жд[её]н[аоы]?|жд[её]нн\w*)|принят[аоы]?|принял[аио]?|приняли"
    r"|одобр(?:ил[аио]?|или|ен[аоы]?|енн\w*)|парафир\w+|ратифицир\w+|обменялись"
    r"|sign(?:ed|ing)|inked|concluded|adopted|approved|endorsed|ratified|initialled|initialed"
    r"|issued|exchanged)\b"
)
# An intention just before the signing word: «планируется подписание», "will be signed".
FUTURE = re.compile(
    r"\b(?:will|would|shall|plan(?:s|ned)?\s+to|intend\w*|expected\s+to|aim\w*\s+to|ready\s+to"
    r"|планиру\w+|намерен\w*|будет|будут|предстоит|готов\w*\s+к|может|могут)\b"
)


def signings(sentence: str) -> list[int]:
    """Where the sentence says something was signed or adopted (not merely planned)."""
    lower = sentence.lower()
    return [
        match.start()
        for match in SIGNED.finditer(lower)
        if not FUTURE.search(lower, max(0, match.start() - 40), match.start())
    ]


def signed_at(sentence: str) -> int | None:
    """The first place the sentence says something was signed or adopted, if it does."""
    found = signings(sentence)
    return found[0] if found else None


def head_matches(text: str) -> list[re.Match]:
    """Every head noun in `text` (HEADS matches), found cheaply."""
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: offsets would drift
        return list(HEADS.finditer(text))
    found = []
    for stem in STEMS.finditer(lower):
        at = stem.start()
        if at and lower[at - 1].isalnum():
            continue
        if head := HEADS.match(text, at):
            found.append(head)
    return found


def kind_of(head: str) -> str | None:
    """The kind a head noun names («Меморандума» → memorandum), None if it names none."""
    match = HEADS.fullmatch(head)
    return match.lastgroup if match else None
