"""The one loader: parsed records into the archive, a batch per transaction, idempotent.

An article is found again by its normalised URL (`url_key`) or, without one, by the hash of
its words; it is updated only when something differs, and only what differs is written.
New articles go in with one INSERT per batch; the database's unique keys (URL key, words
without a URL, day and slug) decide between two imports that race, and a record that loses
the race is looked up again and treated as already there. A batch that fails as a whole is
retried record by record, so one bad record never costs the good ones of its batch.

Tags come from the register kept in memory for the run (archive.ingest.register): countries,
pairs, outlets (name, then alias, then domain) and agreements (names, lemmas, other names).
New register rows are created before a batch's articles are written, in a short transaction
under one advisory lock, so two imports never create the same outlet or agreement twice and
never wait for each other's articles. (A batch that then fails may leave a new outlet or
proposed agreement no article names yet; the next import of its records uses it.)
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from archive.ingest.language import detect_language
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.register import TagRegister
from archive.models import Agreement, Article, content_hash
from archive.text import slugify_translit

BATCH_SIZE = 500
# Two imports inserting the same articles can deadlock; the loser's batch is simply retried.
RETRIES = 3
MAX_TITLE = Article._meta.get_field("title").max_length
MAX_URL = Article._meta.get_field("source_url").max_length
LANGUAGES = {"ru", "en"}
EARLIEST = datetime.date(1800, 1, 1)

# The article columns the loader writes, in INSERT order.
COLUMNS = (
    "title", "slug", "lead", "body", "published_on", "date_needs_review", "date_origin",
    "review_note", "language", "source_url", "url_key", "outlet_id", "content_hash",
)  # fmt: skip
# The columns compared to tell "unchanged" from "updated".
COMPARED = tuple(c for c in COLUMNS if c not in ("slug", "content_hash"))
LINKS = {
    "countries": ("archive_article_countries", "country_id"),
    "pairs": ("archive_article_pairs", "countrypair_id"),
    "agreements": ("archive_article_agreements", "agreement_id"),
}
OUTCOMES = ("created", "updated", "unchanged")


@dataclass
class LoadReport:
    """What a load did: counts and one (origin, reason) per failed record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: str, count: int = 1):
        setattr(self, outcome, getattr(self, outcome) + count)

    def fail(self, origin: str, reason: str):
        self.failed += 1
        self.errors.append((origin, reason))

    def merge(self, other: "LoadReport"):
        """Add another report's counts and errors (a worker's chunk) to this one."""
        for outcome in (*OUTCOMES, "failed"):
            self.add(outcome, getattr(other, outcome))
        self.errors.extend(other.errors)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )


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


