"""schema.org JSON-LD for an event page: an Event with its place, its countries, the
documents signed at it and the news articles that report it.

The page writes it with `archive.jsonld.script`, escaped so that no name or title from an
article can close the script element. Search engines and citation tools read it.
"""

from django.utils.translation import get_language


def event_jsonld(event, agreements, articles, request) -> dict:
    """The schema.org Event for `event`, with absolute URLs built from `request`."""
    language = (get_language() or "en")[:2]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name(language),
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "startDate": event.start_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "attendee": [
            {"@type": "Country", "name": c.name(language), "identifier": c.code}
            for c in event.countries.all()
        ],
        "about": [
            {
                "@type": "Legislation",
                "name": a.name(language),
                "legislationType": a.get_kind_display(),
                "url": request.build_absolute_uri(a.get_absolute_url()),
                **({"legislationDate": a.signed_on.isoformat()} if a.signed_on else {}),
            }
            for a in agreements
        ],
        "subjectOf": [
            {
                "@type": "NewsArticle",
                "headline": a.title,
                "datePublished": a.published_on.isoformat(),
                "inLanguage": a.language,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in articles
        ],
    }
    if event.end_on:
        data["endDate"] = event.end_on.isoformat()
    names = {"ru": event.name_ru, "en": event.name_en}
    other = [name for code, name in names.items() if name and code != language]
    if other and names.get(language):
        data["alternateName"] = other
    place = _place(event, language)
    if place:
        data["location"] = place
    return data


def _place(event, language: str) -> dict | None:
    if not (event.place or event.place_country):
        return None
    place = {"@type": "Place"}
    if event.place:
        place["name"] = event.place
    if event.place_country:
        place["address"] = {
            "@type": "PostalAddress",
            "addressCountry": event.place_country.code,
        }
        place.setdefault("name", event.place_country.name(language))
    return place
