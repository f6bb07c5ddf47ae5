"""Where an agreement's name begins and ends in a sentence.

A name is a head noun («Меморандум», "treaty") with the words before it that qualify it
("free trade", «межправительственное») and the words after it that say what it is about:
«о …», «по …», «в области …», a genitive («программа сотрудничества»), "on …", "of …", a
quoted title. It ends where the sentence moves on: a verb or participle, a date, a place
(«в Пекине»), a clause («который», "which"), the next document of a list («…, меморандум о
… и протокол …»), or the signatories («между …», "between …", kept apart for the parties).
Russian words are told apart by pymorphy3; English by small word lists and endings.
"""

import re
from dataclasses import dataclass

from archive.ingest.agreement_kinds import EN_PLURAL, head_matches
from archive.ingest.agreement_morph import (
    agrees_plural,
    cases,
    is_adjective,
    is_plural,
    is_russian,
    lemma,
    may_be_plural,
)
from archive.ingest.agreement_walk import AND, CONTENT, Token, Walk, tokenize
from archive.ingest.agreement_words import (
    EN_DETS,
    EN_EVALUATIVE,
    EN_GENERIC,
    EN_STOP,
    NOT_SUBJECT,
    RU_EVALUATIVE,
    RU_GENERIC,
    RU_NOT_CONTENT,
)

WINDOW_BEFORE, WINDOW_AFTER = 60, 500  # characters around the heads that are tokenised


@dataclass
class Span:
    """One agreement name in a sentence: character offsets and what the walk learnt."""

    kind: str
    start: int  # the first qualifying word before the head, or the head
    head_end: int  # the end of the head noun
    end: int
    modifiers: list[str]  # words before the head that are part of the name
    head_words: list[str]
    between: tuple[int, int] | None  # «между …» / "between …": the signatories' words
    named: bool  # says which document it is, not just "an agreement"
    plural: bool
    quoted: str = ""  # the title, when the name is quoted whole


def _modifiers(walk: Walk, head: int) -> int:
    """The first token of the words before the head that belong to the name."""
    tokens, i = walk.tokens, head
    head_capital = tokens[head].text[:1].isupper()
    while i > 0 and head - i < 4:
        token = tokens[i - 1]
        lower = token.lower
        if token.quoted or not token.text[0].isalnum():
            break
        if walk.russian:
            if not is_russian(lower) or lower in RU_NOT_CONTENT or lower.startswith(RU_EVALUATIVE):
                break
            if not is_adjective(lower) or not cases(lower) & cases(tokens[head].text):
                break
        else:
            c = walk.cls(i - 1)
            if c == AND and head_capital and i > 1 and tokens[i - 2].text[:1].isupper():
                i -= 1  # "the Belt and Road Initiative"
                continue
            if c != CONTENT or lower.endswith(("'s", "’s")) or lower in EN_EVALUATIVE:
                break
        i -= 1
    while i < head and walk.cls(i) == AND:
        i += 1
    return i


def _says_which(words: list[str], russian: bool) -> bool:
    """Whether words before the head name the document ("free trade"), not just its type."""
    for word in words:
        lower = word.lower()
        if "-" in word and (russian or all(p[:1].isupper() for p in word.split("-"))):
            continue  # «белорусско-китайское», "China-Belarus": the parties, not the subject
        if lower.startswith(RU_GENERIC) or lower in EN_GENERIC or lemma(lower) in NOT_SUBJECT:
            continue
        return True
    return False


def _plural(walk: Walk, head: int, last: int) -> bool:
    word = walk.tokens[last].text
    if not walk.russian:
        return bool(EN_PLURAL.search(word))
    if is_plural(word):
        return True
    if may_be_plural(word):
        before = walk.tokens[head - 1].lower if head else ""
        return agrees_plural(before) or before in ("ряд", "ряда", "несколько", "пакет", "пакета")
    return False


