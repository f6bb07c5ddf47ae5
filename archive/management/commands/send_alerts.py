"""manage.py send_alerts [--dry-run]: e-mail each confirmed subscription its new matches.

Meant for cron (say, hourly or daily); running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from archive.alerts.digest import send_all


class Command(BaseCommand):
    help = (
        "Send every confirmed alert subscription one e-mail with the articles added since its "
        "last check that its saved search finds; nobody is sent the same article twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get how many articles; send and record nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def progress(subscription, count):
            if verbosity >= 2 or (count and verbosity >= 1):
                verb = "would send" if dry_run else "sent"
                self.stdout.write(
                    f"subscription {subscription.pk} ({subscription.saved_search}): "
                    f"{verb} {count} article(s)"
                )

        report = send_all(timezone.now(), dry_run=dry_run, progress=progress)
        for search in report.skipped:
            self.stderr.write(f"skipped (search too slow, tried again next run): {search}")
        prefix = "dry run: would send" if dry_run else "sent"
        self.stdout.write(
            f"{prefix} {report.sent} e-mail(s) with {report.articles} article(s); "
            f"{report.subscriptions} subscription(s) over {report.searches} saved search(es)"
        )
