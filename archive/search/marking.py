"""Where a query's terms occur in a text: PostgreSQL cuts the text into tokens and lexemes
(ts_parse and to_tsvector, the positions the index holds) and each target is found among them.

`highlight` turns the spans found here into escaped text with our own <mark>.
"""

from dataclasses import dataclass
from functools import lru_cache

from archive.db_read import reading
from archive.search import query as q
from archive.search.tsquery import occurrences, parse_tsquery
from archive.text import fold_yo

# Stemmed terms are matched in both stemmings, as the search matches them (see query.py).
STEMMED_LEXEMES = ("russian", "english")
EXACT_LEXEMES = ("simple",)
# to_tsvector keeps positions up to this one only, and skips words this long (in bytes).
LAST_POSITION = 16383
LONGEST_WORD = 2047
# Token types that span the tokens after them (a hyphenated word, then its parts; a URL, then
# its host and path): the text is the concatenation of all the other tokens.
_SPANNING_TYPES = ("url", "numhword", "asciihword", "hword")


@dataclass(frozen=True)
class Target:
    """Something to mark: a tsquery, whose lexemes to match it against, and for a stemmed
    phrase its own text, whose stop words at either end belong to the mark too."""

    tsquery: str
    lexemes: tuple[str, ...]
    text: str | None = None


# --- Tokens -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def token_types() -> tuple[frozenset, frozenset, tuple[str, ...]]:
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
        spanning, indexed, agreeing = token_types()
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


def read_texts(texts: list[str], found: list[Target]):
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


def mark_spans(tokens: "Tokens | None", ready: list[_Ready], edges: dict) -> list:
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
