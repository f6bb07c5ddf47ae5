"""`{% article_row %}`: one article of a list of articles, built in Python.

templates/archive/_article_row.html says which options it reads from the context (article,
query, snippet, tags, lead, reason, brief). Every list of articles shows this row, twenty to a
page; as template markup it took 0.3 ms a row (some forty variable look-ups, five addresses
and two dates each), three quarters of the search page's rendering, and built with
`format_html` 0.13 ms. Every value goes through `_e` (the standard library's escaping, which
Django's `escape` calls, without its wrapper for lazy strings); only the snippet, already safe
(escaped text with our own <mark>, archive/search/highlight.py), and our own markup are not.
"""

import functools
import html

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext

from archive.search.page import tags
from archive.templatetags.concord import LANGUAGE_NAMES, agreement_name, agreement_name_language
from archive.text import interface_language

register = template.Library()

SEP = '<span class="sep" aria-hidden="true">·</span> '


def _e(value) -> str:
    """The value as text, HTML-escaped (quotes too: it may stand in an attribute)."""
    return html.escape(str(value))


def _date(day) -> str:
    return _date_in(day, get_language())


@functools.lru_cache(maxsize=4096)
def _date_in(day, language: str) -> str:
    """A day as the page shows it, in `language` (the active one, which `date_format` reads):
    formatting took 17 µs, a fifth of a row, and a page shows few different days."""
    return f'<time datetime="{day:%Y-%m-%d}">{_e(date_format(day, "DATE_FORMAT"))}</time>'


@receiver(setting_changed)
def _forget_dates(**kwargs):
    """A test that changes the date formats (or anything they read) gets days in the new ones."""
    _date_in.cache_clear()


def _language(code: str) -> str:
    return _e(LANGUAGE_NAMES.get(code, code))


def _once(links: dict | None, key: tuple, build) -> str:
    """`build()`, kept in `links` (one page's) under `key`: the rows of a page link the same
    pairs, outlets and agreements again and again (every row of a pair's search links it)."""
    if links is None:
        return build()
    built = links.get(key)
    if built is None:
        built = links[key] = build()
    return built


def _outlet_link(outlet) -> str:
    return f'<a href="{_e(outlet.get_absolute_url())}">{_e(outlet.name)}</a>'


def _pair_link(pair) -> str:
    label = pair.label(interface_language())
    return f'<a href="{_e(pair.get_absolute_url())}">{_e(label)}</a>'


def _agreement_link(agreement) -> str:
    return (
        f'<a href="{_e(agreement.get_absolute_url())}" '
        f'lang="{_e(agreement_name_language(agreement))}">{_e(agreement_name(agreement))}</a>'
    )


def _meta(article, brief: bool, reason: str, links: dict | None = None) -> str:
    parts = [_date(article.published_on)]
    if article.date_needs_review:
        title = _e(gettext("The source gave no year; the date awaits an editor’s check."))
        parts.append(f' <span class="flag" title="{title}">{_e(gettext("date unverified"))}</span>')
    parts.append(f" {SEP}{_language(article.language)}")
    if outlet := article.outlet:
        parts.append(
            f" {SEP}{_e(outlet.name)}"
            if brief
            else f" {SEP}{_once(links, ('outlet', outlet.pk), lambda: _outlet_link(outlet))}"
        )
    if not brief:
        parts.extend(
            f" {SEP}{_once(links, ('pair', pair.pk), lambda pair=pair: _pair_link(pair))}"
            for pair in tags(article, "pairs")
        )
    if reason:
        because = {"agreement": gettext("same agreement"), "pair": gettext("same country pair")}
        text = because.get(reason) or gettext("similar text")
        parts.append(f' {SEP}<span class="reason">{_e(text)}</span>')
    return f'<p class="meta">{"".join(parts)}</p>'


def _agreements(article, links: dict | None = None) -> str:
    agreements = tags(article, "agreements")
    if not agreements:
        return ""
    found = "; ".join(
        _once(links, ("agreement", a.pk), lambda a=a: _agreement_link(a)) for a in agreements
    )
    return f'<p class="result-agreements">{_e(gettext("Agreements:"))} {found}</p>'


def _versions(versions) -> str:
    count = len(versions)
    summary = ngettext(
        "%(counter)s other version of this story", "%(counter)s other versions of this story", count
    ) % {"counter": count}
    items = "".join(
        f'<li><a href="{_e(v.get_absolute_url())}" lang="{_e(v.language)}">{_e(v.title)}</a> '
        f'<span class="meta">{f"{_e(v.outlet_name)} {SEP}" if v.outlet_name else ""}'
        f"{_date(v.published_on)} {SEP}{_language(v.language)}</span></li>"
        for v in versions
    )
    return f'<details class="result-versions"><summary>{_e(summary)}</summary><ul>{items}</ul></details>'


def row_html(
    article,
    *,
    query="",
    snippet=False,
    tags=False,
    lead=False,
    reason="",
    brief=False,
    links: dict | None = None,
):
    """One article as the `<li class="result">` of a list (see the module's docstring);
    `links`: a dict the rows of one page share, where each tag's link is kept once built."""
    href = f"{article.get_absolute_url()}?{query}" if query else article.get_absolute_url()
    language = _e(article.language)
    parts = [
        f'<h3><a href="{_e(href)}" lang="{language}">{_e(article.title)}</a></h3>',
        _meta(article, brief, reason, links),
    ]
    shown = getattr(article, "snippet", None) if snippet else None
    if shown:
        # Safe already (escaped text with our own <mark>, archive/search/highlight.py); any
        # other text is escaped.
        shown = shown if isinstance(shown, SafeData) else _e(shown)
        parts.append(f'<p class="snippet" lang="{language}">{shown}</p>')
    elif lead and article.lead:
        start = Truncator(article.lead).words(40, truncate=" …")
        parts.append(f'<p class="article-lead" lang="{language}">{_e(start)}</p>')
    if tags:
        parts.append(_agreements(article, links))
    if versions := getattr(article, "versions", None):
        parts.append(_versions(versions))
    body = "\n    ".join(part for part in parts if part)
    # Every value above is escaped by `_e`, but a snippet that is safe already.
    return mark_safe(f'<li class="result">\n  <article>\n    {body}\n  </article>\n</li>\n')  # noqa: S308


@register.simple_tag(takes_context=True)
def article_row(context) -> SafeString:
    """The row of `article`, with the options the include passed (or the page has)."""
    return row_html(
        context["article"],
        query=context.get("query") or "",
        snippet=bool(context.get("snippet")),
        tags=bool(context.get("tags")),
        lead=bool(context.get("lead")),
        reason=context.get("reason") or "",
        brief=bool(context.get("brief")),
    )


@register.simple_tag
def result_rows(articles, query="") -> SafeString:
    """Search results' rows, each `row_html` with its snippet and agreements: the page's twenty
    rows at once rather than twenty includes of the row's partial (a tenth of the page's
    rendering went to including it)."""
    links = {}
    rows = [row_html(a, query=query, snippet=True, tags=True, links=links) for a in articles]
    # Each row is escaped text and our own markup (see `row_html`).
    return mark_safe("".join(rows))  # noqa: S308
