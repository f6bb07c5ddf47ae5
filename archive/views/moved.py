"""Old slugs of merged entries: a permanent redirect to the survivor, or the usual 404."""

from django.http import Http404, HttpResponsePermanentRedirect

from archive.models import SlugRedirect


def moved_or_404(request, kind: str, slug: str):
    """301 to the page of the entry `slug` was merged into (query string kept), else 404."""
    target = SlugRedirect.objects.target(kind, slug)
    if target is None:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(target.get_absolute_url() + (f"?{query}" if query else ""))
