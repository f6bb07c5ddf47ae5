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

from django.db.models import TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.search import query as q
from archive.search import snippet_window
from archive.search.marking import (
    EXACT_LEXEMES,
    STEMMED_LEXEMES,
    Target,
    mark_spans,
    read_texts,
)
from archive.text import fold_yo, fold_yo_sql

# ts_headline picks the snippet's fragments; these private-use characters mark its matches and
# fragment breaks (they are removed from the text first, so they cannot be the text's own).
START, STOP = "\ue000", "\ue001"
FRAGMENT_DELIMITER = "\ue002"
# ts_headline drops anything that parses as an HTML tag from its fragments; the text's own
# angle brackets are hidden from it behind two more private characters and restored after.
LT, GT = "\ue003", "\ue004"
_SHOW_BRACKETS = str.maketrans({LT: "<", GT: ">"})
# The article page splits highlighted text back into paragraphs at blank lines, so a mark never
# runs across one (a phrase can, as the stored vector runs on from paragraph to paragraph).
PARAGRAPH_BREAK = "\n\n"


_SENTINEL_CHARACTERS = re.compile(f"[{START}{STOP}{FRAGMENT_DELIMITER}{LT}{GT}]")


def clean(text: str) -> str:
    """The text with our marker characters made impossible in it (a regular expression scans
    a long text several times faster than str.translate looks up each character)."""
    return _SENTINEL_CHARACTERS.sub(" ", text or "")


# --- What to mark -------------------------------------------------------------------------


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
    ready, tokens, edges = read_texts(texts, found)
    return [render(t, mark_spans(tok, ready, edges)) for t, tok in zip(texts, tokens, strict=True)]


def highlight_text(text: str, query: str, exact: bool = False) -> SafeString:
    """The whole text, escaped, with the query's matches wrapped in <mark> (see highlight_texts)."""
    return highlight_texts([text], query, exact)[0]


# --- Result snippets -------------------------------------------------------------------------


def with_snippets(queryset, parsed: q.ParsedQuery, exact_mode: bool = False):
    """Annotate `marked_snippet` (ts_headline's choice of fragments of lead and body, ё folded,
    our markers in it) and `snippet_marking` (what `snippets_html` marks in them).

    ts_headline only chooses the fragments, by the query's positive terms; the marks are laid
    by the same rules as on the article page. Run it over the shown page only: ts_headline
    re-parses the whole text of each row.
    """
    from django.contrib.postgres.search import SearchHeadline
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
    # Exact mode marks a quoted word's exact forms only, which a window could miss.
    found = None if phrases and exact_mode else snippet_window.prefixes(parsed, look_for)
    if found:
        # One word (or a quoted one with stop words): the snippet is chosen from around its
        # first occurrence; a phrase's marks are still laid by `snippets_html`.
        sql, params = snippet_window.headline_sql(
            found, look_for, q.STEMMED_CONFIG, HEADLINE_OPTIONS, (START, "\n\n", LT, GT)
        )
        return queryset.annotate(
            marked_snippet=RawSQL(sql, params, output_field=TextField()),  # noqa: S611 - ours
            snippet_marking=Value(marking, output_field=TextField()),
        )
    text = fold_yo_sql(Concat("lead", Value("\n\n"), "body", output_field=TextField()))
    for old, new in (("<", LT), (">", GT)):
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


# ts_headline's options, as Django's SearchHeadline writes them (see `with_snippets`).
HEADLINE_OPTIONS = (
    f"StartSel='{START}', StopSel='{STOP}', MaxWords=35, MinWords=15, MaxFragments=2, "
    f"FragmentDelimiter='{FRAGMENT_DELIMITER}'"
)

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
        ready, tokens, edges = read_texts(texts, found)
        html = iter(
            [render(t, mark_spans(tok, ready, edges)) for t, tok in zip(texts, tokens, strict=True)]
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
