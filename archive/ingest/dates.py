"""An article's publication date, read once per article from its record, URL, dateline or text.

`read_date` is what the parsers call. A date given with the record is used as it is, and
flagged only when the text contradicts it. Without one, a full date in the URL comes first:
the site's software wrote it when it published the page. Then the dateline, then the text: a
date a paragraph opens with, else the first full date of the first paragraphs that can be the
day of the news (not in the future, not a deadline «до …», a start «с …» or a document's date
«от …»). When the URL and the dateline disagree the URL wins, flagged: a dateline is typed by
hand, and a story taken from an agency keeps the agency's day. Every date not given is
flagged, its notes saying where it came from, for the editors' review queue; the importer
never invents a date.

A day and month without a year («МИНСК, 4 ноя – Sputnik») take the URL's year, else the year
the user gave for the run, else the year that puts them nearest the run's recent dates, else
the most recent such day: the last two are guesses, and say so.

The text's dates are read by archive.ingest.textdates, URLs by archive.ingest.urldates; the
names earlier callers import from here are re-exported.
"""

import bisect
import calendar
import datetime
from collections import deque
from dataclasses import dataclass, field

from archive.ingest.textdates import (
    MONTHS,
    Dateline,
    PartialDate,
    closest_year,
    find_dates,
    find_signing_dates,
    most_recent_past,
    parse_date_at_start,
    parse_dateline,
    parse_iso_date,
)
from archive.ingest.urldates import UrlDate, read_url_date, url_host

__all__ = [
    "MONTHS", "NOTES", "DateContext", "DateReading", "Dateline", "PartialDate", "closest_year",
    "find_dates", "most_recent_past", "parse_date_at_start", "parse_dateline",
    "parse_iso_date", "read_date",
]  # fmt: skip

# Why an editor should look at a date: short, fixed English, translated where shown.
NOTE_FROM_URL = "date read from the URL"
NOTE_FROM_DATELINE = "date read from the dateline"
NOTE_FROM_TEXT = "date read from the start of a paragraph"
NOTE_FIRST_IN_TEXT = "date is the first one the text mentions"
NOTE_YEAR_FROM_URL = "year taken from the URL"
NOTE_YEAR_FROM_RUN = "year taken from the year given for the import"
NOTE_YEAR_NEARBY = "year guessed from nearby articles"
NOTE_YEAR_RECENT = "year guessed: the most recent such day"
NOTE_URL_ORDER = "day and month in the URL could be either way round"
NOTE_URL_DIFFERS = "the URL gives another month"
NOTE_DATELINE_DIFFERS = "the dateline gives another date"
NOTE_SIGNED_LATER = "the text reports a signing after this date"
NOTE_IMPOSSIBLE = "the day and month do not exist in that year"
NOTE_NO_DATE = "no publication date found"
NOTES = (
    NOTE_FROM_URL, NOTE_FROM_DATELINE, NOTE_FROM_TEXT, NOTE_FIRST_IN_TEXT, NOTE_YEAR_FROM_URL,
    NOTE_YEAR_FROM_RUN, NOTE_YEAR_NEARBY, NOTE_YEAR_RECENT, NOTE_URL_ORDER, NOTE_URL_DIFFERS,
    NOTE_DATELINE_DIFFERS, NOTE_SIGNED_LATER, NOTE_IMPOSSIBLE, NOTE_NO_DATE,
)  # fmt: skip

# An article's own date is in its first lines; later paragraphs mention other days.
DATELINE_PARAGRAPHS = 5  # a lead and page furniture may come before the dateline
TEXT_PARAGRAPHS = 3
SIGNING_PARAGRAPHS = 3
# A date after one of these words is a limit, a start or a document's date, not the news's day.
NOT_THE_DAY = {
    "до", "по", "с", "со", "от", "к", "since", "until", "till", "by", "through", "from",
    "before", "of",
}  # fmt: skip
RECENT_DATES = 300  # the run's dates a guessed year is taken from
TOLERANCE = 1  # days: time zones put one moment on two dates


