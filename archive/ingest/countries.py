"""Recognising countries in text from the forms stored on each Country.

The syntax of a form (Country.forms, one per line in the admin):

- lower case matches the word in any case: «беларусь», "belarus";
- a form with capitals matches only as written: РБ, КНР, USA, U.S.; and «Того», "China", whose
  lower-case spellings are ordinary words. At the start of a sentence every word has a capital,
  so there a capitalised form (Того, Turkey) counts only when the text names the country
  otherwise too;
- "*" at the end of a word stands for any ending («белорус*»); spelled-out forms are safer;
- several words match where the text separates them as the form does, a space, a line break,
  a hyphen or a dash each being one separator: "celestial empire" matches "the Celestial
  Empire", «папуа — новая гвинея» matches «Папуа – Новая Гвинея» too;
- "?" first marks a name that people or other places bear too (?Jordan, ?Georgia, ?София):
  it counts only when the text also names that country by another form;
- "!" first marks a phrase that is not the country although it holds one of its forms
  (!Gulf of Guinea, !латинская америка): its words count for nothing.

Compound stems (Country.compound_stems: «белорусско», "sino") count only as the first parts of
a hyphenated compound that names two countries or more: «белорусско-китайский», "Sino-Russian",
"US-China" and "Belarus-China" are explicit pairs.

The matcher folds the text to lower case (ё is е, ’ is ') with every character that is not a
letter or a digit turned into a space, and runs one Aho–Corasick automaton over it whose
patterns are the forms folded the same way between spaces: only whole words match, and of
overlapping matches the longest wins («Южной Кореи» is KR, "South Sudan" is not Sudan,
«Гвинея-Бисау» is not Гвинея).
"""

import codecs
import itertools
import re
from collections import namedtuple
from dataclasses import dataclass, field

import ahocorasick

from archive.ingest.country_mentions import Mentions
from archive.text import fold_yo

# Characters cp1251 cannot hold (é, ü, Chinese) become this byte: a letter, but not one of ours.
OTHER = "\x1a"
codecs.register_error(
    "concord-countries", lambda error: (OTHER * (error.end - error.start), error.end)
)
HYPHENS = "-‐‑–"
SENTENCE_END = '.!?…:;«"“„(—–-\n\r'

FORM, STEM, BLOCK = range(3)
# plain: a FORM that counts wherever it stands (neither weak nor a capitalised look-alike).
Form = namedtuple("Form", "code kind spelled cased weak capital plain")


def _tables() -> tuple[bytes, bytes]:
    lower, cased = bytearray(b" " * 256), bytearray(b" " * 256)
    for byte in range(256):
        char = bytes([byte]).decode("cp1251", errors="ignore")
        if char.isalnum():
            lower[byte] = fold_yo(char.lower()).encode("cp1251")[0]
            cased[byte] = fold_yo(char).encode("cp1251")[0]
    lower[ord(OTHER)] = cased[ord(OTHER)] = ord(OTHER)
    return bytes(lower), bytes(cased)


LOWER, CASED = _tables()


def _folded(text: str, table: bytes = LOWER) -> str:
    """`text` padded with spaces, every other character than a letter or digit a space; one
    character per character, so positions carry over to the original text."""
    if text.isascii():
        data = text.encode("ascii").translate(table)
    else:
        data = text.encode("cp1251", "concord-countries").translate(table)
    return " " + data.decode("latin-1") + " "


@dataclass
class CountryEntry:
    code: str
    forms: list[str]
    stems: list[str] = field(default_factory=list)


