"""The interface language in the address: `/ru/…` and `/en/…` for every public page.

A shared link opens in the language it was sent in, whatever the reader's cookie or browser
says. The bare addresses keep the cookie and Accept-Language choice (LocaleMiddleware): they
are the archive's addresses as cited since it began, so `i18n_patterns`, which would move
them, is not used. Instead a prefixed request gets a URLconf of its own in which the same
`archive` patterns, under the same namespace, are mounted below the prefix, so every
`{% url %}` and `reverse()` on that page stays in the prefixed language.

The admin, /healthz and /i18n/ stay bare: the admin follows the editor's own choice, /healthz
is for machines, and /i18n/setlang/ is the switcher's form target. Everything the archive's
patterns hold is prefixed, feeds, the API and the OpenSearch description included, because
their titles and messages are in the interface language too.
"""

import contextlib
import re
import types

from django.conf import settings
from django.urls import URLResolver, include, path
from django.utils import translation
from django.utils.encoding import iri_to_uri

PREFIX = re.compile(r"^/(?P<language>[a-z]{2})(?P<rest>/.*|)$")


def prefixed_languages() -> list[str]:
    """The interface languages an address may start with ("en", "ru")."""
    return [code for code, _name in settings.LANGUAGES]


def split_prefix(path: str) -> tuple[str | None, str]:
    """("ru", "/search/") for "/ru/search/"; (None, path) for a bare address."""
    match = PREFIX.match(path)
    if match and match["language"] in prefixed_languages():
        return match["language"], match["rest"] or "/"
    return None, path


def prefixed(path: str, language: str) -> str:
    """The address of a (bare or prefixed) archive path in `language`."""
    _language, bare = split_prefix(path)
    return f"/{language}{bare}"


def _urlconf(language: str) -> types.ModuleType:
    from archive import urls

    module = types.ModuleType(f"archive.urls.{language}")
    # Everything but the archive's own include stays where it is (admin, /healthz, /i18n/).
    site = [
        pattern
        for pattern in urls.urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "archive")
    ]
    module.urlpatterns = [
        path(f"{language}/", include((urls.archive_patterns, "archive"))),
        *site,
    ]
    return module


_URLCONFS: dict[str, types.ModuleType] = {}


def urlconf_for(language: str) -> types.ModuleType:
    """The URLconf of the archive under `/<language>/`, built once per process."""
    if language not in _URLCONFS:
        _URLCONFS[language] = _urlconf(language)
    return _URLCONFS[language]


def _query_string(request) -> str:
    """The request's query string as an address carries it (percent-encoded ASCII)."""
    raw = request.META.get("QUERY_STRING", "")
    # WSGI hands the bytes over as Latin-1; a client that sent raw UTF-8 gets it back encoded.
    with contextlib.suppress(UnicodeError):
        raw = raw.encode("iso-8859-1").decode("utf-8")
    return iri_to_uri(raw)


class LanguagePrefix:
    """For an address under /ru/ or /en/: that interface language, and that URLconf.

    Runs after LocaleMiddleware (whose choice it overrides) and before the page cache (which
    keys stored pages by the active language and the full address).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language, _bare = split_prefix(request.path_info)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            request.urlconf = urlconf_for(language)
        return self.get_response(request)


def alternates(request) -> dict | None:
    """The page's address in each interface language and bare (x-default), path and absolute.

    None for a page that is not one of the archive's (the admin, a 404 no pattern matched).
    """
    match = getattr(request, "resolver_match", None)
    if match is None or "archive" not in match.namespaces:
        return None
    query = _query_string(request)
    suffix = f"?{query}" if query else ""
    # A site served below a script prefix (/concord/ru/…) keeps it in front of the language.
    script = request.path.removesuffix(request.path_info)
    _language, bare = split_prefix(request.path_info)
    languages = []
    for code in prefixed_languages():
        address = script + prefixed(bare, code) + suffix
        languages.append(
            {"code": code, "path": address, "url": request.build_absolute_uri(address)}
        )
    default = request.build_absolute_uri(script + bare + suffix)
    return {"languages": languages, "default": default}
