"""The sitemap sections: the entrance pages, articles, country pairs, agreements, archive days.

Each section is paged by the sitemaps framework (`/sitemap-articles.xml?p=2`), and
`/sitemap.xml` is the index of them all, so a million articles stay within the protocol's
limit of 50,000 addresses per file.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from archive.models import Agreement, Article, CountryPair, Event
from archive.views.dates import archive_url

# Well under the protocol's 50,000: a page of this size renders in about a second.
PAGE = 5_000


class LatestFromDatabase:
    """The index's lastmod for a section in one aggregate query.

    (The framework's default calls `lastmod` on every item of the section: a million rows
    read to print one date.)
    """

    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class ArticleSitemap(Sitemap):
    limit = PAGE
    changefreq = "monthly"

    def get_latest_lastmod(self):
        # The index gives no date for this section: the newest change among a million rows
        # has no index to come from, and each entry of the pages carries its own date.
        return None

    def items(self):
        return Article.objects.order_by("id").only("id", "slug", "published_on", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class PairSitemap(Sitemap):
    limit = PAGE
    changefreq = "daily"
    priority = 0.7

    def items(self):
        # Only pairs with articles; an Exists probe per pair, not a count over every article.
        tagged = Article.pairs.through.objects.filter(countrypair_id=OuterRef("pk"))
        return CountryPair.objects.filter(Exists(tagged)).order_by("code")


class AgreementSitemap(LatestFromDatabase, Sitemap):
    limit = PAGE
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Agreement.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, agreement):
        return agreement.updated_at


class EventSitemap(LatestFromDatabase, Sitemap):
    """Confirmed events only: proposals stay in the admin until an editor confirms them."""

    limit = PAGE
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Event.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


class DaySitemap(Sitemap):
    """Every day with at least one article: /archive/2025/11/14/."""

    limit = PAGE
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        # The distinct dates come from the date index alone (no lastmod: it would read rows).
        return (
            Article.objects.order_by("published_on")
            .values_list("published_on", flat=True)
            .distinct()
        )

    def location(self, day):
        return archive_url(day.year, day.month, day.day)


class PageSitemap(Sitemap):
    """The entrances: the home page and the indexes of dates, pairs and agreements."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "archive:home",
            "archive:archive-index",
            "archive:pairs",
            "archive:agreements",
            "archive:events",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "pairs": PairSitemap,
    "agreements": AgreementSitemap,
    "events": EventSitemap,
    "days": DaySitemap,
}
