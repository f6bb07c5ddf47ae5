"""How many articles each part of a search matches, by the planner's estimates, in one EXPLAIN.

The search chooses its path from these: list every match (few), or bound the work (many);
walk the date index or resolve the matches first; count exactly or estimate.
"""

import math
import time
from dataclasses import dataclass, field, replace

from archive.models import PROMINENT_RANK, Article
from archive.search import planner, registry, selectivity
from archive.search import query as syntax
from archive.search.criteria import Criteria
from archive.search.limits import limits
from archive.search.matching import (
    UNTAGGED,
    filtered,
    heavy_phrase_candidates,
    phrase_words,
    title_matches,
)
from archive.search.tsquery import alternatives, apart_from_phrases, top_level


@dataclass(frozen=True)
class Sizes:
    # The words and dates alone (what every facet's counts share).
    base: int
    # Every filter.
    full: int
    # The whole archive.
    total: int
    # {facet in use: every filter but its own}.
    without: dict = field(default_factory=dict)
    # Articles with all the words of the query's phrases, in any order (see windows.py),
    # taken as going together (`_together`): the independent estimate alone chose spans
    # five times too wide for phrases cut from articles, and the rarest word's alone would
    # leave a phrase with one rare word unlisted.
    phrase_candidates: int = 0
    # Articles with the words in their title, within the other filters (see ranking.py).
    titles: int = 0
    # With a date range: {group of filters left out: its matches without the dates}, and
    # the dates alone (see `dates_on_rows`).
    undated: dict = field(default_factory=dict)
    dated: int = 0
    # Every prominent article (how the best prominent matches are found: see
    # `ranking.bounded_candidates`).
    prominent_total: int = 0

    def share(self) -> float:
        return self.full / max(self.total, 1)

    def prominent(self) -> int:
        """The matches among the prominent articles, as if spread evenly: a part of its own in
        the EXPLAIN cost 1-2 ms of planning, and «state» (5,768 prominent matches) and «china»
        (10,278) are estimated within a tenth."""
        return self.full * self.prominent_total // self.total


def measure(criteria: Criteria) -> Sizes:
    """The sizes of these criteria's parts (see Sizes): computed from the planner's statistics
    where `_estimated_parts` can, else from one EXPLAIN (`_explained`)."""
    # The archive and its prominent articles: the same for every search, held a while.
    constant = _constant_parts(criteria.has_query)
    in_use = registry.in_use(criteria)
    found = _estimated_parts(criteria, constant)
    if found is None:
        found = _explained(criteria, constant, in_use)
        if constant is None:
            constant = _keep_constant_parts(found)
    found = {**constant, **found}
    # Each group of filters without the dates: the planner takes the range as independent of
    # the rest, so its estimate with them is the one without, times the range's share of the
    # archive; that share is read, and the groups' estimates divided by it (three parts less
    # to plan for a word with a pair: 5.9 ms to explain at a million articles, then 2.8).
    dated_groups = {}
    if "dated" in found:
        dated_groups = {frozenset(): "full", UNTAGGED: "base"}
        dated_groups.update({frozenset({name}): f"without:{name}" for name in in_use})
    words = [found[name] for name in sorted(found) if name.startswith("word:")]
    independent = found.get("phrase", 0)
    together = _together(independent, words)
    # Every estimate with the words in it is as far off as the words' own.
    scale = together / max(independent, 1) if words else 1.0

    def scaled(name: str) -> int:
        return round(found[name] * scale)

    total = max(found["total"], 1)
    return Sizes(
        base=scaled("base"),
        full=scaled("full"),
        total=total,
        without={name: scaled(f"without:{name}") for name in in_use},
        phrase_candidates=together if criteria.parsed.has_phrases else 0,
        titles=found.get("titles", 0),
        undated={
            group: scaled(part) * total // max(found["dated"], 1)
            for group, part in dated_groups.items()
        },
        dated=found.get("dated", 0),
        prominent_total=found.get("prominent_total", 0),
    )


