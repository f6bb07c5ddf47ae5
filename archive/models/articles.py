"""Articles.

The full-text vectors are generated columns computed by PostgreSQL from each article's own
language, so no signal or save() hook has to keep them in step.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.ingest.urls import url_key
from archive.models.agreements import Agreement
from archive.models.countries import Country, CountryPair
from archive.models.outlets import Outlet
from archive.models.querysets import ArticleManager
from archive.models.stories import Story, StoryRole
from archive.text import slugify_translit


def _weighted(field, weight, config):
    """One field's share of the search vector, with ё folded into е as the query does."""
    text = Replace(
        Replace(field, models.Value("ё"), models.Value("е"), output_field=models.TextField()),
        models.Value("Ё"),
        models.Value("Е"),
        output_field=models.TextField(),
    )
    return SearchVector(text, weight=weight, config=config)


def _stemmed_vector(config):
    return (
        _weighted("title", "A", config)
        + _weighted("lead", "B", config)
        + _weighted("body", "C", config)
    )


# Copies of the link tables on the row, written only by the database (migration 0009).
TAG_ARRAYS = ("pair_ids", "country_ids", "agreement_ids")


class Article(models.Model):
    class DateOrigin(models.TextChoices):
        GIVEN = "given", _("given with the article")
        PAGE = "page", _("read from the web page's metadata")
        URL = "url", _("read from the source URL")
        DATELINE = "dateline", _("read from the dateline")
        TEXT = "text", _("read from the text")
        EDITOR = "editor", _("set by an editor")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120)
    lead = models.TextField(_("lead"), blank=True)
    # Paragraphs are separated by one blank line; see `paragraphs`.
    body = models.TextField(_("body"))
    published_on = models.DateField(_("publication date"), db_index=True)
    date_needs_review = models.BooleanField(
        _("date needs review"),
        default=False,
        help_text=_(
            "Set when the importer read or guessed the date rather than being given it, or "
            "when the text contradicts it; the review note says why."
        ),
    )
    date_origin = models.CharField(
        _("date from"), max_length=10, choices=DateOrigin.choices, default=DateOrigin.GIVEN
    )
    review_note = models.TextField(_("review note"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.ARTICLE_LANGUAGES)
    # As the source gave it (a citation); `url_key` is what finds the article again. NULL,
    # not "", is "no URL", as the API and the export have always said.
    source_url = models.URLField(  # noqa: DJ001
        _("source URL"), max_length=1000, null=True, blank=True
    )
    url_key = models.CharField(
        _("normalised URL"),
        max_length=1000,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The source URL without scheme, www., tracking parameters or AMP paths."),
    )
    outlet = models.ForeignKey(
        Outlet,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("outlet"),
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="articles", verbose_name=_("countries")
    )
    pairs = models.ManyToManyField(
        CountryPair, blank=True, related_name="articles", verbose_name=_("country pairs")
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="articles", verbose_name=_("agreements")
    )
    # The ids of the row's pairs, countries and agreements, copied from the link tables by
    # database triggers (migration 0009; the importer writes them with the row, so its
    # triggers find nothing to change): tags are filtered and counted on the article row
    # itself, through GIN indexes, without a join per tag (ArticleQuerySet.tagged).
    pair_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    country_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    agreement_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    # The story the article belongs to and how it joined (archive.stories groups them). The
    # database keeps the defaults (db_default), so the importer's INSERT, which names its
    # columns, needs no change, and adding the columns rewrites no row.
    story = models.ForeignKey(
        Story,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("story"),
    )
    story_role = models.CharField(
        _("role in the story"), max_length=12, choices=StoryRole.choices, blank=True, db_default=""
    )
    story_similarity = models.FloatField(_("similarity"), null=True, blank=True, editable=False)
    story_confirmed = models.BooleanField(
        _("confirmed by an editor"),
        db_default=False,
        help_text=_(
            "The grouping never moves a confirmed article: in its story, or kept out of any."
        ),
    )
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    # Stemmed, weighted (title A, lead B, body C) with the article's own language.
    search_vector = models.GeneratedField(
        expression=models.Case(
            models.When(language="en", then=_stemmed_vector("english")),
            default=_stemmed_vector("russian"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Exact word forms, stop words kept: for pasted quotes in exact mode.
    search_exact = models.GeneratedField(
        expression=(
            _weighted("title", "A", "simple")
            + _weighted("lead", "B", "simple")
            + _weighted("body", "C", "simple")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            # Without a URL, an article is the same article when its words are the same.
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=models.Q(url_key__isnull=True),
                name="article_text_unique_without_url",
            ),
            # The article's address is its date and slug.
            models.UniqueConstraint(fields=["published_on", "slug"], name="article_day_slug"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            GinIndex(fields=["search_exact"], name="article_exact_gin"),
            models.Index(fields=["-published_on", "-id"], name="article_newest"),
            GinIndex(fields=["pair_ids"], name="article_pair_ids_gin"),
            GinIndex(fields=["country_ids"], name="article_country_ids_gin"),
            GinIndex(fields=["agreement_ids"], name="article_agreement_ids_gin"),
        ]

    def __str__(self):
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.body) if p.strip()]

    def compute_content_hash(self) -> str:
        return content_hash(self.title, self.body)

    def save(self, *args, **kwargs):
        self.content_hash = self.compute_content_hash()
        self.url_key = url_key_or_none(self.source_url)
        if not self.slug:
            self.slug = self._free_slug()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"content_hash", "slug", "url_key"}
        elif not self._state.adding:
            # The tag arrays belong to the link tables' triggers: a save of an article read
            # before its links changed must not write its stale copy back.
            skipped = {*TAG_ARRAYS, *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and not f.generated and f.attname not in skipped
            ]
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        """A slug from the title, unique among articles of the same day (the URL needs no more)."""
        base = slugify_translit(self.title, max_length=90) or "article"
        slug, n = base, 2
        same_day = Article.objects.filter(published_on=self.published_on).exclude(pk=self.pk)
        while same_day.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def get_absolute_url(self):
        d = self.published_on
        return reverse(
            "archive:article", args=[d.year, f"{d.month:02d}", f"{d.day:02d}", self.slug]
        )


def content_hash(title: str, body: str) -> str:
    """A fingerprint of an article's words, blind to white space, case and ё/е."""
    text = f"{title}\n{body}".lower().replace("ё", "е")
    text = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_key_or_none(url: str | None) -> str | None:
    """The normalised key of a source URL (archive.ingest.urls), None without a usable one."""
    if not url:
        return None
    try:
        return url_key(url)
    except ValueError:
        return None
