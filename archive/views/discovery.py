"""What crawlers and browsers read to find their way in: robots.txt and the OpenSearch description."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from archive.language_prefix import prefixed, prefixed_languages


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Browsing pages are open to crawlers; faceted searches, the API and the admin are not."""
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("archive:sitemap")),
        "search_path": reverse("archive:search"),
        "search_feed_paths": [
            reverse("archive:feed-search-atom"),
            reverse("archive:feed-search-rss"),
        ],
        # Everything under the API's prefix, whatever endpoints it grows.
        "api_prefix": reverse("archive:api-articles").split("/")[1],
        "admin_path": reverse("admin:index"),
        "setlang_path": reverse("set_language"),
    }
    # The same pages under /ru/ and /en/ (archive/language_prefix.py) are kept out as well.
    closed = [
        f"{context['search_path']}?",
        *context["search_feed_paths"],
        f"/{context['api_prefix']}/",
    ]
    context["prefixed_paths"] = [
        prefixed(path, language) for language in prefixed_languages() for path in closed
    ]
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400)  # not public: its wording follows the reader's language
def opensearch_xml(request):
    """Lets a browser add the archive's search to its search engines."""
    context = {
        # Here rather than in the template: message extraction reads .html and .txt files only.
        "description": _("Search the Concord archive of bilateral-cooperation news."),
        "search_url": request.build_absolute_uri(reverse("archive:search")),
        "atom_url": request.build_absolute_uri(reverse("archive:feed-search-atom")),
        "rss_url": request.build_absolute_uri(reverse("archive:feed-search-rss")),
        "self_url": request.build_absolute_uri(reverse("archive:opensearch")),
    }
    return render(
        request,
        "archive/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
