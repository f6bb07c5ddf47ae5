"""What a query text stands for in the stored vectors: its positions, each with its lexemes.

PostgreSQL's Snowball stemmer cuts Russian proper nouns inconsistently («Беларусь» → белар,
«Беларуси» → беларус; «Китай» → кита, «Китая» → кит), so the stems of one typed form miss
articles that use another. A Russian noun is therefore declined with pymorphy3 and every case
form stemmed by PostgreSQL itself (`ts_lexize`), so the query's lexemes are exactly the ones
the stored vectors hold, and the search stays an index look-up of a few more lexemes.

Only singular nouns are declined, and only through a singular reading of the word: plural
readings are where the analyser's guesses go wrong («Токаев» read as the genitive plural of
«токай» would bring in «тока», the stem of «ток»), and plural endings the stemmer handles.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from archive.db_read import reading
from archive.search import lookup
from archive.text import fold_yo

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# A compound ("Xi-Jinping", «белорусско-китайского») is indexed as itself and then as each
# part, a position each. A query reads the compound as a gap before its parts: the parts then
# match the hyphenated spelling at any place in a phrase (`'направлен' <2> 'белорусск' <->
# 'китайск'`), and, standing first, the spaced spelling too ("Xi Jinping" for "Xi-Jinping").
COMPOUND_ALIASES = {"hword", "asciihword", "numhword"}
# Non-ASCII words and parts of compounds: the ones that can be Russian and so declined.
LETTER_ALIASES = {"word", "hword_part"}
# Readings of a word below this share of its likeliest one are not declined.
MIN_READING_SHARE = 0.1
CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Token:
    """One position of a query text and every lexeme that may stand there.

    `lexemes` is empty for a stop word: a position with nothing to match, as in PostgreSQL's
    own phrase queries (`'визит' <2> 'кита'` for «визит в Китай»). `forms` (the word's case
    forms, lower case) and `own` (the lexemes of the word as written) tell whether two words
    are one: see `same_word`.
    """

    text: str
    lexemes: frozenset[str]
    forms: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()
    compound: bool = False  # a hyphenated word as a whole: a gap before its parts

    @property
    def stop(self) -> bool:
        return not self.lexemes


def same_word(a: Token, b: Token) -> bool:
    """Are two tokens forms of one word? A shared case form, or the same stem as written.

    Not a shared stem among all forms: «кит» (a whale) shares the stem of «Китая» but no
    form with «Китай»; «Лукашенкой», which the dictionary does not know, shares «Лукашенко»'s
    stem as written.
    """
    if a.stop or b.stop:
        return False
    return bool(a.forms & b.forms) or (bool(a.own) and a.own == b.own)


@cache
def _analyzer():
    import pymorphy3  # the dictionary takes a moment to load: only on the first Russian word

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=CACHE_SIZE)
def case_forms(word: str) -> frozenset[str]:
    """The word and, for a Russian singular noun, its other singular case forms (lower case)."""
    word = fold_yo(word.lower())
    forms = {word}
    if not CYRILLIC.search(word):
        return frozenset(forms)
    parses = _analyzer().parse(word)
    top = parses[0].score if parses else 0
    for parse in parses:
        tag = parse.tag
        if tag.POS != "NOUN" or tag.number != "sing" or parse.score < MIN_READING_SHARE * top:
            continue
        forms.update(fold_yo(form.word) for form in parse.lexeme if form.tag.number != "plur")
    return frozenset(forms)


# word → its lexemes under both stemmers; bounded, cleared when full (the words people search
# for recur; the rest is let go).
_STEMS: dict[str, frozenset[str]] = {}


def _stem_all(words) -> dict[str, frozenset[str]]:
    """Each word's stems under the 'russian' configuration, as PostgreSQL makes them (empty for
    a stop word): what the stored vector of a Russian article holds for it."""
    found = {w: _STEMS[w] for w in words if w in _STEMS}
    missing = [w for w in dict.fromkeys(words) if w not in found]
    if missing:
        with reading().cursor() as cursor:
            cursor.execute(
                "SELECT w, ts_lexize('russian_stem', w) FROM unnest(%s::text[]) AS w", [missing]
            )
            new = {word: frozenset(stems or ()) for word, stems in cursor.fetchall()}
        _remember(_STEMS, new)
        found.update(new)
    return found


def declined(words) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each Cyrillic word's lexemes (the stems of all its case forms) and those forms."""
    forms = {word: case_forms(word) for word in words}
    stemmed = _stem_all([form for each in forms.values() for form in each])
    result = {}
    for word, each in forms.items():
        result[word] = (frozenset().union(*(stemmed[form] for form in each)), each)
    return result


# text → its tokens, and text → its exact forms as a 'simple' tsquery; bounded like _STEMS.
_TOKENS: dict[str, tuple[Token, ...]] = {}
_EXACT: dict[str, str] = {}


def _remember(cache_: dict, found: dict) -> None:
    if len(cache_) + len(found) > CACHE_SIZE:
        cache_.clear()
    cache_.update(found)


