"""Admin actions that tag the selected articles (or all that match the search) in one go.

The editor searches and filters the article list, ticks articles or Django's "select all N",
and picks "Add a tag…" or "Remove a tag…": a page asks which agreement, pair or country, a
second says how many articles it will change, and only then are they written
(archive.bulk_tags). A search selects at most the admin's ADMIN_SEARCH_RESULTS best matches,
as its list shows.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive import admin_action_page, bulk_tags
from archive.models import Agreement, Article, Country, CountryPair, Event

# Form field → the model of its tag.
TAG_FIELDS = {"agreement": Agreement, "pair": CountryPair, "country": Country, "event": Event}


class TagChoiceForm(forms.Form):
    """One tag to add or remove: an agreement, a country pair, a country or an event."""

    agreement = forms.ModelChoiceField(
        Agreement.objects.order_by("name_en", "name_ru"), required=False
    )
    pair = forms.ModelChoiceField(
        CountryPair.objects.select_related("first", "second"), required=False
    )
    country = forms.ModelChoiceField(Country.objects.all(), required=False)
    event = forms.ModelChoiceField(Event.objects.order_by("-start_on", "pk"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain selects, not the admin's autocompletes: they work without scripts and name
        # themselves to a screen reader.
        self.fields["agreement"].label = gettext_lazy("agreement")
        self.fields["pair"].label = gettext_lazy("country pair")
        self.fields["country"].label = gettext_lazy("country")
        self.fields["event"].label = gettext_lazy("event")

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned[name] for name in TAG_FIELDS if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("Choose one agreement, one country pair, one country or one event."),
                code="one_tag",
            )
        cleaned["tag"] = chosen[0]
        return cleaned


def _article_ids(queryset) -> list[int]:
    return sorted(set(queryset.order_by().values_list("pk", flat=True)))


def _tag_action(modeladmin, request, queryset, *, adding: bool):
    """Choose the tag, confirm with the counts, then write."""
    action = "add_tag" if adding else "remove_tag"
    step = admin_action_page.stage(request)
    form = TagChoiceForm(request.POST if step else None)
    ids = _article_ids(queryset)
    if step and form.is_valid():
        tag = form.cleaned_data["tag"]
        if step == "apply":
            return _apply(modeladmin, request, tag, ids, adding)
        return _confirm(modeladmin, request, action, tag, ids, adding)
    title = _("Add a tag to articles") if adding else _("Remove a tag from articles")
    summary = ngettext(
        "%(count)d article is selected.", "%(count)d articles are selected.", len(ids)
    ) % {"count": len(ids)}
    return admin_action_page.render(
        request,
        modeladmin,
        action=action,
        title=title,
        next_stage="confirm",
        summary=[summary],
        form=form,
        submit_label=_("Continue"),
    )


def _confirm(modeladmin, request, action, tag, ids, adding: bool):
    links = bulk_tags.LinkTable.of(type(tag))
    having = links.holding([tag.pk], ids).count()
    changing = len(ids) - having if adding else having
    named = {"kind": tag._meta.verbose_name, "tag": tag, "count": len(ids), "changing": changing}
    if adding:
        title = _("Add %(kind)s “%(tag)s”") % named
        summary = [
            ngettext(
                "Add %(kind)s “%(tag)s” to %(count)d article?",
                "Add %(kind)s “%(tag)s” to %(count)d articles?",
                len(ids),
            )
            % named,
            ngettext(
                "%(changing)d of them does not have it yet.",
                "%(changing)d of them do not have it yet.",
                changing,
            )
            % named,
        ]
        if isinstance(tag, CountryPair):
            summary.append(_("The pair’s two countries are added too."))
    else:
        title = _("Remove %(kind)s “%(tag)s”") % named
        summary = [
            ngettext(
                "Remove %(kind)s “%(tag)s” from %(count)d article?",
                "Remove %(kind)s “%(tag)s” from %(count)d articles?",
                len(ids),
            )
            % named,
            ngettext("%(changing)d of them has it.", "%(changing)d of them have it.", changing)
            % named,
        ]
        if isinstance(tag, Country):
            summary.append(_("The country pairs with this country are removed too."))
    field = next(name for name, model in TAG_FIELDS.items() if isinstance(tag, model))
    entries = [
        {"text": article.title, "url": reverse("admin:archive_article_change", args=[article.pk])}
        for article in Article.objects.filter(pk__in=ids[: admin_action_page.LISTED]).only("title")
    ]
    return admin_action_page.render(
        request,
        modeladmin,
        action=action,
        title=title,
        next_stage="apply",
        summary=summary,
        entries=entries,
        hidden=[(field, tag.pk)],
        more=max(0, len(ids) - len(entries)),
        submit_label=_("Yes, add it") if adding else _("Yes, remove it"),
    )


def _apply(modeladmin, request, tag, ids, adding: bool):
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    write = bulk_tags.add_tag if adding else bulk_tags.remove_tag
    changed = write(tag, ids, request.user)
    named = {"kind": tag._meta.verbose_name, "tag": tag, "count": len(changed)}
    if adding:
        text = ngettext(
            "Added %(kind)s “%(tag)s” to %(count)d article.",
            "Added %(kind)s “%(tag)s” to %(count)d articles.",
            len(changed),
        )
    else:
        text = ngettext(
            "Removed %(kind)s “%(tag)s” from %(count)d article.",
            "Removed %(kind)s “%(tag)s” from %(count)d articles.",
            len(changed),
        )
    modeladmin.message_user(request, text % named, messages.SUCCESS)
    return None  # back to the list, as Django's own actions do


@admin.action(
    permissions=["change"], description=gettext_lazy("Add a tag to the selected articles…")
)
def add_tag(modeladmin, request, queryset):
    return _tag_action(modeladmin, request, queryset, adding=True)


@admin.action(
    permissions=["change"], description=gettext_lazy("Remove a tag from the selected articles…")
)
def remove_tag(modeladmin, request, queryset):
    return _tag_action(modeladmin, request, queryset, adding=False)
