"""JSON Lines: one article per line, the format export_articles writes.

A full export also holds register records (countries, names, outlets, agreements, pairs, each
with its "type"); archive.ingest.snapshot stores those before the articles, and the reader
here passes them over. An article line may say `"type": "article"`; a line of the older,
article-only format says no type at all.

Keys: title and body are required; date (YYYY-MM-DD), lead, date_needs_review, date_origin,
review_note, language, source_url, source (outlet name), countries (ISO codes), pairs
("BY-CN" in either order) and agreements (objects with name or name_ru/name_en, and optionally
kind, status, signed_date, signed_place, parties, organisations) are optional. Unknown keys are
ignored. From a full export also: id and slug (kept when free), source_slug (the outlet),
an agreement's slug (the register entry it is, never matched by name), created_at and
updated_at. Provenance: captured_at (when the text was captured, with its UTC offset; the
import's own time when left out) and archived_copy_url (a copy in a web archive). A date left out is read from the URL, the dateline or the text and flagged for
review; language, countries, pairs and agreements left out are proposed from the text, as for
the seed format.
"""

import datetime
import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from archive.ingest.dates import parse_iso_date
from archive.ingest.records import AgreementRecord, ArticleRecord, ParseError
from archive.ingest.urls import clean_source_url, url_key

LANGUAGES = {"ru", "en"}
AGREEMENT_KINDS = {
    "memorandum", "agreement", "treaty", "joint_communique", "joint_statement", "declaration",
    "roadmap", "programme", "plan", "initiative", "protocol", "contract", "other",
}  # fmt: skip
AGREEMENT_STATUSES = {"proposed", "planned", "signed", "in_force", "expired"}
DATE_ORIGINS = {"given", "page", "url", "dateline", "text", "editor"}
# Records of a full export stored before the articles (archive.ingest.snapshot).
REGISTER_TYPES = ("country", "name", "outlet", "agreement", "pair")
MAX_URL = 1000
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def parse_jsonl(lines, name: str = "", *, context=None):
    """Yield an ArticleRecord or a ParseError (origin "name:line") for each non-blank line."""
    from archive.ingest.pipeline import ParseContext

    context = context or ParseContext.for_run()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = parse_json_article(line, origin, context)
        except ParseError as error:
            yield error
        else:
            if record is not None:
                yield record


def parse_json_article(line: str, origin: str, context) -> ArticleRecord | None:
    """One JSON object into an ArticleRecord; ParseError says what is wrong with it.

    None for a register record of a full export: it was stored before the articles.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ParseError(origin, f"invalid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise ParseError(origin, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ParseError(origin, "a line must be a JSON object")
    kind = data.get("type", "article")
    if kind in REGISTER_TYPES:
        return None
    if kind != "article":
        raise ParseError(origin, f"unknown record type {kind!r}")
    try:
        return _article(data, origin, context)
    except ValueError as error:
        raise ParseError(origin, str(error)) from None


def text_value(data: dict, key: str, required: bool = False) -> str:
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


def slug_value(data: dict, key: str = "slug", required: bool = False) -> str:
    slug = text_value(data, key, required=required)
    if slug and not SLUG.match(slug):
        raise ValueError(f"bad {key} {slug!r}: letters, digits, hyphens and underscores only")
    return slug


def id_value(data: dict) -> int | None:
    value = data.get("id")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
        raise ValueError("id must be a positive whole number")
    return value


def timestamp(data: dict, key: str) -> datetime.datetime | None:
    """An ISO 8601 date and time with its UTC offset, as exports write them; None if absent."""
    value = text_value(data, key)
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key} must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError(f"{key} must give its UTC offset")
    return moment


def web_address(data: dict, key: str) -> str | None:
    """An http(s) address of at most 1,000 characters; None if absent."""
    value = text_value(data, key)
    if not value:
        return None
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValueError(f"{key} must be an http or https address") from None
    if len(value) > MAX_URL:
        raise ValueError(f"{key} longer than {MAX_URL} characters")
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
        name_ru, name_en = text_value(value, "name_ru"), text_value(value, "name_en")
        name = text_value(value, "name") or name_ru or name_en
        if not name:
            raise ValueError("an agreement has no name")
        kind = value.get("kind") or None
        if kind is not None and kind not in AGREEMENT_KINDS:
            raise ValueError(f"unknown agreement kind {kind!r}")
        status = value.get("status") or None
        if status is not None and status not in AGREEMENT_STATUSES:
            raise ValueError(f"unknown agreement status {status!r}")
        signed = value.get("signed_date")
        place = value.get("signed_place") or ""
        if not isinstance(place, str):
            raise ValueError("signed_place must be a string")
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
                signed_place=place.strip(),
                parties=_codes(value.get("parties") or [], known, "parties"),
                organisations=[o.strip() for o in organisations if o.strip()],
                name_en=name_en,
                name_ru=name_ru,
                status=status,
                slug=slug_value(value),
            )
        )
    return records


def _article(data: dict, origin: str, context) -> ArticleRecord:
    from archive.ingest.pipeline import complete

    date = text_value(data, "date")
    record = ArticleRecord(
        title=text_value(data, "title", required=True),
        lead=text_value(data, "lead"),
        body=text_value(data, "body", required=True),
        date=parse_iso_date(date) if date else None,
        origin=origin,
    )
    review = data.get("date_needs_review", False)
    if not isinstance(review, bool):
        raise ValueError("date_needs_review must be true or false")
    if date_origin := text_value(data, "date_origin"):
        if date_origin not in DATE_ORIGINS:
            raise ValueError(f"unknown date_origin {date_origin!r}")
        record.date_origin = date_origin
    if review:
        notes = text_value(data, "review_note").splitlines() or [
            "date marked for review in the file"
        ]
        for note in notes:
            record.flag_date(note)
    if data.get("language") is not None:
        if data["language"] not in LANGUAGES:
            raise ValueError(f"unknown language {data['language']!r} (use ru or en)")
        record.language = data["language"]
    if url := text_value(data, "source_url"):
        record.source_url = clean_source_url(url)
        record.url_key = url_key(record.source_url)
    record.source = text_value(data, "source") or None
    if "source_slug" in data:
        record.outlet_slug = slug_value(data, "source_slug")
    record.id, record.slug = id_value(data), slug_value(data)
    record.created_at = timestamp(data, "created_at")
    record.updated_at = timestamp(data, "updated_at")
    record.captured_at = timestamp(data, "captured_at")
    record.archived_copy_url = web_address(data, "archived_copy_url")

    known = context.matcher.codes
    given = {key: data.get(key) for key in ("countries", "pairs", "agreements")}
    if given["countries"] is not None:
        record.countries = _codes(given["countries"], known, "countries")
    if given["pairs"] is not None:
        record.pairs = _pairs(given["pairs"], known)
    if given["agreements"] is not None:
        record.agreements = _agreements(given["agreements"], known)
    record = complete(
        record,
        context,
        given_date=record.date is not None,
        # A record that says whether its date needs review (an export) has been curated.
        check_date="date_needs_review" not in data,
        propose=[key for key, value in given.items() if value is None],
    )
    if record.outlet_slug == "":
        record.source = None  # an export's "no outlet" stands, whatever the dateline says
    return record
