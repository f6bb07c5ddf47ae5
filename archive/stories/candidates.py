"""The statements of a grouping step, each one per batch of articles (never one per article).

`read_articles` reads the batch (with each article's names), `store_sketches` upserts its
sketches and names, `reprints` finds and scores the near-identical texts of the same
language, `versions` reads the articles of the batch's days in the other language for the
grouping to compare pairs, agreements and names.
"""

import datetime
from dataclasses import dataclass

from django.db import connection

from archive.stories.names import names_in
from archive.stories.sketches import OPENING_CHARS, OPENING_SQL, sketch

# Two reports of one event appear within a few days of each other.
WINDOW_DAYS = 3
# pg_trgm similarity of the normalised openings at which a text counts as a reprint: a
# rewritten dateline, headline or closing line stays well above it; two reports of one
# event written separately stay well below (tests/test_stories.py).
REPRINT_SIMILARITY = 0.6
# Sketch values two texts must share before their openings are compared at all.
SHARED_SKETCH_VALUES = 2
# Texts sharing a sketch value compared with each article at most. The LIMIT also keeps
# PostgreSQL from flattening the look-up into a hash join of every pair of sketches.
SKETCH_CANDIDATES = 50


@dataclass
class Member:
    """An article as the grouping sees it."""

    id: int
    published_on: datetime.date
    language: str
    story_id: int | None
    role: str
    confirmed: bool
    pair_ids: tuple = ()
    agreement_ids: tuple = ()
    name_ids: frozenset = frozenset()


COLUMNS = ("id", "published_on", "language", "story_id", "story_role", "story_confirmed",
           "pair_ids", "agreement_ids")  # fmt: skip


def _columns(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in COLUMNS)


def _member(row, names=()) -> Member:
    *head, pairs, agreements = row
    return Member(*head, tuple(pairs), tuple(agreements), frozenset(names or ()))


def read_articles(ids: list[int]) -> tuple[dict[int, Member], list[tuple]]:
    """The batch's articles as members (with their names), and the sketch row of each."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns('a')}, a.lead, left(a.body, %s) FROM archive_article a "  # noqa: S608 -- our own names
            "WHERE a.id = ANY(%s) ORDER BY a.published_on, a.id",
            [OPENING_CHARS, ids],
        )
        rows = cursor.fetchall()
    names = names_in([row[0] for row in rows])
    members = {row[0]: _member(row[:8], names.get(row[0])) for row in rows}
    sketches = [
        (m.id, m.published_on, m.language, sketch(row[8], row[9]), sorted(m.name_ids))
        for m, row in zip(members.values(), rows, strict=True)
    ]
    return members, sketches


def _array(values) -> str:
    return "{" + ",".join(map(str, values)) + "}"


def store_sketches(sketches: list[tuple]):
    """Upsert the batch's sketches and names in one statement."""
    if not sketches:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO archive_storysketch (article_id, published_on, language, sketch, "
            "name_ids) SELECT c.id, c.day, c.language, c.sketch::integer[], c.names::integer[] "
            "FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::text[], %s::text[]) "
            "AS c(id, day, language, sketch, names) "
            "ON CONFLICT (article_id) DO UPDATE SET published_on = excluded.published_on, "
            "language = excluded.language, sketch = excluded.sketch, name_ids = excluded.name_ids",
            [
                [s[0] for s in sketches],
                [s[1] for s in sketches],
                [s[2] for s in sketches],
                [_array(s[3]) for s in sketches],
                [_array(s[4]) for s in sketches],
            ],
        )


def reprints(ids: list[int]) -> list[tuple[int, Member, float]]:
    """(article id, other article, similarity) for each near-identical text of the same
    language within the window: sketch look-up through the GIN index, then pg_trgm."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n.article_id, {_columns('o')}, "  # noqa: S608 -- our own names
            f"similarity({OPENING_SQL.format(a='a')}, {OPENING_SQL.format(a='o')}) AS score "
            "FROM archive_storysketch n "
            # LATERAL with a LIMIT: an index look-up per sketch.
            "CROSS JOIN LATERAL (SELECT s.article_id, s.sketch FROM archive_storysketch s "
            "WHERE s.sketch && n.sketch AND s.language = n.language "
            "AND s.article_id <> n.article_id "
            "AND s.published_on BETWEEN n.published_on - %s AND n.published_on + %s "
            "LIMIT %s) AS s "
            "JOIN archive_article a ON a.id = n.article_id "
            "JOIN archive_article o ON o.id = s.article_id "
            "WHERE n.article_id = ANY(%s) AND cardinality(ARRAY("
            "SELECT unnest(s.sketch) INTERSECT SELECT unnest(n.sketch))) >= %s",
            [WINDOW_DAYS, WINDOW_DAYS, SKETCH_CANDIDATES, ids, SHARED_SKETCH_VALUES],
        )
        rows = cursor.fetchall()
    return [(row[0], _member(row[1:9]), row[9]) for row in rows if row[9] >= REPRINT_SIMILARITY]


def versions(batch: list[Member]) -> list[tuple[int, Member]]:
    """(article id, other article) for each article of the other language within the window
    that shares a country pair with it; articles without a pair have none.

    The articles of the batch's days are read in one statement through the date index and
    matched here. Filtering the pairs in SQL would let the planner intersect a pair's GIN
    entry (a fifth of the archive, for a common pair) once per article; the days of a batch
    are few, since an import runs in date order.
    """
    with_pairs = [m for m in batch if m.pair_ids]
    if not with_pairs:
        return []
    window = [datetime.timedelta(days=d) for d in range(-WINDOW_DAYS, WINDOW_DAYS + 1)]
    days = sorted({m.published_on + d for m in with_pairs for d in window})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns('a')}, s.name_ids FROM archive_article a "  # noqa: S608 -- our own names
            "LEFT JOIN archive_storysketch s ON s.article_id = a.id "
            "WHERE a.published_on = ANY(%s::date[]) AND a.pair_ids <> '{}'",
            [days],
        )
        found = [_member(row[:8], row[8]) for row in cursor.fetchall()]
    by_day_and_pair: dict[tuple, list[Member]] = {}
    for other in found:
        for pair in other.pair_ids:
            by_day_and_pair.setdefault((other.published_on, pair), []).append(other)
    matches = []
    for article in with_pairs:
        others = {
            other.id: other
            for d in window
            for pair in article.pair_ids
            for other in by_day_and_pair.get((article.published_on + d, pair), ())
            if other.language != article.language
        }
        matches.extend((article.id, other) for other in others.values())
    return matches
