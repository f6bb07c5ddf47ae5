"""What the browsing pages share: the answer to a bad filter value, and pagination."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render


def invalid_filters(request, errors: list[str]):
    """A page that says which filter value was wrong, with status 400 rather than a guess."""
    return render(request, "archive/archive_invalid.html", {"errors": errors}, status=400)


def paginate(request, queryset, per_page: int = 20):
    """The requested page of `queryset`; a page number that is not a page is a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
