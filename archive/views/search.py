"""The search page: one form, facets with counts, highlighted results; works without JavaScript."""

from urllib.parse import urlencode

from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive.filters import SORT_CHOICES, ArticleFilterSet
from archive.models import Agreement
from archive.search import results as search_results
from archive.search.engine import FACETS

# Facets whose parameter may repeat (OR between values); the others take one value.
MULTI_VALUED = {"pair", "country"}
FACET_TITLES = {
    "pair": gettext_lazy("Country pair"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
    "source": gettext_lazy("Outlet"),
    "agreement": gettext_lazy("Agreement"),
    "year": gettext_lazy("Year"),
}
TOO_SLOW = gettext_lazy(
    "This search took too long to answer. Add a word or a filter, or sort by date."
)
# Each facet shows its most frequent values; selected values are always shown.
FACET_LENGTH = 12


def search(request):
    """Search results for the query string; 400 with the form's messages when it is invalid."""
    filterset = ArticleFilterSet(request.GET)
    context = {"filterset": filterset, "query": request.GET, "sort_choices": SORT_CHOICES}
    if not filterset.is_valid():
        context["errors"] = filterset.error_messages()
        return render(request, "archive/search.html", context, status=400)
    try:
        found = search_results.run(filterset)
    except search_results.PageOutOfRange as error:
        raise Http404(_("There is no such page of results.")) from error
    except search_results.SearchTooSlow:
        context["errors"] = {"q": [TOO_SLOW]}
        return render(request, "archive/search.html", context, status=503)
    criteria = found.criteria
    query = canonical_query(request.GET, criteria)
    words_only = (
        urlencode({"q": criteria.q, **({"exact": "1"} if criteria.exact else {})})
        if criteria.has_query
        else ""
    )
    context.update(
        found=found,
        criteria=criteria,
        facets=facet_groups(query, found.facets),
        chips=chips(query, found),
        summary=summary_text(found),
        # The article page highlights the query and links to its neighbours in these results.
        article_query=query.urlencode() if criteria.has_query else "",
        words_only=words_only,
        sort=criteria.effective_sort,
        kinds=Agreement.Kind.choices,
    )
    return render(request, "archive/search.html", context)


def canonical_query(query: QueryDict, criteria) -> QueryDict:
    """The query string with pairs and countries in their canonical spelling ("cn-by" → "BY-CN")."""
    query = query.copy()
    for param, values in (("pair", criteria.pairs), ("country", criteria.countries)):
        if values:
            query.setlist(param, list(values))
    return query


def with_value(query: QueryDict, param: str, value, *, add: bool) -> QueryDict:
    """The query string with one value added or removed, and the page number dropped."""
    changed = query.copy()
    changed.pop("page", None)
    values = [v for v in changed.getlist(param) if v != str(value)]
    if add:
        values = [*values, value] if param in MULTI_VALUED else [value]
    if values:
        changed.setlist(param, values)
    else:
        changed.pop(param, None)
    return changed


def facet_groups(query: QueryDict, facets) -> list[dict]:
    """Facets ready for the template: each value with its link (and a removal link if chosen)."""
    groups = []
    for name in FACETS:
        facet = facets.get(name)
        if facet is None or (not facet.values and facet.available):
            continue
        values = sorted(facet.values, key=lambda v: not v.selected)
        shown = [v for v in values if v.selected] + [v for v in values if not v.selected][
            :FACET_LENGTH
        ]
        if name == "year":
            shown = facet.values
        most = max((v.count for v in shown), default=0) or 1
        groups.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "approximate": facet.approximate,
                "available": facet.available,
                "values": [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "share": round(100 * v.count / most),
                        # A chosen value links to the state with it (aria-current); the
                        # removal link beside it drops it.
                        "link": with_value(query, name, v.value, add=True),
                        "remove": with_value(query, name, v.value, add=False),
                    }
                    for v in shown
                ],
            }
        )
    return groups


def chips(query: QueryDict, found) -> list[dict]:
    """The active filters as (label, link that removes it)."""
    labels = {
        name: {v.value: v.label for v in facet.values} for name, facet in found.facets.items()
    }
    c = found.criteria
    out = []
    for code in c.pairs:
        out.append((labels.get("pair", {}).get(code, code), "pair", code))
    for code in c.countries:
        out.append((labels.get("country", {}).get(code, code), "country", code))
    single = {
        "language": c.language,
        "source": c.source,
        "agreement": c.agreement,
        "year": str(c.year) if c.year else "",
    }
    for name, value in single.items():
        if value:
            out.append((labels.get(name, {}).get(value, value), name, value))
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
            remove = query.copy()
            remove.pop(param, None)
            remove.pop("page", None)
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
    """The search echoed in words: "12 articles matching «стена дружбы» · Belarus–China · 2025"."""
    text = count_text(found.count)
    if found.criteria.has_query:
        text = _("%(articles)s matching «%(query)s»") % {
            "articles": text,
            "query": echoed_query(found.criteria),
        }
    return " · ".join([text, *(str(chip["label"]) for chip in chips(QueryDict(), found))])
