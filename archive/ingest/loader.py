"""The one loader: idempotent upserts of parsed records, each in its own transaction.

An article is found again by its normalised source URL or, without one, by the hash of its
words; it is updated only when something differs, and only the fields that differ are saved.
Agreements are matched against the register (names, other names, Russian inflection) before
a new one is proposed; outlets by name or by the domain of the source URL.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from archive.ingest.agreements import name_key, names_match
from archive.ingest.language import detect_language
from archive.ingest.records import AgreementRecord, ArticleRecord, ParseError
from archive.ingest.urls import url_domain
from archive.models import Agreement, Article, Country, CountryPair, Outlet, content_hash

SCALAR_FIELDS = (
    "title",
    "lead",
    "body",
    "published_on",
    "date_needs_review",
    "language",
    "source_url",
    "outlet",
)


@dataclass
class LoadReport:
    """What a load did: counts and one (origin, reason) per failed record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: str):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, origin: str, reason: str):
        self.failed += 1
        self.errors.append((origin, reason))

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )


def find_existing(record: ArticleRecord) -> Article | None:
    """The stored article this record is: same normalised URL, else same words."""
    if record.source_url:
        found = Article.objects.filter(source_url=record.source_url).first()
        if found:
            return found
        return Article.objects.filter(
            source_url__isnull=True, content_hash=content_hash(record.title, record.body)
        ).first()
    return Article.objects.filter(content_hash=content_hash(record.title, record.body)).first()


def save_record(record: ArticleRecord, *, user=None, article=None):
    """Create or update the article for `record`; returns (article, "created"|"updated"|"unchanged").

    With `article`, that article is the one updated (the editors' paste page). Raises
    ParseError with a readable reason when the record cannot be stored; nothing is kept then.
    """
    with transaction.atomic():
        return _save(record, user=user, article=article)


def _save(record: ArticleRecord, *, user, article):
    if record.date is None:
        raise ParseError(record.origin, "no publication date found")
    language = record.language or detect_language(f"{record.title}\n{record.body}")
    if language is None:
        raise ParseError(record.origin, "cannot tell the language")
    article = article or find_existing(record)
    created = article is None
    if created:
        article = Article(created_by=user)
    values = {
        "title": record.title,
        "lead": record.lead or "",
        "body": record.body,
        "published_on": record.date,
        "date_needs_review": record.date_needs_review,
        "language": language,
        # A record without a URL does not take away one the archive already knows.
        "source_url": record.source_url or (None if created else article.source_url),
        "outlet": resolve_outlet(record),
    }
    changed = [name for name in SCALAR_FIELDS if getattr(article, name) != values[name]]
    for name in changed:
        setattr(article, name, values[name])
    try:
        article.full_clean(exclude=["slug", "content_hash"])
    except ValidationError as error:
        raise ParseError(record.origin, _messages(error)) from None
    if created:
        article.save()
    elif changed:
        article.save(update_fields=changed)

    pairs = []
    for code in record.pairs:
        try:
            pairs.append(CountryPair.objects.get_or_create_for(code)[0])
        except ValueError as error:
            raise ParseError(record.origin, str(error)) from None
    # A pair's two countries are covered by the article even when the record forgot one.
    wanted_codes = set(record.countries) | {c for p in pairs for c in p.code.split("-")}
    countries = list(Country.objects.filter(code__in=wanted_codes))
    if len(countries) != len(wanted_codes):
        missing = wanted_codes - {c.code for c in countries}
        raise ParseError(record.origin, f"unknown country code {', '.join(sorted(missing))}")
    agreements = [resolve_agreement(a) for a in record.agreements]
    m2m_changed = False
    for name, wanted in (("countries", countries), ("pairs", pairs), ("agreements", agreements)):
        manager = getattr(article, name)
        wanted_ids = {obj.pk for obj in wanted}
        if created or set(manager.values_list("pk", flat=True)) != wanted_ids:
            manager.set(wanted)
            m2m_changed = m2m_changed or not created
    if created:
        return article, "created"
    if changed or m2m_changed:
        if not changed:  # keep "updated" truthful when only the tags moved
            Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
        return article, "updated"
    return article, "unchanged"


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def resolve_outlet(record: ArticleRecord) -> Outlet | None:
    """The outlet named by the record (name, domain, or the one outlet whose name starts so),
    else the outlet of the source URL's domain; a named outlet not yet known is created."""
    name = (record.source or "").strip()
    domain = url_domain(record.source_url) if record.source_url else ""
    if name:
        found = (
            Outlet.objects.filter(name__iexact=name).first()
            or Outlet.objects.filter(domain__iexact=name).first()
        )
        if found:
            return found
        # «– Sputnik.» in a Minsk dateline is Sputnik Беларусь, if that is the only Sputnik.
        starting = list(Outlet.objects.filter(name__istartswith=f"{name} ")[:2])
        if len(starting) == 1:
            return starting[0]
    if domain:
        for outlet in Outlet.objects.exclude(domain=""):
            if domain == outlet.domain or domain.endswith(f".{outlet.domain}"):
                return outlet
    if name:
        if len(name) > Outlet._meta.get_field("name").max_length:
            raise ParseError(record.origin, f"outlet name longer than 200 characters: {name[:40]}…")
        outlet = Outlet(name=name, domain=domain or (name.lower() if "." in name else ""))
        outlet.save()
        return outlet
    return None


