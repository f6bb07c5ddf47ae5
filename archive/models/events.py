"""Events: the visits, summits, meetings and forums at which documents are signed.

The importer proposes an event when one article lists several documents signed at one
occasion (archive.ingest.events); editors confirm it in the admin. Only confirmed events are
shown to readers; proposed and rejected ones stay in the admin. A rejected proposal is kept,
so a second import of the same article does not propose it again.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.models.agreements import Agreement
from archive.models.articles import Article
from archive.models.countries import Country, CountryPair, canonical_pair_code
from archive.models.shared import BilingualName, unique_slug


class EventQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def public(self):
        """The events readers see: those an editor confirmed."""
        return self.filter(status=Event.Status.CONFIRMED)

    def newest(self):
        return self.order_by("-start_on", "-pk")

    def between(self, first: Country, second: Country):
        """Events both countries took part in (either may have had more partners)."""
        return self.filter(countries=first).filter(countries=second)

    def for_pair(self, code: str):
        """Events of one pair, given by its code in any order or case; ValueError if malformed."""
        first, second = canonical_pair_code(code).split("-")
        return self.filter(countries__code=first).filter(countries__code=second)


class Event(BilingualName):
    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        SUMMIT = "summit", _("summit")
        MEETING = "meeting", _("meeting")
        FORUM = "forum", _("forum")
        TALKS = "talks", _("talks")
        OTHER = "other", _("other event")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed by the importer, not yet checked")
        CONFIRMED = "confirmed", _("confirmed by an editor")
        REJECTED = "rejected", _("rejected by an editor")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Left blank for a one-day event.")
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("The city or venue, as written.")
    )
    place_country = models.ForeignKey(
        Country,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of the place"),
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="events", verbose_name=_("countries")
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="events", verbose_name=_("documents signed")
    )
    articles = models.ManyToManyField(
        Article, blank=True, related_name="events", verbose_name=_("articles reporting it")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "name_en", "name_ru"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ru="", name_en=""), name="event_has_a_name"
            ),
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="event_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["status", "-start_on"], name="event_status_start")]

    def __str__(self):
        return self.name(get_language() or "en")

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.CONFIRMED

    def pairs(self) -> list[CountryPair]:
        """The country pairs among its countries that the archive has (for links to hubs)."""
        codes = sorted(c.code for c in self.countries.all())
        wanted = [f"{a}-{b}" for i, a in enumerate(codes) for b in codes[i + 1 :]]
        return list(CountryPair.objects.filter(code__in=wanted).select_related("first", "second"))

    def save(self, *args, **kwargs):
        if not self.slug:
            # "Belarus–China" is two words of the slug, not "belaruschina".
            name = (self.name_en or self.name_ru).replace("–", " ").replace("—", " ")
            self.slug = unique_slug(Event, name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:event", args=[self.slug])
