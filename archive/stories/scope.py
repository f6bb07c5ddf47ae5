"""Which articles a `group_stories` run reads, in batches, and the tidying after it."""

import datetime

from django.db import connection

from archive.models import Story

BATCH_SIZE = 500


def selection(*, since: datetime.date | None, everything: bool) -> tuple[str, list]:
    """The WHERE clause and parameters of a run: every article, those published since a
    day, or (by default) those never read by the grouping yet (no sketch)."""
    if everything:
        return "TRUE", []
    if since is not None:
        return "a.published_on >= %s", [since]
    return "NOT EXISTS (SELECT 1 FROM archive_storysketch s WHERE s.article_id = a.id)", []


def count(where: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM archive_article a WHERE {where}", params)  # noqa: S608 -- our own clauses
        return cursor.fetchone()[0]


def batches(where: str, params: list, size: int = BATCH_SIZE):
    """Lists of article ids in publication order, read a batch at a time (keyset paging, so
    sketches written meanwhile do not shift the pages)."""
    after = (datetime.date.min, 0)
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id, a.published_on FROM archive_article a WHERE ({where}) "  # noqa: S608 -- our own clauses
                "AND (a.published_on, a.id) > (%s, %s) ORDER BY a.published_on, a.id LIMIT %s",
                [*params, *after, size],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield [pk for pk, _ in rows]
        after = (rows[-1][1], rows[-1][0])


def dissolve_lone_stories() -> int:
    """Stories left with fewer than two articles (the others deleted or split out) are
    removed, their one article left without a story (an editor's confirmation stays, so the
    grouping does not place it again). The number removed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id FROM archive_story s LEFT JOIN archive_article a ON a.story_id = s.id "
            "GROUP BY s.id HAVING count(a.id) < 2"
        )
        lone = [pk for (pk,) in cursor.fetchall()]
        if not lone:
            return 0
        cursor.execute(
            "UPDATE archive_article SET story_id = NULL, story_role = '', story_similarity = NULL "
            "WHERE story_id = ANY(%s)",
            [lone],
        )
    Story.objects.filter(pk__in=lone).delete()
    return len(lone)
