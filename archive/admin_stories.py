"""Stories in the admin: editors review the grouping, confirm it, split articles out, merge.

A story's page lists its articles inline, with how each joined and its score; ticking "split
out" takes an article out of the story for good (the grouping never puts it back), and
"confirmed" keeps an article where it is. The list's actions confirm whole stories or merge
several into one.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.models import Article, Story, StoryRole
from archive.models.stories import REPRESENTATIVE_ORDER
from archive.page_cache import bump_generation


class UnconfirmedFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("open", _("has unconfirmed articles")), ("done", _("all confirmed"))]

    def queryset(self, request, queryset):
        unconfirmed = Article.objects.filter(story__isnull=False, story_confirmed=False)
        if self.value() == "open":
            return queryset.filter(pk__in=unconfirmed.values("story"))
        if self.value() == "done":
            return queryset.exclude(pk__in=unconfirmed.values("story"))
        return queryset


class StoryMemberForm(forms.ModelForm):
    split_out = forms.BooleanField(
        label=_("split out"),
        required=False,
        help_text=_("Take the article out of this story; the grouping will not put it back."),
    )

    class Meta:
        model = Article
        fields = ["story_role", "story_confirmed"]


class StoryArticleInline(admin.TabularInline):
    model = Article
    fk_name = "story"
    form = StoryMemberForm
    fields = ["article_link", "published_on", "language", "outlet", "story_role",
              "story_similarity", "story_confirmed", "split_out"]  # fmt: skip
    readonly_fields = ["article_link", "published_on", "language", "outlet", "story_similarity"]
    extra = 0
    max_num = 0  # articles join a story by the grouping or a merge, never as new articles here
    can_delete = False  # deleting here would delete the article itself
    ordering = ["published_on", "id"]
    verbose_name = _("article of the story")
    verbose_name_plural = _("articles of the story")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet")

    @admin.display(description=_("article"))
    def article_link(self, article):
        return format_html(
            '<a href="{}" lang="{}">{}</a>', article.get_absolute_url(), article.language,
            article.title,
        )  # fmt: skip


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["story_title", "article_count", "first_day", "unconfirmed"]
    list_filter = [UnconfirmedFilter]
    search_fields = ["label", "articles__title"]
    fields = ["label"]
    inlines = [StoryArticleInline]
    actions = ["confirm", "merge"]

    def get_queryset(self, request):
        first = Article.objects.filter(story=OuterRef("pk")).order_by(*REPRESENTATIVE_ORDER)
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_title=Subquery(first.values("title")[:1]),
                size=Count("articles"),
                first_day=Min("articles__published_on"),
                open=Count("articles", filter=Q(articles__story_confirmed=False)),
            )
        )

    @admin.display(description=_("story"), ordering="first_title")
    def story_title(self, story):
        return story.label or story.first_title or "—"

    @admin.display(description=_("articles"), ordering="size")
    def article_count(self, story):
        return story.size

    @admin.display(description=_("first published"), ordering="first_day")
    def first_day(self, story):
        return story.first_day

    @admin.display(description=_("unconfirmed"), ordering="open")
    def unconfirmed(self, story):
        return story.open

    def save_formset(self, request, form, formset, change):
        """Save the inline articles; those ticked "split out" leave the story, confirmed."""
        split = []
        for member in formset.forms:
            if member.cleaned_data.get("split_out") and member.instance.pk:
                split.append(member.instance.pk)
        formset.save()
        if split:
            Article.objects.filter(pk__in=split).update(
                story=None, story_role="", story_similarity=None, story_confirmed=True
            )
            bump_generation()  # update() sends no signal: the article pages change
            messages.success(
                request,
                ngettext(
                    "%(count)d article was split out of the story.",
                    "%(count)d articles were split out of the story.",
                    len(split),
                )
                % {"count": len(split)},
            )

    @admin.action(description=_("Confirm the selected stories"), permissions=["change"])
    def confirm(self, request, queryset):
        count = Article.objects.filter(story__in=queryset).update(story_confirmed=True)
        bump_generation()
        messages.success(
            request,
            ngettext(
                "%(count)d article confirmed in its story.",
                "%(count)d articles confirmed in their stories.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Merge the selected stories into one"), permissions=["change"])
    def merge(self, request, queryset):
        stories = sorted(queryset, key=lambda s: (s.first_day or s.created_at.date(), s.pk))
        if len(stories) < 2:
            messages.error(request, _("Select at least two stories to merge."))
            return
        survivor, others = stories[0], [s.pk for s in stories[1:]]
        with transaction.atomic():
            moved = Article.objects.filter(story__in=others)
            # The others' originals are reports of the same event, not copies of the survivor's.
            moved.filter(story_role=StoryRole.ORIGINAL).update(story_role=StoryRole.RELATED)
            count = moved.update(story=survivor)
            Article.objects.filter(story=survivor).update(story_confirmed=True)
            Story.objects.filter(pk__in=others).delete()
            bump_generation()
        messages.success(
            request,
            ngettext(
                "%(count)d article moved into “%(story)s”.",
                "%(count)d articles moved into “%(story)s”.",
                count,
            )
            % {"count": count, "story": self.story_title(survivor)},
        )
