"""The statements of a grouping step, each one per batch of articles (never one per article).

`read_articles` reads the batch, `store_sketches` upserts its sketches, `reprints` finds and
scores the near-identical texts of the same language, `translations` the reports in the other
language that share a country pair (and an agreement, or else are the nearest in date, for
the names to decide).
"""

from dataclasses import dataclass

from django.db import connection

from archive.stories.sketches import OPENING_CHARS, OPENING_SQL, sketch

# Two reports of one event appear within a few days of each other.
WINDOW_DAYS = 3
# pg_trgm similarity of the normalised openings at which a text counts as a reprint: a
# rewritten dateline, headline or closing line stays well above it; two reports of one
# event written separately stay well below (tests/test_stories.py).
REPRINT_SIMILARITY = 0.6
# Sketch values two texts must share before their openings are compared at all.
SHARED_SKETCH_VALUES = 2
# Other-language articles of the same pair, nearest in date, read for their names when no
# agreement is shared.
NAME_CANDIDATES = 10


@dataclass
class Member:
    """An article as the grouping sees it."""

    id: int
    published_on: object
    language: str
    story_id: int | None
    role: str
    confirmed: bool
    pair_ids: tuple = ()
    agreement_ids: tuple = ()


MEMBER_COLUMNS = (
    "id, published_on, language, story_id, story_role, story_confirmed, pair_ids, agreement_ids"
)


def _member(row) -> Member:
    *head, pairs, agreements = row
    return Member(*head, tuple(pairs), tuple(agreements))


def read_articles(ids: list[int]) -> tuple[dict[int, Member], list[tuple]]:
    """The batch's articles as members, and (id, day, language, sketch) for each."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {MEMBER_COLUMNS}, lead, left(body, %s) FROM archive_article "  # noqa: S608 -- our own names
            "WHERE id = ANY(%s) ORDER BY published_on, id",
            [OPENING_CHARS, ids],
        )
        rows = cursor.fetchall()
    members = {row[0]: _member(row[:8]) for row in rows}
    sketches = [(row[0], row[1], row[2], sketch(row[8], row[9])) for row in rows]
    return members, sketches


def store_sketches(sketches: list[tuple]):
    """Upsert the batch's sketches in one statement."""
    if not sketches:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO archive_storysketch (article_id, published_on, language, sketch) "
            "SELECT c.id, c.day, c.language, c.sketch::integer[] "
            "FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::text[]) "
            "AS c(id, day, language, sketch) "
            "ON CONFLICT (article_id) DO UPDATE SET published_on = excluded.published_on, "
            "language = excluded.language, sketch = excluded.sketch",
            [
                [s[0] for s in sketches],
                [s[1] for s in sketches],
                [s[2] for s in sketches],
                ["{" + ",".join(map(str, s[3])) + "}" for s in sketches],
            ],
        )


def reprints(ids: list[int]) -> list[tuple[int, Member, float]]:
    """(article id, other article, similarity) for each near-identical text of the same
    language within the window: sketch look-up through the GIN index, then pg_trgm."""
    if not ids:
        return []
    fields = ", ".join(f"o.{c.strip()}" for c in MEMBER_COLUMNS.split(","))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n.article_id, {fields}, "  # noqa: S608 -- our own names
            f"similarity({OPENING_SQL.format(a='a')}, {OPENING_SQL.format(a='o')}) AS score "
            "FROM archive_storysketch n "
            "JOIN archive_storysketch s ON s.sketch && n.sketch "
            "AND s.language = n.language AND s.article_id <> n.article_id "
            "AND s.published_on BETWEEN n.published_on - %s AND n.published_on + %s "
            "JOIN archive_article a ON a.id = n.article_id "
            "JOIN archive_article o ON o.id = s.article_id "
            "WHERE n.article_id = ANY(%s) AND cardinality(ARRAY("
            "SELECT unnest(s.sketch) INTERSECT SELECT unnest(n.sketch))) >= %s",
            [WINDOW_DAYS, WINDOW_DAYS, ids, SHARED_SKETCH_VALUES],
        )
        rows = cursor.fetchall()
    return [(row[0], _member(row[1:9]), row[9]) for row in rows if row[9] >= REPRINT_SIMILARITY]


def translations(ids: list[int]) -> list[tuple[int, Member]]:
    """(article id, other article) for the other-language articles within the window that
    share a pair with it: all that share an agreement too, else the NAME_CANDIDATES nearest
    in date (their names decide). Articles without a pair have none."""
    if not ids:
        return []
    fields = ", ".join(f"c.{c.strip()}" for c in MEMBER_COLUMNS.split(","))
    inner = f"SELECT {fields} FROM archive_article c WHERE"  # noqa: S608 -- our own names
    window = (
        "c.language <> n.language AND c.pair_ids && n.pair_ids "
        "AND c.published_on BETWEEN n.published_on - %s AND n.published_on + %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n.id, {fields} FROM archive_article n "  # noqa: S608 -- our own names
            f"CROSS JOIN LATERAL ({inner} {window} AND c.agreement_ids && n.agreement_ids "
            f"UNION SELECT * FROM ({inner} {window} "
            "ORDER BY abs(c.published_on - n.published_on), c.id LIMIT %s) AS nearest) AS c "
            "WHERE n.id = ANY(%s) AND n.pair_ids <> '{}'",
            [WINDOW_DAYS, WINDOW_DAYS, WINDOW_DAYS, WINDOW_DAYS, NAME_CANDIDATES, ids],
        )
        return [(row[0], _member(row[1:])) for row in cursor.fetchall()]
