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

Last in a batch's transaction, the events its articles report (several documents signed at
one occasion) are attached or proposed (archive.ingest.event_rows).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, OperationalError, connection, transaction

from archive.ingest.article_rows import (
    ARRAYS,
    COLUMNS,
    COMPARED,
    LINKS,
    SQL_TYPES,
    Row,
    assign_slugs,
    column_values,
    existing_articles,
    insert_links,
    prepare_row,
    relink,
    set_links,
    unnest_type,
)
from archive.ingest.event_rows import EventWriter
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.register import TagRegister
from archive.models import Article
from archive.stories.importing import group_written

BATCH_SIZE = 500
# Two imports inserting the same articles can deadlock; the loser's batch is simply retried.
RETRIES = 3

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


class Loader:
    """Writes records for one import run (or one editor's save), keeping the register warm."""

    def __init__(self, *, user=None, batch_size: int = BATCH_SIZE, matcher=None):
        self.user_id = user.pk if user is not None else None
        self.batch_size = batch_size
        self.register = TagRegister(matcher)
        self.events = EventWriter(self.register)

    # --- public -----------------------------------------------------------------------------

    def load(self, items: Iterable, report: LoadReport | None = None, progress=None) -> LoadReport:
        """Store every record of `items` (ArticleRecord or ParseError) and count the outcomes.

        `progress`, if given, is called with the number of items each finished batch handled.
        """
        report = report or LoadReport()
        batch: list[ArticleRecord] = []
        for item in items:
            if item is None:  # a full export's register record, stored before the articles
                if progress:
                    progress(1)
                continue
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
        row = prepare_row(record)
        refused = []
        rows = self._tag([row], refused)
        for _, reason in refused:
            raise ParseError(record.origin, reason)
        with transaction.atomic():
            self._write(rows)
        group_written(rows)
        return Article.objects.get(pk=row.article_id), row.outcome

    # --- batches ----------------------------------------------------------------------------

    def _load_batch(self, records: list[ArticleRecord], report: LoadReport, progress):
        rows = []
        for record in records:
            try:
                rows.append(prepare_row(record))
            except ParseError as error:
                report.fail(error.origin or record.origin, error.reason)
        refused = []
        rows = self._tag(rows, refused)
        for row, reason in refused:
            report.fail(row.record.origin, reason)
        # The same article twice in one batch: the later copy goes into the next write, so it
        # updates the first rather than racing it.
        written = []
        while rows:
            seen, now, later = set(), [], []
            for row in rows:
                (later if row.key in seen else now).append(row)
                seen.add(row.key)
            self._write_isolated(now, report)
            written.extend(now)
            rows = later
        group_written(written)
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
                            row.values["outlet_id"], links = self.register.tags_for(row.record)
                        except ParseError as error:
                            failed.append((row, error.reason))
                        else:
                            set_links(row, links)
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

    # --- writing ------------------------------------------------------------------------------

    def _write(self, rows: list[Row]):
        """Write tagged `rows` in the current transaction, setting each one's article_id and
        outcome."""
        for row in rows:
            row.outcome = ""
        existing = existing_articles(rows)
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
        self.events.write(rows)

    def _insert(self, rows: list[Row]) -> list[Row]:
        """INSERT the new rows in one statement; the rows the database refused are returned."""
        if not rows:
            return []
        assign_slugs(rows)
        columns = ", ".join(COLUMNS)
        given = ", ".join(f"c.{c}::{SQL_TYPES[c]}" for c in COLUMNS)
        casts = ", ".join(f"%s::{unnest_type(c)}" for c in COLUMNS)
        # A full export's id and timestamps are kept (the id when free: see _insert_alone).
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO archive_article (id, {columns}, created_at, updated_at, created_by_id) "  # noqa: S608 -- our own names
                "SELECT coalesce(c.id, nextval(pg_get_serial_sequence('archive_article', 'id'))), "
                f"{given}, coalesce(c.created, now()), coalesce(c.updated, now()), %s "
                f"FROM unnest(%s::bigint[], {casts}, %s::timestamptz[], %s::timestamptz[]) "
                f"AS c(id, {columns}, created, updated) "
                "ON CONFLICT DO NOTHING RETURNING id, published_on, slug",
                [
                    self.user_id,
                    [row.record.id for row in rows],
                    *(column_values(rows, c) for c in COLUMNS),
                    [row.record.created_at for row in rows],
                    [row.record.updated_at for row in rows],
                ],
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
        for attempt in range(5):
            if attempt:
                row.record.id = None  # another article has that id here: take a new one
            found = existing_articles([row]).get(row.key)
            if found is not None:
                self._update(row, found)
                return
            if not self._insert([row]):
                return
        raise ParseError(row.record.origin, "could not find a free address (slug) for the article")

    def _update(self, row: Row, found: dict):
        """Bring an existing article in line with the record, writing only what differs.

        The row's tag arrays are written with its other columns before its links change, so
        the link tables' triggers find the row already right and make no second version of it.
        """
        values = dict(row.values)
        if not values["source_url"]:
            # A record without a URL does not take away one the archive already knows.
            values["source_url"], values["url_key"] = found["source_url"], found["url_key"]
        changed = [c for c in COMPARED if found[c] != values[c]]
        if values["content_hash"] != found["content_hash"]:
            changed.append("content_hash")
        changed += _provenance_changes(row.record, values, found)
        row.article_id = found["id"]
        if not changed:
            row.outcome = "unchanged"
            return
        assignments = ", ".join(f"{c} = %s::{SQL_TYPES[c]}" for c in changed)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE archive_article SET {assignments}, updated_at = now() WHERE id = %s",  # noqa: S608 -- our own names
                [*(values[c] for c in changed), row.article_id],
            )
            self._relink(cursor, row, found)
        row.outcome = "updated"

    def _relink(self, cursor, row: Row, found: dict):
        """Make an existing article's links the record's; the stored arrays say what they were.

        A tag's removals and additions are one statement, so its trigger sees only the final
        links, which the row already holds: two statements would rewrite the row in between.
        """
        for name, (table, column) in LINKS.items():
            present, wanted = set(found[ARRAYS[name]]), row.links[name]
            if present != wanted:
                relink(cursor, table, column, row.article_id, present - wanted, wanted - present)

    def _link_new(self, rows: list[Row]):
        if not rows:
            return
        with connection.cursor() as cursor:
            for name, (table, column) in LINKS.items():
                pairs = [(row.article_id, value) for row in rows for value in row.links[name]]
                insert_links(cursor, table, column, pairs)


