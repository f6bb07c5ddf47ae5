"""Tags by their public values (pair codes, country codes, agreement slugs and kinds) as the
ids the article row stores, resolved in one place, and the message for a pair nobody has.

An article row carries the ids of its pairs, countries and agreements (`pair_ids`,
`country_ids`, `agreement_ids`, migration 0009); filtering on them with `&&` is served by
their GIN indexes. The ids go into the query as constants rather than as a subquery, so
the planner reads from the arrays' statistics how common each tag is.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.models.agreements import Agreement
from archive.models.countries import Country, CountryPair, canonical_pair_code

# One wording wherever a well-formed pair code names no pair: the search page, the API, the
# feeds, the date archive and the agreements register. %(pair)s: the pair in words with its
# code when both its countries are known ("Belarus–Uzbekistan (BY-UZ)"), else the code alone;
# several are comma-separated.
UNKNOWN_PAIR = _("The archive has no articles on %(pair)s.")

# The article row's array for each tag; an agreement kind stands for its agreements' ids.
COLUMNS = {
    "pairs": "pair_ids",
    "countries": "country_ids",
    "agreements": "agreement_ids",
    "kinds": "agreement_ids",
}


def unknown_pair_message(codes: Iterable[str]) -> str:
    """UNKNOWN_PAIR for these canonical codes, each named in words in the active language, and
    by its code, when both its countries are known (a code nobody has is echoed alone)."""
    codes = list(codes)
    wanted = {code for pair in codes for code in pair.split("-")}
    countries = {c.code: c for c in Country.objects.filter(code__in=wanted)}
    language = (get_language() or "en")[:2]
    named = []
    for code in codes:
        first, _dash, second = code.partition("-")
        if first in countries and second in countries:
            pair = CountryPair(first=countries[first], second=countries[second])
            code = f"{pair.label(language)} ({code})"
        named.append(code)
    return UNKNOWN_PAIR % {"pair": ", ".join(named)}


def pair_ids(codes: Iterable[str]) -> list[int]:
    """The ids of the pairs with these codes, in any order or case ("cn-by" is BY-CN).

    Raises ValueError for a value that is not a pair code at all.
    """
    canonical = {canonical_pair_code(code) for code in codes}
    return _ids(CountryPair.objects.filter(code__in=canonical))


def country_ids(codes: Iterable[str]) -> list[int]:
    """The ids of the countries with these ISO codes, in any case."""
    return _ids(Country.objects.filter(code__in={code.strip().upper() for code in codes}))


def pairs_with_country_ids(code: str) -> list[int]:
    """The ids of every pair one of whose countries has this ISO code."""
    code = code.strip().upper()
    return _ids(
        CountryPair.objects.filter(models.Q(first__code=code) | models.Q(second__code=code))
    )


def agreement_ids(slugs: Iterable[str]) -> list[int]:
    """The ids of the agreements with these slugs."""
    return _ids(Agreement.objects.filter(slug__in=set(slugs)))


def kind_agreement_ids(kinds: Iterable[str]) -> list[int]:
    """The ids of the agreements of these kinds ("memorandum", "treaty" …)."""
    return _ids(Agreement.objects.filter(kind__in={kind.strip().lower() for kind in kinds}))


RESOLVERS = {
    "pairs": pair_ids,
    "countries": country_ids,
    "agreements": agreement_ids,
    "kinds": kind_agreement_ids,
}


def resolve(**values: Iterable[str]) -> list[tuple[str, list[int]]]:
    """(array column, ids) for each tag given with at least one value, keyed as COLUMNS is.

    An unknown value adds no id: a tag none of whose values is known has an empty list,
    which matches no article.
    """
    unknown = set(values) - set(RESOLVERS)
    if unknown:
        raise TypeError(f"not a tag: {', '.join(sorted(unknown))}")
    resolved = []
    for tag, given in values.items():
        given = [value for value in ([given] if isinstance(given, str) else given) if value]
        if given:
            resolved.append((COLUMNS[tag], RESOLVERS[tag](given)))
    return resolved


def holding_any(column: str, ids: Iterable[int]) -> models.Q:
    """Rows whose array `column` holds any of `ids` (`&&`, which the column's GIN index serves)."""
    return models.Q(**{f"{column}__overlap": sorted(set(ids))})


def _ids(queryset) -> list[int]:
    return sorted(queryset.values_list("id", flat=True))
