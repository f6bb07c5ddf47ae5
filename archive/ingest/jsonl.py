"""JSON Lines: one article per line, the format export_articles writes.

Keys: title, body, date (YYYY-MM-DD) are required; lead, date_needs_review, language,
source_url, source (outlet name), countries (ISO codes), pairs ("BY-CN" in either order) and
agreements (objects with name or name_ru/name_en, and optionally kind, status, signed_date,
parties, organisations) are optional. Unknown keys are ignored. Language, countries, pairs and
agreements left out are proposed from the text, as for the seed format.
"""

import json

from archive.ingest.countries import CountryMatcher, load_matcher
from archive.ingest.dates import parse_iso_date
from archive.ingest.detect import analyse
from archive.ingest.records import AgreementRecord, ArticleRecord, ParseError
from archive.ingest.urls import clean_source_url, url_key

LANGUAGES = {"ru", "en"}
AGREEMENT_KINDS = {
    "memorandum", "agreement", "treaty", "joint_communique", "joint_statement", "roadmap",
    "programme", "initiative", "protocol", "contract", "other",
}  # fmt: skip
AGREEMENT_STATUSES = {"proposed", "planned", "signed", "in_force", "expired"}


def parse_jsonl(lines, name: str = "", *, matcher: CountryMatcher | None = None):
    """Yield an ArticleRecord or a ParseError (origin "name:line") for each non-blank line."""
    matcher = matcher or load_matcher()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            yield parse_json_article(line, origin, matcher)
        except ParseError as error:
            yield error


def parse_json_article(line: str, origin: str, matcher: CountryMatcher) -> ArticleRecord:
    """One JSON object into an ArticleRecord; ParseError says what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ParseError(origin, f"invalid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(data, dict):
        raise ParseError(origin, "a line must be a JSON object")
    try:
        return _article(data, origin, matcher)
    except ValueError as error:
        raise ParseError(origin, str(error)) from None


def _text(data: dict, key: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ValueError(f"missing {key}")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    value = value.strip()
    if required and not value:
        raise ValueError(f"missing {key}")
    return value


def _codes(values, known: set[str], key: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key} must be a list of ISO country codes")
    codes = []
    for value in values:
        code = value.strip().upper()
        if code not in known:
            raise ValueError(f"unknown country code {value!r}")
        if code not in codes:
            codes.append(code)
    return sorted(codes)


def _pairs(values, known: set[str]) -> list[str]:
    from archive.models import canonical_pair_code

    if not isinstance(values, list):
        raise ValueError('pairs must be a list such as ["BY-CN"]')
    pairs = set()
    for value in values:
        try:
            code = canonical_pair_code(value if isinstance(value, str) else "")
        except ValueError:
            raise ValueError(
                f"bad pair {value!r}: a pair is two country codes such as BY-CN"
            ) from None
        for part in code.split("-"):
            if part not in known:
                raise ValueError(f"unknown country code {part!r} in pair {value!r}")
        pairs.add(code)
    return sorted(pairs)


def _agreements(values, known: set[str]) -> list[AgreementRecord]:
    if not isinstance(values, list):
        raise ValueError("agreements must be a list of objects")
    records = []
    for value in values:
        if not isinstance(value, dict):
            raise ValueError("each agreement must be an object with a name")
        name_ru, name_en = _text(value, "name_ru"), _text(value, "name_en")
        name = _text(value, "name") or name_ru or name_en
        if not name:
            raise ValueError("an agreement has no name")
        kind = value.get("kind") or None
        if kind is not None and kind not in AGREEMENT_KINDS:
            raise ValueError(f"unknown agreement kind {kind!r}")
        status = value.get("status") or None
        if status is not None and status not in AGREEMENT_STATUSES:
            raise ValueError(f"unknown agreement status {status!r}")
        signed = value.get("signed_date")
        organisations = value.get("organisations") or []
        if not isinstance(organisations, list) or not all(
            isinstance(o, str) for o in organisations
        ):
            raise ValueError("organisations must be a list of names")
        records.append(
            AgreementRecord(
                name=name,
                kind=kind,
                signed_date=parse_iso_date(signed) if signed else None,
                parties=_codes(value.get("parties") or [], known, "parties"),
                organisations=[o.strip() for o in organisations if o.strip()],
                name_en=name_en,
                name_ru=name_ru,
                status=status,
            )
        )
    return records


def _article(data: dict, origin: str, matcher: CountryMatcher) -> ArticleRecord:
    record = ArticleRecord(
        title=_text(data, "title", required=True),
        lead=_text(data, "lead"),
        body=_text(data, "body", required=True),
        date=parse_iso_date(_text(data, "date", required=True)),
        origin=origin,
    )
    review = data.get("date_needs_review", False)
    if not isinstance(review, bool):
        raise ValueError("date_needs_review must be true or false")
    record.date_needs_review = review
    if data.get("language") is not None:
        if data["language"] not in LANGUAGES:
            raise ValueError(f"unknown language {data['language']!r} (use ru or en)")
        record.language = data["language"]
    if url := _text(data, "source_url"):
        record.source_url = clean_source_url(url)
        record.url_key = url_key(record.source_url)
    record.source = _text(data, "source") or None

    known = matcher.codes
    given = {key: data.get(key) for key in ("countries", "pairs", "agreements")}
    if given["countries"] is not None:
        record.countries = _codes(given["countries"], known, "countries")
    if given["pairs"] is not None:
        record.pairs = _pairs(given["pairs"], known)
    if given["agreements"] is not None:
        record.agreements = _agreements(given["agreements"], known)
    if record.language is None or None in given.values():
        paragraphs = [p for p in (record.title, record.lead, *record.body.split("\n\n")) if p]
        proposal = analyse(paragraphs, matcher)
        record.language = record.language or proposal.language
        if given["countries"] is None:
            record.countries = sorted(proposal.countries)
        if given["pairs"] is None:
            if given["countries"] is None:
                record.pairs = proposal.pairs
            elif len(record.countries) == 2:
                record.pairs = ["-".join(record.countries)]
        if given["agreements"] is None:
            record.agreements = proposal.agreements
    if record.language is None:
        raise ValueError('cannot tell the language: give "language": "ru" or "en"')
    return record
