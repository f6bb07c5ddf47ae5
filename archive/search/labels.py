"""Facet values in words: ids turned into public values (codes, slugs) and labels.

Labels change rarely; each table's are kept a few minutes per interface language, in the
process (the shared cache unpickled 2,000 agreements' labels for every search: 0.4 ms, and
a network round trip more with Redis). A value missing from them reloads the whole table's
labels (a few thousand rows at most): facets of different searches show different
agreements, and fetching each search's new ones cost 15 ms a request.

Every LABEL_SECONDS they are read again, with the look-ups of the next search that has any
(`labels_part`: never a statement of a request's own); a process that has had no such
search keeps using them up to STALE_SECONDS before reading them alone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.db_read import reading
from archive.models import Agreement, Article, Country, CountryPair
from archive.search import lookup, planner, registry
from archive.text import interface_language

if TYPE_CHECKING:
    from archive.search.criteria import Criteria

LABEL_SECONDS = 300
STALE_SECONDS = 2 * LABEL_SECONDS

# Each table facet values are labelled from (`registry.Facet.labelled_by`): its rows, as one
# JSON array, named by `_labelled_row`.
_TABLE_SQL = {
    "pair": (
        "SELECT coalesce(jsonb_agg(jsonb_build_array(p.id, p.code, f.name_en, f.name_ru, "
        "s.name_en, s.name_ru)), '[]') FROM archive_countrypair AS p "
        "JOIN archive_country AS f ON f.id = p.first_id "
        "JOIN archive_country AS s ON s.id = p.second_id"
    ),
    "country": (
        "SELECT coalesce(jsonb_agg(jsonb_build_array(c.id, c.code, c.name_en, c.name_ru)), "
        "'[]') FROM archive_country AS c"
    ),
    "source": (
        "SELECT coalesce(jsonb_agg(jsonb_build_array(o.id, o.slug, o.name)), '[]') "
        "FROM archive_outlet AS o"
    ),
    "agreement": (
        "SELECT coalesce(jsonb_agg(jsonb_build_array(a.id, a.slug, a.name_en, a.name_ru)), "
        "'[]') FROM archive_agreement AS a"
    ),
}
TABLES = tuple(_TABLE_SQL)
# Every table's rows, in one look-up part.
_ROWS_SQL = "SELECT 'labels', jsonb_build_object({})".format(  # noqa: S608 - ours
    ", ".join(f"'{name}', ({sql})" for name, sql in _TABLE_SQL.items())
)


def _labels(name: str, rows: list, language: str) -> dict:
    return dict(_labelled_row(name, row, language) for row in rows)


def _fetch(name: str, language: str) -> dict:
    """One table's labels, read now."""
    with reading().cursor() as cursor:
        cursor.execute(_TABLE_SQL[name])
        (rows,) = cursor.fetchone()
    return _labels(name, json.loads(rows) if isinstance(rows, str) else rows, language)


def _labelled_row(name: str, row: list, language: str) -> tuple[str, tuple[str, str]]:
    """(id, (public value, label)) of one row `_TABLE_SQL` read.

    The models' own naming methods, called on the row's names alone: building a model
    instance for each of 3,000 rows took 25 ms a language.
    """
    if name == "pair":
        pair_id, code, first_en, first_ru, second_en, second_ru = row
        pair = Names(first=Names(first_en, first_ru), second=Names(second_en, second_ru))
        return str(pair_id), (code, CountryPair.label(pair, language))
    if name == "country":
        country_id, code, name_en, name_ru = row
        return str(country_id), (code, Country.name(Names(name_en, name_ru), language))
    if name == "source":
        outlet_id, slug, outlet_name = row
        return str(outlet_id), (slug, outlet_name)
    agreement_id, slug, name_en, name_ru = row
    return str(agreement_id), (slug, Agreement.name(Names(name_en, name_ru), language))


@dataclass(frozen=True)
class Names:
    """What the models' naming methods read: a name in each language, or a pair's countries."""

    name_en: str = ""
    name_ru: str = ""
    first: Names | None = None
    second: Names | None = None


# {(database, table, language): (when read, {id: (public value, label)})}
_held: dict[tuple[str, str, str], tuple[float, dict]] = {}


def labels_part() -> lookup.Part | None:
    """Every table's labels when those of the reader's language are due (held longer than
    LABEL_SECONDS, or not yet), read with a search's other look-ups (a rider)."""
    database, language, now = planner.database(), interface_language(), time.monotonic()
    for name in TABLES:
        held = _held.get((database, name, language))
        if held is None or now - held[0] >= LABEL_SECONDS:
            return lookup.Part(_ROWS_SQL, (), rider=True)
    return None


def keep_labels(payloads: list) -> None:
    """Hold every table's labels in the reader's language from what `labels_part` read."""
    rows, language = payloads[0], interface_language()
    database, now = planner.database(), time.monotonic()
    for name in TABLES:
        known = _labels(name, rows[name], language)
        _held[(database, name, language)] = (now, known)


def table_labels(name: str, ids, language: str) -> dict:
    """{id: (public value, label)} covering these ids, held per language (see the module's
    docstring for how long)."""
    key = (planner.database(), name, language)
    held = _held.get(key)
    known = held[1] if held and time.monotonic() - held[0] < STALE_SECONDS else {}
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
