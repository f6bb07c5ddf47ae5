"""Stories: Article.story and how each article joined, and the MinHash sketches beside.

Cheap on a million-row table: the new article columns are a nullable foreign key and two
columns whose defaults live in the database (PostgreSQL 11+ stores such a default in the
catalogue and rewrites no row); the index on the new, empty `story_id` is a plain one (CREATE
INDEX CONCURRENTLY cannot run inside a migration's transaction). Sketches are computed by
`manage.py group_stories --all` after the upgrade, not here.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITORS = "Editors"
# Editors review the grouping: they view stories and change them (confirm, split, merge).
GRANTS = ["view_story", "change_story"]


def grant_editors(apps, schema_editor):
    """Give the Editors group (migration 0003) the story permissions, created here because
    on a fresh database Django would only create them after the last migration."""
    app_config = apps.get_app_config("archive")
    saved, app_config.models_module = getattr(app_config, "models_module", None), True
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = saved
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="archive", codename__in=GRANTS)
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0013_curation"),
    ]

    operations = [
        # The grouping scores reprints with pg_trgm, which 0001 already created for "did you
        # mean". Not TrigramExtension(): unapplying this migration would then drop the
        # extension that 0001's trigram indexes depend on.
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", migrations.RunSQL.noop),
        migrations.CreateModel(
            name="Story",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        blank=True,
                        help_text="Optional: a name for the event. Without one the earliest article's title.",
                        max_length=300,
                        verbose_name="label",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "story",
                "verbose_name_plural": "stories",
                "ordering": ["-id"],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="story_confirmed",
            field=models.BooleanField(
                db_default=False,
                help_text="The grouping never moves a confirmed article: in its story, or kept out of any.",
                verbose_name="confirmed by an editor",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="story_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("original", "original"),
                    ("reprint", "reprint"),
                    ("translation", "translation"),
                    ("related", "related"),
                ],
                db_default="",
                max_length=12,
                verbose_name="role in the story",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="story_similarity",
            field=models.FloatField(
                blank=True, editable=False, null=True, verbose_name="similarity"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="story",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="archive.story",
                verbose_name="story",
            ),
        ),
        migrations.CreateModel(
            name="StorySketch",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="archive.article",
                    ),
                ),
                ("published_on", models.DateField()),
                ("language", models.CharField(max_length=2)),
                (
                    "sketch",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), default=list, size=None
                    ),
                ),
                (
                    "name_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), default=list, size=None
                    ),
                ),
            ],
            options={
                "verbose_name": "story sketch",
                "verbose_name_plural": "story sketches",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["sketch"], name="story_sketch_gin"
                    ),
                    models.Index(fields=["published_on"], name="story_sketch_day"),
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
