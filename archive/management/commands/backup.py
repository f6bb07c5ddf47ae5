"""manage.py backup FILE: the whole database, pg_dump's custom format (see archive.backup)."""

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, Target, backup


class Command(BaseCommand):
    help = (
        "Back up the configured database to FILE with pg_dump (custom format): every table, "
        "users and groups included. Restore it with `manage.py restore FILE`."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--database", default="default", help="Django database alias (default: default)."
        )

    def handle(self, *args, file, database, **options):
        try:
            backup(file, Target.from_settings(database), log=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
