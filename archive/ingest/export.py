"""The curated archive as JSON Lines in the import format: a full, portable copy.

One record per line, each with its "type": first the register the editors curate —
countries with their recognised forms, the register of names, outlets with their country and
other names, every agreement (named by an article or not) with its slug, country pairs — then
every article with its id, address (date and slug) and timestamps, naming its outlet and
agreements by slug. Imported into an empty archive, it answers at the same URLs; article lines
also keep the keys of the article-only format, so any importer of that format reads them.
Users and groups are not in it: `manage.py backup` keeps those.
"""

import json

from django.db.models import Prefetch

from archive.models import Agreement, Article, Country, CountryPair, Name, Outlet


def _date(value):
    return value.isoformat() if value else None


def country_to_dict(country: Country) -> dict:
    return {
        "type": "country",
        "code": country.code,
        "name_en": country.name_en,
        "name_ru": country.name_ru,
        "forms": list(country.forms),
        "compound_stems": list(country.compound_stems),
    }


def name_to_dict(name: Name) -> dict:
    return {
        "type": "name",
        "canonical": name.canonical,
        "kind": name.kind,
        "variants": list(name.variants),
        "country": name.country.code if name.country_id else None,
    }


def outlet_to_dict(outlet: Outlet) -> dict:
    return {
        "type": "outlet",
        "id": outlet.pk,
        "slug": outlet.slug,
        "name": outlet.name,
        "domain": outlet.domain,
        "country": outlet.country.code if outlet.country_id else None,
        "aliases": list(outlet.aliases),
    }


def agreement_to_dict(agreement: Agreement) -> dict:
    """An agreement as a register record: an article's reference plus what only the register
    holds (id, other names, timestamps)."""
    return {
        "type": "agreement",
        "id": agreement.pk,
        **_agreement(agreement),
        "aliases": list(agreement.aliases),
        "created_at": _date(agreement.created_at),
        "updated_at": _date(agreement.updated_at),
    }


def article_to_dict(article: Article) -> dict:
    """One article in the import format, its lists sorted so the output is stable."""
    return {
        "type": "article",
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "date": article.published_on.isoformat(),
        "date_needs_review": article.date_needs_review,
        "date_origin": article.date_origin,
        "review_note": article.review_note,
        "language": article.language,
        "source_url": article.source_url,
        "source": article.outlet.name if article.outlet else None,
        "source_slug": article.outlet.slug if article.outlet else None,
        "countries": sorted(c.code for c in article.countries.all()),
        "pairs": sorted(p.code for p in article.pairs.all()),
        "agreements": sorted(
            (_agreement(a) for a in article.agreements.all()), key=lambda a: a["slug"]
        ),
        "created_at": _date(article.created_at),
        "updated_at": _date(article.updated_at),
        "captured_at": _date(article.captured_at),
        "archived_copy_url": article.archived_copy_url,
    }


def _agreement(agreement: Agreement) -> dict:
    return {
        "slug": agreement.slug,
        "name": agreement.name_ru or agreement.name_en,
        "name_ru": agreement.name_ru,
        "name_en": agreement.name_en,
        "kind": agreement.kind,
        "status": agreement.status,
        "signed_date": _date(agreement.signed_on),
        "signed_place": agreement.signed_place,
        "parties": sorted(c.code for c in agreement.parties.all()),
        "organisations": [o for o in agreement.party_organisations.splitlines() if o.strip()],
    }


def register_records():
    """The register's records, in the order an import needs them (countries first)."""
    for country in Country.objects.order_by("code"):
        yield country_to_dict(country)
    for name in Name.objects.select_related("country").order_by("canonical"):
        yield name_to_dict(name)
    for outlet in Outlet.objects.select_related("country").order_by("slug"):
        yield outlet_to_dict(outlet)
    agreements = Agreement.objects.prefetch_related("parties").order_by("slug")
    for agreement in agreements.iterator(chunk_size=2000):
        yield agreement_to_dict(agreement)
    for code in CountryPair.objects.order_by("code").values_list("code", flat=True):
        yield {"type": "pair", "code": code}


def article_records():
    """Every article, oldest first (date, then title, then URL)."""
    articles = (
        Article.objects.select_related("outlet")
        .prefetch_related(
            "countries",
            "pairs",
            Prefetch("agreements", queryset=Agreement.objects.prefetch_related("parties")),
        )
        .order_by("published_on", "title", "source_url", "id")
    )
    for article in articles.iterator(chunk_size=500):
        yield article_to_dict(article)


def export_lines():
    """The whole curated archive, one JSON line per record: the register, then the articles."""
    for records in (register_records(), article_records()):
        for record in records:
            yield json.dumps(record, ensure_ascii=False)
