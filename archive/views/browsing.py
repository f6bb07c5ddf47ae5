"""What the browsing pages share: the pair and language filters they carry, and pagination."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.models import Country, CountryPair, canonical_pair_code
from archive.templatetags.concord import LANGUAGE_NAMES

ARTICLE_LANGUAGE_CODES = [code for code, _name in settings.ARTICLE_LANGUAGES]


@dataclass
class BrowseFilters:
    """`?pair=BY-CN` and `?language=ru` as the date archive reads them, validated."""

    pair: CountryPair | None = None
    language: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> "BrowseFilters":
        filters = cls()
        raw_pair = request.GET.get("pair", "").strip()
        if raw_pair:
            try:
                code = canonical_pair_code(raw_pair)
            except ValueError as error:
                filters.errors.append(str(error))
            else:
                filters.pair = (
                    CountryPair.objects.select_related("first", "second").filter(code=code).first()
                )
                if filters.pair is None:
                    filters.errors.append(no_such_pair(code))
        raw_language = request.GET.get("language", "").strip().lower()
        if raw_language:
            if raw_language in ARTICLE_LANGUAGE_CODES:
                filters.language = raw_language
            else:
                choices = ", ".join(
                    f"{code} ({LANGUAGE_NAMES.get(code, code)})" for code in ARTICLE_LANGUAGE_CODES
                )
                filters.errors.append(
                    _("“%(value)s” is not an article language; use one of: %(choices)s.")
                    % {"value": raw_language, "choices": choices}
                )
        return filters

    @property
    def pair_code(self) -> str:
        return self.pair.code if self.pair else ""

    @property
    def active(self) -> bool:
        return bool(self.pair or self.language)

    @property
    def query(self) -> str:
        """The filters as a query string to append to archive links ("?pair=BY-CN"), or ""."""
        params = {"pair": self.pair_code, "language": self.language}
        params = {key: value for key, value in params.items() if value}
        return "?" + urlencode(params) if params else ""


def no_such_pair(code: str) -> str:
    """The message for a well-formed pair code that finds nothing, naming the pair in words when
    both countries are known (a code nobody has is echoed as the reader typed it)."""
    codes = code.split("-")
    countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
    if len(countries) < 2:
        return _("The archive has no articles on the pair %(code)s.") % {"code": code}
    pair = CountryPair(first=countries[codes[0]], second=countries[codes[1]])
    return _("The archive has no articles on %(pair)s.") % {
        "pair": pair.label((get_language() or "en")[:2])
    }


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
