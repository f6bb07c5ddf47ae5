"""The curated layer as open data: one zip file, written by `manage.py dump_open_data`.

What the editors curate — countries with their recognised forms, the register of names,
outlets, the register of agreements (kinds, parties, dates, status), country pairs — and the
links from each article (by id, address and original URL) to its pairs, countries and
agreements, under CC BY 4.0. The articles' texts (titles, leads, bodies) belong to their
outlets and are not in it. Every file is read in one snapshot of the database, and the zip
is written beside its final name and renamed into place, so a reader never downloads half a
dump and a failed run leaves the previous one as it was.
"""

import datetime
import json
import os
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.ingest.export import register_records
from archive.models import Agreement, Article, Country, CountryPair, Outlet

DUMP_NAME = "concord-open-data.zip"
FORMAT_VERSION = 1
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "Concord, an archive of bilateral-cooperation news: the curated register and links"
# The files of the dump: the register's record type (None: the article links), and what each holds.
FILES = (
    ("countries.json", "country", _("Countries: ISO code, names in English and Russian, the forms the importer recognises.")),
    ("names.json", "name", _("The register of names: people, organisations and places with their spellings.")),
    ("outlets.json", "outlet", _("Outlets: name, address, country and other names.")),
    ("agreements.json", "agreement", _("The register of agreements: names, kind, parties, signatories, signing date and place, status.")),
    ("pairs.json", "pair", _("Country pairs, by their codes (BY-CN).")),
    ("article_links.jsonl", None, _("One line per article: its id, date, language, address in the archive and original URL, outlet, and the pairs, countries and agreements it is tagged with. No text.")),
)  # fmt: skip
MANIFEST = "manifest.json"
README = "README.txt"


@dataclass(frozen=True)
class Dump:
    """The dump on disk: where, how large, when made, and how many records each file holds."""

    path: Path
    size: int
    generated_at: datetime.datetime
    counts: dict[str, int]


def directory() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def latest(folder: Path | None = None) -> Dump | None:
    """The dump in `folder` (OPEN_DATA_DIR), or None when there is none that can be read."""
    path = (folder or directory()) / DUMP_NAME
    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
        generated_at = datetime.datetime.fromisoformat(manifest["generated_at"])
        counts = {name: info["records"] for name, info in manifest["files"].items()}
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError):
        return None
    return Dump(path, size, generated_at, counts)


def write(folder: Path | None = None) -> Dump:
    """Write a new dump into `folder` (OPEN_DATA_DIR), replacing the old one at the last moment."""
    folder = folder or directory()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".open-data-", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            _write_zip(out, timezone.now())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # noqa: S103 - a public download
        os.replace(temporary, folder / DUMP_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return latest(folder)


def _write_zip(out, generated_at: datetime.datetime) -> None:
    outermost = not connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if outermost:
            # Every file from one snapshot: links never name an agreement the register lacks.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = _write_register(archive, generated_at)
        with archive.open(_entry("article_links.jsonl", generated_at), "w") as links:
            counts["article_links.jsonl"] = 0
            for record in article_links():
                links.write((json.dumps(record, ensure_ascii=False) + "\n").encode())
                counts["article_links.jsonl"] += 1
        described = json.dumps(manifest(generated_at, counts), ensure_ascii=False, indent=2)
        archive.writestr(_entry(MANIFEST, generated_at), described)
        archive.writestr(_entry(README, generated_at), readme(generated_at))


def _entry(name: str, generated_at: datetime.datetime) -> zipfile.ZipInfo:
    """A compressed member dated with the dump (UTC), whichever way it is written."""
    info = zipfile.ZipInfo(name, date_time=generated_at.astimezone(datetime.UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_register(archive: zipfile.ZipFile, generated_at: datetime.datetime) -> dict[str, int]:
    grouped = defaultdict(list)
    for record in register_records():
        kind = record.pop("type")
        if kind == "agreement":
            record["path"] = reverse("archive:agreement", args=[record["slug"]])
        grouped[kind].append(record)
    counts = {}
    for name, kind, _description in FILES:
        if kind is not None:
            text = json.dumps(grouped[kind], ensure_ascii=False, indent=1)
            archive.writestr(_entry(name, generated_at), text)
            counts[name] = len(grouped[kind])
    return counts


def article_links():
    """Each article's tags, read from the tag arrays its row carries, oldest id first."""
    codes = {
        "pairs": dict(CountryPair.objects.values_list("id", "code")),
        "countries": dict(Country.objects.values_list("id", "code")),
        "agreements": dict(Agreement.objects.values_list("id", "slug")),
    }
    outlets = dict(Outlet.objects.values_list("id", "slug"))
    rows = Article.objects.order_by("id").values_list(
        "id", "published_on", "slug", "language", "source_url", "outlet_id",
        "pair_ids", "country_ids", "agreement_ids",
    )  # fmt: skip
    for pk, day, slug, language, source_url, outlet, pairs, countries, agreements in rows.iterator(
        chunk_size=2000
    ):
        tagged = {"pairs": pairs, "countries": countries, "agreements": agreements}
        yield {
            "id": pk,
            "date": day.isoformat(),
            "language": language,
            "path": reverse("archive:article", args=[day.year, f"{day:%m}", f"{day:%d}", slug]),
            "source_url": source_url,
            "outlet": outlets.get(outlet),
            **{
                name: sorted(codes[name][i] for i in ids if i in codes[name])
                for name, ids in tagged.items()
            },
        }


def manifest(generated_at: datetime.datetime, counts: dict[str, int]) -> dict:
    return {
        "title": "Concord open data",
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(),
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "not_included": "article texts (titles, leads, bodies), which belong to their outlets",
        "paths": "article and agreement paths are relative to the archive's address",
        "files": {
            name: {"records": counts[name], "description": str(description)}
            for name, _kind, description in FILES
        },
    }


def readme(generated_at: datetime.datetime) -> str:
    lines = [
        "Concord open data",
        f"Generated {generated_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Licence: {LICENCE['name']} ({LICENCE['id']}), {LICENCE['url']}",
        f"Attribute as: {ATTRIBUTION}.",
        "Article texts are not included: they belong to their outlets.",
        "",
        "Files (JSON, UTF-8; article_links.jsonl has one JSON object a line):",
    ]
    lines += [f"- {name}: {description}" for name, _kind, description in FILES]
    return "\n".join(lines) + "\n"
