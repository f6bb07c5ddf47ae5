"""Whole public pages served from the cache to anonymous readers.

Most requests to the archive are anonymous reads of a few popular pages (the home page, the
pair hubs, this month's archive, a much-shared article); rendering them again for every
reader costs the database and the workers far more than reading them back. Each page is
stored under the interface language and its full address (host and query string included), and every
key carries the archive's "generation": a number in the database, bumped in the same
transaction as any save or delete of what the pages show (and by every import), so the next
reader sees the change at once, whichever worker or server answers, and the old pages simply
age out of the cache.

Readers who are logged in, or carry a session, are never served a stored page (they may see
editing links, messages, or drafts), nor are the admin, anything but GET and HEAD, or a
response that is not a plain 200 or that sets a cookie of its own.

Every HTML page holds the language switcher's CSRF token, which belongs to one reader's
cookie. A page is stored with the token blanked out and each reader gets a token of their own
when it is served, so one stored page fits every reader and its ETag stays the same for all
(a browser that asks again with If-None-Match gets a 304).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.translation import get_language

from archive.db_read import reading
from archive.db_router import PRIMARY

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\\g<1>__csrf__\\g<2>"
CSRF_SLOT = b'name="csrfmiddlewaretoken" value="__csrf__"'
# Headers a stored page keeps; the rest (cookies above all) belong to one response.
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "content-security-policy-report-only",
    "link",
}
# A response that varies on anything but the reader's language (in the key) or their
# cookies (only anonymous readers are served) is not stored: its key would be wrong.
VARY_UNDERSTOOD = {"accept-language", "cookie"}
LARGEST_PAGE = 2_000_000


def generation() -> int:
    """The archive's generation as the database this request reads from has it.

    A replica that has not yet replayed a save still answers the old number, so a page it
    renders is stored under the old generation, never passed off as the new one.
    """
    with reading().cursor() as cursor:
        cursor.execute("SELECT value FROM archive_page_generation")
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_generation(using: str = PRIMARY, **_signal_arguments) -> None:
    """Make every stored page stale: the archive has changed.

    The bump is part of the change's own transaction: readers see the new generation exactly
    when they can see the change (on the primary, and on a replica once it has replayed both).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("UPDATE archive_page_generation SET value = value + 1")


def connect_signals(models) -> None:
    """Bump the generation whenever one of these models is saved or deleted, or a link of
    theirs (pairs, parties, countries) changes."""
    for model in models:
        uid = f"page-cache:{model._meta.label}"
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump_generation, sender=through, dispatch_uid=f"{uid}:{field}")


def _cookie_names_that_personalise() -> set[str]:
    # The session (a signed-in reader), flash messages, and a browser pinned to the primary
    # database after a write (archive/replica_pin.py) all change what a page shows.
    return {settings.SESSION_COOKIE_NAME, "messages", "concord_primary"}


def request_is_cacheable(request) -> bool:
    """Only anonymous, cookie-less (but for CSRF and language) reads of public pages."""
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP_PREFIXES):
        return False
    return not (_cookie_names_that_personalise() & request.COOKIES.keys())


def response_is_cacheable(request, response) -> bool:
    """A plain, complete 200 that sets no cookie, asks not to be kept, or varies oddly."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > LARGEST_PAGE:
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & {"no-store", "no-cache", "private"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - VARY_UNDERSTOOD:
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def page_key(request) -> str:
    # The host and scheme too: pages carry absolute addresses (hreflang alternates, canonical).
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{generation()}:{get_language()}:{address}"


class PageCache:
    """Serve anonymous readers stored copies of public pages, storing each page once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not request_is_cacheable(request):
            request.page_cache = "skip"
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            request.page_cache = "hit"
            return self._replay(request, stored)
        request.page_cache = "miss"
        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(request, response):
            stored = self._store(key, response)
            self._add_validators(response, stored)
        return response

    def _store(self, key, response) -> dict:
        content = response.content
        has_token = CSRF_FIELD.search(content) is not None
        if has_token:
            content = CSRF_FIELD.sub(CSRF_PLACEHOLDER, content)
        stored = {
            "content": content,
            "headers": {k: v for k, v in response.items() if k.lower() in KEPT_HEADERS},
            "vary": response.get("Vary"),
            "cache_control": response.get("Cache-Control"),
            "etag": f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
            "token": has_token,
        }
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        return stored

    def _replay(self, request, stored) -> HttpResponse:
        content = stored["content"]
        if stored["token"]:
            token = get_token(request).encode()
            content = content.replace(CSRF_SLOT, CSRF_SLOT.replace(b"__csrf__", token))
        response = HttpResponse(content)
        for name, value in stored["headers"].items():
            response[name] = value
        if stored["vary"]:
            response["Vary"] = stored["vary"]
        if stored["cache_control"]:
            response["Cache-Control"] = stored["cache_control"]
        self._add_validators(response, stored)
        return response

    def _add_validators(self, response, stored) -> None:
        """An ETag every reader shares, and a short browser (or proxy) lifetime.

        A page holding a reader's CSRF token goes out with that reader's cookie, so it is
        never marked public: a shared proxy must not hand one reader's cookie to another.
        """
        response["ETag"] = stored["etag"]
        if not response.has_header("Cache-Control"):
            if stored["token"]:
                patch_cache_control(response, max_age=settings.PAGE_MAX_AGE)
            else:
                patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
