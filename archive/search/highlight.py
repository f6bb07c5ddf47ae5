"""Highlighted text that is safe to show: escaped article text with our own <mark> around matches.

What to mark comes from the same tsquery the search runs (`query.tsquery_text`), so every
form and spelling the search finds for a word is marked too. PostgreSQL's
ts_headline cannot be asked for this: it marks every query word wherever it stands, phrase or
not, and leaves stop words out. So PostgreSQL only cuts the text into tokens and gives each
token's lexemes (ts_parse and to_tsvector, the same positions the index holds), and the
matching is done here: a phrase is marked as one span from its first word to its last, stop
words and punctuation inside it included, and only where the whole phrase occurs.

The text is escaped and only our own <mark> elements are added. Search sees ё as е; the text is
folded the same way for matching (one letter for one, so the offsets hold) and shown as written.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.db_read import reading
from archive.search import query as q
from archive.search.tsquery import occurrences, parse_tsquery
from archive.text import fold_yo

# ts_headline picks the snippet's fragments; these private-use characters mark its matches and
# fragment breaks (they are removed from the text first, so they cannot be the text's own).
START, STOP = "\ue000", "\ue001"
FRAGMENT_DELIMITER = "\ue002"
# ts_headline drops anything that parses as an HTML tag from its fragments; the text's own
# angle brackets are hidden from it behind two more private characters and restored after.
LT, GT = "\ue003", "\ue004"
_SENTINELS = str.maketrans(dict.fromkeys((START, STOP, FRAGMENT_DELIMITER, LT, GT), " "))
_SHOW_BRACKETS = str.maketrans({LT: "<", GT: ">"})
# The article page splits highlighted text back into paragraphs at blank lines, so a mark never
# runs across one (a phrase can, as the stored vector runs on from paragraph to paragraph).
PARAGRAPH_BREAK = "\n\n"
# Stemmed terms are matched in both stemmings, as the search matches them (see query.py).
STEMMED_LEXEMES = ("russian", "english")
EXACT_LEXEMES = ("simple",)
# to_tsvector keeps positions up to this one only, and skips words this long (in bytes).
LAST_POSITION = 16383
LONGEST_WORD = 2047
# Token types that span the tokens after them (a hyphenated word, then its parts; a URL, then
# its host and path): the text is the concatenation of all the other tokens.
_SPANNING_TYPES = ("url", "numhword", "asciihword", "hword")


def clean(text: str) -> str:
    """The text with our marker characters made impossible in it."""
    return (text or "").translate(_SENTINELS)


# --- What to mark -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Something to mark: a tsquery, whose lexemes to match it against, and for a stemmed
    phrase its own text, whose stop words at either end belong to the mark too."""

    tsquery: str
    lexemes: tuple[str, ...]
    text: str | None = None


def targets(parsed: q.ParsedQuery, exact_mode: bool) -> list[Target]:
    """What to mark for a query: its positive terms, as the search matches them.

    The terms are read together, as the search reads them (a name typed as two words has its
    other spellings too). In exact mode quoted phrases are matched in exact forms (stop words
    kept) and bare words stemmed; otherwise everything is stemmed. A `-word` is, by
    definition, not there to mark.
    """
    positive = parsed.positive_terms
    exact = [t for t in positive if t.phrase] if exact_mode else []
    stemmed = [t for t in positive if t not in exact]
    found = [
        Target(q.tsquery_text(_each(stemmed), exact_forms=False), STEMMED_LEXEMES),
        Target(q.tsquery_text(_each(exact), exact_forms=True), EXACT_LEXEMES),
    ]
    # A stemmed phrase leaves out its stop words at either end; each phrase read on its own
    # lets them be found again ("the" in "the Belt and Road").
    found += [
        Target(q.tsquery_text(_each([t]), exact_forms=False), STEMMED_LEXEMES, t.text)
        for t in stemmed
        if t.phrase
    ]
    # Only stop words give no tsquery: the search finds nothing for them either.
    return list(dict.fromkeys(t for t in found if t.tsquery.strip()))


def _each(terms) -> q.ParsedQuery:
    return q.ParsedQuery(tuple((term,) for term in terms))


