"""Facet counts: how the matched articles split by pair, country, language, outlet, agreement, year.

Each facet is disjunctive: counted with every filter except its own, so with BY-CN chosen the
pair facet still says how many articles CN-RU would give. Facets whose own filter is not in use
share one set of criteria and are counted in one SQL statement over the matched rows.

Counting costs a few microseconds per matched row and link, so above SEARCH_FACET_SAMPLE matches
the counts come from about that many matches (the first ones, or for very common words those
on a sample of the table's pages) and are scaled to the total (and shown as approximate);
each statement runs under a time budget, and a facet that cannot be counted in time is left
out rather than failing the page.
"""

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import get_language

from archive.models import Agreement, Article, Country, CountryPair, Outlet
from archive.search.engine import (
    FACETS,
    Criteria,
    MatchSet,
    among,
    estimate,
    filtered,
    heavy_phrase,
    setting,
    tag_only,
    time_budget,
)
from archive.search.engine import table_rows as engine_table_rows

log = logging.getLogger(__name__)

# Above this share of all articles, facets are counted on a sample of pages rather than on
# the first matches: reaching the first matches of a word in most articles means reading a
# large part of the index, while a page sample finds them at once.
# (Measured at 100,000 articles, reading the first matches through the index was still the
# cheaper way, so the page sample only starts at DENSE_MATCHES matches.)
DENSE_SHARE = 0.3
DENSE_MATCHES = 100_000


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)
    approximate: bool = False
    available: bool = True


def _link_sql(name: str) -> tuple[str, str]:
    """(table, column) of the link table behind a many-to-many facet."""
    relation = {"pair": "pairs", "country": "countries", "agreement": "agreements"}[name]
    through = getattr(Article, relation).through
    column = {"pair": "countrypair_id", "country": "country_id", "agreement": "agreement_id"}[name]
    return through._meta.db_table, column


def _facet_select(name: str) -> str:
    if name in ("pair", "country", "agreement"):
        table, column = _link_sql(name)
        return (
            # Names come from the model's metadata, never from the request.
            f"SELECT '{name}', l.{column}::text, count(*) FROM m "  # noqa: S608
            f"JOIN {table} l ON l.article_id = m.id GROUP BY 2"
        )
    if name == "language":
        return "SELECT 'language', m.language, count(*) FROM m GROUP BY 2"
    if name == "source":
        return (
            "SELECT 'source', m.outlet_id::text, count(*) FROM m "
            "WHERE m.outlet_id IS NOT NULL GROUP BY 2"
        )
    return "SELECT 'year', extract(year FROM m.published_on)::int::text, count(*) FROM m GROUP BY 2"


def _count_group(
    criteria: Criteria,
    names: list[str],
    sample: int,
    percent: float | None,
    probe: bool,
    ids: list[int] | None = None,
):
    """Raw counts {facet: {key: n}} and the number of matched rows looked at.

    Counts the articles `ids` when given; otherwise the first `sample` matches, or, with
    `percent`, the matches in that share of the table's pages (TABLESAMPLE SYSTEM: an even
    spread, cheap when most rows match).
    """
    link = tag_only(criteria) if ids is None and percent is None else None
    if ids is not None:
        matches = Article.objects.filter(among(ids)).order_by()
    elif link is not None:
        # Browsing one tag: the first `sample` of its link rows, then their articles by key.
        first = link.order_by().values("article_id")[:sample]
        matches = Article.objects.filter(id__in=first).order_by()
    else:
        # With words to match and a tag on many articles, per-row probes let the sample stop
        # after `sample` rows instead of joining them all; otherwise the join is cheaper.
        probe = probe and criteria.has_query
        matches = filtered(Article.objects.all(), criteria, probe=probe or None).order_by()
    matches = matches.values("id", "language", "outlet_id", "published_on")
    if percent is None and ids is None and link is None:
        matches = matches[:sample]
    base_sql, params = matches.query.sql_with_params()
    if percent is not None:
        table = f'FROM "{Article._meta.db_table}"'
        # The same pages every time, so counts do not jitter between reloads.
        base_sql = base_sql.replace(
            table, f"{table} TABLESAMPLE SYSTEM ({percent:.6f}) REPEATABLE (1)", 1
        )
    parts = [_facet_select(name) for name in names]
    parts.append("SELECT '#', '', count(*) FROM m")
    sql = f"WITH m AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts)
    budget = setting("SEARCH_FACET_TIMEOUT_MS", 250)
    with time_budget(budget) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = {name: {} for name in names}
    seen = 0
    for facet, key, n in rows:
        if facet == "#":
            seen = n
        else:
            counts[facet][key] = n
    return counts, seen


def _spread(ids: tuple[int, ...], sample: int) -> list[int]:
    """About `sample` of the ids, evenly spaced: newest first, so every period is represented."""
    if len(ids) <= sample:
        return list(ids)
    step = len(ids) / sample
    return [ids[int(i * step)] for i in range(sample)]


