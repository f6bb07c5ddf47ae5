"""Facet counts: how the matches split by each facet of archive/search/registry.py.

Each facet is disjunctive: counted with every filter except its own, so with BY-CN chosen the
pair facet still says how many articles CN-RU would give. Listed matches (archive/search/
listing.py) are counted in Python from their rows, exactly. Larger sets are counted in one
SQL statement over samples of about SEARCH_FACET_SAMPLE matches each (the first ones; for a
word in a fifth of the archive or more those on a sample of days; for the commonest words
those on a sample of the table's pages), scaled to the estimated total and shown as
approximate.
"""

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache

from archive.models import Article
from archive.search import datekeys, planner, registry
from archive.search.criteria import Criteria
from archive.search.labels import labelled
from archive.search.limits import limits
from archive.search.listing import Listed
from archive.search.matching import filtered
from archive.search.registry import ID, PASSES, ROW_COLUMNS
from archive.search.sample_days import CAP, sample_days
from archive.search.summarised import HASH_MULTIPLIER, HASH_RANGE, sample_bound

# Above this share of all articles (and this many matches), facets are counted on a sample of
# the table's pages rather than on the first matches: reaching the first matches of a word in
# most articles means reading a large part of the index, while a page sample finds them at once.
DENSE_SHARE = 0.3
DENSE_MATCHES = 100_000
# What reading one row of a page sample costs, in bitmap entries (see `_sampled_by_pages`).
PAGE_ROW_COST = 2.5


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetCounts:
    name: str
    values: list[FacetValue] = field(default_factory=list)
    approximate: bool = False
    available: bool = True


def _sample_of(rows: tuple, sample: int) -> tuple:
    """The `sample` rows whose ids hash lowest, in their order, as PostgreSQL picks a
    summarised listing's sample (`summarised.SAMPLE_HASH_SQL`): the same rows either way."""
    if len(rows) <= sample:
        return rows
    bound, size, times = sample_bound(len(rows), sample), HASH_RANGE, HASH_MULTIPLIER
    # The hash written out, not called, and only the rows below the bound sorted (ties, past
    # 2**32, by id as in SQL): 20,000 rows in 4.4 ms, where a call for each took 5.1.
    below = [
        (h, row[ID], i)
        for i, row in enumerate(rows)
        if (h := row[ID] % size * times % size) < bound
    ]
    return tuple(rows[i] for i in sorted(i for *_, i in heapq.nsmallest(sample, below)))


def _sorted_out(criteria: Criteria, rows, in_use) -> tuple[list, dict]:
    """The rows that pass every filter, and by facet those that fail only its own filter.

    The first count for every facet, the others for that facet alone.
    """
    passing, failing_one = [], {f.name: [] for f in in_use}
    for row in rows:
        # A row of another kind than the chosen one counts nowhere: the kind applies to every
        # facet (the chosen agreement is of that kind, so dropping it keeps the kind).
        if criteria.kind and not registry.accepts_kind(criteria, row):
            continue
        failed = [f for f in in_use if not f.accepts(criteria, row)]
        if not failed:
            passing.append(row)
        elif len(failed) == 1:
            failing_one[failed[0].name].append(row)
    return passing, failing_one


