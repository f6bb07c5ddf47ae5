"""Tag ids on the article row: pair_ids, country_ids, agreement_ids, kept in step by triggers.

Search filters and counts tags on the row itself (`pair_ids && '{3}'`, GIN-indexed) rather
than probing a link table per article. The link tables stay the source of truth: every
writer (the admin, the importer, COPY, cascading deletes, restores) goes through them, and
statement-level triggers copy each change to the touched articles in one UPDATE per
statement. Rows whose array is already right (the importer writes arrays with the row) are
left alone, so a load pays for the look-up only.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models

# (array column, link table, link column) for each tag.
TAGS = [
    ("pair_ids", "archive_article_pairs", "countrypair_id"),
    ("country_ids", "archive_article_countries", "country_id"),
    ("agreement_ids", "archive_article_agreements", "agreement_id"),
]

FUNCTIONS = r"""
CREATE FUNCTION archive_sync_tag_ids() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
BEGIN
    -- Each trigger names only the transition tables its event has; the branches that read
    -- the others are never planned for it.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT article_id) INTO touched FROM new_links;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT article_id) INTO touched FROM old_links;
    ELSE
        SELECT array_agg(DISTINCT article_id) INTO touched
        FROM (SELECT article_id FROM new_links UNION SELECT article_id FROM old_links) AS t;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'UPDATE archive_article AS a SET %1$I = s.ids '
        'FROM (SELECT t.id, coalesce((SELECT array_agg(l.%2$I::int ORDER BY l.%2$I) '
        '      FROM %3$I AS l WHERE l.article_id = t.id), ''{}'') AS ids '
        '      FROM unnest($1) AS t(id)) AS s '
        'WHERE a.id = s.id AND a.%1$I IS DISTINCT FROM s.ids',
        TG_ARGV[0], TG_ARGV[1], TG_TABLE_NAME
    ) USING touched;
    RETURN NULL;
END
$$;

CREATE FUNCTION archive_clear_tag_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE archive_article SET %1$I = ''{}'' WHERE %1$I <> ''{}''', TG_ARGV[0]);
    RETURN NULL;
END
$$;
"""


def _triggers(column: str, table: str, link: str) -> str:
    args = f"'{column}', '{link}'"
    return f"""
CREATE TRIGGER {column}_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION archive_sync_tag_ids({args});
CREATE TRIGGER {column}_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_links
    FOR EACH STATEMENT EXECUTE FUNCTION archive_sync_tag_ids({args});
CREATE TRIGGER {column}_updated AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION archive_sync_tag_ids({args});
CREATE TRIGGER {column}_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION archive_clear_tag_ids('{column}');
"""


def _copied(table: str, link: str) -> str:
    return (
        f"coalesce((SELECT array_agg(l.{link}::int ORDER BY l.{link}) FROM {table} AS l "  # noqa: S608 - our own names
        "WHERE l.article_id = a.id), '{}')"
    )


# One pass over the articles that have any tag: one new version of each row, not three.
POPULATE = (
    "UPDATE archive_article AS a SET "  # noqa: S608 - our own names
    + ", ".join(f"{column} = {_copied(table, link)}" for column, table, link in TAGS)
    + " WHERE "
    + " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} AS l WHERE l.article_id = a.id)"  # noqa: S608
        for _column, table, _link in TAGS
    )
    + ";"
)

# Writers that name their columns (COPY, a restore of an older backup) may leave the arrays
# out: they start empty, and the link rows that follow fill them.
DEFAULTS = "".join(
    f"ALTER TABLE archive_article ALTER COLUMN {column} SET DEFAULT '{{}}';\n"
    for column, _table, _link in TAGS
)

CREATE = DEFAULTS + FUNCTIONS + "".join(_triggers(*tag) for tag in TAGS) + POPULATE
DROP = (
    "".join(
        f"DROP TRIGGER {column}_{event} ON {table};\n"
        for column, table, _link in TAGS
        for event in ("inserted", "deleted", "updated", "truncated")
    )
    + "DROP FUNCTION archive_sync_tag_ids(); DROP FUNCTION archive_clear_tag_ids();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_page_generation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="agreement_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="country_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="pair_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.RunSQL(CREATE, reverse_sql=DROP),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["pair_ids"], name="article_pair_ids_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["country_ids"], name="article_country_ids_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["agreement_ids"], name="article_agreement_ids_gin"
            ),
        ),
        # The planner estimates tag filters from the arrays' statistics: gather them now
        # rather than at the next autovacuum.
        migrations.RunSQL("ANALYZE archive_article", reverse_sql=migrations.RunSQL.noop),
    ]
