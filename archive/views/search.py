"""The search page: one form, facets with counts, highlighted results; works without JavaScript."""

from html import escape as _e
from urllib.parse import urlencode

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.exports import max_rows as export_max_rows
from archive.filters import SORT_CHOICES, SearchForm
from archive.models import Agreement
from archive.search import registry
from archive.search import results as search_results
from archive.search.query import parse, spellings_searched, tsquery_text
from archive.search.wordforms import CYRILLIC
from archive.templatetags.concord import language_name
from archive.text import interface_language

# Facets whose parameter may repeat (OR between values); the others take one value.
MULTI_VALUED = {facet.name for facet in registry.FACETS if facet.multiple}
TOO_SLOW = gettext_lazy(
    "This search took too long to answer. Add a word or a filter, or sort by date."
)
NOTHING_TO_SEARCH = gettext_lazy(
    "This query has nothing to search for: only punctuation, or words too common to be "
    "searched for (such as “the” or “и”). Type at least one other word."
)
# Each facet shows its first few values (selected ones always among them) and offers the
# rest behind "Show all"; past FACET_MOST values only the most frequent are offered (each
# value is two links built and rendered: 100 values for each of six facets was a third of a
# search page's time).
FACET_FIRST = 5
FACET_MOST = 40
# Parameters the form shows as fields of its own; every other valid one rides along hidden,
# so a new query keeps the filters, the sort and the page size (but starts at page 1).
FORM_FIELDS = {"q", "exact", "date_from", "date_to"}
NOT_FOR_FEEDS = {"page", "page_size", "sort"}


def search(request):
    """Search results for the query string; 400 with the form's messages when it is invalid."""
    blank = [name for name, values in request.GET.lists() if not any(v.strip() for v in values)]
    if blank:
        # The form sends its empty date fields; a link to the results should not carry them.
        query = request.GET.copy()
        for name in blank:
            del query[name]
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    filterset = SearchForm(request.GET)
    context = {
        "filterset": filterset,
        "query": request.GET,
        "sort_choices": SORT_CHOICES,
        "errors": [],
        "kept": kept_parameters(filterset),
    }
    if not filterset.is_valid():
        context["errors"] = filterset.named_errors()
        # Set dates show as chips; a wrong one is shown in its field.
        context["dates_open"] = bool({"date_from", "date_to"} & set(filterset.errors))
        return render(request, "archive/search.html", context, status=400)
    criteria = filterset.criteria
    if nothing_to_search(criteria):
        context["errors"] = [
            {
                "name": "q",
                "label": str(filterset.fields["q"].label),
                "messages": [NOTHING_TO_SEARCH],
            }
        ]
        return render(request, "archive/search.html", context)
    try:
        found = search_results.search(criteria, filterset.page_number, filterset.per_page)
    except search_results.PageOutOfRange:
        return past_the_end(request, context)
    except search_results.TooSlow:
        return too_slow(request, context)
    context.update(results_context(request, found))
    return render(request, "archive/search.html", context)


def too_slow(request, context):
    """503 with the form and a hint on narrowing the search."""
    context["errors"] = [{"name": "q", "label": "", "messages": [TOO_SLOW]}]
    return render(request, "archive/search.html", context, status=503)


def past_the_end(request, context):
    """A page number past the last page: 404, in the site's layout, linking to the last page.

    Not a redirect: the address names a page that does not exist, and link checkers and
    search engines should learn so; the reader keeps the form and is one click from the end.
    """
    first = SearchForm(request.GET)
    try:
        first.is_valid()
        found = search_results.search(first.criteria, 1, first.per_page)
    except (search_results.PageOutOfRange, search_results.TooSlow):
        return too_slow(request, context)
    context.update(results_context(request, found))
    last = request.GET.copy()
    last["page"] = str(found.num_pages)
    context.update(past_the_end=True, last_page=found.num_pages, last_page_query=last)
    return render(request, "archive/search.html", context, status=404)


def nothing_to_search(criteria) -> bool:
    """Whether text was typed but none of it can be searched for (punctuation, stop words)."""
    if not criteria.q.strip():
        return False
    parsed = parse(criteria.q)
    if tsquery_text(parsed):
        return False
    # In exact mode quoted phrases keep their stop words ("the" in quotes can be found).
    return not (criteria.exact and parsed.has_phrases and tsquery_text(parsed, exact_forms=True))