def from_listed(criteria: Criteria, listed: Listed) -> tuple[dict, set]:
    """Raw counts {facet: {key: n}} of listed matches, and the facets that are approximate.

    A row counts for every facet when it passes every filter, and for one facet alone when
    it fails only that facet's own filter. Facets whose filter was applied before listing
    (`listed.applied`) cannot be counted from the rows and are left out.
    """
    in_use = [registry.BY_NAME[name] for name in registry.in_use(criteria)]
    # A facet in use whose filter was applied in SQL has no rows without it to count.
    countable = [f for f in registry.FACETS if not (f.name in listed.applied and f in in_use)]
    unapplied = [f for f in in_use if f.name not in listed.applied]
    if len(unapplied) == 1 and not criteria.kind:
        # One filter checked on the rows, by PostgreSQL as it listed them (PASSES): a row
        # that fails it fails only it.
        passing = [row for row in listed.rows if row[PASSES]]
        failing_one = {unapplied[0].name: [row for row in listed.rows if not row[PASSES]]}
    elif in_use or criteria.kind:
        passing, failing_one = _sorted_out(criteria, listed.rows, in_use)
    else:
        passing, failing_one = listed.rows, {}  # every row counts for every facet
    raw, approximate = {}, set()
    sample = limits().facet_sample
    # Above SEARCH_FACET_SAMPLE rows, a sample is counted and scaled; every facet not in use
    # counts the same rows, so their sample is taken once. Summarised by PostgreSQL, the
    # rows are that sample already, of every match (each passes: nothing was left to test).
    summary = listed.summary
    passing_sample = passing if summary is not None else _sample_of(passing, sample)
    matches = summary.matches if summary is not None else len(passing)
    for facet in countable:
        failing = failing_one.get(facet.name)
        population = [*passing, *failing] if failing else passing
        counted_rows = _sample_of(population, sample) if failing else passing_sample
        size = len(population) if failing else matches
        scale = size / max(len(counted_rows), 1)
        if len(counted_rows) < size:
            approximate.add(facet.name)
        counter = Counter(key for row in counted_rows for key in facet.keys(row))
        raw[facet.name] = {k: round(n * scale) for k, n in counter.items()}
    return raw, approximate


def _group_sql(
    criteria: Criteria,
    without: frozenset,
    sample: int,
    percent: float | None,
    days: tuple[int, ...] | None = None,
):
    """SQL and parameters for one group's sample of matching rows (`days`: only those
    published on these days, see archive/search/sample_days.py)."""
    rows = filtered(criteria, without)
    if days:
        rows = rows.filter(datekeys.within(days))
    rows = rows.values(*ROW_COLUMNS)
    if percent is None:
        rows = rows[: sample * CAP if days else sample]
    sql, params = rows.query.sql_with_params()
    if percent is not None:
        table = f'FROM "{Article._meta.db_table}"'
        # The same pages every time, so counts do not jitter between reloads.
        sql = sql.replace(table, f"{table} TABLESAMPLE SYSTEM ({percent:.6f}) REPEATABLE (1)", 1)
    return sql, list(params)


def _sampled_by_pages(criteria: Criteria, total: int, table_rows: int, sample: int) -> bool:
    """Whether a group's sample is taken from a sample of the table's pages (see DENSE_SHARE)
    rather than from its first matches.

    Without words every filter is tested on the row itself (a date, a tag array): a page
    sample holding `sample` matches reads sample / share rows, which beats a bitmap of every
    match once the matches are PAGE_ROW_COST times more than that: a row read costs about
    that many bitmap entries (a pair in 12% of a million articles: a 122,000-entry bitmap
    took 52 ms, its page sample 8; one in 4.5%: its page sample read 44,000 rows in 40 ms,
    its bitmap took 19).
    """
    if criteria.has_query:
        return total >= DENSE_SHARE * table_rows and total >= DENSE_MATCHES
    return total * total > PAGE_ROW_COST * sample * table_rows


def _page_sample_key(sql: str, params: list, names: list) -> str:
    # The same SQL reads other pages in another database (a process's cache may outlive it).
    digest = hashlib.sha256(repr((planner.database(), sql, params, names)).encode()).hexdigest()
    return f"facet-pages:{digest}"