def _explained(criteria: Criteria, constant: dict | None, in_use: list[str]) -> dict:
    """The parts' estimates from one EXPLAIN of them all (`planner.estimates`)."""
    named = {
        "base": filtered(criteria, without=UNTAGGED),
        "full": filtered(criteria),
    }
    if constant is None:
        named["total"] = Article.objects.all()
    for name in in_use:
        named[f"without:{name}"] = filtered(criteria, without=frozenset({name}))
    # Each word (or group of alternatives) of a query of several, and all of them in any
    # order: see `_together`.
    words = phrase_words(criteria)
    if words or criteria.parsed.has_phrases:
        named["phrase"] = heavy_phrase_candidates(criteria)
        named.update({f"word:{number}": word for number, word in enumerate(words)})
    if criteria.has_query:
        named["titles"] = filtered(replace(criteria, q="")).filter(title_matches(criteria))
        if constant is None:
            named["prominent_total"] = Article.objects.filter(static_rank__gte=PROMINENT_RANK)
    if (criteria.date_from or criteria.date_to) and (criteria.has_query or in_use):
        named["dated"] = filtered(Criteria(date_from=criteria.date_from, date_to=criteria.date_to))
    return dict(zip(named, planner.estimates(*named.values()), strict=True))


def _estimated_parts(criteria: Criteria, constant: dict | None) -> dict | None:
    """`measure`'s parts from the planner's statistics, without the EXPLAIN
    (archive/search/selectivity.py): words in one tsquery, tag filters and dates. None for
    any other search, or before the statistics and the archive's size are held."""
    statistics = selectivity.held()
    in_use = registry.in_use(criteria)
    if (
        constant is None
        or (criteria.has_query and "prominent_total" not in constant)
        or statistics is None
        or any(not registry.BY_NAME[name].array for name in in_use)
        or (criteria.exact and criteria.parsed.has_phrases)
    ):
        return None
    columns, total = statistics.columns, constant["total"]
    try:
        dated = 1.0
        if criteria.date_from or criteria.date_to:
            if statistics.days is None:
                return None
            dated = selectivity.dates(statistics.days, criteria.date_from, criteria.date_to, total)

        words = 1.0
        if criteria.has_query:
            texts = apart_from_phrases(syntax.tsquery_text(criteria.parsed))
            words = selectivity.either(texts, columns["search_vector"])

        def part(share: float) -> int:
            return selectivity.rows(share * dated, total)

        found = {
            "base": part(words * _tags(criteria, UNTAGGED, columns)),
            "full": part(words * _tags(criteria, frozenset(), columns)),
        }
        found.update(
            {
                f"without:{name}": part(words * _tags(criteria, frozenset({name}), columns))
                for name in in_use
            }
        )
        found.update(_word_parts(criteria, columns["search_vector"], total))
        if criteria.has_query:
            titles = selectivity.tsquery(
                syntax.tsquery_text(criteria.parsed), columns["title_vector"]
            )
            found["titles"] = part(_tags(criteria, frozenset(), columns) * titles)
        if (criteria.date_from or criteria.date_to) and (criteria.has_query or in_use):
            found["dated"] = selectivity.rows(dated, total)
    except (selectivity.Unsupported, KeyError):
        return None
    return found


def _word_parts(criteria: Criteria, vectors: selectivity.Elements, total: int) -> dict:
    """The words of a query of several, each apart and all of them in any order (the parts
    `_explained` takes from `phrase_words` and `heavy_phrase_candidates`)."""
    relaxed = syntax.tsquery_text(criteria.parsed, relaxed=True) if criteria.has_query else ""
    apart = top_level(relaxed, "&") if relaxed and "!" not in relaxed else []
    if len(apart) < 2 and not criteria.parsed.has_phrases:
        return {}
    found = {
        "phrase": selectivity.rows(selectivity.either(apart_from_phrases(relaxed), vectors), total)
    }
    if len(apart) > 1:
        found.update(
            {
                f"word:{number}": selectivity.rows(selectivity.tsquery(text, vectors), total)
                for number, text in enumerate(apart)
            }
        )
    return found


def _tags(criteria: Criteria, without: frozenset, columns: dict) -> float:
    """The planner's selectivity of the tag filters but those in `without` (`registry.where`)."""
    chosen = []
    if registry.kind_applies(criteria, without):
        chosen.append(("agreement_ids", criteria.tags.kind))
    for facet in registry.FACETS:
        if facet.name not in without and facet.chosen(criteria):
            chosen.append((facet.array, getattr(criteria.tags, facet.name)))
    share = 1.0
    for column, ids in chosen:
        share *= selectivity.overlap(ids, columns[column])
    return share


