"""Adding or removing one tag (an agreement, a country pair, a country, an event) on many
articles at once.

Writes go straight to the link tables, a few statements however many articles: the tag
arrays on each article row follow from the tables' triggers (migration 0009), as for every
other writer. The archive's rule that a pair's two countries are among an article's
countries holds here too: adding a pair adds its countries, removing a country removes the
pairs it belongs to. Each changed article gets an entry in its admin history; nothing is
written for an article that already had (or lacked) the tag. One transaction.
"""

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from archive.models import Agreement, Article, Country, CountryPair, Event
from archive.page_cache import bump_generation

# The article field that holds each kind of tag.
FIELDS = {Agreement: "agreements", CountryPair: "pairs", Country: "countries", Event: "events"}
BATCH = 5000


@dataclass
class LinkTable:
    """One of Article's link tables, by the names of its two columns."""

    through: type
    article: str  # "article_id"
    tag: str  # "agreement_id", "countrypair_id", "country_id"

    @classmethod
    def of(cls, model) -> "LinkTable":
        field = Article._meta.get_field(FIELDS[model])
        if not field.concrete:  # an event holds its articles: the link seen from its side
            m2m = field.field
            return cls(
                m2m.remote_field.through,
                f"{m2m.m2m_reverse_field_name()}_id",
                f"{m2m.m2m_field_name()}_id",
            )
        return cls(
            field.remote_field.through,
            f"{field.m2m_field_name()}_id",
            f"{field.m2m_reverse_field_name()}_id",
        )

    def holding(self, tag_ids, article_ids):
        return self.through._default_manager.filter(
            **{f"{self.tag}__in": tag_ids, f"{self.article}__in": article_ids}
        )

    def add(self, tag_id: int, article_ids: list[int]) -> set[int]:
        """Link `tag_id` to every article that lacks it; the ids of those articles."""
        had = set(self.holding([tag_id], article_ids).values_list(self.article, flat=True))
        missing = [pk for pk in article_ids if pk not in had]
        rows = [self.through(**{self.article: pk, self.tag: tag_id}) for pk in missing]
        # ignore_conflicts: a link another editor added meanwhile is simply there already.
        self.through._default_manager.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return set(missing)

    def remove(self, tag_ids: list[int], article_ids: list[int]) -> set[int]:
        """Unlink these tags from these articles; the ids of the articles that had one."""
        links = self.holding(tag_ids, article_ids)
        had = set(links.values_list(self.article, flat=True))
        links.delete()
        return had


def add_tag(tag, article_ids, user) -> set[int]:
    """Tag every article in `article_ids` with `tag`; the ids of the articles that changed."""
    article_ids = sorted(set(article_ids))
    with transaction.atomic():
        changed = LinkTable.of(type(tag)).add(tag.pk, article_ids)
        if isinstance(tag, CountryPair):
            countries = LinkTable.of(Country)
            for country_id in (tag.first_id, tag.second_id):
                changed |= countries.add(country_id, article_ids)
        _finish(
            changed, _("Added %(kind)s “%(tag)s” (several articles at once).") % _named(tag), user
        )
    return changed


def remove_tag(tag, article_ids, user) -> set[int]:
    """Remove `tag` from every article in `article_ids`; the ids of the articles that changed."""
    article_ids = sorted(set(article_ids))
    with transaction.atomic():
        changed = LinkTable.of(type(tag)).remove([tag.pk], article_ids)
        if isinstance(tag, Country):
            pairs = CountryPair.objects.filter(Q(first=tag) | Q(second=tag)).values_list(
                "pk", flat=True
            )
            changed |= LinkTable.of(CountryPair).remove(list(pairs), article_ids)
        message = _("Removed %(kind)s “%(tag)s” (several articles at once).") % _named(tag)
        _finish(changed, message, user)
    return changed


def _named(tag) -> dict:
    return {"kind": tag._meta.verbose_name, "tag": tag}


def _finish(changed: set[int], message: str, user) -> None:
    """History for each changed article, and stored pages made stale."""
    if not changed:
        return
    articles = Article.objects.filter(pk__in=changed).only("pk", "title").order_by("pk")
    LogEntry.objects.log_actions(user.pk, articles, CHANGE, change_message=message)
    bump_generation()