def from_samples(criteria: Criteria, totals: dict, table_rows: int, cursor) -> tuple[dict, set]:
    """Raw counts of a match set too large to list, from one statement over samples.

    `totals` maps each group (a frozenset of the facets whose filter it leaves out: the empty
    set for the facets not in use, {f} for each facet f in use) to its estimated size.

    A sample of the table's pages is the same pages whatever asks for it (browsing any pair
    counts the pair facet on the whole archive's sample), so its counts are kept in the cache
    SEARCH_CACHE_SECONDS, as a large set's count and facets are.
    """
    sample = limits().facet_sample
    ctes, selects, params, names_of = [], [], [], {}
    counts: dict[int, dict] = {}
    seen: dict[int, int] = {}
    keys: dict[int, str] = {}
    for number, (without, total) in enumerate(totals.items()):
        names = (
            sorted(without)
            if without
            else [f.name for f in registry.FACETS if f.name not in registry.in_use(criteria)]
        )
        if not names:
            continue
        dense = _sampled_by_pages(criteria, total, table_rows, sample)
        days = None if dense else sample_days(criteria, total, sample)
        # Counted on a sample however many it finds: scaled to the whole (see `_scaled`).
        names_of[number] = (names, total, dense or days is not None)
        counts[number] = {}
        percent = min(100.0, 100.0 * sample / total) if dense else None
        sql, group_params = _group_sql(criteria, without, sample, percent, days)
        if dense:
            key = _page_sample_key(sql, group_params, names)
            if (kept := cache.get(key)) is not None:
                counts[number], seen[number] = kept
                continue
            keys[number] = key  # kept once read
        ctes.append(f"g{number} AS MATERIALIZED ({sql})")
        params.extend(group_params)
        for name in names:
            column = registry.BY_NAME[name].sql_keys
            selects.append(
                f"SELECT {number}, '{name}', {column}, count(*) FROM g{number} AS m GROUP BY 3"  # noqa: S608 - ours
            )
        selects.append(f"SELECT {number}, '#', '', count(*) FROM g{number}")  # noqa: S608
    if selects:
        cursor.execute(f"WITH {', '.join(ctes)} " + " UNION ALL ".join(selects), params)
        for number, name, key, n in cursor.fetchall():
            if name == "#":
                seen[number] = n
            elif key is not None:
                counts[number].setdefault(name, {})[key] = n
        for number, key in keys.items():
            cache.set(key, (counts[number], seen.get(number, 0)), limits().cache_seconds)
    return _scaled(names_of, counts, seen, sample)


def _scaled(names_of: dict, counts: dict, seen: dict, sample: int) -> tuple[dict, set]:
    """Each group's counts scaled from its sample to its estimated size, and which are."""
    raw, approximate = {}, set()
    for number, (names, total, sampled) in names_of.items():
        looked = seen.get(number, 0)
        scale = 1.0
        # Fewer than `sample` rows from a plain LIMIT are every match: exact.
        if sampled or looked >= sample:
            approximate.update(names)
            scale = max(total, looked) / max(looked, 1)
        for name in names:
            raw[name] = {k: round(n * scale) for k, n in counts[number].get(name, {}).items()}
    return raw, approximate


def counted(criteria: Criteria, raw: dict, approximate: set) -> dict[str, FacetCounts]:
    """Every facet with its values labelled, chosen values first-class even at zero."""
    facets = {}
    for name, values in labelled(criteria, raw).items():
        if values is None:
            facets[name] = FacetCounts(name, available=False)
        else:
            facets[name] = FacetCounts(
                name,
                [FacetValue(*v) for v in values],
                approximate=name in approximate,
            )
    return facets


def packed(facets: dict[str, FacetCounts]) -> tuple:
    """The facets as plain tuples, to be stored: a thousand dataclass instances took 1 ms to
    unpickle from the cache, their tuples 0.2 ms and `unpacked` 0.25 more."""
    return tuple(
        (
            f.name,
            f.approximate,
            f.available,
            [(v.value, v.label, v.count, v.selected) for v in f.values],
        )
        for f in facets.values()
    )


def unpacked(stored: tuple) -> dict[str, FacetCounts]:
    """The facets `packed` stored."""
    return {
        name: FacetCounts(name, [FacetValue(*v) for v in values], approximate, available)
        for name, approximate, available, values in stored
    }
