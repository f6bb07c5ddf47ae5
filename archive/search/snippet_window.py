"""A one-word result's snippet chosen from around the first place the word occurs.

ts_headline parses every character it is given (about 0.2 µs each at a million articles):
a page of twenty 2,500-character articles spent 7–8 ms of its statement there, and real
articles run longer. When the query is one word (in any of its forms), every occurrence is a
full match, so the snippet is chosen from WINDOW characters starting a little before the
first one: 3–4 ms for the same page.

The first occurrence is found with `strpos` (no parsing) of each form's stem, as written and
capitalised: the Russian and English stemmers cut endings, so a stem begins its word forms
(an English stem's final "i" stands for "y" and is left out). Where no stem is found (a word
in capitals) the whole text is used; where the window holds no match after all (a stem
inside another word), ts_headline reads the whole text after the window. Stems shorter
than MIN_PREFIX are found inside too many other words to try: a word with such a stem is
not windowed, unless the short stem begins a longer one of the same word, which is looked
for instead (the window then opens at the first of the longer forms, a match all the same).

Each step is a subquery of its own with `OFFSET 0`: PostgreSQL would otherwise fold them into
one expression and compute the text, and the first position, once for every use.
"""

from archive.search import query as q
from archive.search.tsquery import alternatives

WINDOW = 800
# How far before the first occurrence the window starts (from the next space).
LEAD_IN = 150
MIN_PREFIX = 4

# The text ts_headline reads (see `highlight.with_snippets`): lead and body, ё folded, the
# text's own angle brackets hidden behind private characters.
TEXT_SQL = (
    'REPLACE(REPLACE(REPLACE(REPLACE(COALESCE("archive_article"."lead", \'\') || %s || '
    "COALESCE(\"archive_article\".\"body\", ''), 'ё', 'е'), 'Ё', 'Е'), '<', %s), '>', %s)"
)


def prefixes(parsed: q.ParsedQuery, look_for: str) -> list[str] | None:
    """What `strpos` looks for to find the query's word in a text, or None when the query
    is not one word, or a stem is too short to look for."""
    positive = parsed.positive_terms
    # A name read as several spellings, some of several words, is a phrase too ("<->"). A
    # quoted phrase of one word and stop words («"не встречи мне"») is one word to PostgreSQL
    # (it drops the stop words): every occurrence of it matches, and it is windowed too.
    lexemes = alternatives(look_for)
    if len(positive) != 1 or not lexemes:
        return None
    stems = {
        lexeme[:-1] if lexeme.isascii() and lexeme.endswith("i") else lexeme for lexeme in lexemes
    }
    long_enough = {stem for stem in stems if len(stem) >= MIN_PREFIX}
    # A short stem that begins a longer one («объ» of «объём», beside «объем» of «объёма»)
    # is left out: the longer one finds the word, or the whole text is read.
    if not long_enough or any(
        not any(other.startswith(stem) for other in long_enough) for stem in stems - long_enough
    ):
        return None
    return sorted(long_enough | {stem[:1].upper() + stem[1:] for stem in long_enough})


def headline_sql(
    found: list[str], look_for: str, config: str, options: str, markers: tuple
) -> tuple[str, list]:
    """SQL and parameters for ts_headline over the window of the text around the first of
    `found` (the whole text where none is found, or the window holds no match).
    `markers`: the paragraph break, and the stand-ins for < and > (see `TEXT_SQL`)."""
    start_mark, paragraph, lt, gt = markers
    first = ", ".join("nullif(strpos(t.text, %s), 0)" for _ in found)
    headline = "ts_headline(%s::regconfig, {}, %s::tsquery, %s)"
    window = (
        "CASE WHEN p.at IS NULL THEN t.text ELSE substr(t.text, CASE WHEN p.at > %s THEN "
        "p.at - %s + strpos(substr(t.text, p.at - %s, %s), ' ') ELSE 1 END, %s) END"
    )
    sql = (
        "(SELECT CASE WHEN w.whole OR strpos(w.h, %s) > 0 THEN w.h ELSE "  # noqa: S608 - ours
        + headline.format("t.text")
        + f" END FROM (SELECT {TEXT_SQL} AS text OFFSET 0) AS t, "
        f"LATERAL (SELECT least({first}) AS at OFFSET 0) AS p, "
        "LATERAL (SELECT p.at IS NULL AS whole, "
        + headline.format(window)
        + " AS h OFFSET 0) AS w)"
    )
    params = [
        start_mark,
        *(config, look_for, options),
        paragraph,
        lt,
        gt,
        *found,
        config,
        *(LEAD_IN, LEAD_IN, LEAD_IN, LEAD_IN, WINDOW),
        look_for,
        options,
    ]
    return sql, params
