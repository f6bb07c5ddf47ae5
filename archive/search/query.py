"""Reading what people type into the search box, and turning it into tsqueries.

The syntax is PostgreSQL's websearch syntax — words (all must match), "phrases", `or`,
`-word`, `-"phrase"` — with the quote marks people paste from Russian and English texts
(«…», „…“, “…”) read as plain double quotes, and ё read as е as the stored vectors do.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from archive.search import names, wordforms
from archive.search.tsquery import apart_from_phrases
from archive.search.wordforms import Token, tokens
from archive.text import fold_yo

# The stored stemmed vector uses 'russian' for Russian articles and 'english' for English ones.
# PostgreSQL's 'russian' configuration stems ASCII words with the English stemmer (and English
# stop words), so for a query in Latin letters one 'russian' tsquery matches both kinds of
# vector. Other letters (Cyrillic, accented Latin) are stemmed differently by the two; see
# `_term_tsquery` for how such words are matched in both.
STEMMED_CONFIG = "russian"
# Exact forms, stop words kept: the `search_exact` column.
EXACT_CONFIG = "simple"

MAX_QUERY_LENGTH = 500

_QUOTES = str.maketrans(dict.fromkeys("«»„“”‟″〝〞＂", '"'))
_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


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


def exact_text(term: Term) -> str:
    """What a term's exact forms are read from: the phrase in quotes, or the word."""
    return f'"{term.text}"' if term.phrase else term.text


def prepare(query: ParsedQuery) -> None:
    """Read what the query's terms need from PostgreSQL, in one statement for all of them
    (and one more to decline new Russian words), rather than a few statements a term."""
    terms = [term for group in query.groups for term in group]
    wordforms.prepare([t.text for t in terms], [exact_text(t) for t in terms])


def _term_tsquery(term: Term, exact_forms: bool) -> str:
    """One term as tsquery text ('' for stop words only).

    Stemmed, a term stands for every case form of its Russian words and every spelling of the
    registered names in it (see `archive.search.wordforms` and `names`), each word under both
    stemmings (an English article keeps a Cyrillic word whole): `( 'кит' | 'кита' | … )`.
    The extra lexemes cost an index look-up each and nothing else — unlike a condition on
    each row's language, which would test every candidate's vector. Exact forms are
    PostgreSQL's 'simple' reading of the term as typed.
    """
    if exact_forms:
        text = wordforms.exact_tsquery(exact_text(term))
    else:
        text = _positions_text(tokens(term.text), names.register())
    if text and term.negated:
        text = f"!( {text} )"
    return text


def _quote(lexeme: str) -> str:
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def _either(texts) -> str:
    texts = list(dict.fromkeys(texts))
    return texts[0] if len(texts) == 1 else f"( {' | '.join(texts)} )"


def _phrase(items) -> str:
    """Positions in order (`<->`), each stop word leaving a gap (`<2>`), as PostgreSQL's phrases.

    An item is a Token or the text of a name already spelled out (`_spelled`).
    """
    parts, gap = [], 1
    for item in items:
        if isinstance(item, Token):
            if item.stop:
                gap += 1 if parts else 0
                continue
            item = _either(sorted(map(_quote, item.lexemes)))
        if parts:
            parts.append("<->" if gap == 1 else f"<{gap}>")
        parts.append(item)
        gap = 1
    return " ".join(parts)


def _grouped(text: str) -> str:
    """A phrase in parentheses, so that it stays one alternative beside others."""
    return f"( {text} )" if "<" in text else text


def _spelled(positions, match: names.Match) -> str:
    """A name as typed or in any registered spelling: `( 'лукашенк' | 'lukashenka' | … )`."""
    typed = positions[match.start : match.stop]
    return _either(
        [_grouped(_phrase(typed)), *(_grouped(_phrase(s.tokens)) for s in match.spellings)]
    )


def _positions_text(positions, register) -> str:
    """A term's positions as a tsquery, each registered name in it standing for all spellings."""
    items, at = [], 0
    for match in register.matches(positions):
        items.extend(positions[at : match.start])
        items.append(_spelled(positions, match))
        at = match.stop
    items.extend(positions[at:])
    # Trailing stop words match nothing, as in PostgreSQL's own phrases (`_phrase` skips
    # leading ones).
    while items and isinstance(items[-1], Token) and items[-1].stop:
        items.pop()
    return _phrase(items)


