"""What a search asks for: its words, its filters and its order, with the tags resolved to ids.

A Criteria is built from validated parameters (archive/filters.py) and is all the engine
needs. Tag values (pair and country codes, outlet and agreement slugs, agreement kinds) are
resolved to row ids in one statement, which also reads their labels for the page.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field, replace

from django.db.models import Q

from archive.search import labels, lookup, names, planner, selectivity, wordforms
from archive.search import query as syntax

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Tags:
    """The ids behind the criteria's tag values, and each value's label in both languages."""

    pair: tuple[int, ...] = ()
    country: tuple[int, ...] = ()
    source: tuple[int, ...] = ()
    # The chosen agreement when it is of the chosen kind (nothing otherwise).
    agreement: tuple[int, ...] = ()
    # Every agreement of the chosen kind.
    kind: tuple[int, ...] = ()
    # {facet: {public value: {"en": label, "ru": label}}} for the values that exist.
    labels: dict = field(default_factory=dict, compare=False, hash=False)


# Each tag's look-up: the ids and labels of the rows with the given public values.
_LOOKUPS = {
    "pair": (
        "SELECT p.code, p.id, jsonb_build_object("
        "'en', f.name_en || '–' || s.name_en, 'ru', f.name_ru || '–' || s.name_ru) "
        "FROM archive_countrypair p JOIN archive_country f ON f.id = p.first_id "
        "JOIN archive_country s ON s.id = p.second_id WHERE p.code = ANY(%s)"
    ),
    "country": (
        "SELECT code, id, jsonb_build_object('en', name_en, 'ru', name_ru) "
        "FROM archive_country WHERE code = ANY(%s)"
    ),
    "source": (
        "SELECT slug, id, jsonb_build_object('en', name, 'ru', name) "
        "FROM archive_outlet WHERE slug = ANY(%s)"
    ),
    "agreement": (
        "SELECT slug, id, jsonb_build_object("
        "'en', coalesce(nullif(name_en, ''), name_ru), 'ru', coalesce(nullif(name_ru, ''), name_en)) "
        "FROM archive_agreement WHERE slug = ANY(%s)"
    ),
    "kind": "SELECT kind, id, NULL::jsonb FROM archive_agreement WHERE kind = ANY(%s)",
}


def tags_part(values: dict[str, list[str]]) -> lookup.Part | None:
    """The look-up of tag values' ids and labels (rows: name, value, id, labels)."""
    wanted = {name: list(v) for name, v in values.items() if v}
    if not wanted:
        return None
    parts, params = [], []
    for name, found in wanted.items():
        parts.append(
            f"SELECT 'tag', jsonb_build_array('{name}', t.v, t.i, t.l) "  # noqa: S608 - ours
            f"FROM ({_LOOKUPS[name]}) AS t(v, i, l)"
        )
        params.append(found)
    return lookup.Part(" UNION ALL ".join(parts), tuple(params))


def tags_from(rows) -> tuple[dict[str, dict], dict[str, dict]]:
    """{tag: {value: [ids]}} and {tag: {value: labels}} from `tags_part`'s rows."""
    ids: dict[str, dict] = {}
    labels: dict[str, dict] = {}
    for name, value, row_id, label in rows:
        ids.setdefault(name, {}).setdefault(value, []).append(row_id)
        if label is not None:
            labels.setdefault(name, {})[value] = label
    return ids, labels


