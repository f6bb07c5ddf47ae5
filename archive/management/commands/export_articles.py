"""manage.py export_articles [--output FILE]: the curated archive as JSON Lines, the import format."""

from django.core.management.base import BaseCommand

from archive.ingest.export import export_lines


class Command(BaseCommand):
    help = (
        "Write the curated archive as JSON Lines (the format import_articles reads), in a "
        "stable order: countries, names, outlets, agreements and pairs, then every article."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                count = self._write(handle)
            self.stderr.write(f"exported {count} records to {output}")
        else:
            for line in export_lines():
                self.stdout.write(line)

    def _write(self, handle) -> int:
        count = 0
        for line in export_lines():
            handle.write(line + "\n")
            count += 1
        return count