class DateContext:
    """What one import run knows about dates: the year the user gave, today, the run's recent
    dates (a bounded window) and each site's order of day and month in its URLs."""

    def __init__(self, year: int | None = None, today: datetime.date | None = None):
        self.year = year
        self.today = today or datetime.date.today()
        self._recent = deque()  # in the order read, to forget the oldest
        self._sorted = []  # the same dates in order, to find the nearest
        self._orders = {}  # host -> day-first URLs seen minus month-first ones

    def remember(self, date: datetime.date):
        """Add a date read with confidence to the window, forgetting the oldest."""
        if len(self._recent) == RECENT_DATES:
            oldest = self._recent.popleft()
            del self._sorted[bisect.bisect_left(self._sorted, oldest)]
        self._recent.append(date)
        bisect.insort(self._sorted, date)

    def nearest(self, partial: PartialDate) -> datetime.date | None:
        """The completion of `partial` nearest one of the recent dates, never in the future."""
        if not self._sorted:
            return None
        latest = self.today + datetime.timedelta(days=TOLERANCE)
        best = None
        for year in range(self._sorted[0].year - 1, self._sorted[-1].year + 2):
            try:
                candidate = partial.complete(year)
            except ValueError:  # 29 February
                continue
            if candidate > latest:
                continue
            at = bisect.bisect_left(self._sorted, candidate)
            distance = min(
                abs((self._sorted[i] - candidate).days)
                for i in (at - 1, at)
                if 0 <= i < len(self._sorted)
            )
            if best is None or distance < best[0]:
                best = (distance, candidate)
        return best[1] if best else None

    def site_order(self, host: str) -> bool | None:
        """True when the site's URLs put the day first, False the month, None if unknown."""
        balance = self._orders.get(host, 0)
        return None if balance == 0 else balance > 0

    def learn_order(self, host: str, day_first: bool):
        """Count one URL that showed the site's order of day and month."""
        if host:
            self._orders[host] = self._orders.get(host, 0) + (1 if day_first else -1)


@dataclass
class DateReading:
    """An article's date, where it came from, and why an editor should look (empty: no need)."""

    date: datetime.date | None
    origin: str  # an Article.DateOrigin value; "" when there is no date
    notes: list[str] = field(default_factory=list)


def read_date(
    *,
    given: datetime.date | None,
    url: str | None,
    paragraphs: list[str],
    context: DateContext,
) -> DateReading:
    """The article's date from the record (`given`), its URL, its dateline or its text.

    `paragraphs` are the lines after the title, lead first, datelines included. The context
    learns from each reading: its window of dates and the site's URL habits.
    """
    host = url_host(url) if url else ""
    url_date = read_url_date(url, context.today, context.site_order(host)) if url else None
    dateline = next((d for p in paragraphs[:DATELINE_PARAGRAPHS] if (d := parse_dateline(p))), None)
    guessed = False
    if given:
        reading = DateReading(given, "given")
        if dateline and _apart(dateline.date, given):
            reading.notes.append(NOTE_DATELINE_DIFFERS)
        if url_date and url_date.swapped:
            _learn_from(url_date, given, host, context)
    elif url_date and url_date.day:
        reading = _from_url(url_date, dateline, paragraphs, host, context)
    else:
        reading, guessed = _from_text(url_date, dateline, paragraphs, context)
    if reading.date is None:
        return reading
    if url_date and url_date.day_first is not None:
        context.learn_order(host, url_date.day_first)
    if not guessed:
        context.remember(reading.date)
    if _signed_later(paragraphs, reading.date):
        reading.notes.append(NOTE_SIGNED_LATER)
    return reading


def _apart(partial: PartialDate, date: datetime.date) -> bool:
    """Does the text's day and month fall more than a day from `date`?"""
    other = partial.nearest(date)
    return other is None or abs((other - date).days) > TOLERANCE


def _learn_from(url_date: UrlDate, date: datetime.date, host: str, context: DateContext):
    """An ambiguous URL next to a known date shows the site's order of day and month."""
    if date == url_date.date:
        context.learn_order(host, True)
    elif date == url_date.swapped:
        context.learn_order(host, False)


def _opening_date(paragraphs: list[str]) -> PartialDate | None:
    return next((d for p in paragraphs[:TEXT_PARAGRAPHS] if (d := parse_date_at_start(p))), None)


