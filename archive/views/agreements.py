"""The register of agreements and one page per agreement."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from archive import jsonld
from archive.models import (
    Agreement,
    Article,
    CountryPair,
    canonical_pair_code,
    unknown_pair_message,
)
from archive.views.browsing import paginate
from archive.views.moved import moved_or_404

SORTS = {"newest": False, "oldest": True}


def agreement_list(request):
    """The register, filtered by kind, pair and year of signing, sorted by signing date.

    A filter value that means nothing is reported on the page (status 400) and not applied.
    """
    errors = []
    agreements = Agreement.objects.with_article_counts().prefetch_related("parties")

    kind = request.GET.get("kind", "").strip()
    if kind:
        if kind in Agreement.Kind.values:
            agreements = agreements.filter(kind=kind)
        else:
            errors.append(_("“%(value)s” is not a kind of agreement.") % {"value": kind})
            kind = ""

    pair_code = request.GET.get("pair", "").strip()
    if pair_code:
        try:
            pair_code = canonical_pair_code(pair_code)
            pair = CountryPair.objects.select_related("first", "second").get(code=pair_code)
        except ValueError as error:
            errors.append(str(error))
            pair_code = ""
        except CountryPair.DoesNotExist:
            errors.append(unknown_pair_message([pair_code]))
            pair_code = ""
        else:
            agreements = agreements.between(pair.first, pair.second)

    year = request.GET.get("year", "").strip()
    if year:
        # ASCII digits only: isdigit() also takes "²" and other digits int() cannot read.
        if year.isascii() and year.isdigit() and 1 <= int(year) <= 9999:
            agreements = agreements.filter(signed_on__year=int(year))
        else:
            errors.append(_("“%(value)s” is not a year.") % {"value": year})
            year = ""

    sort = request.GET.get("sort", "newest").strip() or "newest"
    if sort not in SORTS:
        errors.append(_("Sort by “newest” or “oldest”, not “%(value)s”.") % {"value": sort})
        sort = "newest"
    agreements = agreements.by_signing_date(oldest_first=SORTS[sort])

    page = paginate(request, agreements, per_page=50)
    context = {
        "page": page,
        "errors": errors,
        "kind": kind,
        "pair_code": pair_code,
        "year": year,
        "sort": sort,
        "kinds": Agreement.Kind.choices,
        "pairs": CountryPair.objects.filter(
            pk__in=CountryPair.objects.covered().values("pk")
        ).select_related("first", "second"),
        "years": Agreement.objects.exclude(signed_on=None).dates("signed_on", "year", order="DESC"),
    }
    return render(request, "archive/agreement_list.html", context, status=400 if errors else 200)


def agreement_detail(request, slug):
    """An agreement's names, parties, signing, status, and every article that mentions it."""
    agreement = Agreement.objects.prefetch_related("parties").filter(slug=slug).first()
    if agreement is None:
        return moved_or_404(request, "agreement", slug)
    articles = (
        Article.objects.with_tag_ids(agreement_ids=[agreement.pk])
        .newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second")
    )
    page = paginate(request, articles, per_page=50)
    context = {
        "agreement": agreement,
        "page": page,
        "jsonld": jsonld.script(jsonld.agreement(agreement, request.build_absolute_uri)),
        "events": agreement.events.public().newest(),  # where it was signed
    }
    return render(request, "archive/agreement_detail.html", context)
