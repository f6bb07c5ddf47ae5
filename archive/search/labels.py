"""Facet values in words: ids turned into public values (codes, slugs) and labels.

Labels change rarely; each table's are kept a few minutes per interface language, in the
process (the shared cache unpickled 2,000 agreements' labels for every search: 0.4 ms, and
a network round trip more with Redis). A value missing from them reloads the whole table's
labels (a few thousand rows at most): facets of different searches show different
agreements, and fetching each search's new ones cost 15 ms a request.
"""

import time

from archive.models import Agreement, Article, Country, CountryPair, Outlet
from archive.search import planner, registry
from archive.search.criteria import Criteria
from archive.text import interface_language

LABEL_SECONDS = 300


def _fetch(name: str, language: str) -> dict:
    if name == "pair":
        rows = CountryPair.objects.select_related("first", "second")
        return {str(p.id): (p.code, p.label(language)) for p in rows}
    if name == "country":
        return {str(c.id): (c.code, c.name(language)) for c in Country.objects.all()}
    if name == "source":
        return {str(o.id): (o.slug, o.name) for o in Outlet.objects.only("slug", "name")}
    rows = Agreement.objects.only("slug", "name_ru", "name_en")
    return {str(a.id): (a.slug, a.name(language)) for a in rows}


# {(database, table, language): (when read, {id: (public value, label)})}
_held: dict[tuple[str, str, str], tuple[float, dict]] = {}


def table_labels(name: str, ids, language: str) -> dict:
    """{id: (public value, label)} covering these ids, held per language for LABEL_SECONDS."""
    key = (planner.database(), name, language)
    held = _held.get(key)
    known = held[1] if held and time.monotonic() - held[0] < LABEL_SECONDS else {}
    if any(str(i) not in known for i in ids):
        known = {**known, **_fetch(name, language)}
        _held[key] = (time.monotonic(), known)
    return known


def forget():
    """Read every label anew (a test's database is not the last one's)."""
    _held.clear()


def labelled(criteria: Criteria, raw: dict) -> dict:
    """{facet: [(value, label, count, selected), …] or None when the facet was not counted}.

    Values are ordered by count (years by year); chosen values are kept, at zero if need be.
    """
    language = interface_language()
    language_names = dict(Article._meta.get_field("language").choices)
    out = {}
    for facet in registry.FACETS:
        name = facet.name
        if name not in raw:
            out[name] = None
            continue
        chosen = set(facet.chosen(criteria))
        lookup = {}
        if facet.labelled_by:
            lookup = table_labels(facet.labelled_by, raw[name], language)
        elif name == "language":
            lookup = {code: (code, str(label)) for code, label in language_names.items()}
        values = {}
        for key, n in raw[name].items():
            value, label = lookup.get(key, (key, key))
            values[value] = (value, label, n, value in chosen)
        chosen_labels = criteria.tags.labels.get(name, {})
        for value in chosen - set(values):
            label = chosen_labels.get(value, {}).get(language) or dict(lookup.values()).get(
                value, value
            )
            values[value] = (value, label, 0, True)
        ordered = sorted(values.values(), key=lambda v: (-v[2], v[1]))
        if name == "year":
            ordered = sorted(values.values(), key=lambda v: v[0])
        out[name] = ordered
    return out
