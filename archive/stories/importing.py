"""The importer's call into the grouping: once per written batch, never per article."""

import logging

from django.db import DatabaseError

from archive.stories.grouping import group_articles

logger = logging.getLogger("concord.stories")


def group_written(rows) -> None:
    """Group the batch's created and updated articles (loader rows) into stories.

    The articles are already committed: a grouping that fails costs no article, is logged,
    and `manage.py group_stories` places them later.
    """
    ids = [row.article_id for row in rows if row.outcome in ("created", "updated")]
    if not ids:
        return
    try:
        group_articles(ids)
    except DatabaseError:
        logger.warning("grouping %d imported articles into stories failed", len(ids), exc_info=True)
