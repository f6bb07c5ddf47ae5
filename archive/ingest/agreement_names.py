"""Whether two names name one agreement, and the register of agreements that answers it fast.

A name becomes a key: the concepts of its content words (lemmas through a bilingual
glossary, so Russian and English names of one treaty agree), its kind, and the countries it
names. Grammar, the signatories' titles and the words that only say "in the field of" are
left out. Two names are one agreement when their kinds and concepts are equal and their
countries do not differ: «Соглашения о сотрудничестве в области образования» is "Agreement
on cooperation in education"; Iraq is never Iran, "education" never "culture". A register
name or alias of four or more concepts may also be the opening of a longer name found in a
text («Совместное коммюнике по итогам 30-й регулярной встречи …» + «… двух стран»).
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from archive.ingest.agreement_glossary import FILLER, GLOSSARY
from archive.ingest.agreement_morph import CACHE_SIZE, lemma
from archive.ingest.agreement_parties import countries_in
from archive.ingest.records import AgreementRecord
from archive.text import fold_yo

WORD = re.compile(r"[\w'’]+(?:[-–][\w'’]+)*")
NUMBER = re.compile(r"\d+(?:[-–]\d+)*")
# After «между …» / "between …" only the signatories' proper names count (Iran is not Iraq),
# not their titles («Министерством …»), up to the subject («о …», "on …").
RESUME = {"о", "об", "обо", "по", "on", "concerning", "regarding", "for"}
MIN_OPENING = 4  # concepts a register name needs before it may open a longer name


@dataclass(frozen=True)
class NameKey:
    kind: str  # the first head noun's concept, "k:treaty"; "" when the name has none
    concepts: frozenset[str]
    sequence: tuple[str, ...]  # the concepts in order, for openings
    countries: frozenset[str]

    @property
    def exact(self) -> tuple[str, frozenset[str]]:
        return self.kind, self.concepts


@lru_cache(maxsize=CACHE_SIZE)
def _word_concepts(word: str) -> tuple[str, ...]:
    lower = word.lower()
    base = lemma(lower)
    if lower in FILLER or base in FILLER:
        return ()
    return GLOSSARY.get(lower) or GLOSSARY.get(base) or (base,)


@lru_cache(maxsize=CACHE_SIZE)
def _concepts(word: str, matcher) -> tuple[str, ...]:
    """The concepts one word of a name stands for; none for a country («российско-китайский»)."""
    number = NUMBER.match(word)
    if number:
        return (number.group().replace("–", "-"),)  # «30-й», "30th" → 30
    if countries_in(word, matcher):
        return ()
    lower = word.lower().replace("–", "-")
    if "-" in lower and lower not in GLOSSARY and lemma(lower) not in GLOSSARY:
        return tuple(c for part in lower.split("-") if part for c in _word_concepts(part))
    return _word_concepts(lower)


@lru_cache(maxsize=CACHE_SIZE)
def name_key(name: str, matcher=None) -> NameKey:
    """The comparable key of an agreement name; countries are recognised only with a matcher."""
    name = fold_yo(name or "")
    sequence, skipping = [], False
    for word in WORD.findall(name):
        lower = word.lower()
        if lower in ("между", "between"):
            skipping = True
        elif skipping and lower in RESUME:
            skipping = False
        elif not skipping or word[:1].isupper():
            sequence.extend(_concepts(word, matcher))
    sequence = tuple(dict.fromkeys(sequence))
    kind = next((c for c in sequence if c.startswith("k:")), "")
    return NameKey(kind, frozenset(sequence), sequence, frozenset(countries_in(name, matcher)))


def _countries_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Unknown on either side agrees; otherwise one set of parties must hold the other."""
    return not a or not b or a <= b or b <= a


def _opens(known: NameKey, found: NameKey) -> bool:
    n = len(known.sequence)
    return n >= MIN_OPENING and len(found.sequence) > n and found.sequence[:n] == known.sequence


