"""Highlighted text that is safe to show: escaped article text with our own <mark> around matches.

PostgreSQL's ts_headline finds the matched words (with stemming), but it copies the text
through unescaped. So it marks matches with two private-use characters that cannot occur in
the text (they are removed from it first); the result is escaped and only then are the two
characters turned into <mark> and </mark>. ts_headline sees ё folded to е, as the index does;
the marks are then laid back onto the original letters, so the reader still sees ё.
"""

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.search import query as q
from archive.text import fold_yo

START, STOP = "\ue000", "\ue001"
FRAGMENT_DELIMITER = "\ue002"
# ts_headline drops anything that parses as an HTML tag from its fragments; the text's own
# angle brackets are hidden from it behind two more private characters and restored after.
LT, GT = "\ue003", "\ue004"
_SENTINELS = str.maketrans(dict.fromkeys((START, STOP, FRAGMENT_DELIMITER, LT, GT), " "))
_HIDE_BRACKETS = str.maketrans({"<": LT, ">": GT})
_SHOW_BRACKETS = str.maketrans({LT: "<", GT: ">"})
HEADLINE_OPTIONS = {"start_sel": START, "stop_sel": STOP}


def clean(text: str) -> str:
    """The text with our marker characters made impossible in it."""
    return (text or "").translate(_SENTINELS)


def headline_config(exact_mode: bool) -> str:
    return q.EXACT_CONFIG if exact_mode else q.STEMMED_CONFIG


def headline_query_text(parsed: q.ParsedQuery, exact_mode: bool) -> str:
    """What to highlight: the positive terms only (a `-word` is, by definition, not there)."""
    positive = tuple((term,) for term in parsed.positive_terms)
    return parsed.websearch(positive)


def marked_to_html(original: str, marked: str) -> SafeString:
    """Escape ts_headline output and turn the marker characters into <mark> elements.

    `marked` was computed from fold_yo(original) (or fragments of it); where a fragment can be
    found in the folded original, the original letters are used, so ё survives highlighting.
    """
    folded = fold_yo(original)
    pieces = []
    for fragment in marked.translate(_SHOW_BRACKETS).split(FRAGMENT_DELIMITER):
        plain = fragment.replace(START, "").replace(STOP, "")
        at = folded.find(plain) if plain else -1
        if at >= 0:
            fragment = _restore(fragment, original[at : at + len(plain)])
        pieces.append(_mark(fragment))
    return mark_safe(" … ".join(p for p in pieces if p))  # noqa: S308 - escaped in _mark


def _restore(fragment: str, original: str) -> str:
    """Put the original characters back under the markers (same length, ё↔е only)."""
    out, i = [], 0
    for char in fragment:
        if char in (START, STOP):
            out.append(char)
        else:
            out.append(original[i])
            i += 1
    return "".join(out)


def _mark(fragment: str) -> str:
    html = escape(fragment.strip())
    html = html.replace(START, "<mark>").replace(STOP, "</mark>")
    # ts_headline marks words one by one; a phrase reads better as one highlight.
    return html.replace("</mark> <mark>", " ")


def highlight_text(text: str, query: str, exact: bool = False) -> SafeString:
    """The whole text, escaped, with every word that matches `query` wrapped in <mark>.

    For the article page: call it per paragraph with the reader's search query.
    """
    text = clean(text)
    parsed = q.parse(query)
    if not text or not parsed.positive_terms:
        return escape(text)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ts_headline(%s::regconfig, %s, websearch_to_tsquery(%s::regconfig, %s), "
            f"'HighlightAll=true, StartSel={START}, StopSel={STOP}')",
            [
                headline_config(exact),
                fold_yo(text).translate(_HIDE_BRACKETS),
                headline_config(exact),
                headline_query_text(parsed, exact),
            ],
        )
        marked = cursor.fetchone()[0].translate(_SHOW_BRACKETS)
    if marked.replace(START, "").replace(STOP, "") != fold_yo(text):
        return escape(text)
    html = escape(_restore(marked, text))
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def with_snippets(queryset, parsed: q.ParsedQuery, exact_mode: bool = False):
    """Annotate `marked_snippet`: ts_headline over lead and body, ё folded, our markers in it.

    Run it over the shown page only: ts_headline re-parses the whole text of each row.
    """
    from django.contrib.postgres.search import SearchHeadline, SearchQuery
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat, Replace

    text = Concat("lead", Value("\n\n"), "body", output_field=TextField())
    for old, new in (("ё", "е"), ("Ё", "Е"), ("<", LT), (">", GT)):
        text = Replace(text, Value(old), Value(new))
    config = headline_config(exact_mode)
    tsquery = SearchQuery(
        headline_query_text(parsed, exact_mode), search_type="websearch", config=config
    )
    return queryset.annotate(
        marked_snippet=SearchHeadline(
            text,
            tsquery,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=FRAGMENT_DELIMITER,
        )
    )


def snippet_html(article) -> SafeString:
    """The annotated snippet of an article as safe HTML (see `with_snippets`)."""
    original = f"{clean(article.lead)}\n\n{clean(article.body)}"
    return marked_to_html(original, article.marked_snippet or "")
