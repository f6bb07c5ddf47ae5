"""Articles as the loader writes them: column values made from a record, and the statements
that find stored articles by key, pick free slugs and link tags, each one per batch.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from archive.ingest.language import detect_language
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.urls import url_key
from archive.models import Article, captured_text_hash, content_hash
from archive.text import slugify_translit

MAX_TITLE = Article._meta.get_field("title").max_length
MAX_URL = Article._meta.get_field("source_url").max_length
LANGUAGES = {"ru", "en"}
EARLIEST = datetime.date(1800, 1, 1)

LINKS = {
    "countries": ("archive_article_countries", "country_id"),
    "pairs": ("archive_article_pairs", "countrypair_id"),
    "agreements": ("archive_article_agreements", "agreement_id"),
}
# Each tag's ids on the article row (migration 0009). The loader writes them with the row,
# so the link tables' triggers find them already right and leave the row alone: a second
# version of every new article (and its search vectors' index entries) made the import of
# 10,000 news records several times slower.
ARRAYS = {"countries": "country_ids", "pairs": "pair_ids", "agreements": "agreement_ids"}
# The article columns the loader writes, in INSERT order.
COLUMNS = (
    "title", "slug", "lead", "body", "published_on", "date_needs_review", "date_origin",
    "review_note", "language", "source_url", "url_key", "outlet_id", "content_hash",
    "captured_at", "captured_hash", "archived_copy_url", *ARRAYS.values(),
)  # fmt: skip
# Provenance columns, which the loader compares in its own way (see Loader._update).
PROVENANCE = ("captured_at", "captured_hash", "archived_copy_url")
# The columns compared to tell "unchanged" from "updated".
COMPARED = tuple(c for c in COLUMNS if c not in ("slug", "content_hash", *PROVENANCE))
SQL_TYPES = {
    "published_on": "date",
    "captured_at": "timestamptz",
    "date_needs_review": "boolean",
    "outlet_id": "bigint",
    **dict.fromkeys(ARRAYS.values(), "integer[]"),
}
SQL_TYPES = {c: SQL_TYPES.get(c, "text") for c in COLUMNS}


@dataclass
class Row:
    """A record made ready for the database: its column values and its tags as ids."""

    record: ArticleRecord
    values: dict
    links: dict  # "countries" / "pairs" / "agreements" → set of ids
    article_id: int | None = None
    outcome: str = ""

    @property
    def key(self) -> tuple:
        """What makes two rows the same article: its URL key, or its words without one."""
        if self.values["url_key"]:
            return ("url", self.values["url_key"])
        return ("text", self.values["content_hash"])


def prepare_row(record: ArticleRecord) -> Row:
    """Check a record and turn it into column values; ParseError says what is wrong."""
    origin = record.origin
    title = (record.title or "").strip()
    if not title:
        raise ParseError(origin, "no title")
    if len(title) > MAX_TITLE:
        raise ParseError(origin, f"title longer than {MAX_TITLE} characters")
    if not (record.body or "").strip():
        raise ParseError(origin, "no article text")
    if record.date is None:
        reason = record.review_notes[-1] if record.review_notes else ""
        raise ParseError(origin, reason or "no publication date found")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if not EARLIEST <= record.date <= tomorrow:
        raise ParseError(origin, f"implausible publication date {record.date.isoformat()}")
    language = record.language or detect_language(f"{record.title}\n{record.body}")
    if language not in LANGUAGES:
        raise ParseError(origin, "cannot tell the language")
    if record.source_url and len(record.source_url) > MAX_URL:
        raise ParseError(origin, f"source URL longer than {MAX_URL} characters")
    values = {
        "title": title,
        "lead": record.lead or "",
        "body": record.body,
        "published_on": record.date,
        "date_needs_review": record.date_needs_review,
        "date_origin": record.date_origin or Article.DateOrigin.GIVEN,
        "review_note": "\n".join(record.review_notes),
        "language": language,
        "source_url": record.source_url or None,
        "url_key": record.url_key or (None if not record.source_url else _url_key(record)),
        "outlet_id": None,
        "content_hash": content_hash(title, record.body),
        # The text as it is stored, so the hash can be recomputed from the article.
        "captured_at": record.captured_at or timezone.now(),
        "captured_hash": captured_text_hash(title, record.lead or "", record.body),
        "archived_copy_url": record.archived_copy_url or None,
    }
    return Row(record, values, {})


def set_links(row: Row, links: dict):
    """Give the row its tag ids (sets by tag name) and the sorted arrays the row stores."""
    row.links = links
    for name, column in ARRAYS.items():
        row.values[column] = sorted(links[name])


def column_values(rows: list[Row], column: str) -> list:
    """One column of the rows as an unnest() parameter: an array column as array literals,
    since unnest() would flatten an array of arrays."""
    if SQL_TYPES[column].endswith("[]"):
        return ["{" + ",".join(map(str, row.values[column])) + "}" for row in rows]
    return [row.values[column] for row in rows]


def unnest_type(column: str) -> str:
    """The SQL type of a column's unnest() parameter (array columns travel as text)."""
    return "text[]" if SQL_TYPES[column].endswith("[]") else f"{SQL_TYPES[column]}[]"


