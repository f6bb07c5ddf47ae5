"""One outlet: the articles it published and the languages it wrote them in."""

from django.db.models import Count
from django.shortcuts import render

from archive.models import CountryPair, Outlet
from archive.views.browsing import paginate
from archive.views.moved import moved_or_404


def source_detail(request, slug):
    """An outlet's articles, newest first, paginated, with its languages and most covered pairs."""
    outlet = Outlet.objects.select_related("country").filter(slug=slug).first()
    if outlet is None:
        return moved_or_404(request, "outlet", slug)
    articles = outlet.articles.all()
    page = paginate(
        request,
        articles.newest()
        .select_related("outlet")
        .prefetch_related("pairs__first", "pairs__second"),
        per_page=20,
    )
    context = {
        "outlet": outlet,
        "page": page,
        "languages": articles.counts_of("language"),
        "pairs": outlet_pairs(outlet),
    }
    return render(request, "archive/source_detail.html", context)


def outlet_pairs(outlet, limit: int = 10):
    """The pairs this outlet writes about most, each with the number of its articles on them."""
    # Filtering before annotating makes the count the outlet's articles, not all of the pair's.
    return (
        CountryPair.objects.filter(articles__outlet=outlet)
        .select_related("first", "second")
        .annotate(article_count=Count("articles"))
        .order_by("-article_count", "code")[:limit]
    )
