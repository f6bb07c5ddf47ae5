"""The facets, declared once: each one's parameter, how it filters and how it is counted.

The search form's fields, the filters applied to the articles, the counts from listed matches
and from SQL samples, the API's `facets` and the page's panel are all built from `FACETS`.
Adding a facet is one entry here (and a test).

Every facet counts a value stored on the article row: a column (language, outlet, date) or an
array of tag ids (pairs, countries, agreements) kept in step with the link tables.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.models import unknown_pair_message
from archive.search import fields

if TYPE_CHECKING:
    # Only named in annotations: the criteria module reads the facets through labels.
    from archive.search.criteria import Criteria

# The article columns every listed match is read with, in this order.
ROW_COLUMNS = (
    "id",
    "published_on",
    "language",
    "outlet_id",
    "pair_ids",
    "country_ids",
    "agreement_ids",
    "static_rank",
    "story_id",
)
(ID, PUBLISHED, LANGUAGE, OUTLET, PAIRS, COUNTRIES, AGREEMENTS, STATIC_RANK, STORY) = range(
    len(ROW_COLUMNS)
)
# Listed rows say whether they pass the facet filters not applied in SQL
# (`matching.listed_rows`), and, for words, whether the words are in the title.
PASSES = len(ROW_COLUMNS)
IN_TITLE = PASSES + 1
# And their first-stage relevance score, computed by PostgreSQL (`listing.SCORE_SQL`).
SCORE = IN_TITLE + 1
# The tag arrays are listed in PostgreSQL's text form ('{12,340}') and read only where a
# filter or a facet needs them: psycopg's reading of 18,000 rows' integer arrays took 45 ms
# of a 60 ms fetch, and facets count a sample of 2,000 rows at most.
ARRAY_COLUMNS = ("pair_ids", "country_ids", "agreement_ids")


def tag_keys(text: str | None) -> list[str]:
    """A listed tag array, read from its text form, as facet keys (the ids as text)."""
    inner = (text or "{}")[1:-1]
    return inner.split(",") if inner else []


@functools.lru_cache(maxsize=256)
def _as_keys(ids: tuple[int, ...]) -> frozenset[str]:
    return frozenset(map(str, ids))


def has_any(text: str | None, ids: tuple[int, ...]) -> bool:
    """Whether a listed tag array (text form) holds any of these ids. Compared as text: every
    listed row is tested against the filters not applied in SQL, once for the page and once
    for the facets (10,000 rows each for a middle word over three years), and reading the
    ids as integers took three times as long."""
    return bool(text) and len(text) > 2 and not _as_keys(ids).isdisjoint(text[1:-1].split(","))


@dataclass(frozen=True)
class Facet:
    """One facet: its parameter, title, how it narrows the matches and what it counts."""

    name: str
    title: str
    # Several values may be chosen at once (any of them matches).
    multiple: bool
    # The values chosen in the criteria, as the public values the parameter takes.
    chosen: Callable[[Criteria], tuple]
    # The filter on the article row, or None when the facet's parameter is not in use.
    where: Callable[[Criteria], Q | None]
    # Whether one listed row (see ROW_COLUMNS) passes the facet's filter.
    accepts: Callable[[Criteria, tuple], bool]
    # The keys one listed row is counted under, and the same in SQL over a row `m`.
    keys: Callable[[tuple], list[str]]
    sql_keys: str
    # The form field that cleans the parameter.
    field: Callable[[], forms.Field] = forms.CharField
    # Keys are ids of this table's rows (labels come from it), or plain values.
    labelled_by: str = ""
    # For values that must name an existing row: the message for those that do not.
    unknown: Callable[[list[str]], str] | None = None
    # The tag array its filter overlaps with the chosen ids, for a tag facet.
    array: str = ""


def _overlaps(column: str, ids: tuple[int, ...]) -> Q:
    # `&&` is what the GIN index on the array serves.
    return Q(**{f"{column}__overlap": list(ids)})


def _tag(name, column, position, values, multiple, title, field, unknown) -> Facet:
    def where(criteria):
        return _overlaps(column, getattr(criteria.tags, name)) if values(criteria) else None

    def accepts(criteria, row):
        return not values(criteria) or has_any(row[position], getattr(criteria.tags, name))

    return Facet(
        name=name,
        title=title,
        multiple=multiple,
        chosen=values,
        where=where,
        accepts=accepts,
        keys=lambda row: tag_keys(row[position]),
        sql_keys=f"unnest(m.{column})::text",
        field=field,
        labelled_by=name,
        unknown=unknown,
        array=column,
    )


def _no_pair(values):
    return unknown_pair_message(values)


def _no_country(values):
    return _("Unknown country code: %(codes)s.") % {"codes": ", ".join(values)}


def _no_outlet(values):
    return _("There is no outlet “%(value)s”.") % {"value": values[0]}


def _no_agreement(values):
    return _("There is no agreement “%(value)s”.") % {"value": values[0]}


def _field(field_class, label, **kwargs):
    return lambda: field_class(label=label, required=False, **kwargs)


FACETS: tuple[Facet, ...] = (
    _tag(
        "pair",
        "pair_ids",
        PAIRS,
        lambda c: c.pairs,
        True,
        _("Country pair"),
        _field(fields.PairsField, _("Country pair")),
        _no_pair,
    ),
    _tag(
        "country",
        "country_ids",
        COUNTRIES,
        lambda c: c.countries,
        True,
        _("Country"),
        _field(fields.CountriesField, _("Country")),
        _no_country,
    ),
    Facet(
        name="language",
        title=_("Language"),
        multiple=False,
        chosen=lambda c: (c.language,) if c.language else (),
        where=lambda c: Q(language=c.language) if c.language else None,
        accepts=lambda c, row: not c.language or row[LANGUAGE] == c.language,
        keys=lambda row: [row[LANGUAGE]],
        sql_keys="m.language",
        field=_field(
            fields.LowerChoiceField, _("Language"), choices=[("", "")] + settings.ARTICLE_LANGUAGES
        ),
    ),
    Facet(
        name="source",
        title=_("Outlet"),
        multiple=False,
        chosen=lambda c: (c.source,) if c.source else (),
        where=lambda c: Q(outlet_id__in=c.tags.source) if c.source else None,
        accepts=lambda c, row: not c.source or row[OUTLET] in c.tags.source,
        keys=lambda row: [str(row[OUTLET])] if row[OUTLET] is not None else [],
        sql_keys="m.outlet_id::text",
        field=_field(fields.SlugField, _("Outlet")),
        labelled_by="source",
        unknown=_no_outlet,
    ),
    _tag(
        "agreement",
        "agreement_ids",
        AGREEMENTS,
        lambda c: (c.agreement,) if c.agreement else (),
        False,
        _("Agreement"),
        _field(fields.SlugField, _("Agreement")),
        _no_agreement,
    ),
    Facet(
        name="year",
        title=_("Year"),
        multiple=False,
        chosen=lambda c: (str(c.year),) if c.year else (),
        where=lambda c: c.year_range() if c.year else None,
        accepts=lambda c, row: not c.year or row[PUBLISHED].year == c.year,
        keys=lambda row: [str(row[PUBLISHED].year)],
        sql_keys="extract(year FROM m.published_on)::int::text",
        field=_field(forms.IntegerField, _("Year"), min_value=1000, max_value=9999),
    ),
)
BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(BY_NAME)


def kind_applies(criteria: Criteria, without: frozenset = frozenset()) -> bool:
    """Whether the kind filter is needed on its own: the chosen agreement already has the kind,
    unless the agreement facet's own filter is left out."""
    return bool(criteria.kind) and (not criteria.agreement or "agreement" in without)


def accepts_kind(criteria: Criteria, row: tuple) -> bool:
    """Whether a listed row mentions an agreement of the chosen kind."""
    return has_any(row[AGREEMENTS], criteria.tags.kind)


def where(criteria: Criteria, without: frozenset = frozenset()) -> Q:
    """The facet filters (and the kind) as one condition on the article row."""
    condition = Q()
    if kind_applies(criteria, without):
        condition &= _overlaps("agreement_ids", criteria.tags.kind)
    for facet in FACETS:
        if facet.name not in without and (q := facet.where(criteria)) is not None:
            condition &= q
    return condition


def in_use(criteria: Criteria) -> list[str]:
    """The facets whose own filter the criteria use."""
    return [facet.name for facet in FACETS if facet.chosen(criteria)]
