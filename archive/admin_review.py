"""The review queue: what the importer was unsure of, counted on the admin home page.

Two things are flagged by the importer. An article's date when it was read or guessed rather
than given, or when the text contradicts it (`date_needs_review`, with the reasons in its
review note). And each agreement it added to the register itself, with the status
"proposed": the editor checks it is a real, distinct document (merging it into an entry if
it is a duplicate) and gives its status. Articles naming such an agreement form a third list.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive import admin_action_page
from archive.models import Agreement, Article
from archive.page_cache import bump_generation

PROPOSED = Agreement.Status.PROPOSED


def names_unchecked_agreement():
    """The condition "the article names an agreement no editor has checked yet"."""
    links = Article.agreements.through.objects.filter(
        article_id=OuterRef("pk"), agreement__status=PROPOSED
    )
    return Exists(links)


class ReviewFilter(admin.SimpleListFilter):
    """The article list's review queues."""

    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("date", gettext_lazy("date needs review")),
            ("agreements", gettext_lazy("names an unchecked agreement")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "date":
            return queryset.filter(date_needs_review=True)
        if self.value() == "agreements":
            return queryset.filter(names_unchecked_agreement())
        return queryset


def queues() -> list[dict]:
    """Each queue with its size and the admin list that holds it."""
    articles = reverse("admin:archive_article_changelist")
    agreements = reverse("admin:archive_agreement_changelist")
    return [
        {
            "name": _("Dates to review"),
            "count": Article.objects.filter(date_needs_review=True).count(),
            "url": f"{articles}?review=date",
        },
        {
            "name": _("Agreements to check"),
            "count": Agreement.objects.filter(status=PROPOSED).count(),
            "url": f"{agreements}?status__exact={PROPOSED}",
        },
        {
            "name": _("Articles naming an unchecked agreement"),
            "count": Article.objects.filter(names_unchecked_agreement()).count(),
            "url": f"{articles}?review=agreements",
        },
    ]


def _log(user, entries, message: str) -> None:
    LogEntry.objects.log_actions(user.pk, entries, CHANGE, change_message=message)


@admin.action(permissions=["change"], description=gettext_lazy("Mark the dates as reviewed"))
def mark_date_reviewed(modeladmin, request, queryset):
    """The editor has checked these dates: they are the editor's now, as on the change form."""
    with transaction.atomic():
        ids = queryset.filter(date_needs_review=True).order_by().values_list("pk", flat=True)
        flagged = list(Article.objects.filter(pk__in=list(ids)).only("pk", "title"))
        Article.objects.filter(pk__in=[a.pk for a in flagged]).update(
            date_needs_review=False, review_note="", date_origin=Article.DateOrigin.EDITOR
        )
        if flagged:
            _log(request.user, flagged, _("Marked the date as reviewed."))
            bump_generation()
    modeladmin.message_user(
        request,
        ngettext(
            "Marked %(count)d date as reviewed.",
            "Marked %(count)d dates as reviewed.",
            len(flagged),
        )
        % {"count": len(flagged)},
        messages.SUCCESS,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=[c for c in Agreement.Status.choices if c[0] != PROPOSED],
        initial=Agreement.Status.SIGNED,
    )


@admin.action(permissions=["change"], description=gettext_lazy("Mark as checked…"))
def mark_checked(modeladmin, request, queryset):
    """Give the selected proposed agreements the status the editor found."""
    proposed = queryset.filter(status=PROPOSED).order_by()
    form = StatusForm(request.POST if admin_action_page.stage(request) else None)
    if not form.is_valid():
        count = proposed.count()
        return admin_action_page.render(
            request,
            modeladmin,
            action="mark_checked",
            title=_("Mark agreements as checked"),
            next_stage="apply",
            summary=[
                ngettext(
                    "%(count)d of the selected agreements awaits checking; give its status.",
                    "%(count)d of the selected agreements await checking; give their status.",
                    count,
                )
                % {"count": count}
            ],
            entries=[{"text": str(a)} for a in proposed[: admin_action_page.LISTED]],
            more=max(0, count - admin_action_page.LISTED),
            form=form,
            submit_label=_("Mark as checked"),
        )
    status = form.cleaned_data["status"]
    with transaction.atomic():
        ids = list(proposed.values_list("pk", flat=True))
        # Read again without the list's counts: a locking read cannot be grouped.
        checked = list(Agreement.objects.filter(pk__in=ids, status=PROPOSED).select_for_update())
        Agreement.objects.filter(pk__in=[a.pk for a in checked]).update(status=status)
        if checked:
            label = Agreement.Status(status).label
            _log(request.user, checked, _("Checked; status: %(status)s.") % {"status": label})
            bump_generation()
    modeladmin.message_user(
        request,
        ngettext(
            "Marked %(count)d agreement as checked.",
            "Marked %(count)d agreements as checked.",
            len(checked),
        )
        % {"count": len(checked)},
        messages.SUCCESS,
    )
    return None
