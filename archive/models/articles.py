"""Articles.

The full-text vectors are generated columns computed by PostgreSQL from each article's own
language, so no signal or save() hook has to keep them in step.
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.ingest.urls import url_key
from archive.models.agreements import Agreement
from archive.models.countries import Country, CountryPair
from archive.models.outlets import Outlet
from archive.models.querysets import ArticleManager
from archive.models.stories import Story, StoryRole
from archive.text import slugify_translit
from archive.urls_cache import article_url


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

# How much an article says, whatever the query, from 0 to 1: the agreements it is tagged with
# (up to three), a focus on one or two pairs, the length of its text (400 characters count
# nothing, 6,000 or more count in full, on a log scale) and a lead. Relevance ranking takes
# the best matches by it into its candidates, beside the newest (archive/search/ranking.py).
# A generated column, so the link tables' triggers that rewrite the tag arrays keep it true.
STATIC_RANK_SQL = (
    "(0.4 * least(cardinality(agreement_ids), 3) / 3"
    " + 0.2 * (cardinality(pair_ids) BETWEEN 1 AND 2)::int"
    " + 0.3 * least(greatest(ln(length(body) + 1.0) - ln(400.0), 0) / ln(15.0), 1)"
    " + 0.1 * (lead <> '')::int)::real"
)
TITLE_VECTOR_SQL = "to_tsvector('russian'::regconfig, replace(title::text, 'ё', 'е'))"
# An article's day number (days since DAY_ZERO) and its day, month and year keys
# (`archive_date_keys`, migration 0018), as the full-text index holds them: a word's newest
# span and a range of dates are found by them (archive/search/ranking.py, datekeys.py).
DAY_ZERO = datetime.date(2000, 1, 1)
DAY_NUMBER = models.Func(
    models.F("published_on"),
    template="(%(expressions)s - DATE '2000-01-01')",
    output_field=models.IntegerField(),
)
DATE_KEYS = models.Func(
    models.F("published_on"),
    function="archive_date_keys",
    output_field=ArrayField(models.IntegerField()),
)
# The articles at or above this static rank (about one in twenty) have their own full-text
# index, so the best-ranked matches of a common word are found without reading them all.
PROMINENT_RANK = 0.7


class SourceStatus(models.TextChoices):
    """What the last check of an article's source URL found (manage.py check_sources)."""

    OK = "ok", _("available")
    MOVED = "moved", _("moved to another address")
    GONE = "gone", _("no longer available")
    UNREACHABLE = "unreachable", _("unreachable")
    BLOCKED = "blocked", _("does not let the archive check it")
    ERROR = "error", _("answered with an error")


