"""What is new for each subscription, and sending it: the work of manage.py send_alerts.

For each saved search with confirmed subscriptions, the search runs once, through the search's
one entry point (`archive.search.results.window`), over the span of publication dates of the
articles added since its subscriptions were last checked; the matches added since then are the
candidates. Each subscription then gets, in one transaction holding its row, the candidates it
has not been sent (its Delivery rows say which), as one e-mail, and the Delivery rows are
written with it: a second run, or two runs at once, send nothing twice. A failed send leaves
nothing written, so the next run tries again.

Articles are looked at from a little before the last check (OVERLAP): an import that was
running during a check may commit articles dated before it afterwards. The deliveries keep
the overlap from sending anything twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Min

from archive.alerts import emails
from archive.alerts.searches import criteria_for
from archive.models import Article, Delivery, SavedSearch, Subscription
from archive.search import results as search_results

OVERLAP = datetime.timedelta(hours=1)
# A digest lists this many articles and links to the search for the rest.
LISTED = 50
# The search is read this many results at a time, and no further than SCANNED results.
CHUNK = 1000
SCANNED = 20_000


@dataclass
class Report:
    """What a run did (or, dry, would do)."""

    searches: int = 0
    subscriptions: int = 0
    sent: int = 0
    articles: int = 0
    skipped: list[str] = field(default_factory=list)


def _floor(subscription: Subscription) -> datetime.datetime:
    """Articles added after this moment may be new to the subscription."""
    # Never before the confirmation: a new subscriber is not sent the archive's past.
    if subscription.checked_until:
        return max(subscription.checked_until - OVERLAP, subscription.confirmed_at)
    return subscription.confirmed_at


def new_matches(saved: SavedSearch, since: datetime.datetime) -> dict[int, datetime.datetime]:
    """The articles added after `since` that the saved search finds: {id: created_at}.

    Raises search_results.TooSlow when the search cannot answer in time.
    """
    added = Article.objects.filter(created_at__gt=since)
    span = added.aggregate(first=Min("published_on"), last=Max("published_on"))
    if span["first"] is None:
        return {}
    criteria = criteria_for(saved.query, span["first"], span["last"])
    if criteria is None:
        return {}
    created = dict(added.values_list("id", "created_at"))
    found: dict[int, datetime.datetime] = {}
    for offset in range(0, SCANNED, CHUNK):
        ids = search_results.window(criteria, offset, CHUNK)
        found.update((pk, created[pk]) for pk in ids if pk in created)
        if len(ids) < CHUNK or len(found) == len(created):
            break
    return found


def send_all(now, *, dry_run=False, progress=None) -> Report:
    """Send every confirmed subscription its new matches (see the module's docstring)."""
    report = Report()
    by_search = defaultdict(list)
    for subscription in Subscription.objects.select_related("saved_search").order_by("id"):
        by_search[subscription.saved_search].append(subscription)
    for saved, subscriptions in by_search.items():
        report.searches += 1
        since = min(_floor(s) for s in subscriptions)
        try:
            matches = new_matches(saved, since)
        except search_results.TooSlow:
            report.skipped.append(str(saved))
            continue
        for subscription in subscriptions:
            report.subscriptions += 1
            wanted = [pk for pk, at in matches.items() if at > _floor(subscription)]
            sent = _send_one(subscription.pk, wanted, now, dry_run)
            if sent:
                report.sent += 1
                report.articles += sent
            if progress:
                progress(subscription, sent)
    return report


def _send_one(pk: int, wanted: list[int], now, dry_run: bool) -> int:
    """Send one subscription the wanted articles it has not had; how many were new."""
    with transaction.atomic():
        # The row lock makes a second run wait for this one, then find everything delivered.
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("saved_search")
            .filter(pk=pk)
            .first()
        )
        if subscription is None:  # unsubscribed meanwhile
            return 0
        had = set(
            Delivery.objects.filter(subscription=subscription, article_id__in=wanted).values_list(
                "article_id", flat=True
            )
        )
        new = [pk for pk in wanted if pk not in had]
        if dry_run:
            return len(new)
        if new:
            articles = list(
                Article.objects.filter(id__in=new)
                .select_related("outlet")
                .only("id", "title", "slug", "published_on", "language", "lead", "outlet__name")
                .order_by("-published_on", "-id")
            )
            Delivery.objects.bulk_create(
                [Delivery(subscription=subscription, article=a) for a in articles]
            )
            emails.digest(subscription, articles[:LISTED], max(0, len(articles) - LISTED)).send()
            subscription.last_sent_at = now
        subscription.checked_until = now
        subscription.save(update_fields=["checked_until", "last_sent_at"])
        return len(new)
