"""Finer statistics for the full-text vectors, so the planner knows middle words' frequencies.

With PostgreSQL's default statistics target (100) only the commonest few thousand lexemes
have a frequency; every other word is planned at a fixed guess. At a million articles
'depth' (37,000 articles) was planned at 5,000, so the search tried to list its matches,
found too many and started again, 40 ms lost. With 1,000 the estimate was 37,013. ANALYZE of
the two columns takes about 15 s each at a million articles, in autovacuum's own time.
"""

from django.db import migrations

COLUMNS = ("search_vector", "search_exact")


class Migration(migrations.Migration):
    dependencies = [("archive", "0014_stories")]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE archive_article ALTER COLUMN {c} SET STATISTICS 1000" for c in COLUMNS],
            [f"ALTER TABLE archive_article ALTER COLUMN {c} SET STATISTICS -1" for c in COLUMNS],
        ),
    ]
