"""Word lists with natural (Zipf-like) frequencies, so synthetic text behaves like real text.

The general vocabulary comes from the `wordfreq` package (frequencies measured over large
real corpora, inflected forms included, so Russian words arrive declined and conjugated as
they occur). The seed articles in fixtures/seeds/ add the vocabulary of cooperation news,
mixed in at a fixed share so that «сотрудничество» or "cooperation" are as common as they are
in the archive's real texts.
"""

import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from random import Random

from django.conf import settings

# How many of the most frequent words each language keeps: the tail of 40,000 words gives
# rare words that occur in a few hundred articles out of a million.
VOCABULARY_SIZE = 40_000
# Words are drawn through a table of 2**24 slots, each word holding slots in proportion to its
# frequency, indexed by three random bytes: a few C-level calls per article instead of a
# Python-level bisection per word. The rarest kept words still get a slot or more.
TABLE_BITS = 24
# The share of words drawn from the seed articles' own distribution.
SEED_SHARE = 0.15
SEEDS_DIR = Path(settings.BASE_DIR) / "fixtures" / "seeds"

WORD_SHAPES = {
    "ru": re.compile(r"^[а-яё]+(?:-[а-яё]+)?$"),
    "en": re.compile(r"^[a-z]+(?:['-][a-z]+)?$"),
}
TOKEN = re.compile(r"[а-яёА-ЯЁa-zA-Z]+(?:['-][а-яёА-ЯЁa-zA-Z]+)?")
CYRILLIC = re.compile(r"[а-яё]")
# Single letters in frequency lists are mostly initials and list markers; these are words.
ONE_LETTER_WORDS = {"ru": {"а", "в", "и", "к", "о", "с", "у", "я"}, "en": {"a", "i"}}


@dataclass
class Vocabulary:
    """One language's words, most frequent first, with cumulative weights for random.choices."""

    language: str
    words: list[str]
    weights: list[float]
    cum_weights: list[float] = field(init=False, repr=False)

    def __post_init__(self):
        self.cum_weights = list(accumulate(self.weights))
        self._table = None

    @property
    def table(self) -> list[str]:
        """The draw table: slot i holds the word whose cumulative share covers i / 2**24."""
        if self._table is None:
            size, total = 1 << TABLE_BITS, self.cum_weights[-1]
            table, filled = [], 0
            for word, cumulative in zip(self.words, self.cum_weights, strict=True):
                end = max(filled + 1, round(cumulative / total * size))
                table.extend([word] * (end - filled))
                filled = end
            self._table = table[:size]
        return self._table

    def draw(self, rng: Random, count: int) -> list[str]:
        """`count` words drawn independently by frequency, reproducibly from `rng`."""
        raw = rng.randbytes(3 * count)
        packed = bytearray(4 * count)
        packed[0::4], packed[1::4], packed[2::4] = raw[0::3], raw[1::3], raw[2::3]
        return list(map(self.table.__getitem__, memoryview(packed).cast("I")))

    def band(self, start: int, stop: int) -> list[str]:
        """Words ranked `start` to `stop` (0 is the most frequent)."""
        return self.words[start:stop]


def _seed_counts(language: str) -> dict[str, int]:
    """Word counts over the seed articles written in `language`."""
    counts: dict[str, int] = {}
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        tokens = [t.lower().replace("ё", "е") for t in TOKEN.findall(path.read_text("utf-8"))]
        cyrillic = sum(1 for t in tokens if CYRILLIC.search(t))
        is_russian = cyrillic * 2 > len(tokens)
        if (language == "ru") != is_russian:
            continue
        shape = WORD_SHAPES[language]
        for token in tokens:
            if shape.match(token):
                counts[token] = counts.get(token, 0) + 1
    return counts


@functools.cache
def build_vocabulary(language: str, size: int = VOCABULARY_SIZE) -> Vocabulary:
    """The `size` most frequent words of `language` (ru or en), mixed with the seed articles'."""
    try:
        import wordfreq
    except ImportError as error:  # a production install has no dev dependencies
        raise RuntimeError(
            "The synthetic corpus needs the wordfreq package (a dev dependency): "
            "pip install -e '.[dev]'."
        ) from error
    shape = WORD_SHAPES[language]
    general = {}
    # wordfreq stores words in buckets of one centibel: bucket i holds frequency 10**(-i/100).
    for bucket, words in enumerate(wordfreq.get_frequency_list(language)):
        for word in words:
            if shape.match(word) and (len(word) > 1 or word in ONE_LETTER_WORDS[language]):
                general[word] = 10 ** (-bucket / 100)
        if len(general) >= size:
            break
    total_general = sum(general.values())
    seeds = _seed_counts(language)
    total_seed = sum(seeds.values()) or 1
    mixed = {w: (1 - SEED_SHARE) * f / total_general for w, f in general.items()}
    for word, count in seeds.items():
        mixed[word] = mixed.get(word, 0.0) + SEED_SHARE * count / total_seed
    ranked = sorted(mixed.items(), key=lambda item: (-item[1], item[0]))
    return Vocabulary(language, [w for w, _ in ranked], [f for _, f in ranked])


def build_vocabularies() -> dict[str, Vocabulary]:
    """Both article languages' vocabularies, keyed by language code."""
    return {language: build_vocabulary(language) for language in ("ru", "en")}
