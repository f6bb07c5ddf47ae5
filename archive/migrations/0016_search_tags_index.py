"""The full-text index also holds the tag arrays and the day number (btree_gin), so words, tags
and recent days meet in one index scan (see Article.Meta.indexes).

Built concurrently: an archive keeps answering and importing while it is made (about 75 s
at a million articles), and the old index is dropped only once the new one serves.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import (
    AddIndexConcurrently,
    BtreeGinExtension,
    RemoveIndexConcurrently,
)
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("archive", "0015_vector_statistics")]

    operations = [
        BtreeGinExtension(),
        AddIndexConcurrently(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("search_vector"),
                models.F("pair_ids"),
                models.F("country_ids"),
                models.F("agreement_ids"),
                models.Func(
                    models.F("published_on"),
                    template="(%(expressions)s - DATE '2000-01-01')",
                    output_field=models.IntegerField(),
                ),
                name="article_search_tags_gin",
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_search_gin"),
    ]
