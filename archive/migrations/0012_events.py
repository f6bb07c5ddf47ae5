"""Events: visits, summits, meetings, forums and talks, with the documents signed at them
and the articles that report them; editors may add, change and view them (as agreements)."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_GRANTS = ["add_event", "change_event", "view_event"]


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    # Historical app configs carry no models module, and create_permissions skips those.
    saved, app_config.models_module = getattr(app_config, "models_module", None), True
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = saved
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=EDITOR_GRANTS
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=EDITOR_GRANTS
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_alerts_provenance"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                (
                    "name_ru",
                    models.CharField(blank=True, max_length=500, verbose_name="name in Russian"),
                ),
                (
                    "name_en",
                    models.CharField(blank=True, max_length=500, verbose_name="name in English"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("visit", "visit"),
                            ("summit", "summit"),
                            ("meeting", "meeting"),
                            ("forum", "forum"),
                            ("talks", "talks"),
                            ("other", "other event"),
                        ],
                        default="other",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("start_on", models.DateField(verbose_name="start date")),
                (
                    "end_on",
                    models.DateField(
                        blank=True,
                        help_text="Left blank for a one-day event.",
                        null=True,
                        verbose_name="end date",
                    ),
                ),
                (
                    "place",
                    models.CharField(
                        blank=True,
                        help_text="The city or venue, as written.",
                        max_length=200,
                        verbose_name="place",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "proposed by the importer, not yet checked"),
                            ("confirmed", "confirmed by an editor"),
                            ("rejected", "rejected by an editor"),
                        ],
                        default="proposed",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "agreements",
                    models.ManyToManyField(
                        blank=True,
                        related_name="events",
                        to="archive.agreement",
                        verbose_name="documents signed",
                    ),
                ),
                (
                    "articles",
                    models.ManyToManyField(
                        blank=True,
                        related_name="events",
                        to="archive.article",
                        verbose_name="articles reporting it",
                    ),
                ),
                (
                    "countries",
                    models.ManyToManyField(
                        blank=True,
                        related_name="events",
                        to="archive.country",
                        verbose_name="countries",
                    ),
                ),
                (
                    "place_country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="archive.country",
                        verbose_name="country of the place",
                    ),
                ),
            ],
            options={
                "verbose_name": "event",
                "verbose_name_plural": "events",
                "ordering": ["-start_on", "name_en", "name_ru"],
                "indexes": [
                    models.Index(fields=["status", "-start_on"], name="event_status_start")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("name_en", ""), ("name_ru", ""), _negated=True),
                        name="event_has_a_name",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_on__isnull", True),
                            ("end_on__gte", models.F("start_on")),
                            _connector="OR",
                        ),
                        name="event_ends_after_it_starts",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_editors, revoke_editors),
    ]