def _provenance_changes(record: ArticleRecord, values: dict, found: dict) -> list[str]:
    """The provenance columns to write: a text captured anew (other words, or a capture time
    the record gives), and an archived copy the record names. A record without an archived
    copy keeps the one the archive knows."""
    changed = []
    recaptured = values["captured_hash"] != found["captured_hash"]
    if recaptured or (record.captured_at and record.captured_at != found["captured_at"]):
        changed += ["captured_at", "captured_hash"]
    if values["archived_copy_url"] and values["archived_copy_url"] != found["archived_copy_url"]:
        changed.append("archived_copy_url")
    return changed


def find_existing(record: ArticleRecord) -> Article | None:
    """The stored article a record would update, if any (the paste page warns of it)."""
    try:
        row = prepare_row(record)
    except ParseError:
        return None
    match = existing_articles([row]).get(row.key)
    return Article.objects.filter(pk=match["id"]).first() if match else None


def save_record(record: ArticleRecord, *, user=None) -> tuple[Article, str]:
    """Store one record (the editors' paste page); see Loader.save."""
    return Loader(user=user).save(record)


def load_records(records, *, user=None, progress=None) -> LoadReport:
    """Store every record (ArticleRecord or ParseError) in batches; see Loader.load."""
    return Loader(user=user).load(records, progress=progress)