def tokens(text: str) -> tuple[Token, ...]:
    """The positions of a query text, as PostgreSQL's parser reads it, each with its lexemes."""
    if text not in _TOKENS:
        prepare([text], [])
    return _TOKENS[text]


def exact_tsquery(text: str) -> str:
    """websearch_to_tsquery('simple', text) as text: exact forms, stop words kept."""
    if text not in _EXACT:
        prepare([], [text])
    return _EXACT[text]


def prepare(texts, exact_texts, more=()) -> dict[str, list]:
    """Read what the texts need from PostgreSQL and is not known yet, in one statement with
    the look-ups in `more`: each text's tokens, each exact text's tsquery, and the stems of
    the case forms of new Russian words (declined beforehand). The payloads of `more`, by kind.
    """
    texts = [t for t in dict.fromkeys(texts) if t not in _TOKENS]
    exact_texts = [t for t in dict.fromkeys(exact_texts) if t not in _EXACT]
    parts = list(more)
    if texts or exact_texts:
        parts.append(_words_part(texts, exact_texts))
    found = lookup.read(parts)
    if texts or exact_texts:
        _store(texts, exact_texts, found)
    return found


def tokens_of(texts) -> dict[str, tuple[Token, ...]]:
    """`tokens` of several texts in one statement (the name register reads hundreds at once)."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    return _store(texts, [], lookup.read([_words_part(texts, [])]))


# The Cyrillic words of a text, as the parser will find them (letters between non-letters).
CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def _words_part(texts: list[str], exact_texts: list[str]) -> lookup.Part:
    """The look-up of texts' tokens, exact texts' tsqueries and new case forms' stems.

    Words in Latin letters, numbers and the like keep PostgreSQL's own lexemes under both
    configurations; Russian words stand for the stems of all their case forms.
    """
    words = {fold_yo(w.lower()) for text in texts for w in CYRILLIC_WORD.findall(text)}
    forms = sorted({f for w in words for f in case_forms(w)} - set(_STEMS))
    return lookup.Part(
        "SELECT 'position', jsonb_build_array(t.i, ordinality, r.alias, r.token, r.lexemes, "
        "e.lexemes) FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, i), "
        "LATERAL ts_debug('russian', t.text) WITH ORDINALITY AS r "
        "JOIN LATERAL ts_debug('english', t.text) WITH ORDINALITY AS e USING (ordinality) "
        "UNION ALL SELECT 'exact', jsonb_build_array(x.i, "
        "websearch_to_tsquery('simple', x.text)::text) "
        "FROM unnest(%s::text[]) WITH ORDINALITY AS x(text, i) "
        "UNION ALL SELECT 'stem', jsonb_build_array(w, ts_lexize('russian_stem', w)) "
        "FROM unnest(%s::text[]) AS w",
        (texts, exact_texts, forms),
    )


def _store(texts: list[str], exact_texts: list[str], found: dict) -> dict:
    """Remember what `_words_part` read; the texts' tokens."""
    _remember(_STEMS, {w: frozenset(stems or ()) for w, stems in found.get("stem", [])})
    _remember(_EXACT, {exact_texts[i - 1]: query for i, query in found.get("exact", [])})
    positions = sorted(found.get("position", []), key=lambda row: (row[0], row[1]))
    tokens_found = _tokens_from(texts, [[row[0], *row[2:]] for row in positions])
    _remember(_TOKENS, tokens_found)
    return tokens_found


def _tokens_from(texts: list[str], fetched) -> dict[str, tuple[Token, ...]]:
    """Tokens from ts_debug's rows (text number from 1, alias, token, Russian and English
    lexemes), in position order."""
    rows = [
        (i - 1, alias, token, russian, english)
        for i, alias, token, russian, english in fetched
        if russian is not None
    ]
    russian_words = {
        fold_yo(token.lower())
        for _, alias, token, _, _ in rows
        if alias in LETTER_ALIASES and CYRILLIC.search(token)
    }
    forms = declined(russian_words) if russian_words else {}
    result = {text: [] for text in texts}
    for i, alias, token, russian, english in rows:
        if alias in COMPOUND_ALIASES:
            result[texts[i]].append(Token(token, frozenset(), compound=True))
            continue
        key = fold_yo(token.lower())
        # As written, the 'russian' stem alone ('english' keeps a Cyrillic word whole).
        own = frozenset(russian)
        # An English article keeps a Cyrillic word whole: the word as typed is looked for
        # there too (not its other forms, whose whole spellings can be the Russian stems of
        # other words: «кита» is the stem of «Китаю»).
        lexemes, word_forms = frozenset([*russian, *(english or [])]), frozenset([key])
        if key in forms:
            declined_lexemes, word_forms = forms[key]
            lexemes |= declined_lexemes
        if not own:
            lexemes = frozenset()  # a stop word
        result[texts[i]].append(Token(token, lexemes, word_forms, own))
    return {text: tuple(found) for text, found in result.items()}
