"""Concord's template tags: only what Django's built-ins cannot do.

Names in the active language, counts with plural forms, the navigation section, and the page
numbers `_pagination.html` links.
"""

from django import template
from django.conf import settings
from django.utils.translation import pgettext, pgettext_lazy

from archive.charts import articles_text
from archive.text import interface_language

register = template.Library()

# --- Browsing ---------------------------------------------------------------------------------

# Article languages by name, translated where shown («русский»).
LANGUAGE_NAMES = dict(settings.ARTICLE_LANGUAGES)

# Month names as written mid-sentence. Django's "F" is the name standing alone, capitalised in
# Russian («Сентябрь»), so «Статьи по дням, Сентябрь 2025 г.» read wrongly.
MONTHS_IN_TEXT = {
    1: pgettext_lazy("month name mid-sentence", "January"),
    2: pgettext_lazy("month name mid-sentence", "February"),
    3: pgettext_lazy("month name mid-sentence", "March"),
    4: pgettext_lazy("month name mid-sentence", "April"),
    5: pgettext_lazy("month name mid-sentence", "May"),
    6: pgettext_lazy("month name mid-sentence", "June"),
    7: pgettext_lazy("month name mid-sentence", "July"),
    8: pgettext_lazy("month name mid-sentence", "August"),
    9: pgettext_lazy("month name mid-sentence", "September"),
    10: pgettext_lazy("month name mid-sentence", "October"),
    11: pgettext_lazy("month name mid-sentence", "November"),
    12: pgettext_lazy("month name mid-sentence", "December"),
}

# Which primary-navigation item a page belongs to, by URL name.
SECTIONS = {
    "archive-index": "archive",
    "archive-year": "archive",
    "archive-month": "archive",
    "archive-day": "archive",
    "pairs": "pairs",
    "pair": "pairs",
    "country": "pairs",
    "agreements": "agreements",
    "agreement": "agreements",
    "search": "search",
}


@register.filter
def pair_label(pair) -> str:
    """ "Belarus–China" or «Беларусь–Китай», in the interface language."""
    return pair.label(interface_language())


@register.filter
def country_name(country) -> str:
    """A country's name in the interface language."""
    return country.name_ru if interface_language() == "ru" else country.name_en


@register.filter
def agreement_name(agreement) -> str:
    """An agreement's name in the interface language, or in the other one if it has only that."""
    return agreement.name(interface_language())


@register.filter
def agreement_name_language(agreement) -> str:
    """The language `agreement_name` actually shows, for its lang attribute."""
    if interface_language() == "ru":
        return "ru" if agreement.name_ru else "en"
    return "en" if agreement.name_en else "ru"


@register.filter
def language_name(code: str) -> str:
    """The name of an article language ("ru" → "Russian"), translated."""
    return LANGUAGE_NAMES.get(code, code)


@register.filter
def month_in_text(date) -> str:
    """ "September 2025" / «сентябрь 2025 г.»: a month and its year inside a sentence."""
    return pgettext("month and year mid-sentence", "%(month)s %(year)s") % {
        "month": MONTHS_IN_TEXT[date.month],
        "year": date.year,
    }


@register.filter
def articles_count(count: int) -> str:
    """«5 статей» / "5 articles", with the plural form the language needs."""
    return articles_text(int(count or 0))


@register.simple_tag(takes_context=True)
def nav_section(context) -> str:
    """The primary-navigation section of the current page ("archive", "pairs" …) or ""."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return SECTIONS.get(getattr(match, "url_name", ""), "")


@register.filter
def elided_pages(page) -> list[int | None]:
    """The page numbers to link around `page` (a Django Page), `None` standing for a gap."""
    ellipsis = page.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
