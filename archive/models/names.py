"""Names with their spellings, which search and the importer read as one name."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models.countries import Country


class Name(models.Model):
    """A name with its spellings: a country, person, organisation or place.

    Search reads every spelling of a name as the name (a query for «Лукашенка» or "Tokaev"
    finds what "Lukashenko" or "Tokayev" finds, in either alphabet); "did you mean" offers
    them; the importer recognises a country's spellings as the country. Hyphens count as
    spaces: "Xi-Jinping" and "Xi Jinping" are one spelling.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        PLACE = "place", _("place")

    canonical = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    variants = ArrayField(
        models.CharField(max_length=150),
        default=list,
        blank=True,
        verbose_name=_("other spellings"),
        help_text=_(
            "One per line: other spellings, transliterations and the name in the other "
            "language (Lukashenka, Лукашенко). Case forms need not be listed."
        ),
    )
    country = models.ForeignKey(
        Country,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("country"),
        help_text=_("For a country, the country itself: the importer then knows its spellings."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["canonical"]
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self):
        return self.canonical

    @property
    def spellings(self) -> list[str]:
        """The canonical name first, then the other spellings."""
        return [self.canonical, *(v for v in self.variants if v != self.canonical)]