def _simple_runs(groups):
    """Runs of two or more consecutive groups that are each one plain, positive term."""
    run = []
    for group in [*groups, None]:
        if group is not None and len(group) == 1 and not group[0].phrase and not group[0].negated:
            run.append(group)
            continue
        if len(run) > 1:
            yield run
        run = []


def _names_across(groups) -> dict[int, tuple[int, str]]:
    """Names typed as separate words (Си Цзиньпин without quotes): by first group, (end, text).

    The words keep matching as they did, each anywhere in the article, and the name's other
    spellings are added as alternatives: `( ( 'си' & 'цзиньпин' ) | ( 'xi' <-> 'jinp' ) )`.
    """
    register = names.register()
    index = {id(group): i for i, group in enumerate(groups)}
    found = {}
    for run in _simple_runs(groups):
        boundaries, positions = {}, []  # position where each group starts → group index
        for group in run:
            boundaries[len(positions)] = index[id(group)]
            positions.extend(tokens(group[0].text))
        boundaries[len(positions)] = index[id(run[-1])] + 1
        positions = tuple(positions)
        for match in register.matches(positions):
            first, last = boundaries.get(match.start), boundaries.get(match.stop)
            if first is None or last is None or last - first < 2:
                continue  # not whole typed words, or one word (its own term reads it)
            words = [_term_tsquery(group[0], False) for group in groups[first:last]]
            together = " & ".join(word for word in words if word)
            found[first] = (last, f"( ( {together} ) | {_spelled(positions, match)} )")
    return found


def spellings_searched(query: ParsedQuery) -> list[str]:
    """The other spellings of the names in a query that a search also looks for."""
    register = names.register()
    typed = {fold_yo(term.text.lower()) for term in query.positive_terms}
    runs = [tokens(term.text) for term in query.positive_terms]
    runs += [
        tuple(p for group in run for p in tokens(group[0].text))
        for run in _simple_runs(query.groups)
    ]
    found = []
    for positions in runs:
        for match in register.matches(positions):
            for spelling in match.spellings:
                text = spelling.text
                if fold_yo(text.lower()) not in typed and text not in found:
                    found.append(text)
    return found


_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")


# tsquery_text's answers under the register they were written with: a search asks for the
# same query's text a dozen times (matching, sizing, listing, ranking, snippets).
_written: dict = {"register": None, "texts": {}}
_WRITTEN_MAX = 1024


def tsquery_text(
    query: ParsedQuery, exact_forms: bool = False, groups=None, relaxed: bool = False
) -> str:
    """The query as one tsquery (text): groups ANDed, terms of a group ORed.

    `relaxed` turns phrases into plain ANDs of their words: the candidates the full-text
    index finds for a phrase, each of which must then be re-checked for word order.
    """
    groups = tuple(query.groups if groups is None else groups)
    register, key = names.register(), (groups, exact_forms, relaxed)
    if _written["register"] is not register or len(_written["texts"]) > _WRITTEN_MAX:
        _written.update(register=register, texts={})
    texts = _written["texts"]
    if key not in texts:
        texts[key] = _written_out(groups, exact_forms, relaxed)
    return texts[key]


def _written_out(groups: tuple, exact_forms: bool, relaxed: bool) -> str:
    across = {} if exact_forms else _names_across(groups)
    parts, at = [], 0
    while at < len(groups):
        if at in across:
            at, text = across[at]
            parts.append(text)
            continue
        terms = [t for t in (_term_tsquery(term, exact_forms) for term in groups[at]) if t]
        if terms:
            parts.append(f"( {' | '.join(terms)} )" if len(terms) > 1 else terms[0])
        at += 1
    text = " & ".join(parts)
    return _PHRASE_OPERATOR.sub("&", text) if relaxed else text


def needs_word_order(query: ParsedQuery, exact_forms: bool = False) -> bool:
    """Whether the query keeps a phrase once its stop words are dropped: its articles must
    then be re-read to check word order (the full-text index keeps no positions)."""
    return "<" in tsquery_text(query, exact_forms)


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
        either = Q()
        for text in apart_from_phrases(tsquery_text(query, relaxed=relaxed)):
            either |= _column_q("search_vector", text)
        return either
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
