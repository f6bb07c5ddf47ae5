"""The admin action that merges duplicate agreements (or outlets) into the one the editor keeps.

The editor ticks two or more entries and picks "Merge the selected …": a page lists them with
their articles and asks which one stays; the others' links move to it and their pages
redirect to it (archive.merging). Only editors who may change both the entries and the
articles merge: the links of articles move.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive import admin_action_page, merging
from archive.models import Article, SlugRedirect

MOST = 10  # more entries at once are a sign of a wrong selection, not of duplicates


class SurvivorForm(forms.Form):
    survivor = forms.TypedChoiceField(
        label=gettext_lazy("Keep"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(entry.pk, _label(entry)) for entry in entries]


def _label(entry) -> str:
    count = Article.objects.filter(**{_article_field(entry): entry.pk}).count()
    articles = ngettext("%(count)d article", "%(count)d articles", count) % {"count": count}
    return f"{entry} — {entry.slug} — {articles}"


def _article_field(entry) -> str:
    return "outlet" if entry._meta.model_name == "outlet" else "agreements"


def _may_merge(modeladmin, request) -> bool:
    return modeladmin.has_change_permission(request) and request.user.has_perm(
        "archive.change_article"
    )


@admin.action(permissions=["change"], description=gettext_lazy("Merge the selected entries…"))
def merge_selected(modeladmin, request, queryset):
    """Choose the entry that stays, then merge the others into it."""
    if not _may_merge(modeladmin, request):
        raise PermissionDenied
    entries = list(queryset.order_by("pk")[: MOST + 1])
    if not 2 <= len(entries) <= MOST:
        modeladmin.message_user(
            request,
            _("Select between 2 and %(most)d entries to merge.") % {"most": MOST},
            messages.WARNING,
        )
        return None
    form = SurvivorForm(request.POST if admin_action_page.stage(request) else None, entries=entries)
    if form.is_valid():
        survivor = next(e for e in entries if e.pk == form.cleaned_data["survivor"])
        losers = [e for e in entries if e.pk != survivor.pk]
        try:
            report = merging.merge(survivor, losers, request.user)
        except IntegrityError:
            modeladmin.message_user(
                request,
                _(
                    "These entries could not be merged: another record holds both. Nothing was changed."
                ),
                messages.ERROR,
            )
            return None
        modeladmin.message_user(
            request,
            _("Merged %(slugs)s into “%(survivor)s”; their old addresses redirect to it.")
            % {"slugs": ", ".join(report.slugs), "survivor": survivor},
            messages.SUCCESS,
        )
        return None
    opts = modeladmin.model._meta
    return admin_action_page.render(
        request,
        modeladmin,
        action="merge_selected",
        title=_("Merge %(entries)s") % {"entries": opts.verbose_name_plural},
        next_stage="apply",
        summary=[
            _(
                "Choose the entry to keep. The others’ links move to it, their names become "
                "its other names, their pages redirect to it, and they are deleted."
            )
        ],
        form=form,
        submit_label=_("Merge"),
    )


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """The old addresses merges left behind: read-only, written by merges alone."""

    list_display = ["old_slug", "kind", "target", "created_at"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("redirects to"))
    def target(self, redirect):
        entry = SlugRedirect.objects.target(redirect.kind, redirect.old_slug)
        if entry is None:
            return "—"
        return format_html('<a href="{}">{}</a>', entry.get_absolute_url(), entry)