class Loader:
    """Writes records for one import run (or one editor's save), keeping the register warm."""

    def __init__(self, *, user=None, batch_size: int = BATCH_SIZE, matcher=None):
        self.user_id = user.pk if user is not None else None
        self.batch_size = batch_size
        self.register = TagRegister(matcher)

    # --- public -----------------------------------------------------------------------------

    def load(self, items: Iterable, report: LoadReport | None = None, progress=None) -> LoadReport:
        """Store every record of `items` (ArticleRecord or ParseError) and count the outcomes.

        `progress`, if given, is called with the number of items each finished batch handled.
        """
        report = report or LoadReport()
        batch: list[ArticleRecord] = []
        for item in items:
            if isinstance(item, ParseError):
                report.fail(item.origin, item.reason)
                if progress:
                    progress(1)
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._load_batch(batch, report, progress)
                batch = []
        if batch:
            self._load_batch(batch, report, progress)
        return report

    def save(self, record: ArticleRecord) -> tuple[Article, str]:
        """Store one record; (article, "created" | "updated" | "unchanged").

        Raises ParseError with a readable reason when it cannot be stored; nothing is kept then.
        """
        row = self._prepare(record)
        refused = []
        rows = self._tag([row], refused)
        for _, reason in refused:
            raise ParseError(record.origin, reason)
        with transaction.atomic():
            self._write(rows)
        return Article.objects.get(pk=row.article_id), row.outcome

    # --- batches ----------------------------------------------------------------------------

    def _load_batch(self, records: list[ArticleRecord], report: LoadReport, progress):
        rows = []
        for record in records:
            try:
                rows.append(self._prepare(record))
            except ParseError as error:
                report.fail(error.origin or record.origin, error.reason)
        refused = []
        rows = self._tag(rows, refused)
        for row, reason in refused:
            report.fail(row.record.origin, reason)
        # The same article twice in one batch: the later copy goes into the next write, so it
        # updates the first rather than racing it.
        while rows:
            seen, now, later = set(), [], []
            for row in rows:
                (later if row.key in seen else now).append(row)
                seen.add(row.key)
            self._write_isolated(now, report)
            rows = later
        if progress:
            progress(len(records))

    def _tag(self, rows: list[Row], refused: list) -> list[Row]:
        """Give each row its outlet and tag ids; the rows that have them.

        New outlets, pairs and agreements are created here, in a short transaction of their
        own, so the register lock is never held while a batch of articles is written (two
        workers would take turns instead of working together). A row whose tags cannot be
        had goes into `refused` with the reason, having created nothing.
        """
        for attempt in range(RETRIES):
            tagged, failed = [], []
            try:
                with transaction.atomic():
                    for row in rows:
                        try:
                            row.values["outlet_id"], row.links = self.register.tags_for(row.record)
                        except ParseError as error:
                            failed.append((row, error.reason))
                        else:
                            tagged.append(row)
            except OperationalError:  # a deadlock with another import: again
                self.register.forget()
                if attempt < RETRIES - 1:
                    continue
            except DatabaseError:
                self.register.forget()
            else:
                refused.extend(failed)
                return tagged
            break
        if len(rows) == 1:
            refused.append((rows[0], "could not be stored: its outlet or agreements were refused"))
            return []
        return [row for one in rows for row in self._tag([one], refused)]

    def _write_isolated(self, rows: list[Row], report: LoadReport):
        """Write rows in one transaction; if that fails, each on its own, so only the bad
        record is lost."""
        for attempt in range(RETRIES):
            try:
                with transaction.atomic():
                    self._write(rows)
            except OperationalError:  # a deadlock with another import: try the batch again
                if attempt < RETRIES - 1:
                    continue
            except (DatabaseError, ValueError):
                pass
            else:
                for row in rows:
                    report.add(row.outcome)
                return
            break
        for row in rows:
            try:
                with transaction.atomic():
                    self._write([row])
            except ParseError as error:
                report.fail(error.origin or row.record.origin, error.reason)
            except (DatabaseError, ValueError) as error:
                reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
                report.fail(row.record.origin, f"could not be stored: {reason}")
            else:
                report.add(row.outcome)

    # --- preparing one record -----------------------------------------------------------------

    def _prepare(self, record: ArticleRecord) -> Row:
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
            "url_key": record.url_key or (None if not record.source_url else _key(record)),
            "outlet_id": None,
            "content_hash": content_hash(title, record.body),
        }
        return Row(record, values, {})

    # --- writing ------------------------------------------------------------------------------

    def _write(self, rows: list[Row]):
        """Write tagged `rows` in the current transaction, setting each one's article_id and
        outcome."""
        for row in rows:
            row.outcome = ""
        existing = _existing(rows)
        new = []
        for row in rows:
            found = existing.get(row.key)
            if found is None:
                new.append(row)
            else:
                self._update(row, found)
        leftovers = self._insert(new)
        for row in leftovers:  # lost a race or a slug: look again, then insert alone
            self._insert_alone(row)
        self._link_new([row for row in rows if row.outcome == "created"])

    def _insert(self, rows: list[Row]) -> list[Row]:
        """INSERT the new rows in one statement; the rows the database refused are returned."""
        if not rows:
            return []
        _assign_slugs(rows)
        columns = ", ".join(COLUMNS)
        casts = ", ".join(f"%s::{_SQL_TYPES[c]}[]" for c in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO archive_article ({columns}, created_at, updated_at, created_by_id) "  # noqa: S608 -- our own names
                f"SELECT *, now(), now(), %s FROM unnest({casts}) "
                "ON CONFLICT DO NOTHING RETURNING id, published_on, slug",
                [self.user_id, *([row.values[c] for row in rows] for c in COLUMNS)],
            )
            inserted = {(day, slug): pk for pk, day, slug in cursor.fetchall()}
        leftovers = []
        for row in rows:
            pk = inserted.get((row.values["published_on"], row.values["slug"]))
            if pk is None:
                leftovers.append(row)
            else:
                row.article_id, row.outcome = pk, "created"
        return leftovers

    def _insert_alone(self, row: Row):
        for _ in range(5):
            found = _existing([row]).get(row.key)
            if found is not None:
                self._update(row, found)
                return
            if not self._insert([row]):
                return
        raise ParseError(row.record.origin, "could not find a free address (slug) for the article")

    def _update(self, row: Row, found: dict):
        """Bring an existing article in line with the record, writing only what differs."""
        values = dict(row.values)
        if not values["source_url"]:
            # A record without a URL does not take away one the archive already knows.
            values["source_url"], values["url_key"] = found["source_url"], found["url_key"]
        changed = [c for c in COMPARED if found[c] != values[c]]
        if values["content_hash"] != found["content_hash"]:
            changed.append("content_hash")
        row.article_id = found["id"]
        links_changed = self._relink(row)
        if not changed and not links_changed:
            row.outcome = "unchanged"
            return
        assignments = ", ".join(f"{c} = %s" for c in changed)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE archive_article SET {assignments}{', ' if changed else ''}"  # noqa: S608 -- our own names
                "updated_at = now() WHERE id = %s",
                [*(values[c] for c in changed), row.article_id],
            )
        row.outcome = "updated"

    def _relink(self, row: Row) -> bool:
        """Make an existing article's tags the record's; True when any changed."""
        changed = False
        with connection.cursor() as cursor:
            for name, (table, column) in LINKS.items():
                wanted = row.links[name]
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE article_id = %s",  # noqa: S608 -- our own names
                    [row.article_id],
                )
                present = {value for (value,) in cursor.fetchall()}
                if present == wanted:
                    continue
                changed = True
                if present - wanted:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE article_id = %s AND {column} = ANY(%s)",  # noqa: S608 -- our own names
                        [row.article_id, list(present - wanted)],
                    )
                _insert_links(
                    cursor, table, column, [(row.article_id, v) for v in wanted - present]
                )
        return changed

    def _link_new(self, rows: list[Row]):
        if not rows:
            return
        with connection.cursor() as cursor:
            for name, (table, column) in LINKS.items():
                pairs = [(row.article_id, value) for row in rows for value in row.links[name]]
                _insert_links(cursor, table, column, pairs)


