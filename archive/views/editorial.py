"""The admin's paste page: an editor pastes an article, checks what the importer read, saves.

Reached through `ArticleAdmin.get_urls`, so the admin's login, CSRF protection and site chrome
apply. Previewing writes nothing; saving goes through the same loader as `import_articles`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.ingest.loader import find_existing, save_record
from archive.ingest.pipeline import ParseContext
from archive.ingest.records import ParseError
from archive.ingest.register import TagRegister
from archive.ingest.seedtext import parse_seed_text
from archive.models import Article, Country, CountryPair, Outlet
from archive.paste_forms import AgreementProposalForm, AgreementProposals, PasteForm, ReviewForm
from archive.review import translated

OUTCOMES = {
    "created": gettext_lazy("The article “%(title)s” was added."),
    "updated": gettext_lazy("The article “%(title)s” already existed and was updated."),
    "unchanged": gettext_lazy("The article “%(title)s” was already in the archive, unchanged."),
}


def pair_labels(codes: list[str]) -> list[str]:
    """The pairs the importer found, named in the editor's language, codes alongside."""
    countries = {
        c.code: c for c in Country.objects.filter(code__in={p for c in codes for p in c.split("-")})
    }
    labels = []
    for code in codes:
        first, second = (countries.get(part) for part in code.split("-"))
        known = first and second
        labels.append(str(CountryPair(code=code, first=first, second=second)) if known else code)
    return labels


def paste_article(request, model_admin):
    """Parse pasted text on "preview", save the corrected reading on "save"."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    admin_site = model_admin.admin_site
    paste_form = PasteForm(request.POST or None)
    # `record` is the importer's fresh reading; after corrections it is not shown again.
    review_form = proposals = record = None

    if request.method == "POST" and "_save" in request.POST:
        review_form = ReviewForm(request.POST, admin_site=admin_site)
        proposals = AgreementProposals(request.POST, prefix="agreements")
        if review_form.is_valid() and proposals.is_valid():
            try:
                article, outcome = save_record(
                    review_form.to_record(proposals.records()), user=request.user
                )
            except ParseError as error:
                review_form.add_error(None, translated(error.reason))
            except (DatabaseError, ValueError) as error:
                # Say what went wrong rather than fail the page; save_record kept nothing.
                review_form.add_error(None, _("The article could not be stored: %s") % error)
            else:
                messages.success(request, OUTCOMES[outcome] % {"title": article.title})
                return redirect("admin:archive_article_change", article.pk)
    elif request.method == "POST" and paste_form.is_valid():
        record, review_form, proposals = _read_pasted(paste_form, admin_site)

    context = {
        **admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Paste an article"),
        "paste_form": paste_form,
        "review_form": review_form,
        "proposals": proposals,
        "record": record,
        "review_notes": [translated(note) for note in record.review_notes] if record else [],
        "existing": find_existing(record) if record else None,
        "language_name": (
            dict(settings.ARTICLE_LANGUAGES).get(record.language) if record else None
        ),
        "record_countries": [str(c) for c in Country.objects.filter(code__in=record.countries)]
        if record
        else [],
        "record_pairs": pair_labels(record.pairs) if record else [],
        "outlet_names": Outlet.objects.order_by("name").values_list("name", flat=True),
        "media": model_admin.media + (review_form.media if review_form else paste_form.media),
    }
    return TemplateResponse(request, "admin/archive/article/paste.html", context)


def _read_pasted(paste_form, admin_site):
    """The importer's reading of the pasted text, and the review forms it fills in; the form
    carries the error (and the rest is None) when the text cannot be read."""
    # One country table for reading the text and for matching its agreements.
    context = ParseContext.for_run(paste_form.cleaned_data["year"])
    try:
        # Without a date the reading is still shown: the editor types the date.
        record = parse_seed_text(
            paste_form.cleaned_data["text"],
            origin="pasted",
            context=context,
            require_date=False,
        )
    except ParseError as error:
        paste_form.add_error("text", translated(error.reason))
        return None, None, None
    register = TagRegister(context.matcher)
    if outlet := register.known_outlet(record):  # «БЕЛТА» in a dateline is BelTA
        record.source = outlet.name
    review_form = ReviewForm(initial=ReviewForm.initial_from(record), admin_site=admin_site)
    proposals = AgreementProposals(
        initial=[AgreementProposalForm.initial_from(a) for a in record.agreements],
        prefix="agreements",
    )
    for form, proposed in zip(proposals.forms, record.agreements, strict=False):
        form.known_agreement = register.known_agreement(proposed)
    return record, review_form, proposals
