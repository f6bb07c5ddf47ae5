"""One article, at a stable URL made of its date and slug."""

from django.shortcuts import get_object_or_404, redirect, render

from archive.models import Article


def article_detail(request, year, month, day, slug):
    article = get_object_or_404(
        Article.objects.select_related("outlet").prefetch_related(
            "pairs", "countries", "agreements"
        ),
        published_on__year=year,
        published_on__month=_int(month),
        published_on__day=_int(day),
        slug=slug,
    )
    return render(request, "archive/article_detail.html", {"article": article})


def article_by_id(request, pk):
    """Old or id-based links land on the article's one canonical address."""
    return redirect(get_object_or_404(Article, pk=pk), permanent=True)


def _int(value: str) -> int:
    # Non-numeric parts fail the lookup (404) rather than the view (500).
    return int(value) if value.isdigit() else -1
