"""One JSON line per request on "concord.requests"; slow searches on "concord.search".

The line holds what an operator asks of a request: method, path, status, duration, who (a
user name or "anonymous") and whether the page came from the page cache, so a log shipper
can graph latency and errors without parsing free text. A search slower than SLOW_SEARCH_MS
is also logged as a warning with its parameters, to reproduce it.
"""

import json
import logging
import time

from django.conf import settings

requests_log = logging.getLogger("concord.requests")
search_log = logging.getLogger("concord.search")

# Routes whose time is spent searching: the search page, the API's list and the search feeds.
SEARCH_ROUTES = {"search", "api-articles", "feed-search-rss", "feed-search-atom"}


def _user(request) -> str:
    """The user's name; a request without a session is anonymous without asking the database."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "anonymous"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return user.get_username()


class RequestLog:
    """Log every request once it has been answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        milliseconds = round((time.perf_counter() - started) * 1000, 1)
        if requests_log.isEnabledFor(logging.INFO):
            line = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": milliseconds,
                "user": _user(request),
                "cache": getattr(request, "page_cache", "skip"),
            }
            requests_log.info(json.dumps(line, ensure_ascii=False))
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.url_name in SEARCH_ROUTES
            and milliseconds > settings.SLOW_SEARCH_MS
            and getattr(request, "page_cache", "") != "hit"
        ):
            search_log.warning(
                json.dumps(
                    {
                        "slow_search_ms": milliseconds,
                        "path": request.path,
                        "parameters": dict(request.GET.lists()),
                        "status": response.status_code,
                    },
                    ensure_ascii=False,
                )
            )
        return response
