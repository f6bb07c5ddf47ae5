"""What a comparison compares: up to four series, each a country pair or a search, read from
the address and checked, with their labels and the links into one period.

A series is one `s` parameter, so a comparison is a short address anyone can share:

    /compare/?s=BY-CN&s=RU-CN                  two pairs
    /compare/?s=BY-CN&s=q:стена дружбы         a pair and the words of a search
    /compare/?s=?q=memorandum%26language=en    a search with its filters (a query string)

A pair is its code in any order or case; `q:<words>` is a search for the words; a value
starting with `?` is the query string of a search page, filters included. Each is validated
as its own page validates it, and reported in the same words.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.filters import SearchForm
from archive.models import Agreement, CountryPair, canonical_pair_code, unknown_pair_message
from archive.search import registry
from archive.search.criteria import Criteria
from archive.templatetags.concord import language_name
from archive.text import interface_language
from archive.views.dates import archive_url
from archive.views.search import nothing_to_search

MAX_SERIES = 4
# A search series keeps what decides its matches; paging and order mean nothing on a chart.
NOT_A_FILTER = ("page", "page_size", "sort")
TOO_MANY = gettext_lazy(
    "A comparison shows at most %(limit)s series; this one asks for %(count)s. "
    "Remove some and try again."
)


@dataclass(frozen=True)
class Series:
    """One line of the chart: a pair (`pair`) or a search (`criteria`, from `params`)."""

    key: str
    label: str
    pair: CountryPair | None = None
    criteria: Criteria | None = None
    params: tuple[tuple[str, str], ...] = field(default=())

    @property
    def kind(self) -> str:
        return "pair" if self.pair else "search"

    def period_url(self, first: datetime.date, last: datetime.date, year: bool) -> str:
        """Where a point leads: the pair's month (or year) in the date archive, or the search
        narrowed to the days of the period that its own dates allow."""
        if self.pair:
            path = archive_url(first.year) if year else archive_url(first.year, first.month)
            return f"{path}?{urlencode({'pair': self.pair.code})}"
        own_from, own_to = self.criteria.date_from, self.criteria.date_to
        start = max(first, own_from) if own_from else first
        end = min(last, own_to) if own_to else last
        params = [(k, v) for k, v in self.params if k not in ("date_from", "date_to")]
        params += [("date_from", start.isoformat()), ("date_to", end.isoformat())]
        params.append(("sort", "newest"))
        return f"{reverse('archive:search')}?{urlencode(params)}"

    @property
    def home_url(self) -> str:
        """The pair's hub, or the search's results."""
        if self.pair:
            return self.pair.get_absolute_url()
        return f"{reverse('archive:search')}?{urlencode(self.params)}"


def read_series(values: list[str]) -> tuple[list[Series], list[str]]:
    """The series named by these `s` values, and a message for each bad one (or for too many).

    Empty values are skipped and repeated ones counted once.
    """
    wanted = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    if len(wanted) > MAX_SERIES:
        return [], [str(TOO_MANY % {"limit": MAX_SERIES, "count": len(wanted)})]
    found, errors = [], []
    for value in wanted:
        try:
            series = _read_search(value) if _is_search(value) else _read_pair(value)
        except ValueError as error:
            errors.append(str(error))
            continue
        if series.key not in {s.key for s in found}:
            found.append(series)
    return found, errors


def _is_search(value: str) -> bool:
    return value.startswith("?") or value.startswith("q:")


def _read_pair(value: str) -> Series:
    code = canonical_pair_code(value)
    pair = CountryPair.objects.select_related("first", "second").filter(code=code).first()
    if pair is None:
        raise ValueError(unknown_pair_message([code]))
    return Series(key=code, label=pair.label(interface_language()), pair=pair)


def _read_search(value: str) -> Series:
    if value.startswith("q:"):
        query = QueryDict(mutable=True)
        query["q"] = value[2:].strip()
    else:
        query = QueryDict(value[1:], mutable=True)
    for name in NOT_A_FILTER:
        query.pop(name, None)
    form = SearchForm(query)
    shown = f"«{query.get('q', '')}»" if query.get("q") else value
    if not form.is_valid():
        messages = [m for errors in form.error_messages().values() for m in errors]
        raise ValueError(f"{shown}: {' '.join(messages)}")
    criteria = form.criteria
    if nothing_to_search(criteria):
        raise ValueError(
            _("%(search)s: nothing in it can be searched for; type at least one other word.")
            % {"search": shown}
        )
    params = tuple((k, v) for k, values in query.lists() for v in values if v.strip())
    return Series(
        key=search_key(params), label=search_label(criteria), criteria=criteria, params=params
    )


def search_key(params) -> str:
    """The `s` value of a search: `q:<words>` for words alone, else its query string."""
    params = [(k, v) for k, v in params if k not in NOT_A_FILTER and v.strip()]
    if len(params) == 1 and params[0][0] == "q":
        return f"q:{params[0][1]}"
    return "?" + urlencode(params)


def search_label(criteria: Criteria) -> str:
    """A search in words: «стена дружбы» · Belarus–China · in Russian · from 1 March 2024."""
    language = interface_language()
    parts = [f"«{criteria.q}»"] if criteria.q else []
    labels = criteria.tags.labels
    for facet in registry.FACETS:
        for value in facet.chosen(criteria):
            if facet.name == "language":
                parts.append(str(language_name(value)))
            else:
                parts.append(labels.get(facet.name, {}).get(value, {}).get(language, str(value)))
    if criteria.kind:
        parts.append(str(dict(Agreement.Kind.choices).get(criteria.kind, criteria.kind)))
    if criteria.date_from:
        parts.append(_("from %(date)s") % {"date": date_format(criteria.date_from)})
    if criteria.date_to:
        parts.append(_("until %(date)s") % {"date": date_format(criteria.date_to)})
    if criteria.exact:
        parts.append(_("exact quotes"))
    return " · ".join(parts) or _("All articles")


def compare_url(keys, **params) -> str:
    """The comparison of these series (`s` values), with any other parameters."""
    query = [("s", key) for key in keys] + [(k, v) for k, v in params.items() if v]
    return f"{reverse('archive:compare')}?{urlencode(query)}"