# --- Tokens -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _token_types() -> tuple[frozenset, frozenset, tuple[str, ...]]:
    """The parser's spanning token types, the types the stemmed configuration indexes, and
    the configurations that index exactly those (so that their word positions agree)."""
    configs = [*STEMMED_LEXEMES, *EXACT_LEXEMES]
    with reading().cursor() as cursor:
        cursor.execute(
            "SELECT tokid FROM ts_token_type('default') WHERE alias = ANY(%s)",
            [list(_SPANNING_TYPES)],
        )
        spanning = frozenset(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT c.cfgname, array_agg(m.maptokentype) FROM pg_ts_config_map m "
            "JOIN pg_ts_config c ON c.oid = m.mapcfg WHERE c.cfgname = ANY(%s) "
            "GROUP BY c.cfgname",
            [configs],
        )
        indexed = {name: frozenset(types) for name, types in cursor.fetchall()}
    words = indexed[q.STEMMED_CONFIG]
    return spanning, words, tuple(c for c in configs if indexed.get(c) == words)


@dataclass
class Tokens:
    """A text as PostgreSQL indexes it: where each word position starts and ends in the text,
    the positions of each lexeme per configuration, and each position's word in exact form."""

    bounds: dict[int, tuple[int, int]]
    lexemes: dict[str, dict[str, list[int]]]
    words: dict[int, str]

    @classmethod
    def read(cls, text: str, parsed, vectors: dict) -> "Tokens | None":
        """From ts_parse's tokens and to_tsvector's lexemes; None if they do not fit the text.

        Like to_tsvector, every token of an indexed type takes the next position, stop words
        included (they have no lexeme), overlong words excepted.
        """
        spanning, indexed, agreeing = _token_types()
        at, position, bounds = 0, 0, {}
        for tokid, token in parsed or ():
            if text[at : at + len(token)] != token:
                return None
            if tokid in indexed and len(token.encode()) < LONGEST_WORD:
                position += 1
                bounds[position] = (at, at + len(token))
            if tokid not in spanning:
                at += len(token)
        if at != len(text):
            return None
        lexemes = {
            config: {
                lexeme: [p for p in positions if p < LAST_POSITION]
                for lexeme, positions in vectors[config] or ()
            }
            for config in agreeing
        }
        words = {p: lex for lex, ps in lexemes.get("simple", {}).items() for p in ps}
        return cls(bounds, lexemes, words)

    def spans(self, item: "_Ready", edges) -> set[tuple[int, int]]:
        """The character spans where a target occurs, widened by its leading and trailing
        stop words where the text has the very same words there."""
        leading, trailing = edges
        found = set()
        for config in item.target.lexemes:
            for first, last in occurrences(item.node, self.lexemes.get(config, {})):
                for word in reversed(leading):
                    if self.words.get(first - 1) != word:
                        break
                    first -= 1
                for word in trailing:
                    if self.words.get(last + 1) != word:
                        break
                    last += 1
                if first in self.bounds and last in self.bounds:
                    found.add((self.bounds[first][0], self.bounds[last][1]))
        return found

    def edges(self) -> tuple[list[str], list[str]]:
        """For a term's own text: its stop words before its first and after its last word,
        which the stemmed search leaves out ("the" in "the Belt and Road"), in exact form."""
        stemmed = {p for ps in self.lexemes.get(q.STEMMED_CONFIG, {}).values() for p in ps}
        if not stemmed:
            return [], []
        leading = [self.words.get(p) for p in sorted(self.bounds) if p < min(stemmed)]
        trailing = [self.words.get(p) for p in sorted(self.bounds) if p > max(stemmed)]
        if None in leading or None in trailing:
            return [], []
        return leading, trailing


_TOKENISE = """
SELECT 'query', x.i, x.q::tsquery::text, NULL::json, NULL::json, NULL::json, NULL::json
FROM unnest(%s::text[]) WITH ORDINALITY AS x(q, i)
UNION ALL
SELECT 'text', d.i, NULL,
  (SELECT json_agg(json_build_array(p.tokid, p.token) ORDER BY p.n)
     FROM ts_parse('default', d.t) WITH ORDINALITY AS p(tokid, token, n)),
  (SELECT json_agg(json_build_array(v.lexeme, v.positions))
     FROM unnest(to_tsvector('russian', d.t)) AS v),
  (SELECT json_agg(json_build_array(v.lexeme, v.positions))
     FROM unnest(to_tsvector('english', d.t)) AS v),
  (SELECT json_agg(json_build_array(v.lexeme, v.positions))
     FROM unnest(to_tsvector('simple', d.t)) AS v)
FROM unnest(%s::text[]) WITH ORDINALITY AS d(t, i)
"""