def results_context(request, found) -> dict:
    """What the template needs around one page of results."""
    criteria = found.criteria
    query = canonical_query(request.GET, criteria)
    words_only = (
        urlencode({"q": criteria.q, **({"exact": "1"} if criteria.exact else {})})
        if criteria.has_query
        else ""
    )
    active = chips(query, found)
    feed_query = query.copy()
    for name in NOT_FOR_FEEDS:
        feed_query.pop(name, None)
    feed = reverse("archive:feed-search-atom")
    return {
        # The whole archive charted against itself says nothing: only a search or a filter.
        "compare_url": "" if criteria.is_everything else chart_url(feed_query),
        "found": found,
        "criteria": criteria,
        "facets": facet_groups(query, found.facets),
        "chips": active,
        "summary": summary_text(found),
        "summary_filters": " · ".join(str(chip["label"]) for chip in active),
        # The article page highlights the query and links to its neighbours in these results.
        "article_query": query.urlencode() if criteria.has_query else "",
        "words_only": words_only,
        "sort": criteria.effective_sort,
        "kinds": Agreement.Kind.choices,
        "feed_url": f"{feed}?{feed_query.urlencode()}" if feed_query else feed,
        # The results as files (archive/views/exports.py) hold at most this many articles.
        "export_limit": export_max_rows(),
        # The registered names in the query stand for all their spellings: say which.
        "also_searched": [
            (spelling, "ru" if CYRILLIC.search(spelling) else "en")
            for spelling in (spellings_searched(criteria.parsed) if criteria.has_query else [])
        ],
    }


def chart_url(query: QueryDict) -> str:
    """The comparison page charting this search over time (its words and filters)."""
    # Imported here: the comparison reads its searches through this module's checks.
    from archive.compare_series import compare_url, search_key

    return compare_url([search_key((k, v) for k, vs in query.lists() for v in vs)])


def kept_parameters(filterset) -> list[tuple[str, str]]:
    """The valid state beyond the form's own fields, as (name, value) for hidden inputs."""
    errors = filterset.errors
    data = filterset.cleaned_data if not errors else {}
    kept = []
    for name in filterset.fields:
        if name in FORM_FIELDS or name == "page" or name in errors:
            continue
        values = filterset.data.getlist(name)
        if name in MULTI_VALUED and data.get(name):
            values = data[name]
        kept.extend((name, value) for value in values if value.strip())
    return kept


def canonical_query(query: QueryDict, criteria) -> QueryDict:
    """The query string with pairs and countries in their canonical spelling ("cn-by" → "BY-CN")."""
    query = query.copy()
    for param, values in (("pair", criteria.pairs), ("country", criteria.countries)):
        if values:
            query.setlist(param, list(values))
    return query


def _encoded(lists) -> str:
    """("?…", or "" for none) from [(param, [values])], as Django's `querystring` tag gives."""
    pairs = [(param, value) for param, values in lists for value in values]
    return f"?{urlencode(pairs)}" if pairs else ""


def with_value(query: QueryDict, param: str, value, *, add: bool) -> str:
    """The query string with one value added or removed, and the page number dropped.

    Built from the parameters' lists, not a copy of the QueryDict: a page of facets makes
    some 350 of these links, and two deep copies each (here and in the template's
    `querystring`) took a fifth of the page's rendering.
    """
    return _Links(query, param).with_value(value, add=add)


class _Links:
    """The links of one facet's values: the other parameters encoded once, on either side of
    this one (where it stands, or after them all), and only its values for each link (a
    rare word's page offers some 160: encoding the whole query string each time took 2 ms)."""

    def __init__(self, query: QueryDict, param: str):
        lists = [(key, values) for key, values in query.lists() if key != "page"]
        at = next((i for i, (key, _values) in enumerate(lists) if key == param), len(lists))
        self.param = param
        self.current = lists[at][1] if at < len(lists) else []
        self.before = _encoded(lists[:at])[1:]
        self.after = _encoded(lists[at + 1 :])[1:]

    def with_value(self, value, *, add: bool) -> str:
        changed = [v for v in self.current if v != str(value)]
        if add:
            changed = [*changed, value] if self.param in MULTI_VALUED else [value]
        parts = (self.before, urlencode([(self.param, v) for v in changed]), self.after)
        joined = "&".join(part for part in parts if part)
        return f"?{joined}" if joined else ""


def without(query: QueryDict, param: str) -> str:
    """The query string without one parameter (and the page number)."""
    return _encoded([(k, values) for k, values in query.lists() if k not in (param, "page")])


def facet_groups(query: QueryDict, facets) -> list[dict]:
    """Facets ready for the template: the first values, the rest, each with its links."""
    groups, search_url = [], reverse("archive:search")
    for spec in registry.FACETS:
        name = spec.name
        facet = facets.get(name)
        if facet is None or (not facet.values and facet.available):
            continue
        values = list(facet.values)
        if name == "year":
            # Newest first, as the results are: the first years shown are the recent ones.
            values.sort(key=lambda v: v.value, reverse=True)
        values = [v for v in values if v.selected] + [v for v in values if not v.selected]
        offered = values[:FACET_MOST]
        # Hiding one value behind a "show all" costs as much room as showing it.
        cut = FACET_FIRST if len(offered) > FACET_FIRST + 1 else len(offered)
        cut = max(cut, sum(v.selected for v in offered))
        most = max((v.count for v in offered), default=0) or 1
        links = _Links(query, name)
        items = [
            {
                "name": name,
                "value": v.value,
                "label": value_label(name, v.value, v.label),
                "count": v.count,
                "selected": v.selected,
                "share": round(100 * v.count / most),
                # A chosen value links to the state with it (aria-current); the
                # removal link beside it drops it.
                "link": links.with_value(v.value, add=True),
                "remove": links.with_value(v.value, add=False) if v.selected else None,
            }
            for v in offered
        ]
        for item in items:
            item["html"] = facet_item_html(item, search_url)
        groups.append(
            {
                "name": name,
                "title": spec.title,
                "approximate": facet.approximate,
                "available": facet.available,
                "values": items[:cut],
                "more": items[cut:],
                "total": len(values),
                "offered": len(offered),
                "all_offered": len(offered) == len(values),
            }
        )
    return groups


