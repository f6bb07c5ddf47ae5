"""The register records of a full export, read and stored before its articles.

A full export (archive.ingest.export) opens with the register the editors curate: countries,
names, outlets, agreements and country pairs, each a JSON line with its "type". They are read
from every JSON Lines file of a run and stored first, in one transaction, so the articles that
follow find their outlets and agreements by slug (whichever worker writes them). Each row is
found by its own key — a country by code, a name by its canonical form, an outlet by slug (else
name), an agreement by slug and by nothing else, so two agreements that share a name stay two.
A new row takes the id and slug of the file when they are free; a row already there keeps its
own. A bad record is reported as `file:line: reason` and the others are still stored.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from archive.ingest.dates import parse_iso_date
from archive.ingest.files import BOM, JSONL_SUFFIXES
from archive.ingest.jsonl import (
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    REGISTER_TYPES,
    id_value,
    slug_value,
    text_value,
    timestamp,
)
from archive.ingest.register import REGISTER_LOCK
from archive.models import Agreement, Article, Country, CountryPair, Name, Outlet

# Stored in this order: what a later type refers to comes first.
TYPES = REGISTER_TYPES
PLURAL = {"country": "countries"}
ARTICLE_LINE = re.compile(rb'^\s*\{\s*"type"\s*:\s*"article"')
NAME_KINDS = set(Name.Kind.values)


@dataclass
class RegisterReport:
    """Register records stored: how many of each type, and what each did."""

    types: dict = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {PLURAL.get(t, t + 's')}" for t, n in self.types.items() if n)
        return (
            f"register: {kinds} (created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {len(self.errors)})"
        )


def read_register(paths) -> tuple[dict, list[tuple[str, str]]]:
    """The register records of the JSON Lines files among `paths`: {type: [(origin, data)]}.

    Article lines are passed over without being decoded when they say so first, as exports
    write them; a line that is not JSON is left for the article reader to report.
    """
    found = {kind: [] for kind in TYPES}
    for path in paths:
        path = Path(path)
        if path.suffix.lower() not in JSONL_SUFFIXES:
            continue
        try:
            handle = path.open("rb")
        except OSError:
            continue  # reported by the article reader
        with handle:
            for number, raw in enumerate(handle, start=1):
                if number == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM) :]
                if b'"type"' not in raw or ARTICLE_LINE.match(raw):
                    continue
                try:
                    data = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    continue
                if isinstance(data, dict) and data.get("type") in found:
                    found[data["type"]].append((f"{path}:{number}", data))
    return found


def load_register(paths) -> RegisterReport | None:
    """Store the register records of `paths` (None when they hold none), in one transaction
    under the register lock that imports take to create outlets and agreements."""
    found = read_register(paths)
    if not any(found.values()):
        return None
    report = RegisterReport()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_LOCK])
        for kind in TYPES:
            store = STORE[kind]
            codes = set(Country.objects.values_list("code", flat=True))
            report.types[kind] = len(found[kind])
            for origin, data in found[kind]:
                try:
                    with transaction.atomic():
                        outcome = store(data, codes)
                except ValueError as error:
                    report.errors.append((origin, str(error)))
                except DatabaseError as error:
                    reason = (str(error).strip().splitlines() or [repr(error)])[0]
                    report.errors.append((origin, f"could not be stored: {reason}"))
                else:
                    setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def reset_sequences():
    """Move the id sequences past ids taken from a file, so the next new row's id is free."""
    with connection.cursor() as cursor:
        for model in (Article, Agreement, Outlet):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT pg_get_serial_sequence(%s, 'id'), max(id) FROM {table}",  # noqa: S608 -- our own names
                [table],
            )
            sequence, highest = cursor.fetchone()
            if sequence is None or highest is None:
                continue
            # The sequence's name comes from the catalogue, already quoted.
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            last, called = cursor.fetchone()
            if highest >= (last + 1 if called else last):
                cursor.execute("SELECT setval(%s, %s)", [sequence, highest])


# --- one record each --------------------------------------------------------------------------


def _list(data: dict, key: str) -> list[str]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key} must be a list of strings")
    return [v.strip() for v in values if v.strip()]


def _country(data: dict, key: str, codes: set[str]) -> str | None:
    code = data.get(key)
    if code is None or code == "":
        return None
    if not isinstance(code, str) or code.strip().upper() not in codes:
        raise ValueError(f"unknown country code {code!r}")
    return code.strip().upper()


