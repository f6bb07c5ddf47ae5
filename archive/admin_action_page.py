"""The page an admin action shows before it acts, carrying the editor's selection along."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse

# How many of the touched entries the page lists by name.
LISTED = 20


def stage(request) -> str:
    """Which step of an action this POST is ("" the first time, from the changelist)."""
    return request.POST.get("stage", "")


def render(request, modeladmin, *, action: str, title, next_stage: str, **context):
    """The action page: `summary` lines, the first `LISTED` of `entries`, an optional `form`,
    and one submit button (`submit_label`) that posts `next_stage` back to the action."""
    entries = list(context.pop("entries", []))
    opts = modeladmin.model._meta
    form = context.get("form")
    media = modeladmin.media + form.media if form is not None else modeladmin.media
    page = {
        **modeladmin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "action": action,
        "stage": next_stage,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across") == "1",
        "items": entries[:LISTED],
        "more": max(0, len(entries) - LISTED),
        "back_url": request.get_full_path(),
        "media": media,
        **context,
    }
    return TemplateResponse(request, "admin/archive/action_page.html", page)