_SQL_TYPES = {
    "published_on": "date",
    "date_needs_review": "boolean",
    "outlet_id": "bigint",
}
_SQL_TYPES = {c: _SQL_TYPES.get(c, "text") for c in COLUMNS}


def _key(record: ArticleRecord) -> str | None:
    from archive.ingest.urls import url_key

    try:
        return url_key(record.source_url)
    except ValueError as error:
        raise ParseError(record.origin, str(error)) from None


def _insert_links(cursor, table: str, column: str, pairs: list[tuple[int, int]]):
    if not pairs:
        return
    cursor.execute(
        f"INSERT INTO {table} (article_id, {column}) "  # noqa: S608 -- our own names
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    )


def _existing(rows: list[Row]) -> dict:
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


def _assign_slugs(rows: list[Row]):
    """A slug for each new row, free on its day both in the archive and in this batch."""
    bases = [slugify_translit(row.values["title"], max_length=90) or "article" for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.published_on, a.slug FROM archive_article a "
            "JOIN unnest(%s::date[], %s::text[]) AS c(day, base) "
            "ON a.published_on = c.day AND (a.slug = c.base OR a.slug LIKE c.base || '-%%')",
            [[row.values["published_on"] for row in rows], bases],
        )
        taken = set(cursor.fetchall())
    for row, base in zip(rows, bases, strict=True):
        day, slug, n = row.values["published_on"], base, 2
        while (day, slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add((day, slug))
        row.values["slug"] = slug


def find_existing(record: ArticleRecord) -> Article | None:
    """The stored article a record would update, if any (the paste page warns of it)."""
    try:
        row = Loader()._prepare(record)
    except ParseError:
        return None
    match = _existing([row]).get(row.key)
    return Article.objects.filter(pk=match["id"]).first() if match else None


def find_agreement(proposal) -> Agreement | None:
    """The register's agreement a proposal names, if any (the paste page shows it)."""
    register = TagRegister()
    register.refresh()
    entry = register.agreements.find(proposal)
    return Agreement.objects.filter(pk=entry.id).first() if entry else None


def save_record(record: ArticleRecord, *, user=None) -> tuple[Article, str]:
    """Store one record (the editors' paste page); see Loader.save."""
    return Loader(user=user).save(record)


def load_records(records, *, user=None, progress=None) -> LoadReport:
    """Store every record (ArticleRecord or ParseError) in batches; see Loader.load."""
    return Loader(user=user).load(records, progress=progress)
