"""The editorial tool: Concord's Django admin for articles, outlets, countries and agreements.

Article search in the admin is the readers' full-text search (`ArticleQuerySet.search`), so an
editor finds what a reader would. Editors belong to the "Editors" group (migration 0003).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Count, Prefetch
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from archive.admin_bulk import add_tag, remove_tag
from archive.admin_forms import (
    AgreementAdminForm,
    ArticleAdminForm,
    CountryAdminForm,
    CountryPairAdminForm,
    OutletAdminForm,
)
from archive.admin_merge import merge_selected
from archive.admin_review import ReviewFilter, mark_checked, mark_date_reviewed
from archive.models import Agreement, Article, Country, CountryPair, Outlet
from archive.review import translated_notes
from archive.search import page as pages
from archive.search import results as search_results
from archive.search.criteria import Criteria
from archive.views import editorial

admin.site.site_header = _("Concord editorial")
admin.site.site_title = _("Concord editorial")
admin.site.index_title = _("Editorial desk")

# When and what was captured, and what the last check of the source found: facts, not edits.
PROVENANCE_FACTS = [
    "captured_at",
    "captured_hash",
    "source_checked_at",
    "source_status",
    "source_http_status",
    "source_failures",
    "source_final_url",
]
# How many mentioning articles an agreement's page lists before pointing to the full list.
MENTIONS_SHOWN = 50
# The admin lists this many of a search's results, best first (the site pages through fewer).
ADMIN_SEARCH_RESULTS = 1000


# --- Filters that name things in the editor's language -----------------------------------------


class LanguageFilter(admin.SimpleListFilter):
    """The article's language, named in the editor's language («русский»)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.ARTICLE_LANGUAGES

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class NamedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """Only the related objects in use, each named by its str() (in the editor's language),
    with the rows `related` names read in the same query."""

    related = ()

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        objects = field.related_model._default_manager.filter(pk__in=used)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            objects = objects.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in objects.select_related(*self.related)]


