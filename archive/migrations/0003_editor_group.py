"""The "Editors" group: what an editor may do in the admin, and nothing on users or groups.

Editors add, change and view articles, outlets and agreements; they view and correct countries
(names, recognised forms, compound stems) but cannot add or delete them; they view country
pairs and may add one the importer has not met yet (a pair is only ever its two countries).
Deleting stays with superusers. Permissions are created here because on a fresh database
Django would otherwise only create them after the last migration has run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"

# model name -> actions granted
GRANTS = {
    "article": ["add", "change", "view"],
    "outlet": ["add", "change", "view"],
    "agreement": ["add", "change", "view"],
    "country": ["change", "view"],
    "countrypair": ["add", "view"],
}


def create_editors(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    # Historical app configs carry no models module, and create_permissions skips those.
    saved, app_config.models_module = getattr(app_config, "models_module", None), True
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = saved

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found: {', '.join(sorted(missing))}")
    group.permissions.add(*permissions)


def remove_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