class CountryMatcher:
    """Finds the countries of a table of (code, forms, compound stems) in text."""

    def __init__(self, entries):
        self.codes = {entry.code for entry in entries}
        self._automaton = ahocorasick.Automaton()
        self._patterns = []  # (length of the padded pattern, ends with "*", forms)
        self._wildcards = []  # (regular expression, forms) of phrases with "*" inside
        keys = {}
        for entry in entries:
            for form in entry.forms:
                self._add(keys, entry.code, form)
            for stem in entry.stems:
                self._add(keys, entry.code, stem.lower(), STEM)
        for key, index in keys.items():
            # A phrase one country blocks may be another's name ("Chinese Taipei"): names first.
            self._patterns[index][2].sort(key=lambda form: form.kind == BLOCK)
            self._automaton.add_word(key, index)
        if not keys:
            self._automaton.add_word(" ", -1)  # an automaton needs a word to be built
        self._automaton.make_automaton()

    def _add(self, keys, code, form, kind=FORM):
        form = fold_yo(form.strip()).replace("’", "'")
        weak, block = form.startswith("?"), form.startswith("!")
        form = form.lstrip("?!").strip()
        prefix = form.endswith("*")
        # Trailing punctuation ("U.S.") only asks for a word boundary, which every form has.
        words = form.rstrip("*").rstrip(".'").strip()
        if not words:
            return
        exact = words != words.lower()
        cased = _folded(words, CASED).strip(" ") if exact else None
        capital = exact and words[:1].isupper() and words[1:] == words[1:].lower()
        kind = BLOCK if block else kind
        plain = kind == FORM and not weak and not capital
        entry = Form(None if block else code, kind, words, cased, weak, capital, plain)
        if "*" in words:
            # «южн* коре*»: rare enough for a regular expression of its own.
            parts = [_folded(part)[1:-1] for part in form.lower().split("*")]
            pattern = re.compile("(?<= )" + "[^ ]*".join(map(re.escape, parts)) + "(?= )")
            loose = entry._replace(cased=None, capital=False, plain=kind == FORM and not weak)
            self._wildcards.append((pattern, [loose]))
            return
        key = _folded(words)
        if prefix:
            key = key.rstrip(" ")
        if key not in keys:
            keys[key] = len(self._patterns)
            self._patterns.append((len(key), prefix, []))
        self._patterns[keys[key]][2].append(entry)

    def _words(self, text: str) -> tuple[list, bool]:
        """(start, stop, form) of every word or phrase matched, in order, without overlaps:
        `start` and `stop` are the positions in `text` of the match's first character and of
        the character after it; and whether a hyphen joins any two of them."""
        low = _folded(text)
        patterns = self._patterns
        found = []
        for end, index in self._automaton.iter(low):
            length, prefix, forms = patterns[index]
            start = end - length + 1
            stop = low.find(" ", end) if prefix else end
            if found and found[-1][1] > start:
                # Overlaps: drop the matches this one contains, unless it overlaps one that
                # starts before it (leftmost first, then longest).
                keep = len(found)
                while keep and found[keep - 1][0] >= start:
                    keep -= 1
                if keep and found[keep - 1][1] > start:
                    continue
                del found[keep:]
            found.append((start, stop, forms))
        if self._wildcards:
            for pattern, forms in self._wildcards:
                found.extend((m.start() - 1, m.end(), forms) for m in pattern.finditer(low))
            found.sort(key=lambda match: (match[0], -match[1]))
            kept, last = [], 0
            for match in found:
                if match[0] >= last:
                    kept.append(match)
                    last = match[1]
            found = kept
        words, joined, last = [], False, -2
        for start, stop, forms in found:
            for form in forms:
                if form.cased is not None:
                    word = text[start : stop - 1]
                    if word != form.spelled and not _spelled(word, form):
                        continue
                if form.kind != BLOCK:
                    joined = joined or (start == last + 1 and text[last] in HYPHENS)
                    last = stop - 1
                    words.append((start, last, form))
                break
        return words, joined

    def find(self, text: str, title: str = "") -> Mentions:
        """Count the country mentions in `text` and collect explicit compound pairs.

        `text` is the whole article, its title included; `title` tells which mentions are the
        title's. A title that `text` does not contain is read as its first paragraph.
        """
        text = text or ""
        title_start = text.find(title) if title else -1
        if title and title_start < 0:
            text, title_start = f"{title}\n\n{text}", 0
        title_stop = title_start + len(title) if title else -1
        counts, first, in_title, pending = {}, {}, set(), []
        mentions = Mentions(first_seen=first, in_title=in_title)

        def count(code, start):
            counts[code] = counts.get(code, 0) + 1
            if code not in first or start < first[code]:
                first[code] = start
            if title_start <= start < title_stop:
                in_title.add(code)

        words, joined = self._words(text)
        if not joined:
            # The common case, inline: this loop is the importer's hot path.
            for word in words:
                form = word[2]
                if not form.plain and (
                    form.weak or not form.capital or _starts_sentence(text, word[0])
                ):
                    pending.append(word)
                    continue
                code, start = form.code, word[0]
                if code in counts:
                    counts[code] += 1
                else:
                    counts[code] = 1
                    first[code] = start
                if title_start <= start < title_stop:
                    in_title.add(code)
            words = ()
        self._count_joined(text, words, pending, mentions, counts, count)
        mentions.counts.update(counts)
        return mentions

    def _count_joined(self, text, words, pending, mentions: Mentions, counts: dict, count):
        """Count the words `find` left: hyphenated runs (a compound of countries counts each of
        them), then the `pending` words that need the rest of the text to be judged; `count`
        adds one mention to `counts`."""
        index, total = 0, len(words)
        while index < total:
            start, stop, form = words[index]
            after = index + 1
            while after < total and words[after][0] == stop + 1 and text[stop] in HYPHENS:
                stop = words[after][1]
                after += 1
            group = words[index:after]
            if after - index > 1 and self._compound(mentions, group):
                for start, _, form in group:
                    count(form.code, start)
            else:
                pending.extend(group)
            index = after
        weak = []
        for start, _, form in pending:
            # Stems count only in compounds; weak words once the country is named otherwise.
            if form.kind == STEM:
                continue
            if _is_weak(text, start, form):
                weak.append((form.code, start))
            else:
                count(form.code, start)
        confirmed = set(counts)
        for code, start in weak:
            if code in confirmed:
                count(code, start)

    @staticmethod
    def _compound(mentions: Mentions, group: list) -> bool:
        """Record the pairs of a hyphenated run naming two countries or more: «российско-
        китайских», "Sino-Russian", "US-China"."""
        codes = list(dict.fromkeys(form.code for _, _, form in group))
        if len(codes) < 2:
            return False
        for a, b in itertools.combinations(codes, 2):
            pair = "-".join(sorted((a, b)))
            if pair not in mentions.pair_counts:
                mentions.compound_pairs.append(pair)
            mentions.pair_counts[pair] += 1
        return True

    def code_of_word(self, word: str) -> str | None:
        """The country a single word (a compound stem or a one-word form) names, if any."""
        words, _ = self._words(word.strip())
        if len(words) == 1 and words[0][0] == 0 and words[0][1] == len(word.strip()):
            return words[0][2].code
        return None