@dataclass(frozen=True)
class _Ready:
    target: Target
    node: tuple


def _read(texts: list[str], found: list[Target]):
    """One round trip: each target's tsquery as PostgreSQL writes it, and each text (and each
    stemmed term's own text, for its stop-word edges) cut into tokens."""
    term_texts = list(dict.fromkeys(t.text for t in found if t.text))
    folded = [fold_yo(t) for t in [*texts, *term_texts]]
    with reading().cursor() as cursor:
        cursor.execute(_TOKENISE, [[t.tsquery for t in found], folded])
        rows = cursor.fetchall()
    queries, tokens = {}, {}
    for kind, i, tsquery, parsed, russian, english, simple in rows:
        if kind == "query":
            queries[i - 1] = tsquery or ""
        else:
            vectors = {"russian": russian, "english": english, "simple": simple}
            tokens[i - 1] = Tokens.read(folded[i - 1], parsed, vectors)
    ready = []
    for i, target in enumerate(found):
        try:
            node = parse_tsquery(queries.get(i, ""))
        except ValueError:
            # Not expected of PostgreSQL's own output; but a highlight is not worth an error.
            continue
        if node is not None:
            ready.append(_Ready(target, node))
    edges = {}
    for i, term_text in enumerate(term_texts, start=len(texts)):
        edges[term_text] = tokens[i].edges() if tokens.get(i) else ([], [])
    return ready, [tokens.get(i) for i in range(len(texts))], edges


