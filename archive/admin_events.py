"""Events in the admin: the importer's proposals checked, confirmed or rejected, and curated."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin_forms import has_a_name
from archive.admin_merge import merge_selected
from archive.models import Event


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "name_ru",
            "name_en",
            "slug",
            "kind",
            "status",
            "start_on",
            "end_on",
            "place",
            "place_country",
            "countries",
            "agreements",
            "articles",
            "notes",
        ]
        help_texts = {"slug": _("Left blank, it is made from the name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        """A name in at least one language, and an end no earlier than the start: the
        database refuses either, so the editor is told here instead."""
        cleaned = super().clean()
        if not has_a_name(cleaned):
            raise forms.ValidationError(_("Give the event a name in Russian or in English."))
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The event cannot end before it starts."))
        slug = cleaned.get("slug")
        if slug and Event.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            self.add_error("slug", _("Another event already has this slug."))
        return cleaned


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "name",
        "kind",
        "status",
        "start_on",
        "place",
        "country_names",
        "document_count",
        "article_count",
    ]
    list_filter = ["status", "kind", "start_on"]
    date_hierarchy = "start_on"
    search_fields = ["name_ru", "name_en", "place", "slug", "notes"]
    autocomplete_fields = ["place_country", "countries", "agreements", "articles"]
    actions = ["confirm", "reject", merge_selected]  # merging: archive/admin_merge.py
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "slug", "kind", "status"]}),
        (_("When and where"), {"fields": ["start_on", "end_on", "place", "place_country"]}),
        (_("Who and what"), {"fields": ["countries", "agreements", "articles", "notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                document_count=Count("agreements", distinct=True),
                article_count=Count("articles", distinct=True),
            )
            .prefetch_related("countries")
        )

    @admin.display(description=_("event"))
    def name(self, event):
        return str(event)

    @admin.display(description=_("countries"))
    def country_names(self, event):
        return ", ".join(map(str, event.countries.all())) or "—"

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, event):
        return event.document_count

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, event):
        return event.article_count

    @admin.action(
        description=_("Confirm the selected events (shown to readers)"), permissions=["change"]
    )
    def confirm(self, request, queryset):
        self._set_status(request, queryset, Event.Status.CONFIRMED)

    @admin.action(
        description=_("Reject the selected events (never proposed again)"), permissions=["change"]
    )
    def reject(self, request, queryset):
        self._set_status(request, queryset, Event.Status.REJECTED)

    def _set_status(self, request, queryset, status):
        # One save per event, so the admin's history records who changed it, and the pages
        # readers see are refreshed (each save bumps the page cache's generation).
        events = list(queryset.exclude(status=status))
        for event in events:
            event.status = status
            event.save(update_fields=["status", "updated_at"])
            self.log_change(request, event, [{"changed": {"fields": ["status"]}}])
        message = ngettext(
            "%(count)d event is now “%(status)s”.",
            "%(count)d events are now “%(status)s”.",
            len(events),
        ) % {"count": len(events), "status": Event.Status(status).label}
        self.message_user(request, message, messages.SUCCESS)
