"""The full-text index also holds the tag arrays, so words and tags meet in one index scan.

Built concurrently: an archive keeps answering and importing while it is made (about 80 s
at a million articles), and the old index is dropped only once the new one serves.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("archive", "0015_vector_statistics")]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector", "pair_ids", "country_ids", "agreement_ids"],
                name="article_search_tags_gin",
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_search_gin"),
    ]