def _mark_spans(tokens: "Tokens | None", ready: list[_Ready], edges: dict) -> list:
    """The character spans to mark in one text, overlapping ones merged."""
    if tokens is None:
        return []
    spans = set()
    for item in ready:
        spans |= tokens.spans(item, edges.get(item.target.text, ([], [])))
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render(text: str, spans) -> SafeString:
    """`text` escaped, with each span wrapped in <mark> (closed and reopened at blank lines)."""
    out, at = [], 0
    for start, end in spans:
        inside = escape(text[start:end]).replace(PARAGRAPH_BREAK, f"</mark>{PARAGRAPH_BREAK}<mark>")
        out.append(f"{escape(text[at:start])}<mark>{inside}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped


# --- The article page ------------------------------------------------------------------------


def highlight_texts(texts: list[str], query: str, exact: bool = False) -> list[SafeString]:
    """Each text escaped, with every occurrence of `query`'s terms wrapped in <mark>.

    A quoted phrase is one mark wherever the whole phrase occurs (and nowhere else); a word is
    marked in every form the search finds. One database round trip for all the texts.
    """
    texts = [clean(t) for t in texts]
    found = targets(q.parse(query), exact)
    if not found or not any(texts):
        return [escape(t) for t in texts]
    ready, tokens, edges = _read(texts, found)
    return [render(t, _mark_spans(tok, ready, edges)) for t, tok in zip(texts, tokens, strict=True)]


def highlight_text(text: str, query: str, exact: bool = False) -> SafeString:
    """The whole text, escaped, with the query's matches wrapped in <mark> (see highlight_texts)."""
    return highlight_texts([text], query, exact)[0]


# --- Result snippets -------------------------------------------------------------------------


def with_snippets(queryset, parsed: q.ParsedQuery, exact_mode: bool = False):
    """Annotate `marked_snippet` (ts_headline's choice of fragments of lead and body, ё folded,
    our markers in it) and `snippet_marking` (what `snippet_html` marks in them).

    ts_headline only chooses the fragments, by the query's positive terms; the marks are laid
    by the same rules as on the article page. Run it over the shown page only: ts_headline
    re-parses the whole text of each row.
    """
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat, Replace

    positive = tuple(
        kept
        for kept in (tuple(t for t in group if not t.negated) for group in parsed.groups)
        if kept
    )
    look_for = q.tsquery_text(q.ParsedQuery(positive))
    # Words alone are marked wherever they occur, which is what ts_headline's own marks are:
    # its fragments are used as they come (reading every snippet's tokens again cost 13 ms a
    # page). Phrases need the marks laid here (`snippets_html`).
    phrases = any(term.phrase for group in positive for term in group)
    marking = (
        json.dumps([[t.tsquery, t.lexemes, t.text] for t in targets(parsed, exact_mode)])
        if phrases
        else WORDS_ONLY
    )
    if not look_for.strip():
        return queryset.annotate(
            marked_snippet=Value(None, output_field=TextField()),
            snippet_marking=Value(marking, output_field=TextField()),
        )
    text = Concat("lead", Value("\n\n"), "body", output_field=TextField())
    for old, new in (("ё", "е"), ("Ё", "Е"), ("<", LT), (">", GT)):
        text = Replace(text, Value(old), Value(new))
    return queryset.annotate(
        marked_snippet=SearchHeadline(
            text,
            q.TsQuery(look_for),
            config=q.STEMMED_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=FRAGMENT_DELIMITER,
        ),
        snippet_marking=Value(marking, output_field=TextField()),
    )


def snippet_html(article) -> SafeString:
    """The annotated snippet of an article as safe HTML (see `with_snippets`)."""
    return snippets_html([article])[0]


# `snippet_marking` for a query of words only: ts_headline's marks are the ones to show.
WORDS_ONLY = "words"


def snippets_html(articles) -> list[SafeString]:
    """The annotated snippets of a page of articles as safe HTML, in one round trip."""
    articles = list(articles)
    if any(a.snippet_marking == WORDS_ONLY for a in articles):
        return [_headline_html(article) for article in articles]
    fragments = [_fragments(article) for article in articles]
    texts = [f for each in fragments for f in each]
    marking = next((a.snippet_marking for a in articles if a.snippet_marking), "[]")
    found = [Target(t, tuple(lexemes), text) for t, lexemes, text in json.loads(marking)]
    if found and texts:
        ready, tokens, edges = _read(texts, found)
        html = iter(
            [
                render(t, _mark_spans(tok, ready, edges))
                for t, tok in zip(texts, tokens, strict=True)
            ]
        )
    else:
        html = iter([escape(t) for t in texts])
    # Every piece is escaped text with our own marks (see `render`).
    return [mark_safe(" … ".join(next(html) for _ in each)) for each in fragments]  # noqa: S308


def _headline_html(article) -> SafeString:
    """ts_headline's fragments with its own marks, in the article's own letters, escaped."""
    original = f"{clean(article.lead)}\n\n{clean(article.body)}"
    folded = fold_yo(original)
    pieces = []
    for fragment in (
        (article.marked_snippet or "").translate(_SHOW_BRACKETS).split(FRAGMENT_DELIMITER)
    ):
        plain, spans, at = [], [], 0
        for part in re.split(f"({START}|{STOP})", fragment):
            if part == START:
                start = at
            elif part == STOP:
                spans.append((start, at))
            else:
                plain.append(part)
                at += len(part)
        plain = "".join(plain)
        # Leading and trailing blanks would shift the spans: find the text as it is.
        found = folded.find(plain) if plain.strip() else -1
        text = original[found : found + len(plain)] if found >= 0 else plain
        if text.strip():
            pieces.append(render(text, spans))
    # Every piece is escaped text with our own marks (see `render`).
    return mark_safe(" … ".join(pieces))  # noqa: S308


def _fragments(article) -> list[str]:
    """The pieces of lead and body ts_headline chose, in the article's own letters (ё as
    written); as ts_headline gave one if it cannot be found (still escaped and marked)."""
    original = f"{clean(article.lead)}\n\n{clean(article.body)}"
    folded = fold_yo(original)
    pieces = []
    for fragment in (article.marked_snippet or "").split(FRAGMENT_DELIMITER):
        plain = fragment.replace(START, "").replace(STOP, "").translate(_SHOW_BRACKETS).strip()
        at = folded.find(plain) if plain else -1
        pieces.append(original[at : at + len(plain)] if at >= 0 else clean(plain))
    return [piece for piece in pieces if piece]
