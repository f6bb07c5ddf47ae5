"""Agreements: memoranda, treaties, joint statements … and the countries that are parties."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.models.countries import Country
from archive.models.shared import BilingualName, count_of, unique_slug
from archive.urls_cache import tag_url


class AgreementQuerySet(models.QuerySet):
    # --- Natural keys: the register fixture is keyed by slug ----------------------------------
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    # --- Browsing ---------------------------------------------------------------------------------
    def between(self, first, second):
        """Agreements whose parties include both countries (either may have more partners)."""
        return self.filter(parties=first).filter(parties=second)

    def with_article_counts(self):
        # A count per agreement on the link table, so listings are not grouped over every link.
        links = self.model.articles.through.objects.filter(agreement_id=models.OuterRef("pk"))
        return self.annotate(article_count=count_of(links))

    def by_signing_date(self, oldest_first: bool = False):
        """Ordered by signing date; agreements with no known date come last either way."""
        signed = models.F("signed_on")
        order = signed.asc(nulls_last=True) if oldest_first else signed.desc(nulls_last=True)
        return self.order_by(order, "name_en", "name_ru", "pk")


class Agreement(BilingualName):
    class Kind(models.TextChoices):
        MEMORANDUM = "memorandum", _("memorandum")
        AGREEMENT = "agreement", _("agreement")
        TREATY = "treaty", _("treaty")
        JOINT_COMMUNIQUE = "joint_communique", _("joint communiqué")
        JOINT_STATEMENT = "joint_statement", _("joint statement")
        DECLARATION = "declaration", _("declaration")
        ROADMAP = "roadmap", _("roadmap")
        PROGRAMME = "programme", _("programme")
        PLAN = "plan", _("plan")
        INITIATIVE = "initiative", _("initiative")
        PROTOCOL = "protocol", _("protocol")
        CONTRACT = "contract", _("contract")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed by the importer, not yet checked")
        PLANNED = "planned", _("planned or under negotiation")
        SIGNED = "signed", _("signed")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired or terminated")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parties = models.ManyToManyField(
        Country, blank=True, related_name="agreements", verbose_name=_("parties")
    )
    party_organisations = models.TextField(
        _("signatory organisations"),
        blank=True,
        help_text=_("Ministries or organisations that signed, one per line."),
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    signed_place = models.CharField(_("signing place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    # Other names the texts use for it (other cases, other wordings), matched by the importer.
    aliases = ArrayField(
        models.CharField(max_length=500), default=list, blank=True, verbose_name=_("other names")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "name_en", "name_ru"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ru="", name_en=""), name="agreement_has_a_name"
            ),
        ]

    def __str__(self):
        return self.name(get_language() or "en")

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Agreement, self.name_en or self.name_ru, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return tag_url("archive:agreement", self.slug)
