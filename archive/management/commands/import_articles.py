"""manage.py import_articles PATH [PATH …] [--year YYYY]: seed text and JSON Lines into the archive."""

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.files import read_records
from archive.ingest.loader import load_records


class Command(BaseCommand):
    help = (
        "Import articles from seed text files (.txt) and JSON Lines files (.jsonl, .ndjson), "
        "or directories of them. Records already in the archive are updated, not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--year",
            type=int,
            help="Year for dates the text gives as day and month only (e.g. «4 ноя»). "
            "Without it such dates are guessed and flagged for review.",
        )

    def handle(self, *args, paths=(), year=None, **options):
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible year")
        records = read_records(paths, year=year)
        total = len(records)
        if total >= 500:
            self.stderr.write(f"importing {total} records…")

        def progress(done):
            self.stderr.write(f"… {done} of {total} records")

        report = load_records(records, progress=progress)
        for origin, reason in report.errors:
            self.stderr.write(f"{origin}: {reason}")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} record(s) could not be imported", returncode=1)
