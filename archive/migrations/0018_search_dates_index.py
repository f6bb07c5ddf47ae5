"""The full-text index also holds each article's day, month and year as keys, so a reader's
range of dates is found in the same index scan as the words and tags (Article.Meta.indexes,
archive/search/datekeys.py).

`archive_date_keys(day)` gives the keys: the day number (days since 2000-01-01), and the
month and the year as negative numbers no day number reaches (a day of year 1 is -730,119).
It is an SQL function PostgreSQL inlines, so the index's expression and the search's
condition are the same expression.

Built concurrently: an archive keeps answering and importing while it is made (about 80 s
at a million articles), and the old index is dropped only once the new one serves.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

DATE_KEYS_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_date_keys(day date) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[
        day - DATE '2000-01-01',
        -(10000000 + EXTRACT(year FROM day)::integer * 12 + EXTRACT(month FROM day)::integer - 1),
        -(20000000 + EXTRACT(year FROM day)::integer)
    ]
$$
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("archive", "0017_prominent_title_index")]

    operations = [
        migrations.RunSQL(DATE_KEYS_FUNCTION, "DROP FUNCTION IF EXISTS archive_date_keys(date)"),
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
                models.Func(
                    models.F("published_on"),
                    function="archive_date_keys",
                    output_field=django.contrib.postgres.fields.ArrayField(
                        models.IntegerField()
                    ),
                ),
                name="article_search_dates_gin",
            ),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_search_tags_gin"),
    ]