def _spelled(word: str, form: Form) -> bool:
    """Whether `word`, not spelled exactly as `form`, is still written as it is, letter case
    included: «того» is not «Того»; only punctuation or ё can tell two such spellings apart."""
    return not word.isalpha() and _folded(word, CASED)[1:-1] == form.cased


def _is_weak(text: str, start: int, form: Form) -> bool:
    return form.weak or (form.capital and _starts_sentence(text, start))


def _starts_sentence(text: str, start: int) -> bool:
    if start > 1 and text[start - 1] == " " and text[start - 2].isalnum():
        return False  # the usual case, decided at once
    index = start - 1
    while index >= 0 and text[index] in " \t\xa0":
        index -= 1
    return index < 0 or text[index] in SENTENCE_END


def load_matcher() -> CountryMatcher:
    """A matcher over the countries in the database (their current forms and stems), and the
    spellings the register of names gives each country."""
    from archive.models import Country, Name

    spellings: dict[str, list[str]] = {}
    for code, canonical, variants in Name.objects.filter(country__isnull=False).values_list(
        "country__code", "canonical", "variants"
    ):
        spellings.setdefault(code, []).extend([canonical, *variants])
    return CountryMatcher(
        [
            CountryEntry(code, _with_spellings(list(forms), spellings.get(code, ())), list(stems))
            for code, forms, stems in Country.objects.values_list("code", "forms", "compound_stems")
        ]
    )


def _with_spellings(forms: list[str], spellings) -> list[str]:
    """The country's forms, then the forms of each registered spelling it does not have yet
    (under any mark: a form an editor marked "?" or "!" keeps its mark)."""
    if not spellings:
        return forms
    from archive.ingest.country_forms import MARKS, spelling_forms

    known = {form.lstrip(MARKS).lower() for form in forms}
    added = []
    for spelling in spellings:
        for form in spelling_forms(spelling):
            if form.lower() not in known:
                known.add(form.lower())
                added.append(form)
    return forms + added
