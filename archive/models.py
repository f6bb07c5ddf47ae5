"""Concord's data: articles, the outlets that publish them, countries, country pairs, agreements.

Country pairs are unordered: one row per pair, its code made of the two ISO codes in
alphabetical order (`BY-CN`), so BY–CN and CN–BY are the same tag. The full-text vectors are
generated columns computed by PostgreSQL from each article's own language, so no signal or
save() hook has to keep them in step.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Replace, TruncDay, TruncMonth, TruncYear
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.ingest.urls import url_key
from archive.text import slugify_translit

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
    # --- Natural keys (importer issue): fixtures name countries by ISO code -----------------
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
        return reverse("archive:country", args=[self.code])


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

    # --- Browsing (browsing issue) ---------------------------------------------------------------
    def covered(self):
        """Pairs with at least one article, annotated with `article_count`, most covered first."""
        # Counted on the link table for each pair, not grouped over pairs joined to their
        # articles: that GROUP BY carried both countries' wide rows through a sort of every link.
        links = Article.pairs.through.objects.filter(countrypair_id=models.OuterRef("pk"))
        return (
            self.select_related("first", "second")
            .filter(models.Exists(links))
            .annotate(article_count=_count_of(links))
            .order_by("-article_count", "code")
        )


def _count_of(rows: models.QuerySet) -> models.Subquery:
    """The number of `rows` (a queryset that refers to its outer row) as an integer subquery."""
    # COUNT without GROUP BY: one row even when nothing links, so the count is 0, not NULL.
    return models.Subquery(
        rows.order_by().annotate(n=models.Func(models.Value(1), function="COUNT")).values("n"),
        output_field=models.IntegerField(),
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
        return reverse("archive:pair", args=[self.code])


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
        return reverse("archive:source", args=[self.slug])


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


class AgreementQuerySet(models.QuerySet):
    # --- Natural keys (importer issue): the register fixture is keyed by slug --------------
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    # --- Browsing (browsing issue) ---------------------------------------------------------------
    def between(self, first, second):
        """Agreements whose parties include both countries (either may have more partners)."""
        return self.filter(parties=first).filter(parties=second)

    def with_article_counts(self):
        # A count per agreement on the link table, so listings are not grouped over every link.
        links = Article.agreements.through.objects.filter(agreement_id=models.OuterRef("pk"))
        return self.annotate(article_count=_count_of(links))

    def by_signing_date(self, oldest_first: bool = False):
        """Ordered by signing date; agreements with no known date come last either way."""
        signed = models.F("signed_on")
        order = signed.asc(nulls_last=True) if oldest_first else signed.desc(nulls_last=True)
        return self.order_by(order, "name_en", "name_ru", "pk")


class Agreement(models.Model):
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
    name_ru = models.CharField(_("name in Russian"), max_length=500, blank=True)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
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

    def name(self, language: str = "en") -> str:
        if language.startswith("ru"):
            return self.name_ru or self.name_en
        return self.name_en or self.name_ru

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Agreement, self.name_en or self.name_ru, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:agreement", args=[self.slug])


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


class ArticleQuerySet(models.QuerySet):
    def search(self, query: str, exact: bool = False):
        """Articles matching a websearch-style query, best first (see archive.search).

        Quotes of any kind, `or`, `-word`; ё = е; `exact` makes quoted phrases match exact forms.
        """
        from archive.search.engine import Criteria, ordered

        criteria = Criteria(q=query or "", exact=exact, sort="relevance")
        if not criteria.has_query:
            return self.none()
        return ordered(self, criteria)

    def for_pair(self, a: str, b: str | None = None):
        # By the pair's id, not a join on its code: the planner then knows how common the
        # pair is (a join on the code underestimated BY-CN a hundredfold).
        code = canonical_pair_code(a, b)
        pair_ids = list(CountryPair.objects.filter(code=code).values_list("id", flat=True))
        through = Article.pairs.through.objects.filter(
            article_id=models.OuterRef("pk"), countrypair_id__in=pair_ids
        )
        return self.filter(models.Exists(through))

    def newest(self):
        return self.order_by("-published_on", "-id")

    # --- Browsing (browsing issue) ---------------------------------------------------------------
    def narrowed(self, pair: str = "", language: str = ""):
        """Articles of one canonical pair code and/or one language; an empty value narrows nothing."""
        qs = self
        if pair:
            qs = qs.filter(pairs__code=pair)
        if language:
            qs = qs.filter(language=language)
        return qs

    def about_country(self, code: str):
        """Articles tagged with the country itself or with any pair it belongs to."""
        # Two semi-joins on the link tables, not one OR over joined rows (which needs DISTINCT).
        by_country = Article.countries.through.objects.filter(country__code=code)
        by_pair = Article.pairs.through.objects.filter(
            models.Q(countrypair__first__code=code) | models.Q(countrypair__second__code=code)
        )
        return self.filter(
            models.Q(pk__in=by_country.values("article_id"))
            | models.Q(pk__in=by_pair.values("article_id"))
        )

    def counts_by(self, period: str) -> list[tuple]:
        """(first day of the period, article count) for each "year", "month" or "day", oldest first."""
        trunc = {"year": TruncYear, "month": TruncMonth, "day": TruncDay}[period]
        return list(
            self.order_by()
            .annotate(period=trunc("published_on"))
            .values("period")
            .annotate(n=models.Count("pk"))
            .order_by("period")
            .values_list("period", "n")
        )

    def coverage(self) -> list[tuple]:
        """(first day of month, language, outlet id, article count) rows, from one pass.

        A hub page sums these into its chart, language and outlet counts rather than scanning
        the same articles three times.
        """
        return list(
            self.order_by()
            .annotate(month=TruncMonth("published_on"))
            .values("month", "language", "outlet_id")
            .annotate(n=models.Count("pk"))
            .values_list("month", "language", "outlet_id", "n")
        )

    def counts_of(self, field: str) -> list[tuple]:
        """(value, article count) for one field such as "language", most frequent first."""
        return list(
            self.order_by()
            .values(field)
            .annotate(n=models.Count("pk"))
            .order_by("-n", field)
            .values_list(field, "n")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles without their stored search vectors, which nothing displays.

    The two vectors are several kilobytes each, stored apart and compressed; loading them
    with every article read and decompressed them for nothing (20 results: 40 vectors).
    The search reads them inside PostgreSQL; `.only()` or `.defer(None)` still load them.
    """

    def get_queryset(self):
        return super().get_queryset().defer("search_vector", "search_exact")


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
    # database triggers (migration 0009): search filters and counts tags on the article row
    # itself, through GIN indexes, without a join per tag.
    pair_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    country_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    agreement_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
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


def unique_slug(model, text: str, pk=None, max_length: int = 100) -> str:
    """A slug from `text` no other row of `model` has: the text's own, else the first free
    "-2", "-3" … (read in one query, however many rows share the start)."""
    base = slugify_translit(text, max_length=max_length) or model._meta.model_name
    stem = base[: max_length - 4]
    taken = set(
        model.objects.filter(slug__startswith=stem).exclude(pk=pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{stem}-{n}"
        n += 1
    return slug