def resolve_agreement(record: AgreementRecord) -> Agreement:
    """The register's agreement this record names, or a new one (status "proposed")."""
    found = find_agreement(record)
    if found:
        return found
    for name in (record.name, record.name_ru, record.name_en):
        if len(name) > Agreement._meta.get_field("name_ru").max_length:
            raise ParseError("", f"agreement name longer than 500 characters: {name[:40]}…")
    name_ru, name_en = record.name_ru, record.name_en
    if not name_ru and not name_en:
        if detect_language(record.name) == "en":
            name_en = record.name
        else:
            name_ru = record.name
    agreement = Agreement(
        name_ru=name_ru,
        name_en=name_en,
        kind=record.kind or Agreement.Kind.OTHER,
        signed_on=record.signed_date,
        party_organisations="\n".join(record.organisations),
        status=record.status or Agreement.Status.PROPOSED,
    )
    agreement.save()
    agreement.parties.set(Country.objects.filter(code__in=record.parties))
    return agreement


def find_agreement(record: AgreementRecord) -> Agreement | None:
    """Match a name against every agreement's names and other names, inflection-tolerant.

    An exact match wins; otherwise a register name or alias may be the opening of the
    extracted name («совместное коммюнике по итогам 30-й …» in a longer sentence).
    """
    wanted = [name_key(n) for n in (record.name, record.name_ru, record.name_en) if n]
    candidates = []
    for agreement in Agreement.objects.all():
        names = [
            name_key(n) for n in (agreement.name_ru, agreement.name_en, *agreement.aliases) if n
        ]
        if any(names_match(k, w) for k in names for w in wanted):
            return agreement
        if any(names_match(k, w, prefix_ok=True) for k in names for w in wanted):
            candidates.append(agreement)
    return candidates[0] if len(candidates) == 1 else None


def load_records(records, *, user=None, progress=None) -> LoadReport:
    """Save every record (ArticleRecord or ParseError), each atomically, and count the outcomes.

    `progress`, if given, is called with the number of records handled so far every 500.
    """
    report = LoadReport()
    for count, record in enumerate(records, start=1):
        if isinstance(record, ParseError):
            report.fail(record.origin, record.reason)
        else:
            try:
                _, outcome = save_record(record, user=user)
                report.add(outcome)
            except ParseError as error:
                report.fail(error.origin or record.origin, error.reason)
            except (DatabaseError, ValueError) as error:
                report.fail(record.origin, f"could not be stored: {error}")
        if progress and count % 500 == 0:
            progress(count)
    return report
