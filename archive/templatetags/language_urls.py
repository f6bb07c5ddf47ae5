"""The page's address in each interface language, for hreflang links and the switcher."""

from django import template

from archive.language_prefix import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> dict | None:
    """{"languages": [{"code", "path", "url"}, …], "default": url} or None off the archive."""
    request = context.get("request")
    return alternates(request) if request is not None else None
