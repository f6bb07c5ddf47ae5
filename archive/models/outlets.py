"""The outlets that publish the articles."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models.countries import Country
from archive.models.shared import unique_slug
from archive.urls_cache import tag_url


class Outlet(models.Model):
    """A news source: an agency, a newspaper, a ministry's site."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    domain = models.CharField(
        _("domain"),
        max_length=200,
        blank=True,
        help_text=_("Host name without www, e.g. mpt.gov.by."),
    )
    country = models.ForeignKey(
        Country, models.SET_NULL, null=True, blank=True, verbose_name=_("country")
    )
    # Other names texts give the outlet («БЕЛТА» for BelTA, «Синьхуа» for Xinhua), matched
    # by the importer before the domain of a source URL is.
    aliases = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, verbose_name=_("other names")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return tag_url("archive:source", self.slug)
