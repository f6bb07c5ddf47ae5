"""Alerts in the admin: saved searches (editors may name public feeds) and their subscribers.

Subscriptions are shown, searchable by address and deletable (a reader who writes in to stop),
but never added or changed here: only the reader's own confirmation link makes one.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive.alerts.searches import InvalidSearch, saved_query
from archive.models import SavedSearch, Subscription


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "query"]

    def clean_query(self):
        try:
            return saved_query(self.cleaned_data.get("query") or "")
        except InvalidSearch as error:
            raise forms.ValidationError(
                [m for problem in error.problems for m in problem["messages"]]
            ) from None


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    form = SavedSearchForm
    list_display = ["__str__", "query", "subscriber_count", "feed", "created_at"]
    search_fields = ["name", "query"]
    readonly_fields = ["token", "feed", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(subscriber_count=Count("subscriptions"))

    @admin.display(description=_("subscribers"), ordering="subscriber_count")
    def subscriber_count(self, saved):
        return saved.subscriber_count

    @admin.display(description=_("feed"))
    def feed(self, saved):
        if not saved.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', saved.feed_url(), _("Atom feed"))


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "saved_search", "language", "confirmed_at", "last_sent_at"]
    list_filter = ["language"]
    list_select_related = ["saved_search"]
    search_fields = ["email"]
    readonly_fields = [
        "saved_search",
        "email",
        "language",
        "confirmed_at",
        "created_at",
        "last_sent_at",
        "checked_until",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing stays allowed to those who may view; nobody edits a reader's consent.
        return False