def find_spans(sentence: str, matches: list | None = None) -> list[Span]:
    """Every agreement name in one sentence, in order; names inside another name are not new.

    `matches`: the sentence's head nouns, when the caller has found them already.
    """
    matches = head_matches(sentence) if matches is None else matches
    matches = [m for m in matches if not (_plainly_bare(sentence, m) or _plainly_plural(m))]
    if not matches:
        return []
    # Only the stretch around the heads can hold their names: a long sentence is not read whole.
    low = sentence.rfind(" ", 0, max(0, matches[0].start() - WINDOW_BEFORE)) + 1
    high = sentence.find(" ", min(len(sentence), matches[-1].end() + WINDOW_AFTER))
    tokens = tokenize(sentence, low, len(sentence) if high < 0 else high)
    russian = is_russian(matches[0].group())
    walk = Walk(tokens, russian)
    by_start = {t.start: i for i, t in enumerate(tokens)}
    quotes = [t for t in tokens if t.quoted]
    spans, covered = [], 0
    for match in matches:
        if match.start() < covered:
            continue
        inside = next((t for t in quotes if t.start < match.start() < t.end), None)
        if inside is not None:
            span = _quoted_span(inside, match)
            if span:
                spans.append(span)
                covered = inside.end
            continue
        head = by_start.get(match.start())
        if head is None:
            continue
        last = head + len(match.group().split()) - 1
        walk.russian = is_russian(match.group())
        first = _modifiers(walk, head)
        end, between, content = walk.extent(last + 1)
        modifiers = [t.text for t in tokens[first:head]]
        span = Span(
            kind=match.lastgroup,
            start=tokens[first].start,
            head_end=tokens[last].end,
            end=tokens[end - 1].end if end > last + 1 else tokens[last].end,
            modifiers=modifiers,
            head_words=[t.text for t in tokens[head : last + 1]],
            between=(tokens[between[0]].start, tokens[between[1] - 1].end)
            if between and between[1] > between[0] + 1
            else None,
            named=content or _says_which(modifiers, walk.russian),
            plural=_plural(walk, head, last),
        )
        spans.append(span)
        covered = span.end
    return spans


BARE_AFTER = re.compile(r"\s*(?:[.,;:!?)]|[—–]\s|$)")
WORD_BEFORE = re.compile(r"([\w'’-]+)\s*$")
ADJECTIVE_ENDING = re.compile(r"(?:ое|ее|ой|ей|ая|яя|ый|ий|ую|юю|ом|ем|ым|им|ого|его|ому|ему)$")


def _plainly_bare(sentence: str, match) -> bool:
    """A head with nothing after it and no qualifying word before it («в коммюнике.»): no
    name, and no need to read the sentence word by word."""
    if not BARE_AFTER.match(sentence, match.end()):
        return False
    before = WORD_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
    if before is None:
        return True
    word = before.group(1)
    if is_russian(word):
        return not (word[:1].isupper() or ADJECTIVE_ENDING.search(word.lower()))
    return word.lower() in EN_DETS or word.lower() in EN_STOP


def _plainly_plural(match) -> bool:
    """«соглашений», "agreements": never one document, whatever comes after."""
    word = match.group().split()[-1]
    return bool(EN_PLURAL.search(word)) if not is_russian(word) else is_plural(word)


def _quoted_span(quote: Token, match) -> Span | None:
    """A head inside a short quotation: the quotation is the title if it opens with the head."""
    title = quote.text[1:-1].strip()
    before = quote.text[1 : match.start() - quote.start].split()
    if len(before) > 2 or len(title.split()) < 2:
        return None
    return Span(
        kind=match.lastgroup,
        start=quote.start,
        head_end=match.end(),
        end=quote.end,
        modifiers=[],
        head_words=[],
        between=None,
        named=True,
        plural=bool(EN_PLURAL.search(match.group())) and not is_russian(match.group()),
        quoted=title,
    )
