"""Recognising countries in text from the forms stored on each Country.

A form in lower case matches in any case; a form written with capitals (РБ, КНР, USA) is an
abbreviation and matches only as written, so the English "us" or a stray "рб" never count.
"*" stands for any ending (declension: «Китая», «китайской»); several words match across
white space ("the Celestial Empire"). Forms match whole words, but a hyphen is a word
boundary, so both halves of «белорусско-китайский» count, and the compound itself makes an
explicit pair.
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

WORD = r"[\w'’]"
COMPOUND = re.compile(rf"{WORD}+(?:[-–]{WORD}+)+")


def fold(text: str) -> str:
    """ё is е for matching, as it is for search."""
    return text.replace("ё", "е").replace("Ё", "Е")


def _form_pattern(form: str) -> str:
    words = fold(form.strip()).split()
    parts = [re.escape(word).replace(r"\*", f"{WORD}*") for word in words]
    return rf"(?<!{WORD})" + r"\s+".join(parts) + rf"(?!{WORD})"


@dataclass
class CountryEntry:
    code: str
    forms: list[str]
    stems: list[str] = field(default_factory=list)


@dataclass
class Mentions:
    """What a text says about countries: how often each is named, and explicit compound pairs."""

    counts: Counter = field(default_factory=Counter)
    first_seen: dict = field(default_factory=dict)
    compound_pairs: list[str] = field(default_factory=list)

    def ranked(self) -> list[str]:
        """Codes, most mentioned first; ties go to the country named first."""
        return sorted(self.counts, key=lambda code: (-self.counts[code], self.first_seen[code]))


class CountryMatcher:
    """Finds the countries of a table of (code, forms, compound stems) in text."""

    def __init__(self, entries):
        self.codes = {entry.code for entry in entries}
        self._patterns = []
        self._stems = {}
        self._word_patterns = []
        for entry in entries:
            lower = [f for f in entry.forms if f == f.lower()]
            exact = [f for f in entry.forms if f != f.lower()]
            if lower:
                self._patterns.append(
                    (entry.code, re.compile("|".join(map(_form_pattern, lower)), re.IGNORECASE))
                )
            if exact:
                self._patterns.append((entry.code, re.compile("|".join(map(_form_pattern, exact)))))
            for stem in entry.stems:
                self._stems[fold(stem.lower())] = entry.code
            for form in entry.forms:
                if " " not in form.strip():
                    flags = re.IGNORECASE if form == form.lower() else 0
                    self._word_patterns.append((entry.code, re.compile(_form_pattern(form), flags)))

    def find(self, text: str) -> Mentions:
        """Count every country mention in `text` and collect explicit compound pairs."""
        text = fold(text or "")
        mentions = Mentions()
        for code, pattern in self._patterns:
            for match in pattern.finditer(text):
                mentions.counts[code] += 1
                start = mentions.first_seen.get(code, match.start())
                mentions.first_seen[code] = min(start, match.start())
        for match in COMPOUND.finditer(text):
            codes = []
            for part in re.split(r"[-–]", match.group()):
                code = self.code_of_word(part)
                if code and code not in codes:
                    codes.append(code)
            for a, b in itertools.combinations(codes, 2):
                pair = "-".join(sorted((a, b)))
                if pair not in mentions.compound_pairs:
                    mentions.compound_pairs.append(pair)
            for code in codes:
                # A stem such as «российско» is not a form; the compound still names the country.
                if code not in mentions.counts:
                    mentions.counts[code] += 1
                    mentions.first_seen[code] = match.start()
        return mentions

    def code_of_word(self, word: str) -> str | None:
        """The country a single word (a compound stem or a one-word form) names, if any."""
        word = fold(word)
        if word.lower() in self._stems:
            return self._stems[word.lower()]
        for code, pattern in self._word_patterns:
            if pattern.fullmatch(word):
                return code
        return None


def propose_pairs(mentions: Mentions) -> list[str]:
    """Explicit compound pairs if the text has any; otherwise the two most-mentioned countries."""
    if mentions.compound_pairs:
        return sorted(mentions.compound_pairs)
    ranked = mentions.ranked()
    if len(ranked) < 2:
        return []
    return ["-".join(sorted(ranked[:2]))]


def load_matcher() -> CountryMatcher:
    """A matcher over the countries in the database (their current forms and stems)."""
    from archive.models import Country

    return CountryMatcher(
        [
            CountryEntry(code, list(forms), list(stems))
            for code, forms, stems in Country.objects.values_list("code", "forms", "compound_stems")
        ]
    )
