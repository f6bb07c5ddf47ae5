"""manage.py dump_open_data [--directory DIR]: the curated layer as a zip under CC BY 4.0."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive import open_data


class Command(BaseCommand):
    help = (
        "Write the open-data dump (countries, names, outlets, agreements, pairs and each "
        "article's links, no texts) to OPEN_DATA_DIR, replacing the previous one atomically."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, help="Where to write it (default: the OPEN_DATA_DIR setting)."
        )

    def handle(self, *args, directory=None, **options):
        dump = open_data.write(directory)
        counts = ", ".join(f"{name} {count}" for name, count in dump.counts.items())
        self.stdout.write(f"wrote {dump.path} ({dump.size} bytes): {counts}")
