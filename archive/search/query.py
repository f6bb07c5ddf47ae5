"""Reading what people type into the search box, and turning it into tsqueries.

The syntax is PostgreSQL's websearch syntax — words (all must match), "phrases", `or`,
`-word`, `-"phrase"` — with the quote marks people paste from Russian and English texts
(«…», „…“, “…”) read as plain double quotes, and ё read as е as the stored vectors do.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q

from archive.text import fold_yo

# The stored stemmed vector uses 'russian' for Russian articles and 'english' for English ones.
# PostgreSQL's 'russian' configuration stems ASCII words with the English stemmer (and English
# stop words), so for a query in Latin letters one 'russian' tsquery matches both kinds of
# vector. Other letters (Cyrillic, accented Latin) are stemmed differently by the two; see
# `_term_tsquery` for how such words are matched in both.
STEMMED_CONFIG = "russian"
# Exact forms, stop words kept: the `search_exact` column.
EXACT_CONFIG = "simple"
LANGUAGE_CONFIGS = {"ru": "russian", "en": "english"}

MAX_QUERY_LENGTH = 500

_QUOTES = str.maketrans(dict.fromkeys("«»„“”‟″〝〞＂", '"'))
_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


def config_for(language: str) -> str:
    """The text-search configuration for an article language ('simple' when none fits)."""
    return LANGUAGE_CONFIGS.get(language, "simple")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    negated: bool = False

    def websearch(self) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        return f"-{body}" if self.negated else body


@dataclass(frozen=True)
class ParsedQuery:
    """A query as groups of alternatives: every group must match, any term of a group will do."""

    groups: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self):
        return bool(self.groups)

    @property
    def has_phrases(self) -> bool:
        return any(term.phrase for group in self.groups for term in group)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group if not term.negated]

    def websearch(self, groups=None) -> str:
        """The query back in websearch syntax with ASCII quotes, as websearch_to_tsquery reads it."""
        groups = self.groups if groups is None else groups
        return " ".join(" or ".join(term.websearch() for term in group) for group in groups)

    def __str__(self):
        return self.websearch()


def normalise(text: str) -> str:
    """ё as е, every kind of quote mark as ", control characters and runs of space as one space."""
    text = fold_yo(text or "").translate(_QUOTES)
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str) -> ParsedQuery:
    """Parse a websearch-style query; never fails, whatever was typed."""
    groups: list[list[Term]] = []
    pending_or = False
    for match in _TOKEN.finditer(normalise(text)):
        negated, phrase, word = match.groups()
        if word is not None:
            if word.lower() == "or" and groups:
                pending_or = True
                continue
            stripped = word.lstrip("-")
            if not stripped:
                continue
            term = Term(stripped, phrase=False, negated=word.startswith("-"))
        else:
            phrase = phrase.strip()
            if not phrase:
                continue
            term = Term(phrase, phrase=True, negated=bool(negated))
        if pending_or and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedQuery(tuple(tuple(group) for group in groups))


class TsQuery(SearchQuery):
    """A tsquery given as text, already normalised: `'стен' <-> 'дружб'`, used as it is."""

    template = "(%(expressions)s)::tsquery"

    def __init__(self, text: str, invert: bool = False):
        super().__init__(text, search_type="raw", invert=invert)


def stemmed(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=STEMMED_CONFIG)


def exact(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=EXACT_CONFIG)


@lru_cache(maxsize=4096)
def _lexemes(term: str) -> tuple[str, str, str]:
    """websearch_to_tsquery of one term with 'russian', 'english' and 'simple', as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery('russian', %s)::text, "
            "websearch_to_tsquery('english', %s)::text, websearch_to_tsquery('simple', %s)::text",
            [term, term, term],
        )
        return cursor.fetchone()


def _term_tsquery(term: Term, exact_forms: bool) -> str:
    """One term as tsquery text ('' for stop words only).

    Stemmed terms are matched in both stemmings when they differ (Cyrillic or accented words in
    an English article are stemmed by the English stemmer): `('стен' | 'стена')`. The other
    form almost never exists as a lexeme in a vector of the other language, so the OR costs
    one more index lookup and nothing else — unlike a condition on each row's language,
    which would test every candidate's vector.
    """
    body = f'"{term.text}"' if term.phrase else term.text
    russian, english, simple = _lexemes(body)
    if exact_forms:
        text = simple
    elif not russian:
        text = ""
    elif english and english != russian:
        text = f"( {russian} | {english} )"
    else:
        text = f"( {russian} )"
    if text and term.negated:
        text = f"!{text}"
    return text


_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")


def tsquery_text(
    query: ParsedQuery, exact_forms: bool = False, groups=None, relaxed: bool = False
) -> str:
    """The query as one tsquery (text): groups ANDed, terms of a group ORed.

    `relaxed` turns phrases into plain ANDs of their words: the candidates the full-text
    index finds for a phrase, each of which must then be re-checked for word order.
    """
    parts = []
    for group in query.groups if groups is None else groups:
        terms = [t for t in (_term_tsquery(term, exact_forms) for term in group) if t]
        if terms:
            parts.append(f"( {' | '.join(terms)} )" if len(terms) > 1 else terms[0])
    text = " & ".join(parts)
    return _PHRASE_OPERATOR.sub("&", text) if relaxed else text


def _column_q(column: str, text: str) -> Q:
    if not text:
        # Only stop words: nothing can match (as PostgreSQL treats an empty tsquery).
        return Q(pk__isnull=True)
    return Q(**{column: TsQuery(text)})


def match_q(query: ParsedQuery, exact_mode: bool = False, relaxed: bool = False) -> Q:
    """The WHERE condition for a parsed query (`relaxed`: phrases as ANDs, see tsquery_text).

    Normally one stemmed tsquery over `search_vector`. In exact mode quoted phrases are matched
    against `search_exact` (exact forms, stop words kept) while bare words stay stemmed.
    """
    if not exact_mode or not query.has_phrases:
        return _column_q("search_vector", tsquery_text(query, relaxed=relaxed))
    words, phrases, mixed = [], [], []
    for group in query.groups:
        kinds = {term.phrase for term in group}
        if kinds == {False}:
            words.append(group)
        elif kinds == {True}:
            phrases.append(group)
        else:
            mixed.append(group)
    condition = Q()
    if words:
        condition &= _column_q("search_vector", tsquery_text(query, groups=words))
    if phrases:
        condition &= _column_q(
            "search_exact", tsquery_text(query, True, groups=phrases, relaxed=relaxed)
        )
    for group in mixed:
        either = Q()
        for term in group:
            if term.phrase:
                text = _term_tsquery(term, True)
                either |= _column_q(
                    "search_exact", _PHRASE_OPERATOR.sub("&", text) if relaxed else text
                )
            else:
                either |= _column_q("search_vector", _term_tsquery(term, False))
        condition &= either
    return condition