def _first_full_date(paragraphs: list[str], latest: datetime.date) -> PartialDate | None:
    """The first date with a year in the first paragraphs that can be the day of the news:
    not in the future, not a limit, a start or a document's date («до 31 декабря 2025 г.»,
    «договор от 16 июля 2001 года», "since 1 January 2024")."""
    for paragraph in paragraphs[:TEXT_PARAGRAPHS]:
        for start, date in find_dates(paragraph):
            if not date.year or date.as_date() > latest:
                continue
            before = paragraph[max(0, start - 12) : start].split()
            if not before or before[-1].lower() not in NOT_THE_DAY:
                return date
    return None


def _from_url(url_date, dateline, paragraphs, host, context) -> DateReading:
    reading = DateReading(url_date.date, "url", [NOTE_FROM_URL])
    if url_date.swapped:
        text = dateline.date if dateline else _opening_date(paragraphs)
        day_first = text is not None and not _apart(text, url_date.date)
        month_first = text is not None and not _apart(text, url_date.swapped)
        if day_first != month_first:  # the text tells which
            reading.date = url_date.date if day_first else url_date.swapped
            context.learn_order(host, day_first)
        else:
            reading.notes.append(NOTE_URL_ORDER)
    if dateline and _apart(dateline.date, reading.date):
        reading.notes.append(NOTE_DATELINE_DIFFERS)
    return reading


def _from_text(url_date, dateline, paragraphs, context) -> tuple[DateReading, bool]:
    """A date from the dateline or the text, its year completed if need be; and whether the
    year is a guess."""
    latest = context.today + datetime.timedelta(days=TOLERANCE)
    if dateline:
        partial, origin, note = dateline.date, "dateline", NOTE_FROM_DATELINE
    elif partial := _opening_date(paragraphs):
        origin, note = "text", NOTE_FROM_TEXT
    else:
        partial = _first_full_date(paragraphs, latest)
        origin, note = "text", NOTE_FIRST_IN_TEXT
    if partial is None:
        return DateReading(None, "", [NOTE_NO_DATE]), False
    reading = DateReading(None, origin, [note])
    guessed = False
    try:
        if partial.year:
            reading.date = partial.as_date()
        elif url_date and url_date.month:
            reading.date = partial.nearest(datetime.date(url_date.year, url_date.month, 15))
            reading.notes.append(NOTE_YEAR_FROM_URL)
        elif url_date:
            reading.date = partial.complete(url_date.year)
            reading.notes.append(NOTE_YEAR_FROM_URL)
        elif context.year:
            reading.date = partial.complete(context.year)
            reading.notes.append(NOTE_YEAR_FROM_RUN)
        elif nearby := context.nearest(partial):
            reading.date, guessed = nearby, True
            reading.notes.append(NOTE_YEAR_NEARBY)
        else:
            reading.date, guessed = most_recent_past(partial, context.today), True
            reading.notes.append(NOTE_YEAR_RECENT)
    except ValueError:  # 29 February of a common year
        return DateReading(None, "", [NOTE_IMPOSSIBLE]), False
    if reading.date is None:
        return DateReading(None, "", [NOTE_IMPOSSIBLE]), False
    if url_date and _outside(reading.date, url_date):
        reading.notes.append(NOTE_URL_DIFFERS)
    return reading, guessed


def _outside(date: datetime.date, url_date: UrlDate) -> bool:
    """Is `date` more than a day outside the month (or year) the URL gives?"""
    if url_date.month is None:
        first, last = datetime.date(url_date.year, 1, 1), datetime.date(url_date.year, 12, 31)
    else:
        days = calendar.monthrange(url_date.year, url_date.month)[1]
        first = datetime.date(url_date.year, url_date.month, 1)
        last = datetime.date(url_date.year, url_date.month, days)
    slack = datetime.timedelta(days=TOLERANCE)
    return not first - slack <= date <= last + slack


def _signed_later(paragraphs: list[str], date: datetime.date) -> bool:
    """Does a sentence of the first paragraphs report a signing after `date`?"""
    for partial in find_signing_dates("\n".join(paragraphs[:SIGNING_PARAGRAPHS])):
        signed = partial.nearest(date)
        if signed and (signed - date).days > TOLERANCE:
            return True
    return False