# {database: (when read, {"total": …, "prominent_total": …})}: the parts of every EXPLAIN
# that do not depend on the search, kept as long as the planner's other statistics.
_constant: dict[str, tuple[float, dict]] = {}


def _constant_parts(with_words: bool) -> dict | None:
    """The archive's and its prominent articles' estimates, when this process holds them
    (with words, both are needed)."""
    held = _constant.get(planner.database())
    if held is None or time.monotonic() - held[0] > planner.WINDOW_SECONDS:
        return None
    if with_words and "prominent_total" not in held[1]:
        return None
    return held[1]


def _keep_constant_parts(found: dict) -> dict:
    constant = {name: found[name] for name in ("total", "prominent_total") if name in found}
    _constant[planner.database()] = (time.monotonic(), constant)
    return constant


def forget():
    """Estimate the archive anew (a test's database is not the last one's)."""
    _constant.clear()


# The planner's selectivity for a lexeme it keeps no frequency of is at most this.
DEFAULT_WORD_SHARE = 0.005


def quick(criteria: Criteria) -> Sizes | None:
    """The sizes of one rare word searched alone, without the EXPLAIN: None for anything else.

    The planner estimates a lexeme it keeps no frequency of (not among its 10,000 commonest)
    at half the lowest frequency it keeps, whatever the lexeme: an EXPLAIN can only say that
    much of a rare word. Its estimate is computed here from the same statistics (held by the
    process: `planner.word_statistics`), and taken only when even twice that lowest frequency for every form of the
    word stays within the listing limit, so the path is the one the EXPLAIN would choose:
    a statement and 2–3 ms less for a rare word's search. A listing that still finds too
    many takes the bounded path with the EXPLAIN's sizes (see `results._find`)."""
    if not criteria.one_word:
        return None
    lexemes = alternatives(syntax.tsquery_text(criteria.parsed))
    statistics = planner.word_statistics()
    if not lexemes or statistics is None or any(x in statistics.common for x in lexemes):
        return None
    if len(lexemes) * 2 * statistics.rarest * statistics.rows > limits().resolve_limit:
        return None
    each = min(DEFAULT_WORD_SHARE, statistics.rarest / 2)
    found = round((1 - (1 - each) ** len(lexemes)) * statistics.rows)
    return Sizes(base=found, full=found, total=max(statistics.rows, 1))


def _together(independent: int, words: list[int]) -> int:
    """How many articles hold all of a query's words: the geometric mean of the planner's
    estimate, which takes the words as independent, and the rarest word's, which they
    cannot exceed.

    Words typed together go together: «take time» was planned at 19,800 articles and found
    in 70,000, so a listing of up to 20,000 was tried, read 20,001 rows (56 ms) and thrown
    away; a phrase's candidates chose spans five times too wide. The mean (63,000) sends it
    down the bounded path at once. Words that really are independent are overestimated
    instead: up to the rarest word's estimate, where a listing would have held them.
    """
    if not words:
        return independent
    rarest = min(words)
    return round(math.sqrt(max(independent, 1) * max(rarest, independent, 1)))


# A date range is tested on the rows when every other filter finds this many times fewer
# articles than the range holds: a bitmap entry costs about a tenth of a row's test.
DATES_ON_ROWS_RATIO = 10


def dates_on_rows(criteria: Criteria, sizes: Sizes) -> frozenset:
    """The groups of filters whose matches are better tested against the date range row by
    row (see `matching.base`): only for words the index answers without re-reading rows (no
    phrase). A listing reads every match of its group; a facet sample (a facet in use, its
    own filter left out) stops at SEARCH_FACET_SAMPLE matches within the dates, after about
    sample / (the dates' share of them) rows."""
    if criteria.has_query and syntax.needs_word_order(criteria.parsed, criteria.exact):
        return frozenset()
    sample = limits().facet_sample
    chosen = set()
    for group, undated in sizes.undated.items():
        rows = undated
        if len(group) == 1:
            (name,) = group
            rows = min(undated, sample * undated // max(sizes.without.get(name, 0), 1))
        if undated and rows * DATES_ON_ROWS_RATIO <= sizes.dated:
            chosen.add(group)
    return frozenset(chosen)