def same_name(a: str, b: str, prefix_ok: bool = False, matcher=None) -> bool:
    """Whether names `a` and `b` name one agreement (any language or case form).

    With `prefix_ok`, `a` (a register name or alias) may be the opening of the longer `b`.
    """
    key_a, key_b = name_key(a, matcher), name_key(b, matcher)
    if not key_a.concepts or not _countries_agree(key_a.countries, key_b.countries):
        return False
    return key_a.exact == key_b.exact or (prefix_ok and _opens(key_a, key_b))


@dataclass
class RegisterEntry:
    """One agreement of the register as the matcher sees it (the loader feeds the rows)."""

    id: int
    name_ru: str
    name_en: str
    aliases: list[str]
    kind: str
    parties: frozenset[str]  # ISO codes
    signed_on: datetime.date | None


class Register:
    """The register's agreements indexed by name key, to find the one a proposal names.

    `matcher` (a CountryMatcher) lets names that name countries match across languages and
    keeps apart names that differ only in a country; without it country names are words.
    """

    def __init__(self, entries: Iterable[RegisterEntry] = (), matcher=None):
        self.matcher = matcher
        self._entries: dict[int, RegisterEntry] = {}
        self._keys: dict[int, list[NameKey]] = {}
        self._countries: dict[int, frozenset[str]] = {}
        self._exact: dict[tuple, set[int]] = defaultdict(set)
        self._openings: dict[tuple, set[int]] = defaultdict(set)
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: RegisterEntry) -> None:
        """Index an entry; adding one with a known id again replaces its names."""
        self._remove(entry.id)
        names = dict.fromkeys(n for n in (entry.name_ru, entry.name_en, *entry.aliases) if n)
        keys = [name_key(name, self.matcher) for name in names]
        self._entries[entry.id] = entry
        self._keys[entry.id] = keys
        self._countries[entry.id] = frozenset(entry.parties).union(*(k.countries for k in keys))
        for key in keys:
            if key.concepts:
                self._exact[key.exact].add(entry.id)
            if len(key.sequence) >= MIN_OPENING:
                self._openings[key.sequence].add(entry.id)

    def _remove(self, entry_id: int):
        for key in self._keys.pop(entry_id, ()):
            self._exact.get(key.exact, set()).discard(entry_id)
            self._openings.get(key.sequence, set()).discard(entry_id)
        self._entries.pop(entry_id, None)

    def find(self, record: AgreementRecord) -> RegisterEntry | None:
        """The entry the record names, or None when there is none or no way to tell which.

        A record whose signing date differs from an entry's is another document (one name,
        several signings); among several entries of one name a record without a date takes
        the one without a date, and among those the one whose parties are the record's.
        """
        names = dict.fromkeys(n for n in (record.name, record.name_ru, record.name_en) if n)
        keys = [name_key(name, self.matcher) for name in names]
        countries = frozenset(record.parties).union(*(k.countries for k in keys))
        exact = set().union(*(self._exact.get(k.exact, set()) for k in keys if k.concepts))
        if exact:
            return self._choose(exact, countries, record.signed_date)
        openings = set()
        for key in keys:
            for n in range(len(key.sequence) - 1, MIN_OPENING - 1, -1):
                openings |= self._openings.get(key.sequence[:n], set())
        fitting = self._fitting(openings, countries, record.signed_date)
        return fitting[0] if len(fitting) == 1 else None

    def _fitting(self, ids, countries, signed) -> list[RegisterEntry]:
        entries = [self._entries[i] for i in sorted(ids)]
        return [
            e
            for e in entries
            if _countries_agree(countries, self._countries[e.id])
            and not (signed and e.signed_on and signed != e.signed_on)
        ]

    def _choose(self, ids, countries, signed) -> RegisterEntry | None:
        fitting = self._fitting(ids, countries, signed)
        if len(fitting) <= 1:
            return fitting[0] if fitting else None
        for wanted in ([signed] if signed else []) + [None]:
            same = [e for e in fitting if e.signed_on == wanted]
            if len(same) == 1:
                return same[0]
            # Still several: the one with exactly these parties, the oldest if it is there
            # twice. Without this, a mention naming no parties matched none of the entries
            # of its name and added one more each time it recurred.
            exact = [e for e in same if self._countries[e.id] == countries]
            if exact:
                return exact[0]
        return None