# A source that failed this many checks in a row (not found, or its host unknown) is dead.
DEAD_AFTER_FAILURES = 2


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
    # Provenance (migration 0010): nullable and without defaults, so adding them rewrites no
    # row of a million-row table; NULL is "not recorded" (articles imported before them).
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True, editable=False)
    captured_hash = models.CharField(  # noqa: DJ001
        _("captured text hash"), max_length=64, null=True, blank=True, editable=False
    )
    source_checked_at = models.DateTimeField(_("source last checked"), null=True, blank=True)
    source_status = models.CharField(  # noqa: DJ001
        _("source status"), max_length=12, choices=SourceStatus.choices, null=True, blank=True
    )
    source_http_status = models.SmallIntegerField(_("HTTP status"), null=True, blank=True)
    # Failed checks in a row (not found, unreachable): DEAD_AFTER_FAILURES make it dead.
    source_failures = models.SmallIntegerField(_("failed checks"), null=True, blank=True)
    source_final_url = models.URLField(  # noqa: DJ001
        _("address after redirects"), max_length=1000, null=True, blank=True
    )
    archived_copy_url = models.URLField(  # noqa: DJ001
        _("archived copy"),
        max_length=1000,
        null=True,
        blank=True,
        help_text=_("A copy of the source page in a web archive (such as web.archive.org)."),
    )
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

    static_rank = models.GeneratedField(
        expression=RawSQL(STATIC_RANK_SQL, (), output_field=models.FloatField()),  # noqa: S611 - a constant
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("static rank"),
    )

    # The title's stems, stored: a walk in static-rank order tests it at a microsecond a row,
    # where stemming each title again cost nine (archive/search/ranking.py).
    title_vector = models.GeneratedField(
        expression=RawSQL(TITLE_VECTOR_SQL, (), output_field=SearchVectorField()),  # noqa: S611 - a constant
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("title stems"),
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
            # Words, tag arrays, day number (btree_gin) and date keys in one index: a word
            # meets a pair, its newest days or a range of dates in one scan (see
            # docs/search-design.md); open-ended ranges keep to the date's B-tree index.
            GinIndex(
                models.F("search_vector"),
                models.F("pair_ids"),
                models.F("country_ids"),
                models.F("agreement_ids"),
                DAY_NUMBER,
                DATE_KEYS,
                name="article_search_dates_gin",
            ),
            GinIndex(fields=["search_exact"], name="article_exact_gin"),
            models.Index(fields=["-published_on", "-id"], name="article_newest"),
            GinIndex(fields=["pair_ids"], name="article_pair_ids_gin"),
            GinIndex(fields=["country_ids"], name="article_country_ids_gin"),
            GinIndex(fields=["agreement_ids"], name="article_agreement_ids_gin"),
            models.Index(
                fields=["-static_rank", "-published_on", "-id"], name="article_static_rank"
            ),
            GinIndex(fields=["title_vector"], name="article_title_vector_gin"),
            GinIndex(
                fields=["search_vector"],
                name="article_prominent_gin",
                condition=models.Q(static_rank__gte=PROMINENT_RANK),
            ),
            # The best title matches of a word come from the prominent ones first
            # (archive/search/ranking.py `best_ids`).
            GinIndex(
                fields=["title_vector"],
                name="article_prominent_title_gin",
                condition=models.Q(static_rank__gte=PROMINENT_RANK),
            ),
            # The review queue (archive/admin_review.py): few rows, counted on the admin home.
            models.Index(
                fields=["-published_on"],
                condition=models.Q(date_needs_review=True),
                name="article_date_review",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.body) if p.strip()]

    @property
    def source_is_dead(self) -> bool:
        """Whether the source page is gone for good: 404/410 or an unknown host, repeatedly."""
        failing = self.source_status in (SourceStatus.GONE, SourceStatus.UNREACHABLE)
        return failing and (self.source_failures or 0) >= DEAD_AFTER_FAILURES

    @property
    def text_changed_since_capture(self) -> bool:
        """Whether an editor has changed the words since the text was captured."""
        if not self.captured_hash:
            return False
        return captured_text_hash(self.title, self.lead, self.body) != self.captured_hash

    def compute_content_hash(self) -> str:
        return content_hash(self.title, self.body)

    def save(self, *args, **kwargs):
        self.content_hash = self.compute_content_hash()
        self.url_key = url_key_or_none(self.source_url)
        if not self.slug:
            self.slug = self._free_slug()
        if self._state.adding and not self.captured_hash:
            # Typed in by an editor: captured now, as written.
            self.captured_at = self.captured_at or timezone.now()
            self.captured_hash = captured_text_hash(self.title, self.lead, self.body)
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
        return article_url(self.published_on, self.slug)


def content_hash(title: str, body: str) -> str:
    """A fingerprint of an article's words, blind to white space, case and ё/е."""
    text = f"{title}\n{body}".lower().replace("ё", "е")
    text = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def captured_text_hash(title: str, lead: str, body: str) -> str:
    """SHA-256 of the text exactly as captured: title, lead and body joined by blank lines
    ("\\n\\n"), in UTF-8, so anyone can recompute it from the article's JSON."""
    text = f"{title}\n\n{lead or ''}\n\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_key_or_none(url: str | None) -> str | None:
    """The normalised key of a source URL (archive.ingest.urls), None without a usable one."""
    if not url:
        return None
    try:
        return url_key(url)
    except ValueError:
        return None
