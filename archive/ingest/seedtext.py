"""The seed text format: a ` date YYYY-MM-DD …` first line, or a Markdown article.

The first line may carry, after the date, the title (or the first sentences), an outlet's
domain and an image srcset list: image URLs are never the article's address. Files without a
date line open with a Markdown heading or a title line and give their date in the text, as
«31 июля 2025 г.» or as a dateline «МИНСК, 4 ноя – Sputnik.». A closing
`**Source URL:** <https://…>` gives the address. Page furniture (subscription calls, teasers
to other stories ending in ">>>") is dropped: it is neither article text nor its subject.
"""

import datetime
import re

from archive.ingest.countries import CountryMatcher
from archive.ingest.dates import (
    PartialDate,
    most_recent_past,
    parse_date_at_start,
    parse_dateline,
    parse_iso_date,
)
from archive.ingest.detect import analyse
from archive.ingest.records import ArticleRecord, ParseError
from archive.ingest.urls import clean_source_url, url_key

DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*(.*)$", re.IGNORECASE)
SOURCE_URL = re.compile(
    r"^[*_\s]*(?:source\s+url|source|url|источник)[*_\s]*:[*_\s]*<?(https?://[^\s>]+)>?\s*$",
    re.IGNORECASE,
)
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$")
FURNITURE = [
    re.compile(r"^подписывайтесь\b", re.IGNORECASE),
    re.compile(r"^подпишитесь\b", re.IGNORECASE),
    re.compile(r"\bищите\s+в\s+нашем\s+telegram", re.IGNORECASE),
    re.compile(r"\bследите\s+за\s+нами\b", re.IGNORECASE),
    re.compile(r"^читайте\s+(?:также|нас)\b", re.IGNORECASE),
    re.compile(r"^(?:subscribe\s+to|follow\s+us\s+on)\b", re.IGNORECASE),
    re.compile(r">>>\s*$"),  # a one-line teaser to another story
]
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[»\"]?\s+(?=[«\"]?[A-ZА-ЯЁ])")
MAX_TITLE = 500


def strip_markdown(line: str) -> str:
    """Markdown emphasis, links and heading marks off a line; the words stay."""
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"!?\[([^\]]*)\]\((?:[^)]*)\)", r"\1", line)
    line = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", line)
    line = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", line)
    return line.strip()


def is_furniture(paragraph: str) -> bool:
    """Subscription calls and teasers to other stories: page furniture, not article text."""
    return len(paragraph) < 300 and any(p.search(paragraph) for p in FURNITURE)


def _split_header(rest: str) -> tuple[str, str | None]:
    """The date line after the date: drop the srcset, take an outlet's domain standing before it."""
    rest = re.split(r"\s+(?=https?://)", " " + rest, maxsplit=1)[0].strip()
    words = rest.split()
    source = None
    if len(words) > 1 and DOMAIN.match(words[-1]):
        source = words[-1]
        rest = " ".join(words[:-1])
    rest = re.sub(r"^[-–—]\s+", "", rest)
    return strip_markdown(rest), source


def _title_and_lead(header: str) -> tuple[str, str]:
    """A headline stays whole; several full sentences give their first as the title."""
    sentences = SENTENCE_SPLIT.split(header)
    if len(sentences) > 1 and re.search(r"[.!?…][»\"]?$", header):
        return sentences[0].rstrip(".").strip(), header
    return header, ""


def parse_seed_text(
    text: str,
    origin: str = "",
    year: int | None = None,
    *,
    matcher: CountryMatcher | None = None,
    today: datetime.date | None = None,
) -> ArticleRecord:
    """Parse one article in the seed text format, proposing language, countries, pairs, agreements.

    A day and month without a year is completed from `year`; without it the date is a guess
    (the most recent such day) flagged for review. Raises ParseError when the text has no
    title, no article text or no publication date.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ParseError(origin, "empty file")

    record = ArticleRecord(title="", origin=origin)
    first = lines.pop(0)
    date_line = DATE_LINE.match(first)
    if date_line:
        try:
            record.date = parse_iso_date(date_line.group(1))
        except ValueError as error:
            raise ParseError(origin, str(error)) from None
        header, record.source = _split_header(date_line.group(2))
        record.title, record.lead = _title_and_lead(header)
    else:
        record.title = strip_markdown(first)

    paragraphs = []
    for line in lines:
        if not line.strip() or RULE.match(line):
            continue
        if url := SOURCE_URL.match(line):
            try:
                record.source_url = clean_source_url(url.group(1))
                record.url_key = url_key(record.source_url)
            except ValueError as error:
                raise ParseError(origin, str(error)) from None
            continue
        paragraph = strip_markdown(line)
        if paragraph and not is_furniture(paragraph):
            paragraphs.append(paragraph)

    if not record.title:
        if not paragraphs:
            raise ParseError(origin, "no title found")
        record.title = paragraphs.pop(0)
    if len(record.title) > MAX_TITLE:
        raise ParseError(origin, f"title longer than {MAX_TITLE} characters")
    if not paragraphs:
        raise ParseError(origin, "no article text found")
    record.body = "\n\n".join(paragraphs)

    # The dateline's city is where the outlet sits, not what the article is about.
    subject = [record.title, record.lead] if record.lead else [record.title]
    partial = None
    for index, paragraph in enumerate(paragraphs):
        dateline = parse_dateline(paragraph) if index < 5 else None
        if dateline:
            partial = partial or dateline.date
            record.source = record.source or dateline.outlet or None
            subject.append(paragraph[dateline.end :])
        else:
            subject.append(paragraph)
    if record.date is None:
        partial = partial or next(
            (d for p in paragraphs[:3] if (d := parse_date_at_start(p))), None
        )
        _set_date(record, partial, year, today)

    proposal = analyse([s for s in subject if s], matcher)
    record.language = proposal.language
    record.countries = sorted(proposal.countries)
    record.pairs = proposal.pairs
    record.agreements = proposal.agreements
    return record


def _set_date(record: ArticleRecord, partial: PartialDate | None, year, today):
    if partial is None:
        raise ParseError(record.origin, "no publication date found")
    try:
        if partial.year:
            record.date = partial.as_date()
        elif year:
            record.date = partial.complete(year)
        else:
            record.date = most_recent_past(partial, today)
            record.date_needs_review = True
            record.year_guessed = True
    except ValueError:
        raise ParseError(record.origin, f"impossible date {partial.day}.{partial.month}") from None
