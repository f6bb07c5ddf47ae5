"""A static rank on the article row, and the indexes that find the best-ranked matches.

`static_rank` (archive/models/articles.py, STATIC_RANK_SQL) is a stored generated column, and
so is `title_vector`, the title's stems: adding them rewrites the article table once (about a minute per 200,000 articles; see
docs/deployment.md). Relevance ranking then takes the best matches by it into its candidate
set, beside the newest: through the btree for the title matches of a common word, and
through a full-text index over only the prominent articles for every match of one.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0009_tag_arrays'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='static_rank',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.RawSQL("(0.4 * least(cardinality(agreement_ids), 3) / 3 + 0.2 * (cardinality(pair_ids) BETWEEN 1 AND 2)::int + 0.3 * least(greatest(ln(length(body) + 1.0) - ln(400.0), 0) / ln(15.0), 1) + 0.1 * (lead <> '')::int)::real", (), output_field=models.FloatField()), output_field=models.FloatField(), verbose_name='static rank'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-static_rank', '-published_on', '-id'], name='article_static_rank'),
        ),
        # The title's stems as a stored column, indexed, in place of the expression index of
        # 0004: walking the archive in static-rank order tests it without stemming each title.
        migrations.AddField(
            model_name='article',
            name='title_vector',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.RawSQL("to_tsvector('russian'::regconfig, replace(title::text, 'ё', 'е'))", (), output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField(), verbose_name='title stems'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(fields=['title_vector'], name='article_title_vector_gin'),
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS article_title_stems",
            "CREATE INDEX IF NOT EXISTS article_title_stems ON archive_article "
            "USING gin (to_tsvector('russian'::regconfig, replace(title, 'ё', 'е')))",
        ),
        migrations.AddIndex(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(condition=models.Q(('static_rank__gte', 0.7)), fields=['search_vector'], name='article_prominent_gin'),
        ),
        # Finer date statistics: heavy phrases are searched in spans from 0.1% of the archive
        # (archive/search/windows.py), read off this histogram.
        migrations.RunSQL(
            "ALTER TABLE archive_article ALTER COLUMN published_on SET STATISTICS 1000",
            "ALTER TABLE archive_article ALTER COLUMN published_on SET STATISTICS -1",
        ),
        # The planner needs the new column's statistics to choose these indexes.
        migrations.RunSQL("ANALYZE archive_article", migrations.RunSQL.noop),
    ]