class PairFilter(NamedRelatedFilter):
    related = ("first", "second")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "published_on",
        "date_flag",
        "language_name",
        "outlet",
        "pair_names",
    ]
    list_filter = [
        LanguageFilter,
        ("outlet", admin.RelatedOnlyFieldListFilter),
        ("pairs", PairFilter),
        ("agreements", NamedRelatedFilter),
        "date_needs_review",
        "date_origin",
        "source_status",
        ReviewFilter,
    ]
    # Tagging in bulk (archive/admin_bulk.py) and the date queue (archive/admin_review.py).
    actions = [add_tag, remove_tag, mark_date_reviewed]
    list_select_related = ["outlet"]
    date_hierarchy = "published_on"
    # Only shows the search box: get_search_results below does the searching.
    search_fields = ["title"]
    search_help_text = _("Full-text search, as on the site: words, “quoted phrases”, -excluded.")
    autocomplete_fields = ["outlet", "countries", "pairs", "agreements"]
    readonly_fields = [
        "content_hash",
        "created_by",
        "created_at",
        "updated_at",
        "date_origin",
        "why_review",
        # Provenance facts: the importer and check_sources record them.
        *PROVENANCE_FACTS,
        "story_link",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "published_on",
                    "date_needs_review",
                    "date_origin",
                    "why_review",
                    "language",
                    "outlet",
                    "source_url",
                ]
            },
        ),
        (_("Tags"), {"fields": ["countries", "pairs", "agreements"]}),
        (_("Provenance"), {"fields": [*PROVENANCE_FACTS, "archived_copy_url"]}),
        (_("Story"), {"fields": ["story_link"]}),
        (
            _("Record"),
            {
                "fields": ["created_by", "created_at", "updated_at", "content_hash"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        pairs = CountryPair.objects.select_related("first", "second")
        return super().get_queryset(request).prefetch_related(Prefetch("pairs", pairs))

    @admin.display(description=_("why it needs review"))
    def why_review(self, article):
        notes = translated_notes(article.review_note)
        return format_html_join("", "<p>{}</p>", ((note,) for note in notes)) or "—"

    @admin.display(description=_("story"))
    def story_link(self, article):
        # The story's own page in the admin (archive/admin_stories.py) lists its articles.
        if article.story_id is None:
            return "—"
        url = reverse("admin:archive_story_change", args=[article.story_id])
        return format_html('<a href="{}">{}</a>', url, article.get_story_role_display() or "—")

    @admin.display(description=_("date needs review"), ordering="date_needs_review")
    def date_flag(self, article):
        # The admin's own boolean icon says "True" to a screen reader in any language.
        if not article.date_needs_review:
            return ""
        text = _("date needs review")
        return format_html(
            '<img src="{}" alt="{}" title="{}">', static("admin/img/icon-alert.svg"), text, text
        )

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, article):
        return article.get_language_display() or "—"

    @admin.display(description=_("pairs"))
    def pair_names(self, article):
        return ", ".join(map(str, article.pairs.all())) or "—"

    def get_search_results(self, request, queryset, search_term):
        """Full-text search over the index; an empty query leaves the list as it was."""
        if not search_term.strip():
            return queryset, False
        criteria = Criteria(q=search_term, sort="relevance")
        if not criteria.has_query:
            return queryset.none(), False
        try:
            # The same search as readers', best first, bounded as theirs is.
            ids = search_results.ordered_ids(criteria, ADMIN_SEARCH_RESULTS)
        except search_results.TooSlow:
            messages.error(
                request,
                _("This search took too long to answer. Add a word or a filter, or sort by date."),
            )
            return queryset.none(), False
        results = queryset.filter(id__in=ids).alias(position=pages.position_in(ids))
        if ORDER_VAR in request.GET:
            # A column the editor clicked outranks relevance.
            return results.order_by(*queryset.query.order_by), False
        return results.order_by("position"), False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and "published_on" in form.changed_data:
            obj.date_origin = Article.DateOrigin.EDITOR
        if not obj.date_needs_review and obj.review_note:
            # The editor settled the importer's doubt: the date is theirs now.
            obj.review_note = ""
            obj.date_origin = Article.DateOrigin.EDITOR
        super().save_model(request, obj, form, change)

    def get_urls(self):
        paste = path(
            "paste/",
            self.admin_site.admin_view(self.paste_view),
            name="archive_article_paste",
        )
        return [paste, *super().get_urls()]

    def paste_view(self, request):
        return editorial.paste_article(request, self)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    form = OutletAdminForm
    list_display = ["name", "domain", "country_name", "article_count"]
    list_filter = [("country", NamedRelatedFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "domain", "aliases__icontains"]
    autocomplete_fields = ["country"]
    actions = [merge_selected]  # archive/admin_merge.py

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count

    @admin.display(description=_("country"), ordering="country__name_en")
    def country_name(self, outlet):
        return str(outlet.country) if outlet.country else "—"


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    form = CountryAdminForm
    list_display = ["code", "name_en", "name_ru", "form_list"]
    search_fields = ["code", "name_en", "name_ru"]
    ordering = ["name_en"]

    @admin.display(description=_("recognised forms"))
    def form_list(self, country):
        # Generated forms run to a hundred per country; the change page shows them all.
        shown = ", ".join(country.forms[:8])
        return f"{shown}, … ({len(country.forms)})" if len(country.forms) > 8 else shown


@admin.register(CountryPair)
class CountryPairAdmin(admin.ModelAdmin):
    form = CountryPairAdminForm
    list_display = ["name", "article_count"]
    list_select_related = ["first", "second"]
    search_fields = [
        "code",
        "first__name_en",
        "first__name_ru",
        "second__name_en",
        "second__name_ru",
    ]
    autocomplete_fields = ["first", "second"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def get_readonly_fields(self, request, obj=None):
        # A pair's countries are its identity: a different pair is a new row, not an edit.
        return ["first", "second"] if obj else []

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, pair):
        return pair.article_count

    @admin.display(description=_("country pair"))
    def name(self, pair):
        return str(pair)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementAdminForm
    list_display = ["name", "kind", "status", "signed_on", "party_names", "article_count"]
    list_filter = ["kind", "status", ("parties", NamedRelatedFilter)]
    search_fields = ["name_ru", "name_en", "aliases__icontains", "slug"]
    autocomplete_fields = ["parties"]
    # Meta.ordering does not apply once the list is annotated with counts (GROUP BY): without
    # this, the autocomplete of agreements (events, articles) pages an unordered list.
    ordering = ["-signed_on", "name_en", "name_ru", "pk"]
    actions = [merge_selected, mark_checked]  # archive/admin_merge.py, admin_review.py
    readonly_fields = ["mentioned_in"]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "slug", "aliases"]}),
        (
            _("Signing"),
            {
                "fields": [
                    "kind",
                    "status",
                    "parties",
                    "party_organisations",
                    "signed_on",
                    "signed_place",
                ]
            },
        ),
        (_("Articles that mention it"), {"fields": ["mentioned_in"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles", distinct=True))
            .prefetch_related("parties")
        )

    @admin.display(description=_("agreement"))
    def name(self, agreement):
        return str(agreement)

    @admin.display(description=_("parties"))
    def party_names(self, agreement):
        return ", ".join(map(str, agreement.parties.all())) or "—"

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, agreement):
        return agreement.article_count

    @admin.display(description=_("articles"))
    def mentioned_in(self, agreement):
        if agreement.pk is None:
            return "—"
        articles = Article.objects.with_tag_ids(agreement_ids=[agreement.pk]).newest()
        shown = list(articles[:MENTIONS_SHOWN])
        if not shown:
            return _("No article mentions it yet.")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {}</li>',
            (
                (reverse("admin:archive_article_change", args=[a.pk]), a.title, a.published_on)
                for a in shown
            ),
        )
        all_link = format_html(
            '<a href="{}?agreements__id__exact={}">{}</a>',
            reverse("admin:archive_article_changelist"),
            agreement.pk,
            _("All articles that mention it"),
        )
        return format_html("<ul>{}</ul><p>{}</p>", items, all_link)


# The register of names, alerts, events and stories have admin modules of their own;
# importing them registers them.
import archive.admin_alerts  # noqa: E402, F401
import archive.admin_events  # noqa: E402, F401
import archive.admin_names  # noqa: E402, F401
import archive.admin_stories  # noqa: E402, F401
