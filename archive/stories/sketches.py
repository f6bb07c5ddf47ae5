"""The normalised opening of an article and its MinHash sketch (bottom-k of word shingles).

Why a sketch and not pg_trgm alone: a trigram index cannot find the near-duplicates of a
1,000-character text quickly (each holds hundreds of trigrams, most of them common to most
articles), and scoring every article of a week's window against each new one would cost
thousands of similarity() calls per article. A sketch of 16 integers is computed in Python in
tens of microseconds from text the caller already holds; two reprints share most of their
values and unrelated texts almost none, so a GIN index on the sketches gives a handful of
candidates, and only those are scored by pg_trgm on the same normalised opening.
"""

import heapq
import re
import zlib

from archive.text import fold_yo

# The opening compared: long enough to tell two reports apart, short enough to score cheaply;
# a reprint's changed headline or closing lines then weigh nothing.
OPENING_CHARS = 1000
SHINGLE_WORDS = 4
SKETCH_SIZE = 16
WORD = re.compile(r"\w+")
INT32 = 2**31


def opening(lead: str, body: str) -> str:
    """The text compared: lead and body, lower case, ё as е, cut at OPENING_CHARS.

    `OPENING_SQL` is the same in the database (pg_trgm ignores punctuation itself).
    """
    return fold_yo(f"{lead}\n{body}"[:OPENING_CHARS].lower())


# `opening` of the article row `a` in SQL, for pg_trgm's similarity().
OPENING_SQL = (
    "replace(lower(left({a}.lead || E'\\n' || {a}.body, " + str(OPENING_CHARS) + ")), 'ё', 'е')"
)


def sketch(lead: str, body: str) -> list[int]:
    """The SKETCH_SIZE smallest hashes of the opening's 4-word shingles (signed 32-bit).

    One hash function with the k smallest values (a bottom-k sketch) is as good an estimate
    of resemblance as k hash functions, at a k-th of the cost; crc32 is stable across runs
    and processes, unlike Python's hash().
    """
    words = WORD.findall(opening(lead, body))
    if not words:
        return []
    span = min(SHINGLE_WORDS, len(words))
    hashes = {
        zlib.crc32(" ".join(words[i : i + span]).encode()) - INT32
        for i in range(len(words) - span + 1)
    }
    return sorted(heapq.nsmallest(SKETCH_SIZE, hashes))
