"""Every ISO 3166-1 country, with the forms of archive/ingest/country_forms.json.

Missing countries are added. An existing country gets the new forms and stems; of its current
ones it keeps every form an editor added and drops only those 0002 seeded, which the new list
spells out («китай*» becomes «китай», «китая», …, so «Франциск» no longer names France). Its
names change only where they are still 0002's. Reversing leaves the countries as they are: by
then articles may name them.
"""

import importlib
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "ingest" / "country_forms.json"


def add_countries(apps, schema_editor):
    Country = apps.get_model("archive", "Country")
    seeded = {
        code: (name_en, name_ru, set(forms), set(stems))
        for code, name_en, name_ru, forms, stems in importlib.import_module(
            "archive.migrations.0002_countries"
        ).COUNTRIES
    }
    existing = {country.code: country for country in Country.objects.all()}
    new, changed = [], []
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        country = existing.get(row["code"])
        if country is None:
            new.append(
                Country(
                    code=row["code"],
                    name_en=row["name_en"],
                    name_ru=row["name_ru"],
                    forms=row["forms"],
                    compound_stems=row["stems"],
                )
            )
            continue
        name_en, name_ru, old_forms, old_stems = seeded.get(row["code"], ("", "", set(), set()))
        update = {
            "forms": _merged(row["forms"], country.forms, old_forms),
            "compound_stems": _merged(row["stems"], country.compound_stems, old_stems),
            "name_en": row["name_en"] if country.name_en == name_en else country.name_en,
            "name_ru": row["name_ru"] if country.name_ru == name_ru else country.name_ru,
        }
        if any(getattr(country, key) != value for key, value in update.items()):
            for key, value in update.items():
                setattr(country, key, value)
            changed.append(country)
    Country.objects.bulk_create(new)
    Country.objects.bulk_update(changed, ["forms", "compound_stems", "name_en", "name_ru"])


def _merged(generated, current, seeded):
    """The generated items, then the current ones that neither 0002 seeded nor are generated."""
    return generated + [item for item in current if item not in seeded and item not in generated]


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_ingest_keys")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
