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
    kind: str | None = None
    signed_date: datetime.date | None = None
    parties: list[str] = field(default_factory=list)  # ISO alpha-2 codes, upper case
    organisations: list[str] = field(default_factory=list)  # signatory ministries etc.
    name_en: str = ""
    name_ru: str = ""
    status: str | None = None  # an Agreement.Status value; new agreements default to "proposed"


@dataclass
class ArticleRecord:
    """One article as read from a file, before it touches the database."""

    title: str
    lead: str = ""
    body: str = ""  # paragraphs separated by one blank line
    date: datetime.date | None = None
    date_needs_review: bool = False
    language: str | None = None
    source_url: str | None = None
    source: str | None = None  # outlet name
    countries: list[str] = field(default_factory=list)  # ISO codes, upper case
    pairs: list[str] = field(default_factory=list)  # canonical codes such as "BY-CN"
    agreements: list[AgreementRecord] = field(default_factory=list)
    origin: str = ""  # "file.txt" or "file.jsonl:3", for messages
    # The text gave a day and month only and the year is a guess that a later look at the
    # whole import run may improve (see archive.ingest.dates.closest_year).
    year_guessed: bool = False


class ParseError(Exception):
    """A record that cannot be imported; `origin` says where, `reason` says why."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}" if origin else reason)
        self.origin = origin
        self.reason = reason