@dataclass(frozen=True)
class Criteria:
    """Everything that decides which articles match and in what order (pagination apart)."""

    q: str = ""
    exact: bool = False
    pairs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    language: str = ""
    source: str = ""
    agreement: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    sort: str = ""
    # One result per story, its other versions folded under it (archive/search/folding.py).
    fold: bool = True
    # Chosen by the engine, not the reader: the groups of filters left out (`without` of
    # `matching.filtered`) whose matches test the date range on each row the words and tags
    # find, rather than AND the date index's bitmap (see `matching.base`).
    dates_on_rows: frozenset = field(default=frozenset(), compare=False)
    # Chosen by the engine: the date range is found in the full-text index as date keys
    # (archive/search/datekeys.py), where the rows are found in one index scan, not walked.
    dates_by_keys: bool = field(default=False, compare=False)
    tags: Tags = field(default=Tags(), compare=False, repr=False)
    parsed: syntax.ParsedQuery = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "parsed", syntax.parse(self.q))

    @property
    def has_query(self) -> bool:
        return bool(self.parsed)

    @property
    def effective_sort(self) -> str:
        """relevance by default with a query, newest without one (relevance needs words)."""
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.has_query else "newest"

    @property
    def is_everything(self) -> bool:
        """No words and no filter: the whole archive."""
        return not self.has_query and self == Criteria(sort=self.sort, fold=self.fold)

    @property
    def words_only(self) -> bool:
        """Words in their stemmed reading, and no filter."""
        return self == Criteria(q=self.q, sort=self.sort, fold=self.fold)

    @property
    def one_word(self) -> bool:
        """One word (no phrase, not excluded) and no filter: what the planner's word
        statistics can size without an EXPLAIN (`sizes.quick`)."""
        terms = [term for group in self.parsed.groups for term in group]
        return self.words_only and len(terms) == 1 and not (terms[0].phrase or terms[0].negated)

    def with_tags(self) -> "Criteria":
        """The same criteria with their tag values resolved to ids and labels; the query's
        words, and for one word the planner's word statistics when the process has none yet
        (`planner.statistics_part`), the register of names' version when its check is due
        (`names.version_part`), and the spans of dates (`planner.windows_part`) and the facet
        labels (`labels.labels_part`) when due are read in the same statement (see
        archive.search.lookup)."""
        terms = [term for group in self.parsed.groups for term in group]
        statistics = planner.statistics_part() if self.one_word else None
        windows = planner.windows_part()
        selectivities = selectivity.statistics_part()
        found = wordforms.prepare(
            [term.text for term in terms],
            [syntax.exact_text(term) for term in terms],
            more=[
                tags_part(
                    {
                        "pair": self.pairs,
                        "country": self.countries,
                        "source": [self.source] if self.source else [],
                        "agreement": [self.agreement] if self.agreement else [],
                        "kind": [self.kind] if self.kind else [],
                    }
                ),
                statistics,
                names.version_part(),
                windows,
                selectivities,
                labels.labels_part(),
            ],
        )
        if statistics is not None:
            planner.keep(found.get("statistics", []))
        if "windows" in found:
            planner.keep_windows(found["windows"])
        if selectivities is not None and found:
            # Read (a rider reads only along with another part): held, even if none yet.
            selectivity.keep(found.get("selectivity", []))
        if "labels" in found:
            labels.keep_labels(found["labels"])
        names.note_version(found.get("names", []))
        ids, tag_labels = tags_from(found.get("tag", []))
        return replace(self, tags=tags_of(self, ids, tag_labels))

    def cache_key(self, prefix: str) -> str:
        data = {
            k: str(v)
            for k, v in self.__dict__.items()
            if k not in ("parsed", "sort", "tags", "dates_on_rows", "dates_by_keys")
        }
        data["q"] = self.parsed.websearch()
        digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        return f"search:{prefix}:{digest}"

    def year_range(self) -> Q:
        """The articles of the chosen year (9999 has no next year to stop before)."""
        q = Q(published_on__gte=datetime.date(self.year, 1, 1))
        if self.year < datetime.MAXYEAR:
            q &= Q(published_on__lt=datetime.date(self.year + 1, 1, 1))
        return q


def tags_of(criteria: Criteria, ids: dict, labels: dict) -> Tags:
    """The Tags of these criteria from resolved ids (an unknown value resolves to nothing)."""

    def of(name, values):
        return tuple(sorted({i for v in values for i in ids.get(name, {}).get(v, [])}))

    agreement = of("agreement", [criteria.agreement] if criteria.agreement else [])
    kind = of("kind", [criteria.kind] if criteria.kind else [])
    if criteria.agreement and criteria.kind:
        # agreement=X&kind=K is "X, which is of kind K": nothing when X is of another kind.
        agreement = tuple(i for i in agreement if i in set(kind))
    return Tags(
        pair=of("pair", criteria.pairs),
        country=of("country", criteria.countries),
        source=of("source", [criteria.source] if criteria.source else []),
        agreement=agreement,
        kind=kind,
        labels=labels,
    )
