"""manage.py restore FILE: a backup back into the configured database (see archive.backup)."""

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, Target, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, in one "
        "transaction. A database that holds articles is replaced only with --force."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that already holds articles.",
        )
        parser.add_argument(
            "--database", default="default", help="Django database alias (default: default)."
        )

    def handle(self, *args, file, force, database, **options):
        try:
            found = restore(
                file, Target.from_settings(database), force=force, log=self.stderr.write
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("restored " + ", ".join(f"{n} {what}" for what, n in found.items()))
