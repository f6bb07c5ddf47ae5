"""manage.py check_sources: check the articles' source URLs, politely, and record what answers.

Only articles whose source was not checked in the last --older-than days, never-checked ones
first, at most --limit of them. Dead sources are marked, never deleted or hidden.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from tqdm import tqdm

from archive.linkcheck import Checker, run
from archive.models import Article, SourceStatus
from archive.models.articles import DEAD_AFTER_FAILURES
from archive.page_cache import bump_generation


class Command(BaseCommand):
    help = (
        "Check articles' source URLs (robots.txt obeyed, --interval seconds' pause after each "
        "answer from a host, HEAD then GET) and record each one's status; dead sources are "
        "marked on the article page, never hidden."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            metavar="DAYS",
            help="Check sources not checked for this many days (default 30; 0: all).",
        )
        parser.add_argument(
            "--limit", type=int, default=1000, help="Check at most this many (default 1000)."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SOURCE_CHECK_INTERVAL,
            help="Seconds between one host's answer and the next request to it "
            "(default SOURCE_CHECK_INTERVAL).",
        )
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for an answer."
        )
        parser.add_argument(
            "--concurrency", type=int, default=4, help="Hosts checked at once (default 4)."
        )

    def handle(self, *args, older_than, limit, interval, timeout, concurrency, **options):
        if older_than < 0 or limit < 1 or interval < 0 or timeout <= 0 or concurrency < 1:
            raise CommandError("--older-than, --limit, --interval, --timeout and --concurrency "
                               "must be positive (--older-than and --interval may be 0).")  # fmt: skip
        due = Q(source_checked_at__isnull=True)
        if older_than:
            due |= Q(source_checked_at__lt=timezone.now() - datetime.timedelta(days=older_than))
        else:
            due = Q()
        items = list(
            Article.objects.filter(due, source_url__isnull=False)
            .exclude(source_url="")
            .order_by(F("source_checked_at").asc(nulls_first=True), "id")
            .values_list("id", "source_url")[:limit]
        )
        checker = Checker(settings.SOURCE_CHECK_CONTACT, interval, timeout)
        counts = Counter()
        show = options["verbosity"] >= 1
        with tqdm(total=len(items), unit="url", disable=not show, file=self.stderr._out) as bar:
            for pk, _url, outcome in run(checker, items, concurrency):
                self._record(pk, outcome)
                counts[outcome.status] += 1
                bar.update(1)
        if items:
            bump_generation()  # the article pages show the new statuses at once
        summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "nothing"
        dead = Article.objects.filter(
            pk__in=[pk for pk, _ in items],
            source_status__in=[SourceStatus.GONE, SourceStatus.UNREACHABLE],
            source_failures__gte=DEAD_AFTER_FAILURES,
        ).count()
        self.stdout.write(f"checked {len(items)} source(s): {summary}; dead: {dead}")

    def _record(self, pk: int, outcome):
        # Definitive failures in a row; any other answer starts the count again.
        failures = Least(Coalesce(F("source_failures"), 0) + 1, 999) if outcome.failure else 0
        Article.objects.filter(pk=pk).update(
            source_checked_at=timezone.now(),
            source_status=outcome.status,
            source_http_status=outcome.http_status,
            source_final_url=(outcome.final_url or "")[:1000] or None,
            source_failures=failures,
        )
