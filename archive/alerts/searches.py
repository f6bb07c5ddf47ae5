"""A search's parameters as a saved search keeps them: validated and in one canonical form.

Two spellings of one search (`pair=cn-by` and `pair=BY-CN`, parameters in another order) make
the same query string, so they are one saved search. Paging and sorting are not part of it:
an alert lists new articles, newest first.
"""

import datetime
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from archive.filters import SearchForm
from archive.search.criteria import Criteria

NOT_SAVED = ("page", "page_size", "sort")


class InvalidSearch(Exception):
    """Parameters a saved search cannot take; `problems` names each, as the search page does."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(" ".join(p["messages"]) for p in problems))
        self.problems = problems


def _as_params(raw) -> QueryDict:
    params = QueryDict(raw, mutable=True) if isinstance(raw, str) else raw.copy()
    for name in NOT_SAVED:
        params.pop(name, None)
    for name, values in list(params.lists()):
        kept = [v for v in values if v.strip()]
        if kept:
            params.setlist(name, kept)
        else:
            del params[name]
    return params


def _unknown(params: QueryDict, form: SearchForm) -> list[dict]:
    return [
        {
            "name": name,
            "label": name,
            "messages": [_("“%(name)s” is not a search parameter.") % {"name": name}],
        }
        for name in params
        if name not in form.fields
    ]


def _canonical(value) -> list[str]:
    if value is None or value == "" or value is False or value == ():
        return []
    if value is True:
        return ["1"]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    if isinstance(value, tuple | list):
        return sorted(str(v) for v in value)
    return [str(value)]


def saved_query(raw) -> str:
    """The canonical query string of a search (a query string or a QueryDict).

    Raises InvalidSearch naming every parameter that is unknown or invalid.
    """
    params = _as_params(raw)
    form = SearchForm(params)
    unknown = _unknown(params, form)
    if not form.is_valid() or unknown:
        raise InvalidSearch(unknown + (form.named_errors() if form.errors else []))
    pairs = [
        (name, value)
        for name in form.fields
        if name not in NOT_SAVED
        for value in _canonical(form.cleaned_data.get(name))
    ]
    return urlencode(pairs)


def criteria_for(query: str, date_from=None, date_to=None) -> Criteria | None:
    """The criteria of a saved query, newest first, narrowed to a span of publication dates.

    None when the narrowed span is empty, or the query no longer validates (an agreement or
    outlet it names has been removed since).
    """
    params = _as_params(query)
    own_from = _date(params.get("date_from"))
    own_to = _date(params.get("date_to"))
    start = max(d for d in (own_from, date_from) if d) if (own_from or date_from) else None
    end = min(d for d in (own_to, date_to) if d) if (own_to or date_to) else None
    if start and end and start > end:
        return None
    for name, day in (("date_from", start), ("date_to", end)):
        if day:
            params[name] = day.isoformat()
    params["sort"] = "newest"
    form = SearchForm(params)
    return form.criteria if form.is_valid() else None


def _date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def describe(query: str) -> str:
    """The search's words, or a placeholder when it has none (its filters are in its link)."""
    words = QueryDict(query).get("q", "").strip()
    return f"«{words}»" if words else _("selected articles")


def title_of(saved) -> str:
    """A saved search's name, or its words when it has none."""
    return saved.name or describe(saved.query)
