"""A search's results as a file: CSV for spreadsheets, JSON Lines for programs.

The ids come from the search's one entry point (`archive.search.results.window`), so a file
lists the articles the search page lists, in its order; the rows are then read in chunks as
the file streams out, each chunk in one statement with its tags. Neither format carries the
articles' texts beyond the lead.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from archive.models import Article
from archive.search import page as pages

# Rows read from the database at a time while a file streams.
CHUNK = 500
COLUMNS = (
    "id", "title", "date", "language", "outlet", "source_url", "archive_url",
    "pairs", "countries", "agreements", "lead",
)  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such
# a cell is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Several values in one CSV cell (pairs, countries, agreements).
LIST_SEPARATOR = "; "
# Excel reads a UTF-8 file as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    """One result as exported: plain values, the lists as lists."""

    id: int
    title: str
    date: str
    language: str
    outlet: str | None
    source_url: str | None
    archive_url: str
    pairs: list[str]
    countries: list[str]
    agreements: list[dict]
    lead: str


def max_rows() -> int:
    """How many articles one export holds at most (the EXPORT_MAX_ROWS setting)."""
    return max(1, settings.EXPORT_MAX_ROWS)


def rows(ids: list[int], absolute, using: str, language: str) -> Iterator[Row]:
    """The articles with these ids, in this order, as rows; `absolute(path)` makes an address
    absolute, `using` is the database the ids were read from, agreements are named in
    `language` (read before the file streams, while the request's language is active)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        queryset = Article.objects.using(using).filter(id__in=chunk).select_related("outlet")
        found = {a.id: a for a in pages.with_tags(queryset).defer("body")}
        for pk in chunk:
            article = found.get(pk)
            if article is None:  # deleted while the file was being written
                continue
            pages.attach_tags(article)
            yield _row(article, absolute, language)


def _row(article: Article, absolute, language: str) -> Row:
    return Row(
        id=article.id,
        title=article.title,
        date=article.published_on.isoformat(),
        language=article.language,
        outlet=article.outlet.name if article.outlet_id else None,
        source_url=article.source_url,
        archive_url=absolute(article.get_absolute_url()),
        pairs=[p.code for p in article.pairs.all()],
        countries=[c.code for c in article.countries.all()],
        agreements=[
            {"slug": a.slug, "name": a.name(language), "kind": a.kind}
            for a in article.agreements.all()
        ],
        lead=article.lead,
    )


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_lines(found: Iterable[Row]) -> Iterator[str]:
    """The rows as CSV (Excel's dialect, a header line, a byte-order mark first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        writer.writerow([_safe_cell(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(COLUMNS)
    for row in found:
        agreements = LIST_SEPARATOR.join(a["name"] for a in row.agreements)
        yield line(
            [
                row.id, row.title, row.date, row.language, row.outlet, row.source_url,
                row.archive_url, LIST_SEPARATOR.join(row.pairs),
                LIST_SEPARATOR.join(row.countries), agreements, row.lead,
            ]
        )  # fmt: skip


def jsonl_lines(found: Iterable[Row]) -> Iterator[str]:
    """The rows as JSON Lines, one article a line, its lists as JSON lists."""
    for row in found:
        record = {name: getattr(row, name) for name in COLUMNS}
        yield json.dumps(record, ensure_ascii=False) + "\n"
