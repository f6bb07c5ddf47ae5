"""The home page."""

from django.shortcuts import render

from archive.models import Article


def home(request):
    """The newest articles, with what a reader needs to pick one: date, language, outlet, pairs."""
    newest = Article.objects.newest().select_related("outlet").prefetch_related("pairs")[:20]
    return render(request, "archive/home.html", {"newest": newest})