def _url_key(record: ArticleRecord) -> str | None:
    try:
        return url_key(record.source_url)
    except ValueError as error:
        raise ParseError(record.origin, str(error)) from None


def insert_links(cursor, table: str, column: str, pairs: list[tuple[int, int]]):
    """Link rows (article id, tag id), those already there left as they are."""
    if not pairs:
        return
    cursor.execute(
        f"INSERT INTO {table} (article_id, {column}) "  # noqa: S608 -- our own names
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    )


def relink(cursor, table: str, column: str, article_id: int, gone: set[int], new: set[int]):
    """Unlink `gone` tag ids from an article and link `new` ones, in one statement."""
    cursor.execute(
        f"WITH gone AS (DELETE FROM {table} WHERE article_id = %s AND {column} = ANY(%s)) "  # noqa: S608 -- our own names
        f"INSERT INTO {table} (article_id, {column}) "
        "SELECT %s, unnest(%s::bigint[]) ON CONFLICT DO NOTHING",
        [article_id, list(gone), article_id, list(new)],
    )


def existing_articles(rows: list[Row]) -> dict:
    """The stored articles these rows are, by `Row.key`.

    A record with a URL is the article with that URL key, or else an article with its words
    and no URL (which then gets the URL); a record without a URL is an article with its
    words, one without a URL first. Two articles with one text and two URLs are reprints,
    not one article.
    """
    keys = [row.values["url_key"] for row in rows if row.values["url_key"]]
    hashes = [row.values["content_hash"] for row in rows]
    fields = ("id", *COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(fields)} FROM archive_article "  # noqa: S608 -- our own names
            "WHERE url_key = ANY(%s::text[]) OR content_hash = ANY(%s::text[]) "
            "ORDER BY url_key IS NOT NULL, id",
            [keys, hashes],
        )
        found = [dict(zip(fields, values, strict=True)) for values in cursor.fetchall()]
    by_url = {a["url_key"]: a for a in found if a["url_key"]}
    by_text, without_url = {}, {}
    for article in found:  # those without a URL come first
        by_text.setdefault(article["content_hash"], article)
        if article["url_key"] is None:
            without_url.setdefault(article["content_hash"], article)
    matches = {}
    for row in rows:
        key, words = row.values["url_key"], row.values["content_hash"]
        match = (by_url.get(key) or without_url.get(words)) if key else by_text.get(words)
        if match is not None:
            matches[row.key] = match
    return matches


def assign_slugs(rows: list[Row]):
    """A slug for each new row, free on its day both in the archive and in this batch: the
    record's own when it has one (a full export's), else one made from the title."""
    bases = [slugify_translit(row.values["title"], max_length=90) or "article" for row in rows]
    given = [row.record.slug or base for row, base in zip(rows, bases, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.published_on, a.slug FROM archive_article a "
            "JOIN unnest(%s::date[], %s::text[], %s::text[]) AS c(day, base, given) "
            "ON a.published_on = c.day "
            "AND (a.slug IN (c.base, c.given) OR a.slug LIKE c.base || '-%%')",
            [[row.values["published_on"] for row in rows], bases, given],
        )
        taken = set(cursor.fetchall())
    # Slugs given with the records first: one made from a title never takes a given one.
    for row in rows:
        own = (row.values["published_on"], row.record.slug)
        if row.record.slug and own not in taken:
            taken.add(own)
            row.values["slug"] = row.record.slug
        else:
            row.values["slug"] = ""
    for row, base in zip(rows, bases, strict=True):
        day, slug, n = row.values["published_on"], base, 2
        if row.values["slug"]:
            continue
        while (day, slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add((day, slug))
        row.values["slug"] = slug
