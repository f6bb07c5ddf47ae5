"""Countries and country pairs.

Country pairs are unordered: one row per pair, its code made of the two ISO codes in
alphabetical order (`BY-CN`), so BY–CN and CN–BY are the same tag.
"""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.models.shared import count_of
from archive.urls_cache import tag_url

PAIR_CODE = re.compile(r"^\s*([A-Za-z]{2})\s*[-–—_:/ ]\s*([A-Za-z]{2})\s*$")


def canonical_pair_code(a: str, b: str | None = None) -> str:
    """`canonical_pair_code("cn", "by")` and `canonical_pair_code("CN-BY")` both give "BY-CN".

    Raises ValueError for anything that is not two different two-letter codes.
    """
    if b is None:
        match = PAIR_CODE.match(a or "")
        if not match:
            raise ValueError(_("“%(value)s” is not a country pair such as BY-CN.") % {"value": a})
        a, b = match.groups()
    a, b = a.strip().upper(), b.strip().upper()
    if not (re.fullmatch(r"[A-Z]{2}", a) and re.fullmatch(r"[A-Z]{2}", b)):
        raise ValueError(_("A country pair is two ISO country codes, such as BY-CN."))
    if a == b:
        raise ValueError(_("A country pair needs two different countries."))
    return "-".join(sorted((a, b)))


class CountryManager(models.Manager):
    # --- Natural keys: fixtures name countries by ISO code ------------------------------------
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2, upper case.")
    )
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    # Word forms the importer recognises in text (lower case; capitalised abbreviations such as
    # РБ or USA match only as written): nouns, adjectives, short forms,
    # capitals, epithets. A form ending in "*" matches any ending (declension).
    forms = ArrayField(
        models.CharField(max_length=80),
        default=list,
        blank=True,
        verbose_name=_("recognised forms"),
    )
    # First parts of compounds such as «белорусско-китайский».
    compound_stems = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("compound stems")
    )

    objects = CountryManager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            ),
        ]

    def __str__(self):
        # The admin names objects by str(): in the editor's language, the code in brackets.
        return f"{self.name(get_language())} ({self.code})"

    def name(self, language: str | None = "en") -> str:
        return self.name_ru if (language or "").startswith("ru") else self.name_en

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return tag_url("archive:country", self.code)


class CountryPairQuerySet(models.QuerySet):
    def get_or_create_for(self, a: str, b: str | None = None):
        """The pair for two codes in any order or case (or one "CN-BY" string), created if new."""
        code = canonical_pair_code(a, b)
        first, second = code.split("-")
        countries = {c.code: c for c in Country.objects.filter(code__in=[first, second])}
        missing = {first, second} - set(countries)
        if missing:
            raise ValueError(
                _("Unknown country code: %(codes)s.") % {"codes": ", ".join(sorted(missing))}
            )
        return self.get_or_create(
            code=code, defaults={"first": countries[first], "second": countries[second]}
        )

    # --- Browsing ---------------------------------------------------------------------------------
    def covered(self):
        """Pairs with at least one article, annotated with `article_count`, most covered first."""
        # Counted on the link table for each pair, not grouped over pairs joined to their
        # articles: that GROUP BY carried both countries' wide rows through a sort of every link.
        links = self.model.articles.through.objects.filter(countrypair_id=models.OuterRef("pk"))
        return (
            self.select_related("first", "second")
            .filter(models.Exists(links))
            .annotate(article_count=count_of(links))
            .order_by("-article_count", "code")
        )


class CountryPair(models.Model):
    """An unordered pair of countries, stored once under its canonical code."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    first = models.ForeignKey(Country, models.PROTECT, related_name="+")
    second = models.ForeignKey(Country, models.PROTECT, related_name="+")

    objects = CountryPairQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country pair")
        verbose_name_plural = _("country pairs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}-[A-Z]{2}$"), name="pair_code_shape"
            ),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="pair_two_countries"
            ),
        ]

    def __str__(self):
        # The admin names objects by str(): the pair in words in the editor's language.
        return f"{self.label(get_language() or 'en')} ({self.code})"

    def save(self, *args, **kwargs):
        self.code = canonical_pair_code(self.first.code, self.second.code)
        if self.first.code > self.second.code:
            self.first, self.second = self.second, self.first
        super().save(*args, **kwargs)

    def label(self, language: str = "en") -> str:
        attr = "name_ru" if language.startswith("ru") else "name_en"
        return f"{getattr(self.first, attr)}–{getattr(self.second, attr)}"

    def get_absolute_url(self):
        return tag_url("archive:pair", self.code)