def count_facets(
    criteria: Criteria, total: int, matches: MatchSet | None = None
) -> dict[str, Facet]:
    """Every facet for these criteria; `total` is the (possibly estimated) number of matches.

    `matches`, when the engine listed them, are counted directly (a spread sample of them
    above SEARCH_FACET_SAMPLE) for the facets whose own filter is not in use.
    """
    # Counting a heavy phrase's matches anew (for a facet whose own filter is in use) would
    # re-check its many candidates for word order: more than a page has time for.
    heavy = matches.windowed if matches is not None else heavy_phrase(criteria)
    if matches is None and heavy:
        return _labelled(criteria, {}, set())
    groups: dict[Criteria, list[str]] = {}
    for name in FACETS:
        groups.setdefault(criteria.without(name), []).append(name)
    sample = setting("SEARCH_FACET_SAMPLE", 2000)
    table_rows = None
    raw: dict[str, dict[str, int]] = {}
    approximate: set[str] = set()
    for group_criteria, names in groups.items():
        group_total = total
        listed = None
        if matches is not None and group_criteria == criteria:
            listed = matches.ids
        elif matches is not None and len(names) == 1 and names[0] in matches.without:
            listed = matches.without[names[0]]
        if listed is not None:
            ids = _spread(listed, sample)
            try:
                counts, seen = _count_group(group_criteria, names, sample, None, False, ids)
            except DatabaseError:
                log.warning("facets %s dropped for %r", names, group_criteria)
                continue
            scale = len(listed) / max(seen, 1)
            if seen < len(listed):
                approximate.update(names)
            for name in names:
                raw[name] = {k: round(n * scale) for k, n in counts[name].items()}
            continue
        if heavy:
            continue
        if group_criteria != criteria:
            group_total = estimate(filtered(Article.objects.all(), group_criteria))
        percent = None
        probe = False
        if group_total > sample:
            table_rows = table_rows or engine_table_rows()
            probe = group_total >= setting("SEARCH_DENSE_SHARE", 0.1) * table_rows
            if group_total >= DENSE_SHARE * table_rows and group_total >= DENSE_MATCHES:
                percent = min(100.0, 100.0 * sample / group_total)
        try:
            counts, seen = _count_group(group_criteria, names, sample, percent, probe)
        except DatabaseError:
            # Over the time budget (or otherwise failed): drop these facets, keep the page.
            log.warning("facets %s dropped for %r", names, group_criteria)
            continue
        scale = 1.0
        if percent is not None or seen >= sample:
            approximate.update(names)
            scale = max(group_total, seen) / max(seen, 1)
        for name in names:
            raw[name] = {k: round(n * scale) for k, n in counts[name].items()}
    return _labelled(criteria, raw, approximate)


def _selected(criteria: Criteria) -> dict[str, set[str]]:
    return {
        "pair": set(criteria.pairs),
        "country": set(criteria.countries),
        "language": {criteria.language} if criteria.language else set(),
        "source": {criteria.source} if criteria.source else set(),
        "agreement": {criteria.agreement} if criteria.agreement else set(),
        "year": {str(criteria.year)} if criteria.year else set(),
    }


def _labelled(criteria, raw, approximate) -> dict[str, Facet]:
    """Turn ids into public values (codes, slugs) and labels; add selected values at zero."""
    russian = (get_language() or "en").startswith("ru")
    selected = _selected(criteria)

    def ids(name):
        return [int(k) for k in raw.get(name, {})]

    language_names = dict(Article._meta.get_field("language").choices)
    lookups = {
        name: _labels(name, ids(name), selected[name], russian)
        for name in ("pair", "country", "source", "agreement")
    }
    lookups["language"] = {code: (code, str(name)) for code, name in language_names.items()}
    facets = {}
    for name in FACETS:
        if name not in raw:
            facets[name] = Facet(name, available=False)
            continue
        values = {}
        for key, n in raw[name].items():
            value, label = lookups[name].get(key, (key, key)) if name != "year" else (key, key)
            values[value] = FacetValue(value, label, n, value in selected[name])
        labels = dict(lookups.get(name, {}).values())
        for value in selected[name] - set(values):
            values[value] = FacetValue(value, labels.get(value, value), 0, True)
        ordered = sorted(values.values(), key=lambda v: (-v.count, v.label))
        if name == "year":
            ordered = sorted(values.values(), key=lambda v: v.value)
        facets[name] = Facet(name, ordered, approximate=name in approximate)
    return facets


# Labels of facet values change rarely; they are kept a few minutes rather than read each time.
LABEL_SECONDS = 300


def _labels(name: str, ids: list[int], values: set[str], russian: bool) -> dict:
    """{id: (public value, label)} covering these ids and public values, cached per language.

    A value missing from the cache reloads the whole table's labels (a few thousand rows at
    most): facets of different searches show different agreements, and fetching each
    search's new ones cost 15 ms a request.
    """
    key = f"search:labels:{name}:{'ru' if russian else 'en'}"
    known = cache.get(key) or {}
    present = {value for value, _label in known.values()}
    missing_ids = [i for i in ids if str(i) not in known]
    missing_values = [v for v in values if v not in present]
    if missing_ids or missing_values:
        known = {**known, **_fetch_labels(name, russian)}
        cache.set(key, known, LABEL_SECONDS)
    return known


def _fetch_labels(name: str, russian: bool) -> dict:
    language = "ru" if russian else "en"
    if name == "pair":
        rows = CountryPair.objects.select_related("first", "second")
        return {str(p.id): (p.code, p.label(language)) for p in rows}
    if name == "country":
        return {
            str(c.id): (c.code, c.name_ru if russian else c.name_en) for c in Country.objects.all()
        }
    if name == "source":
        return {str(o.id): (o.slug, o.name) for o in Outlet.objects.only("slug", "name")}
    rows = Agreement.objects.only("slug", "name_ru", "name_en")
    return {str(a.id): (a.slug, a.name(language)) for a in rows}