def _save(model, found, values: dict, wanted_id=None, **new) -> tuple:
    """Create (with `new`: its key, and the id and slug when free) or update one row from
    `values`; (row, "created" | "updated" | "unchanged")."""
    if found is None:
        if wanted_id is not None and not model.objects.filter(pk=wanted_id).exists():
            new["pk"] = wanted_id
        if "slug" in new and model.objects.filter(slug=new["slug"]).exists():
            new["slug"] = ""  # taken by another row: save() makes one from the name
        row = model(**new, **values)
        row.save()
        return row, "created"
    if all(getattr(found, key) == value for key, value in values.items()):
        return found, "unchanged"
    for key, value in values.items():
        setattr(found, key, value)
    found.save()
    return found, "updated"


def store_country(data: dict, codes: set[str]) -> str:
    code = text_value(data, "code", required=True).upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"bad country code {code!r}: two letters such as BY")
    values = {
        "name_en": text_value(data, "name_en", required=True),
        "name_ru": text_value(data, "name_ru", required=True),
        "forms": _list(data, "forms"),
        "compound_stems": _list(data, "compound_stems"),
    }
    found = Country.objects.filter(code=code).first()
    return _save(Country, found, values, code=code)[1]


def store_name(data: dict, codes: set[str]) -> str:
    canonical = text_value(data, "canonical", required=True)
    kind = text_value(data, "kind", required=True)
    if kind not in NAME_KINDS:
        raise ValueError(f"unknown kind of name {kind!r}")
    country = _country(data, "country", codes)
    values = {
        "kind": kind,
        "variants": _list(data, "variants"),
        "country_id": Country.objects.get(code=country).pk if country else None,
    }
    found = Name.objects.filter(canonical=canonical).first()
    return _save(Name, found, values, canonical=canonical)[1]


def store_outlet(data: dict, codes: set[str]) -> str:
    slug, name = slug_value(data, required=True), text_value(data, "name", required=True)
    country = _country(data, "country", codes)
    values = {
        "name": name,
        "domain": text_value(data, "domain"),
        "country_id": Country.objects.get(code=country).pk if country else None,
        "aliases": _list(data, "aliases"),
    }
    found = Outlet.objects.filter(slug=slug).first() or Outlet.objects.filter(name=name).first()
    return _save(Outlet, found, values, id_value(data), slug=slug)[1]


def store_agreement(data: dict, codes: set[str]) -> str:
    slug = slug_value(data, required=True)
    values = {
        "name_ru": text_value(data, "name_ru"),
        "name_en": text_value(data, "name_en"),
        "kind": data.get("kind") or Agreement.Kind.OTHER,
        "status": data.get("status") or Agreement.Status.PROPOSED,
        "signed_on": parse_iso_date(data["signed_date"]) if data.get("signed_date") else None,
        "signed_place": text_value(data, "signed_place"),
        "party_organisations": "\n".join(_list(data, "organisations")),
        "aliases": _list(data, "aliases"),
    }
    if not values["name_ru"] and not values["name_en"]:
        raise ValueError("an agreement needs name_ru or name_en")
    if values["kind"] not in AGREEMENT_KINDS:
        raise ValueError(f"unknown agreement kind {values['kind']!r}")
    if values["status"] not in AGREEMENT_STATUSES:
        raise ValueError(f"unknown agreement status {values['status']!r}")
    parties = sorted({_country({"c": c}, "c", codes) for c in _list(data, "parties")})
    stamps = {k: timestamp(data, k) for k in ("created_at", "updated_at")}
    found = Agreement.objects.filter(slug=slug).first()
    had = sorted(found.parties.values_list("code", flat=True)) if found else None
    agreement, outcome = _save(Agreement, found, values, id_value(data), slug=slug)
    if had != parties:
        agreement.parties.set(Country.objects.filter(code__in=parties))
        outcome = "created" if found is None else "updated"
    if outcome != "unchanged" and any(stamps.values()):
        # save() stamps the time of the import; the copy keeps the archive's own times.
        Agreement.objects.filter(pk=agreement.pk).update(
            **{k: v for k, v in stamps.items() if v is not None}
        )
    return outcome


def store_pair(data: dict, codes: set[str]) -> str:
    code = text_value(data, "code", required=True)
    return "created" if CountryPair.objects.get_or_create_for(code)[1] else "unchanged"


STORE = {
    "country": store_country,
    "name": store_name,
    "outlet": store_outlet,
    "agreement": store_agreement,
    "pair": store_pair,
}
