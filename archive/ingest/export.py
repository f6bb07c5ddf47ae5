"""Articles as JSON Lines in the import format, so an export re-imports to the same archive."""

import json

from django.db.models import Prefetch

from archive.models import Agreement, Article


def article_to_dict(article: Article) -> dict:
    """One article in the import format, its lists sorted so the output is stable."""
    return {
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
        "countries": sorted(c.code for c in article.countries.all()),
        "pairs": sorted(p.code for p in article.pairs.all()),
        "agreements": sorted(
            (_agreement(a) for a in article.agreements.all()), key=lambda a: a["name"]
        ),
    }


def _agreement(agreement: Agreement) -> dict:
    return {
        "name": agreement.name_ru or agreement.name_en,
        "name_ru": agreement.name_ru,
        "name_en": agreement.name_en,
        "kind": agreement.kind,
        "status": agreement.status,
        "signed_date": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "signed_place": agreement.signed_place,
        "parties": sorted(c.code for c in agreement.parties.all()),
        "organisations": [o for o in agreement.party_organisations.splitlines() if o.strip()],
    }


def export_lines():
    """Every article as one JSON line, oldest first (date, then title, then URL)."""
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
        yield json.dumps(article_to_dict(article), ensure_ascii=False, sort_keys=False)