def facet_item_html(item: dict, search_url: str) -> SafeString:
    """One facet value as the panel's list item (its link, and the link that removes it when
    chosen). Built here rather than in a template: a page shows up to 250 values, and the
    template's eight lookups for each were a fifth of the search page's rendering. Every
    value is escaped by `html.escape` (format_html's escaping, without its formatting, which
    took half the time of a rare word's panel)."""
    selected, label = item["selected"], _e(str(item["label"]))
    share = (
        '<svg class="facet-share" aria-hidden="true" focusable="false">'
        f'<rect width="{int(item["share"])}%" height="100%"/></svg>'
        if item["name"] == "year"
        else ""
    )
    link = (
        f'<a href="{_e(item["link"])}"{SELECTED_LINK if selected else ""}>{share}'
        f'<span class="facet-label">{label}</span> '
        f'<span class="facet-count">{_e(str(item["count"]))}</span></a>'
    )
    remove = ""
    if selected:
        name = _e(_("Remove filter: %(label)s") % {"label": item["label"]})
        remove = (
            f'<a class="facet-remove" href="{_e(search_url)}{_e(item["remove"])}" '
            f'aria-label="{name}">×</a>'
        )
    item_class = SELECTED_ITEM if selected else ""
    return mark_safe(f"<li{item_class}>{link}{remove}</li>")  # noqa: S308 - every value escaped


SELECTED_LINK = mark_safe(' aria-current="true"')  # noqa: S308 - a constant
SELECTED_ITEM = mark_safe(' class="selected"')  # noqa: S308 - a constant


def value_label(name: str, value: str, label: str) -> str:
    """A facet value in the page's language (languages are stored as codes)."""
    return str(language_name(value)) if name == "language" else label


def selected_labels(criteria) -> dict[str, dict[str, str]]:
    """The chosen pairs, countries, outlet and agreement in words, in the page's language.

    Read with the criteria (the form resolves them), not from the facets, which may be left
    out of a page.
    """
    language = interface_language()
    return {
        name: {value: labels.get(language, value) for value, labels in found.items()}
        for name, found in criteria.tags.labels.items()
    }


def chips(query: QueryDict, found) -> list[dict]:
    """The active filters in words, each with the link that removes it."""
    c = found.criteria
    labels = selected_labels(c)
    out = []
    for facet in registry.FACETS:
        for value in facet.chosen(c):
            label = labels.get(facet.name, {}).get(value, value)
            if facet.name == "language":
                label = language_name(value)
            out.append((label, facet.name, value))
    if c.kind:
        out.append((dict(Agreement.Kind.choices).get(c.kind, c.kind), "kind", c.kind))
    if c.date_from:
        out.append((_("from %(date)s") % {"date": date_format(c.date_from)}, "date_from", None))
    if c.date_to:
        out.append((_("until %(date)s") % {"date": date_format(c.date_to)}, "date_to", None))
    if c.exact:
        out.append((_("exact quotes"), "exact", None))
    chips_ = []
    for label, param, value in out:
        if value is None:
            remove = without(query, param)
        else:
            remove = with_value(query, param, value, add=False)
        chips_.append({"label": label, "param": param, "remove": remove})
    return chips_


def count_text(count) -> str:
    """ "12 articles" or "about 160,000 articles", with the language's plural form."""
    number = number_format(count.value, force_grouping=True)
    if count.at_least:
        return ngettext(
            "more than %(count)s article", "more than %(count)s articles", count.value
        ) % {"count": number}
    if count.exact:
        return ngettext("%(count)s article", "%(count)s articles", count.value) % {"count": number}
    return ngettext("about %(count)s article", "about %(count)s articles", count.value) % {
        "count": number
    }


def echoed_query(criteria) -> str:
    """The query as typed, without its quote marks when it is one quoted phrase."""
    groups = criteria.parsed.groups
    if len(groups) == 1 and len(groups[0]) == 1 and groups[0][0].phrase:
        term = groups[0][0]
        return f"-{term.text}" if term.negated else term.text
    return criteria.q


def summary_text(found) -> str:
    """The count and the words echoed: "12 articles matching «стена дружбы»" (filters apart)."""
    text = count_text(found.count)
    if found.criteria.has_query:
        text = _("%(articles)s matching «%(query)s»") % {
            "articles": text,
            "query": echoed_query(found.criteria),
        }
    return text
