"""The prominent articles' titles get a full-text index of their own, so a word's best title
matches are found among them first (archive/search/ranking.py `best_ids`): «state» has 8,300
title matches at a million articles and 370 prominent ones.

Built concurrently (a second or two at a million articles): the archive keeps answering.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("archive", "0016_search_tags_index")]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("static_rank__gte", 0.7)),
                fields=["title_vector"],
                name="article_prominent_title_gin",
            ),
        ),
    ]
