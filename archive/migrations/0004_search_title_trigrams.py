"""Two indexes on article titles for search: trigrams for "did you mean", stems for ranking.

The suggestion compares each query word with title words (`word <% title`); without the
trigram index that is a scan of every title, about a second at a million articles. The
stemmed title index lets relevance ranking add the newest articles with the words in their
title to its candidates (see archive.search.ranking). Both are created in SQL so the
models stay as they are: they are search implementation details.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_editor_group"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS article_title_trgm "
            "ON archive_article USING gin (title gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS article_title_trgm",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS article_title_stems ON archive_article "
            "USING gin (to_tsvector('russian'::regconfig, replace(title, 'ё', 'е')))",
            reverse_sql="DROP INDEX IF EXISTS article_title_stems",
        ),
    ]
