"""Proposing the agreements an article names, and matching them to the register.

A proposal needs a named instrument: «Меморандум о взаимопонимании по …», "joint communiqué
of …", "free trade agreement", a quoted title; not a bare «коммюнике» or "an agreement", nor
plurals («различного рода соглашений»). A list of documents signed at one event gives one
proposal per document, in a sentence («подписаны соглашение о …, меморандум о … и протокол
…») or in lines after «подписаны следующие документы:». Plan-like kinds (roadmap, programme,
plan, initiative) count only when the sentence says they were signed, adopted or approved:
«разработают Дорожную карту» is an intention. Editors confirm every proposal.

Names and the register: archive.ingest.agreement_names. Where a name ends:
archive.ingest.agreement_spans. Parties, date and place: archive.ingest.agreement_parties.
"""

import bisect
import re

from archive.ingest.agreement_kinds import HEADS, PLAN_KINDS, head_matches, signed_at, signings
from archive.ingest.agreement_morph import is_russian, nominative
from archive.ingest.agreement_names import Register, RegisterEntry, name_key, same_name
from archive.ingest.agreement_parties import organisations, parties, signing_date, signing_place
from archive.ingest.agreement_spans import Span, find_spans
from archive.ingest.records import AgreementRecord

__all__ = [
    "Register",
    "RegisterEntry",
    "name_key",
    "propose_agreements",
    "same_name",
]

SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[«\"“(]?[A-ZА-ЯЁ0-9])")
ABBREVIATION = re.compile(
    r"(?:\b[гвт]|\bт\.г|\bгг|\bт\.е|\bт\.д|\bт\.п|\bим|\bул|\bMr|\bDr|\bMrs|\bSt|\bNo"
    r"|\b[A-ZА-ЯЁ])\.$"
)
# A line of a list: «– Соглашение о …», "1. Memorandum …", or a short line opening with a head.
LIST_ITEM = re.compile(r"^\s*(?:[-–—•·*]|\d{1,2}[.)])\s*")
MAX_LIST_ITEM = 400
PLAN_REACH = 60  # characters between a plan's name and the word that adopts it
OTHER_CLAUSE = re.compile(r"[»\"”—]|говорит|заяв|отмет|сказал|\bsaid\b|\bsays\b", re.IGNORECASE)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph; «2024 г. в ходе», "Mr. Li" and initials
    do not end one."""
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text, max(start, match.start() - 6), match.start()):
            continue
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _is_list_item(paragraph: str) -> bool:
    return bool(LIST_ITEM.match(paragraph)) or (
        len(paragraph) < MAX_LIST_ITEM and bool(HEADS.search(paragraph, 0, 40))
    )


def propose_agreements(
    paragraphs: list[str], countries: list[str], matcher=None
) -> list[AgreementRecord]:
    """The named agreements in an article, each once, with kind, parties, date and place.

    `paragraphs`: title, lead and body paragraphs; `countries`: the article's countries, most
    important first; `matcher`: a CountryMatcher, for the parties a sentence names.
    """
    text = "\n".join(paragraphs)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 1
    by_paragraph: dict[int, list] = {}
    for head in head_matches(text):  # one scan of the whole text
        by_paragraph.setdefault(bisect.bisect_right(starts, head.start()) - 1, []).append(head)
    if not by_paragraph:
        return []
    found: dict[tuple, AgreementRecord] = {}
    listing = None  # «В ходе визита подписаны следующие документы:» and its list's lines
    listed_at = sentences = 0
    for index, paragraph in enumerate(paragraphs):
        if listing and not _is_list_item(paragraph):
            listing = None
        heads = [h.start() - starts[index] for h in by_paragraph.get(index, ())]
        if heads:
            for sentence, sentence_heads in _sentences_with(paragraph, heads):
                sentences += 1
                # Documents signed in one sentence, or in one list, were signed together.
                together = -listed_at if listing else sentences
                for record in _proposals(sentence, sentence_heads, countries, matcher, listing):
                    record.signings = (together,) if record.signed else ()
                    # Within one article a name is written one way: no need for countries here.
                    key = name_key(record.name).exact
                    if key in found:
                        _merge(found[key], record)
                    else:
                        found[key] = record
        if paragraph.rstrip().endswith(":") and signed_at(paragraph) is not None:
            listing, listed_at = paragraph, index + 1
    return list(found.values())


def _sentences_with(paragraph: str, heads: list[int]):
    """The sentences of a paragraph that hold head nouns (at offsets `heads`), each with its
    heads matched again in the sentence, so that their offsets are the sentence's."""
    bounds = sentence_bounds(paragraph)
    starts = [a for a, _ in bounds]
    by_sentence: dict[int, list[int]] = {}
    for head in heads:
        by_sentence.setdefault(bisect.bisect_right(starts, head) - 1, []).append(head)
    for index, positions in by_sentence.items():
        start, end = bounds[index]
        sentence = paragraph[start:end]
        yield sentence, [HEADS.match(sentence, p - start) for p in positions]


def _adopted(sentence: str, span: Span, signed: list[int]) -> bool:
    """Whether the signing word belongs to this plan: just before it or right after its name
    («утвердили Дорожную карту …», "the action plan … was approved"), not in words about
    another document («…», говорится в подписанном премьерами документе)."""
    for at in signed:
        if span.start - PLAN_REACH < at < span.start:
            return True
        if span.end <= at < span.end + PLAN_REACH and not OTHER_CLAUSE.search(
            sentence, span.end, at
        ):
            return True
    return False


def _proposals(sentence: str, heads: list, countries: list[str], matcher, listing: str | None):
    signed_words = signings(sentence)
    at = signed_words[0] if signed_words else None
    signed = at is not None or listing is not None
    if not signed and all(h.lastgroup in PLAN_KINDS for h in heads):
        return  # «разработают программу …»: intentions only, not worth reading further
    context = f"{listing} {sentence}" if listing else sentence
    for span in find_spans(sentence, heads):
        if span.plural:
            continue
        if span.kind in PLAN_KINDS and not (listing or _adopted(sentence, span, signed_words)):
            continue
        understanding = "understanding" in " ".join(span.head_words).lower()
        if not (span.named or (signed and understanding)):
            continue
        name = _name(sentence, span)
        between = sentence[span.between[0] : span.between[1]] if span.between else ""
        date = signing_date(sentence, span.start, at)
        place = signing_place(sentence, at, matcher)
        if listing:
            date = date or signing_date(listing, 0, signed_at(listing))
            place = place or signing_place(listing, signed_at(listing), matcher)
        yield AgreementRecord(
            name=name,
            kind=span.kind,
            signed_date=date,
            signed_place=place,
            parties=parties(name, between, context, signed, countries, matcher),
            organisations=organisations(between, sentence, at, matcher),
            signed=signed,
        )


def _name(sentence: str, span: Span) -> str:
    """The name as a title: quoted whole, or head (in the nominative) and what follows it."""
    if span.quoted:
        text = span.quoted
    else:
        words = [*span.modifiers, *span.head_words]
        if words and is_russian(words[-1]):
            words = list(nominative(tuple(words)))
        text = " ".join(words) + sentence[span.head_end : span.end]
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    return text[:1].upper() + text[1:]


def _merge(into: AgreementRecord, other: AgreementRecord):
    """Two mentions of one agreement: keep what either of them knows."""
    into.signed_date = into.signed_date or other.signed_date
    into.signed_place = into.signed_place or other.signed_place
    into.parties = into.parties or other.parties
    into.organisations = into.organisations or other.organisations
    into.signed = into.signed or other.signed
    into.signings = tuple(sorted({*into.signings, *other.signings}))
