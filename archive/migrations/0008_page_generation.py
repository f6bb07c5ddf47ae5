"""The archive's page generation: one number, bumped in the transaction of every change.

Stored pages are keyed by it (archive/page_cache.py). Kept in the database rather than the
cache so every worker and server agrees on it whatever the cache (local memory is per
process), and so a read replica hands out the generation of the data it has replayed.
"""

from django.db import migrations

CREATE = """
CREATE TABLE archive_page_generation (
    id smallint PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
-- Started from the clock: a new database never reuses the numbers of another one of the
-- same name, whose pages a shared cache may still hold.
INSERT INTO archive_page_generation (id, value)
VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_names")]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="DROP TABLE archive_page_generation"),
    ]
