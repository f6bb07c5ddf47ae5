"""schema.org descriptions of the archive's pages as JSON-LD, one builder per type.

Search engines and linked-data tools read what a page is about from them: an article is a
NewsArticle (its outlet the publisher, its original the work it is based on, its countries
what it is about, its agreements what it mentions); an agreement is Legislation when it is a
legal instrument (treaty, agreement, memorandum, protocol) and a CreativeWork otherwise
(statements, declarations, programmes …). Builders return plain dicts; `script()` turns one
into the `<script type="application/ld+json">` element a page carries, escaped so that no
text inside (an article's title included) can close the element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.models import Agreement, Article, Country

CONTEXT = "https://schema.org"
# Kinds that are legal instruments binding their parties; the rest are political documents.
LEGAL_KINDS = {
    Agreement.Kind.TREATY,
    Agreement.Kind.AGREEMENT,
    Agreement.Kind.MEMORANDUM,
    Agreement.Kind.PROTOCOL,
}
LEGAL_FORCE = {
    Agreement.Status.IN_FORCE: "https://schema.org/InForce",
    Agreement.Status.EXPIRED: "https://schema.org/NotInForce",
}
# The characters that let text end a <script> element or open a comment inside it, as JSON
# escapes (the same set Django's json_script escapes); the JSON means the same.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element holding `data`, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


def country(item: Country, absolute) -> dict:
    return {
        "@type": "Country",
        "@id": absolute(item.get_absolute_url()),
        "name": item.name_en,
        "alternateName": item.name_ru,
        "identifier": item.code,
    }


def _names(agreement: Agreement) -> dict:
    names = [
        (lang, name)
        for lang, name in (("en", agreement.name_en), ("ru", agreement.name_ru))
        if name
    ]
    out = {"name": names[0][1], "inLanguage": [lang for lang, _name in names]}
    if len(names) > 1:
        out["alternateName"] = names[1][1]
    return out


def agreement_type(agreement: Agreement) -> str:
    return "Legislation" if agreement.kind in LEGAL_KINDS else "CreativeWork"


def agreement_reference(agreement: Agreement, absolute) -> dict:
    """The agreement as another page mentions it: its type, name and address."""
    url = absolute(agreement.get_absolute_url())
    return {"@type": agreement_type(agreement), "@id": url, "url": url, **_names(agreement)}


def agreement(item: Agreement, absolute) -> dict:
    """An agreement's page: Legislation (dated, its parties the jurisdictions) or CreativeWork."""
    data = {"@context": CONTEXT, **agreement_reference(item, absolute)}
    parties = [country(c, absolute) for c in item.parties.all()]
    organisations = [
        {"@type": "Organization", "name": line.strip()}
        for line in item.party_organisations.splitlines()
        if line.strip()
    ]
    legal = data["@type"] == "Legislation"
    if item.signed_on:
        data["legislationDate" if legal else "dateCreated"] = item.signed_on.isoformat()
    if parties:
        data["legislationJurisdiction" if legal else "spatialCoverage"] = parties
    if organisations:
        data["sourceOrganization"] = organisations
    if item.signed_place:
        data["locationCreated"] = {"@type": "Place", "name": item.signed_place}
    if legal and item.status in LEGAL_FORCE:
        data["legislationLegalForce"] = LEGAL_FORCE[item.status]
    return data


def news_article(item: Article, absolute) -> dict:
    """An article's page: a NewsArticle, the archive's copy of the original it is based on."""
    url = absolute(item.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": item.title,
        "datePublished": item.published_on.isoformat(),
        "inLanguage": item.language,
        "isAccessibleForFree": True,
    }
    if item.lead:
        data["description"] = item.lead
    if item.outlet_id:
        publisher = {"@type": "Organization", "name": item.outlet.name}
        if item.outlet.domain:
            publisher["url"] = f"https://{item.outlet.domain}/"
        data["publisher"] = publisher
    if item.source_url:
        data["isBasedOn"] = item.source_url
    about = [country(c, absolute) for c in item.countries.all()]
    if about:
        data["about"] = about
    mentions = [agreement_reference(a, absolute) for a in item.agreements.all()]
    if mentions:
        data["mentions"] = mentions
    data["isPartOf"] = {"@type": "WebSite", "name": "Concord", "url": absolute("/")}
    return data
