"""Plain records passed from the parsers to the loader: no ORM, no database.

Parsers (seed text, JSON Lines) produce these; the loader turns them into rows. Keeping them
plain lets the parsers be tested without a database and lets the admin preview a paste.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class AgreementRecord:
    """An agreement named in an article: proposed by the importer or given in the input."""

    name: str
    kind: str | None = None  # an Agreement.Kind value
    signed_date: datetime.date | None = None
    signed_place: str = ""  # the city or venue, when the sentence gives it
    parties: list[str] = field(default_factory=list)  # ISO alpha-2 codes, upper case
    # Signatories that are not states: ministries, companies, universities, agencies.
    organisations: list[str] = field(default_factory=list)
    name_en: str = ""
    name_ru: str = ""
    status: str | None = None  # an Agreement.Status value; new agreements default to "proposed"
    # The register entry's own key, from a full export: it names one entry, never by likeness.
    slug: str = ""
    # The text says it was signed or adopted (not merely named): events are made of these.
    signed: bool = False
    # The signing sentences or lists that name it (numbered within the article): documents
    # that share one were signed together.
    signings: tuple[int, ...] = ()


@dataclass
class EventRecord:
    """An occasion at which an article says several documents were signed (a proposal)."""

    kind: str  # an Event.Kind value
    start: datetime.date
    end: datetime.date | None = None
    place: str = ""
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 codes, upper case
    agreements: list[int] = field(default_factory=list)  # indexes into the article's agreements


@dataclass
class ArticleRecord:
    """One article as read from a file, before it touches the database."""

    title: str
    lead: str = ""
    body: str = ""  # paragraphs separated by one blank line
    date: datetime.date | None = None
    date_needs_review: bool = False
    # Where the date came from: an Article.DateOrigin value ("given", "url", "dateline", "text").
    date_origin: str = "given"
    # Why the date (or anything else) needs an editor's look, in words, for the review queue.
    review_notes: list[str] = field(default_factory=list)
    language: str | None = None
    source_url: str | None = None  # exactly as the source gave it
    url_key: str | None = None  # archive.ingest.urls.url_key(source_url): finds it again
    source: str | None = None  # outlet name
    countries: list[str] = field(default_factory=list)  # ISO codes, upper case
    pairs: list[str] = field(default_factory=list)  # canonical codes such as "BY-CN"
    agreements: list[AgreementRecord] = field(default_factory=list)
    event: EventRecord | None = None  # proposed by archive.ingest.events
    origin: str = ""  # "file.txt" or "file.jsonl:3", for messages
    # From a full export: the article's id and address, kept when free, its outlet by slug
    # and its timestamps, so a copy of the archive answers at the same URLs.
    id: int | None = None
    slug: str = ""
    # None: the record does not say; "": a full export's article that has no outlet.
    outlet_slug: str | None = None
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    # Provenance: when the text was captured (the import's own time when not given), and a
    # copy of the source page in a web archive.
    captured_at: datetime.datetime | None = None
    archived_copy_url: str | None = None

    def flag_date(self, note: str):
        """Mark the record's date for an editor's review, saying why."""
        self.date_needs_review = True
        if note not in self.review_notes:
            self.review_notes.append(note)


class ParseError(Exception):
    """A record that cannot be imported; `origin` says where, `reason` says why."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}" if origin else reason)
        self.origin = origin
        self.reason = reason

    def __reduce__(self):  # parsed in worker processes, so it crosses a pipe
        return (ParseError, (self.origin, self.reason))
